"""A fracture's grade in a surgeon's classification, read as what the code set asks of it: displaced or not.

"Garden IV", "Gartland III", "Mason II", "Hawkins 2", "Schatzker VI": the numeral is a grade, not an IV line, a
cervical level or a count, and the grade says whether the fragments moved. Garden I-II (impacted or
incomplete) and a Gartland, Mason or Hawkins I are nondisplaced; the higher grades are displaced. Schatzker,
Weber and the AO/OTA letters say where the break runs, not what the titles split, and are read as the
classification only; Neer's parts are the titles' own ("3-part fracture of surgical neck"). Gustilo's grades are
an open fracture's type, read elsewhere.
"""

from __future__ import annotations

import re

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}
# the classifications whose grades split displaced from nondisplaced: the highest grade still nondisplaced
_NONDISPLACED_UP_TO = {"garden": 2, "gartland": 1, "mason": 1, "hawkins": 1}
_GRADED = re.compile(
    r"\b(garden|gartland|mason|hawkins|schatzker|weber|neer|rockwood|sanders|denis|pauwels|frykman|tile|"
    r"vancouver|levine[- ]edwards|young[- ]burgess|ao/ota|ota|ao)\s+(?:type\s+|grade\s+|class\s+)?"
    r"((?:iv|v?i{1,3}|vi?|[1-6])[abc]?|[abc][1-3]?|\d{2}-?[abc]\d?(?:\.\d)?)\b(?:\s*-?\s*part\b)?", re.I)


def graded(text: str) -> str:
    """The note with each classification grade written as the displacement it tells, or as no number at all."""
    def read(m: re.Match[str]) -> str:
        system, grade = m.group(1).lower(), m.group(2).lower().rstrip("abc") or m.group(2).lower()
        level = _ROMAN.get(grade) or (int(grade) if grade.isdigit() and len(grade) == 1 else None)
        if system == "neer" and m.group(0).lower().endswith("part") and level:
            return f"{m.group(1)} {level}-part"  # the titles split a surgical neck's fracture by its parts
        if system in _NONDISPLACED_UP_TO and level:
            return f"{m.group(1)} {'nondisplaced' if level <= _NONDISPLACED_UP_TO[system] else 'displaced'}"
        return f"{m.group(1)} classification"
    return _GRADED.sub(read, text)
