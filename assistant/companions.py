"""Companion codes from the tabular's instructional notes: what "use additional code", "code first" and
"code also" ask for beside a CM code, each named code checked against the code set.

The notes sit on the code and on its category and subcategories, so all of them are read. A note item is the
words before a parenthesised list of codes ("insulin (Z79.4)"); an item that names no code is left out, since
the coder cannot act on it from the card.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.store import Store
from core.codes import CM, normalize
from core.passage import Passage

LABELS = ("Code first", "Use additional code", "Code also")
MAX_ITEMS = 8
_PARENS = re.compile(r"\(([^()]*)\)")
_CODE = re.compile(r"^[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{0,4})?-?$")


@dataclass
class Companion:
    note: str  # which instruction: one of LABELS
    label: str  # what the code is for, in the note's words
    codes: list[dict] = field(default_factory=list)  # {"code", "title", "valid"}
    passage: Passage | None = None

    def to_json(self, citation: int | None) -> dict:
        return {"note": self.note, "for": self.label, "codes": self.codes, "citation": citation}


def companions(store: Store, code: str) -> list[Companion]:
    """The note items of ``code`` and its ancestors that name codes, the most specific note first."""
    out: list[Companion] = []
    seen: set[tuple[str, str]] = set()
    for p in reversed(store.notes(code)):
        for item in _items(p):
            key = (item.note, item.label.lower())
            if key not in seen:
                seen.add(key)
                item.codes = [_check(store, token) for token in item.codes]
                out.append(item)
    return out[:MAX_ITEMS]


def _items(p: Passage) -> list[Companion]:
    out = []
    for segment in p.text.split(" — ", 1)[-1].split(" | "):  # "E11 Title — Includes: ... | Code first: ..."
        note, _, body = segment.partition(": ")
        if note not in LABELS:
            continue
        start = 0
        for m in _PARENS.finditer(body):
            codes = [t.strip() for t in m.group(1).split(",") if _range_ends(t.strip().split(" ")[0])]
            label = _label(body[start:m.start()])
            start = m.end()
            if codes and label:
                out.append(Companion(note, label, codes, p))
    return out


def _label(text: str) -> str:
    """"code to identify control using: insulin " -> "insulin"; leading glue and "if applicable" dropped."""
    text = text.split(":")[-1]
    text = re.sub(r"^[\s,;]*(if applicable,?|any associated|associated)?\s*", "", text.strip(), flags=re.I)
    return text.strip(" ,;")


def _range_ends(token: str) -> list[str]:
    parts = token.split("-") if re.fullmatch(r"[A-Z0-9.]+-[A-Z][0-9A-Z.]+", token) else [token]
    return parts if all(_CODE.match(p) for p in parts) else []


def _check(store: Store, token: str) -> dict:
    """A code, a category with "-" (any code under it) or a range, each end looked up in the CM code set;
    words after it ("T36-T50 with fifth or sixth character 5") kept as the note's own condition."""
    code, _, condition = token.partition(" ")
    infos = [store.code(normalize(end.rstrip("-")), CM) for end in _range_ends(code)]
    titles = [i[0].title for i in infos if i]
    return {"code": code, "title": " ... ".join(titles), "valid": all(infos),
            **({"condition": condition} if condition else {})}
