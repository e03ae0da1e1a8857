"""Which of two related diagnosis codes is listed first, from the tabular's own instructional notes.

When the question states two conditions that the tabular ties together ("E11.621 ... use additional code to
identify site of ulcer (L97.4-)", "I12.9 ... use additional code to identify the stage of chronic kidney disease
(N18.1-N18.4)"), the code whose note asks for the other is sequenced first, and a code whose "code first" note
names another is sequenced after it (guideline I.A.12-13). Ranking alone scores each code apart, so the
companion code can lead on word overlap ("foot ulcer of the left heel" matches L97.422 best): this stage
only reorders, and only when the first-sequenced code states part of the question the leading code does not.
"""

from __future__ import annotations

import re

from assistant.companions import companions
from assistant.query import Query
from assistant.store import Store
from core.codes import CM, normalize
from core.text import token_set

DEPTH = 5  # how far down the ranked list a code that must come first is looked for
# Injuries are sequenced by severity and encounter reasons (Z) by why the visit happened, not by these notes
# ("use additional code for all associated injuries" on a crush code; tobacco counseling's note on F17).
NOT_MOVED = frozenset("STZ")


def covers(entry: str, code: str) -> bool:
    """Whether a note's code, category ("L97.4-") or range ("N18.1-N18.4") holds ``code`` (undotted)."""
    ends = [normalize(e.rstrip("-")) for e in (entry.split("-") if re.fullmatch(r"[^-]+-[^-]+", entry) else
                                               [entry])]
    if len(ends) == 1:
        return bool(ends[0]) and code.startswith(ends[0])
    low, high = ends
    return code[:len(low)] >= low and code[:len(high)] <= high


def _asks_for(store: Store, code: str, note: str, other: str) -> bool:
    return any(c.note == note and any(covers(e["code"], other) for e in c.codes) for c in companions(store, code))


def must_precede(store: Store, first: str, then: str) -> bool:
    """Whether the tabular sequences ``first`` before ``then``: first's "use additional code" note asks for
    then, or then's "code first" note names first."""
    return _asks_for(store, first, "Use additional code", then) or _asks_for(store, then, "Code first", first)


# HIV disease is listed before the conditions it brings (guideline I.C.1.a.2.a): "AIDS with Pneumocystis
# pneumonia" is B20 then B59, whatever the pneumonia's words match. A positive test alone is Z21, not B20.
_HIV_DISEASE = re.compile(r"\baids\b|\bhiv\b(?! (?:status|test|exposure|screen))(?!-?\s*positive(?! \w+ with))", re.I)


def sequenced(store: Store, query: Query, ranked: list, depth: int = DEPTH) -> list:
    """The ranked suggestions with a code the notes sequence before the leading one moved ahead of it, when
    that code answers a concept of the question the leading code leaves unanswered."""
    if not ranked or ranked[0].system != CM:
        return ranked
    top = ranked[0]
    hiv = next((s for s in ranked[1:depth] if s.code == "B20"), None)
    if hiv is not None and _HIV_DISEASE.search(query.text) and not re.search(r"\basymptomatic\b", query.text, re.I):
        return [hiv] + [x for x in ranked if x is not hiv]
    answered = {i for i, g in enumerate(query.groups) if g & token_set(top.title)}
    for s in ranked[1:depth]:
        if s.system != CM or s.code[0] in NOT_MOVED:
            continue
        more = {i for i, g in enumerate(query.groups) if g & token_set(s.title)} - answered
        if more and must_precede(store, s.code, top.code):
            return [s] + [x for x in ranked if x is not s]
    return ranked
