"""Which fetus a maternal-care code is for: its 7th character.

Maternal care for a fetal problem, a malpresentation or an amniotic-fluid problem (O31-O36, O40-O41, O60.1-O60.2,
O64-O69) ends in the fetus the care is for: 0 for a single gestation, or a multiple one whose fetus the record
does not name; 1 to 5 for the fetus named (twin A is fetus 1, twin B fetus 2), 9 for another. A stray number in
the note ("x 1 day") names no fetus.
"""

from __future__ import annotations

import re

_TITLE_FETUS = re.compile(r", (?:fetus ([1-5])|(other fetus)|(not applicable or unspecified))$", re.I)
_NAMED = re.compile(r"\b(?:twin|triplet|quadruplet|baby|fetus)\s*(?:#\s*)?([a-e1-5])\b(?!\s*(?:wks?|weeks?|%))",
                    re.I)
_LETTER = {"a": "1", "b": "2", "c": "3", "d": "4", "e": "5"}


def fetus_named(text: str) -> str:
    """The fetus the question names ("twin B": "2"), or "" when it names none."""
    found = {_LETTER.get(m.group(1).lower(), m.group(1)) for m in _NAMED.finditer(text)}
    return found.pop() if len(found) == 1 else ""


def title_fetus(title: str) -> str | None:
    """The fetus a title's 7th character names: "0" for not applicable or unspecified, "9" for another; None when
    the code has no such character."""
    m = _TITLE_FETUS.search(title)
    if not m:
        return None
    return m.group(1) or ("9" if m.group(2) else "0")
