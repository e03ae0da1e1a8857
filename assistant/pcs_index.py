"""Walking the ICD-10-PCS index the way a coder does: main term, then sub-terms, then the code.

The index passages are too long for BM25 or MiniLM to rank by their lines
("Resection" alone lists every body part), so the walk reads them line by
line: a main term the question names opens its entry, and each line speaks for
its code as far as the question states that line's sub-terms ("Resection:
Gallbladder 0FT4" for "lap chole", "Catheterization: Heart see Measurement,
Cardiac 4A02" for a right heart cath). A line that sends the coder on ("Enucleation: Eyeball see
Resection, Eye 08T", "Disarticulation: see Detachment") is followed to the root operation's own lines, which
name the body parts ("Resection, Eye: Right 08T0XZZ"); a body part counts as stated when the question's
words begin with it ("eyeball" states "eye").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from core.passage import Passage
from core.text import token_set

_CODE = re.compile(r"\b([0-9BCDFGHX][0-9A-HJ-NP-Z]{2,6})\b")
_SEE = re.compile(r"\b(?:see|use)\b.*$")
# "see Detachment", "see Repair, Kidney Pelvis" (a term and a body part), "Ligation see Occlusion" (when)
_SEE_TERM = re.compile(r"^(.*?)\bsee ([^,]+)(?:, ([^,]+))?$")
MIN_LINE_MATCH = 0.5
LINE_FLOOR = 0.5
COVER_FLOOR = 0.5
REFER_FLOOR = 0.5  # a followed line leads at this weight when the question states little of its body part
MIN_STEM = 3  # "eye" in "eyeball"
SHARED_STEM = 6  # "acetabul" in "acetabulectomy" and "acetabulum"
SIDES = token_set("left right bilateral")  # left to the scorer: a followed line is taken for its body part


@dataclass(frozen=True)
class Line:
    conditions: frozenset[str]  # the sub-term words a case must state to take this line
    codes: tuple[str, ...]  # codes and tables of 4 characters or more
    tables: tuple[str, ...] = ()  # 3-character tables the line sends the coder to


@dataclass(frozen=True)
class Entry:
    passage_id: str
    term: frozenset[str]
    lines: tuple[Line, ...]
    name: str = ""
    # an entry that only sends the coder on: per reference, the words that take it, the main term's name and
    # the body part it names ("Pyeloplasty, dismembered: see Repair, Kidney Pelvis")
    refers: tuple[tuple[frozenset[str], str, frozenset[str]], ...] = ()


@dataclass(frozen=True)
class Lead:
    """A code (7 characters) or table (4) the index leads to, how surely, and from which entry."""

    target: str
    weight: float
    passage_id: str


def parse(p: Passage) -> Entry:
    term_text = p.location.removeprefix("Index: ")
    term = token_set(term_text)
    lines, refers = [], []
    for raw in p.text.splitlines():
        after = raw.partition(": ")[2]
        found = _CODE.findall(after)
        if not found:
            if see := _SEE_TERM.match(after.strip()):
                refers.append((token_set(see.group(1)) - term, see.group(2).strip().lower(),
                               token_set(see.group(3) or "")))
            continue
        condition_text = _SEE.sub(" ", _CODE.sub(" ", raw))
        lines.append(Line(token_set(condition_text) - term, tuple(c for c in found if len(c) >= 4),
                          tuple(c for c in found if len(c) == 3)))
    return Entry(p.id, term, tuple(lines), term_text.lower(), () if lines else tuple(refers))


def _table_owners(entries: list[Entry]) -> dict[str, Entry]:
    """For each 3-character table, the entry listing most of its codes: the root operation's own
    ("Resection" for 08T), whose lines say which body part each code is."""
    counts: dict[str, dict[str, int]] = {}
    for entry in entries:
        for line in entry.lines:
            for code in line.codes:
                per = counts.setdefault(code[:3], {})
                per[entry.passage_id] = per.get(entry.passage_id, 0) + 1
    by_id = {e.passage_id: e for e in entries}
    return {table: by_id[max(per, key=lambda pid: per[pid])] for table, per in counts.items()}


def stated(word: str, tokens: set[str]) -> bool:
    if word in tokens:
        return True
    if len(word) < MIN_STEM:
        return False
    return any(t.startswith(word) or (len(word) >= SHARED_STEM and t[:SHARED_STEM] == word[:SHARED_STEM])
               for t in tokens)


class PcsIndex:
    def __init__(self, passages: list[Passage], idf: Callable[[str], float]) -> None:
        self.entries = [e for e in (parse(p) for p in passages) if e.term and (e.lines or e.refers)]
        self.by_id = {e.passage_id: e for e in self.entries}
        self.owners = _table_owners(self.entries)
        self.by_name = {e.name: e for e in self.entries if e.lines}
        self.idf = idf
        self._followed: dict[str, list[tuple[Line, frozenset[str]]]] = {}

    def share(self, words: frozenset[str], tokens: set[str], loose: dict[str, bool] | None = None) -> float:
        """How much of these words (weighted by rarity) the question states; all of nothing is all. With
        `loose` (a per-question memo of `stated`), a word's stem is enough."""
        total = sum(self.idf(w) for w in words)
        if loose is None:
            said = sum(self.idf(w) for w in words if w in tokens)
        else:
            said = 0.0
            for w in words:
                if (hit := loose.get(w)) is None:
                    hit = loose[w] = stated(w, tokens)
                if hit:
                    said += self.idf(w)
        return said / total if total else 1.0

    def followed(self, entry: Entry) -> list[tuple[Line, frozenset[str]]]:
        """The lines an entry's references lead to, each with its own sub-terms (the body part); the same for
        every question, so kept."""
        if (kept := self._followed.get(entry.passage_id)) is not None:
            return kept
        out = []
        for line in entry.lines:
            for table in line.tables:
                owner = self.owners.get(table)
                if owner is not None and owner is not entry:
                    out += [(Line(line.conditions, codes), target.conditions) for target in owner.lines
                            if (codes := tuple(c for c in target.codes if c.startswith(table)))]
        for when, name, part in entry.refers:
            target_entry = self.by_name.get(name)
            if target_entry is not None and target_entry is not entry:
                out += [(Line(when, target.codes), target.conditions - part) for target in target_entry.lines
                        if target.codes and part <= target.conditions]
        self._followed[entry.passage_id] = out
        return out

    def leads(self, entry: Entry, tokens: set[str], cover: Callable[[frozenset[str]], float],
              weight: float = 1.0, gate: float = MIN_LINE_MATCH, follow: bool = False,
              stems: dict[str, bool] | None = None) -> list[Lead]:
        """The codes an entry's lines reach, each weighted by how much of the line's sub-terms the
        question states (a line whose sub-terms it mostly leaves out is not taken) and by how much of
        the question the whole path explains ("Lobectomy" may lead to lung or thyroid; the lung line
        also explains "lower")."""
        best: dict[str, float] = {}
        taken = [(line, frozenset(), 1.0) for line in entry.lines]
        if follow:  # a followed line must state something of its body part
            stems = {} if stems is None else stems
            taken += [(line, detail, REFER_FLOOR + (1 - REFER_FLOOR) * part) for line, detail in self.followed(entry)
                      if (part := self.share(detail - SIDES, tokens, loose=stems))]
        for line, detail, part_weight in taken:
            share = self.share(line.conditions, tokens)
            if share < gate:
                continue
            score = weight * part_weight * (LINE_FLOOR + (1 - LINE_FLOOR) * share) * (
                COVER_FLOOR + (1 - COVER_FLOOR) * cover(entry.term | line.conditions | detail))
            for code in line.codes:
                best[code] = max(best.get(code, 0.0), score)
        return [Lead(code, w, entry.passage_id) for code, w in best.items()]

    def walk(self, tokens: set[str], cover: Callable[[frozenset[str]], float]) -> list[Lead]:
        """Every code or table reached from a main term the question names."""
        stems: dict[str, bool] = {}  # which words the question states by stem, for this question
        return [lead for entry in self.entries if entry.term <= tokens
                for lead in self.leads(entry, tokens, cover, follow=True, stems=stems)]
