"""Walking the ICD-10-PCS index the way a coder does: main term, then sub-terms, then the code.

The index passages are too long for BM25 or MiniLM to rank by their lines
("Resection" alone lists every body part), so the walk reads them line by
line: a main term the question names opens its entry, and each line speaks for
its code as far as the question states that line's sub-terms ("Resection:
Gallbladder 0FT4" for "lap chole", "Catheterization: Heart see Measurement,
Cardiac 4A02" for a right heart cath).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from core.passage import Passage
from core.text import token_set

_CODE = re.compile(r"\b([0-9BCDFGHX][0-9A-HJ-NP-Z]{2,6})\b")
_SEE = re.compile(r"\b(?:see|use)\b.*$")
MIN_LINE_MATCH = 0.5
LINE_FLOOR = 0.5
COVER_FLOOR = 0.5


@dataclass(frozen=True)
class Line:
    conditions: frozenset[str]  # the sub-term words a case must state to take this line
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    passage_id: str
    term: frozenset[str]
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Lead:
    """A code (7 characters) or table (4) the index leads to, how surely, and from which entry."""

    target: str
    weight: float
    passage_id: str


def parse(p: Passage) -> Entry:
    term_text = p.location.removeprefix("Index: ")
    term = token_set(term_text)
    lines = []
    for raw in p.text.splitlines():
        codes = tuple(_CODE.findall(raw.partition(": ")[2]))
        codes = tuple(c for c in codes if len(c) >= 4)
        if not codes:
            continue
        condition_text = _SEE.sub(" ", _CODE.sub(" ", raw))
        lines.append(Line(token_set(condition_text) - term, codes))
    return Entry(p.id, term, tuple(lines))


class PcsIndex:
    def __init__(self, passages: list[Passage], idf: Callable[[str], float]) -> None:
        self.entries = [e for e in (parse(p) for p in passages) if e.term and e.lines]
        self.by_id = {e.passage_id: e for e in self.entries}
        self.idf = idf

    def share(self, words: frozenset[str], tokens: set[str]) -> float:
        """How much of these words (weighted by rarity) the question states; all of nothing is all."""
        total = sum(self.idf(w) for w in words)
        return sum(self.idf(w) for w in words if w in tokens) / total if total else 1.0

    def leads(self, entry: Entry, tokens: set[str], cover: Callable[[frozenset[str]], float],
              weight: float = 1.0, gate: float = MIN_LINE_MATCH) -> list[Lead]:
        """The codes an entry's lines reach, each weighted by how much of the line's sub-terms the
        question states (a line whose sub-terms it mostly leaves out is not taken) and by how much of
        the question the whole path explains ("Lobectomy" may lead to lung or thyroid; the lung line
        also explains "lower")."""
        best: dict[str, float] = {}
        for line in entry.lines:
            share = self.share(line.conditions, tokens)
            if share < gate:
                continue
            score = weight * (LINE_FLOOR + (1 - LINE_FLOOR) * share) * (
                COVER_FLOOR + (1 - COVER_FLOOR) * cover(entry.term | line.conditions))
            for code in line.codes:
                best[code] = max(best.get(code, 0.0), score)
        return [Lead(code, w, entry.passage_id) for code, w in best.items()]

    def walk(self, tokens: set[str], cover: Callable[[frozenset[str]], float]) -> list[Lead]:
        """Every code or table reached from a main term the question names."""
        return [lead for entry in self.entries if entry.term <= tokens for lead in self.leads(entry, tokens, cover)]
