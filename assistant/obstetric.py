"""Where an obstetric procedure's tissue lies: the mother's perineum, sphincter or cervix, or the products of
conception.

The Obstetrics section's own tables (Repair, Extraction of Products of Conception) are the fetus's and the
pregnancy's. A tear repaired after the birth is the mother's tissue, coded in the Medical and Surgical section by
the depth the degree names; a curettage after a pregnancy ended early takes out retained products of conception,
not the endometrium.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.text import said_unless_before

# First degree: perineal skin; second: the perineal muscles; third (3a, 3b, 3c): the anal sphincter; fourth: the
# rectal mucosa. Tears of other parts name their own part.
_DEGREE = re.compile(r"\b(1st|first|2nd|second|3rd|third|4th|fourth|[1-4])(?:[- ]?deg(?:ree)?\b\.?|[abc]?(?=\s*(?:"
                     r"perineal|lac|laceration|tear)))", re.I)
_DEGREES = {"1st": "1", "first": "1", "2nd": "2", "second": "2", "3rd": "3", "third": "3", "4th": "4", "fourth": "4"}
_DEGREE_TABLES = {"1": "0HQ9", "2": "0KQM", "3": "0DQR", "4": "0DQP"}
_DEGREE_WORDS = {"1": "perineum skin external", "2": "perineum muscle", "3": "anal sphincter", "4": "rectum"}
_PART_TEARS = (
    (re.compile(r"\b(?:labial|labia|vulvar|periurethral)\b", re.I), "0UQM", "vulva"),
    (re.compile(r"\bcervical\s+(?:lac|laceration|tear)", re.I), "0UQC", "cervix"),
    (re.compile(r"\b(?:vaginal|sidewall|sulcus)\s+(?:wall\s+)?(?:lac|laceration|tear)", re.I), "0UQG", "vagina"),
)
_TEAR = re.compile(r"\b(?:lac|lacs|lacerations?|tears?|extension|episiotomy)\b", re.I)
_REPAIRED = re.compile(r"\brepair\w*\b|\bsutured\b|\bclosed\b", re.I)
_BIRTH = re.compile(r"\b(?:svd|nsvd|vaginal (?:delivery|birth)|delivery|delivered|birth|postpartum|perine\w*|"
                    r"obstetric\w*|ob|l&d|precipitous)\b", re.I)

# The delivery itself among the acts, whose approach is its own ("How do I code the delivery?", "vacuum")
_DELIVERY_ASKED = re.compile(r"\b(?:vacuum|kiwi|forceps|cesarean|c-?section|ltcs|extraction)\b|"
                             r"\bcod\w*\b[^.?;]{0,20}\bdeliver", re.I)

# A birth by vacuum, forceps or cesarean is an Extraction of the products of conception: "the delivery" such a
# note speaks of is that extraction, not the Delivery root operation (a manually assisted vaginal birth).
_EXTRACTED_BIRTH = re.compile(r"\b(?:vacuum|kiwi|vavd|forceps|cesarean|c-?section|c/s|ltcs|lscs|"
                              r"breech extraction)\b", re.I)


_DENIED_BEFORE = re.compile(r"\b(?:no|not|without|w/o|neither|nor|never)\b[^.;:]{0,25}$", re.I)


def extracted_birth(text: str) -> bool:
    """... and not denied ("no forceps or vacuum")."""
    return said_unless_before(_EXTRACTED_BIRTH, _DENIED_BEFORE, text)


# A curettage or suction after a miscarriage, a missed or incomplete abortion or a retained placenta.
_EVACUATION = re.compile(r"\b(?:d\s?&\s?c|d and c|dilation and curettage|suction curettage|curettage|"
                         r"suction evacuation|evacuation|mva|manual vacuum aspiration)\b", re.I)
_LOSS = re.compile(r"\b(?:missed (?:ab|abortion|miscarriage)|incomplete (?:sab|ab|abortion|miscarriage)|sab|"
                   r"spontaneous abortion|miscarriage|retained (?:poc|products|placenta\w*|tissue)|poc|"
                   r"products of conception|fetal demise|blighted ovum|embryonic demise|molar|mole)\b", re.I)
_ELECTIVE = re.compile(r"\b(?:elective|termination|terminate|top|tab|induced abortion|therapeutic abortion)\b", re.I)


@dataclass(frozen=True)
class Reading:
    words: str = ""
    tables: tuple[str, ...] = ()
    ruled_out: frozenset[str] = frozenset()
    approach: str | None = None  # a tear into the muscle, the sphincter or the rectum is sewn open


def obstetric_reading(text: str) -> Reading:
    """The tables an obstetric tear's repair or an evacuation after a pregnancy loss names, and those it rules
    out."""
    # a tear told by its degree is a birth's (the degrees are the perineum's); another needs the birth told
    if _TEAR.search(text) and _REPAIRED.search(text) and (_BIRTH.search(text) or _DEGREE.search(text)):
        tables, words = [], []
        for pattern, table, part in _PART_TEARS:
            if pattern.search(text):
                tables.append(table)
                words.append(part)
        for degree in _DEGREE.finditer(text):
            key = _DEGREES.get(degree.group(1).lower(), degree.group(1))
            tables.append(_DEGREE_TABLES[key])
            words.append(_DEGREE_WORDS[key])
        if tables:
            deep = {"0KQM", "0DQR", "0DQP"} & set(tables) and not _DELIVERY_ASKED.search(text)
            return Reading(" ".join(words), tuple(dict.fromkeys(tables)), frozenset({"10Q0"}),
                           "Open" if deep else None)
    if _EVACUATION.search(text) and _LOSS.search(text) and not _ELECTIVE.search(text):
        return Reading("retained products of conception", ("10D1",), frozenset({"0UDB"}))
    return Reading()
