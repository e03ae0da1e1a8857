"""Which jaw a tooth is in, and how many teeth, from the Universal numbers a dentist writes ("extraction #30",
"ext 1, 16, 17, 32", "teeth #17 and #32 full bony").

ICD-10-PCS codes teeth by jaw (Upper Tooth, Lower Tooth) and count (the qualifier Single, Multiple or All); no
title names a tooth's number. In the Universal system teeth 1 to 16 are the upper arch and 17 to 32 the lower;
primary teeth are lettered, A to J upper and K to T lower.
"""

from __future__ import annotations

import re

_DENTAL = re.compile(r"\b(?:tooth|teeth|extract\w*|ext|exo|molars?|premolars?|bicuspids?|incisors?|canines?|"
                     r"cuspids?|dental|odontectom\w*)\b", re.I)
# a number after "#", or a list after a tooth word ("ext 1, 16, 17, 32", "teeth 17 and 32")
_AFTER_HASH = re.compile(r"#\s*(\d{1,2}|[a-t])\b", re.I)
# (a count is no number: "extracted 3 teeth", "ext 2 molars")
_LIST = re.compile(r"\b(?:tooth|teeth|ext|exo|extractions?|extracted|nos?\.?)\s*#?\s*"
                   r"((?:\d{1,2})(?:\s*(?:,|and|&|/|\+)\s*#?\s*\d{1,2})*)\b"
                   r"(?!\s*(?:teeth|tooth|molars?|premolars?|bicuspids?|incisors?|canines?|cuspids?)\b)", re.I)
_FULL_ARCH = 16
_PRIMARY_UPPER = set("abcdefghij")


def _jaw(tooth: str) -> str | None:
    if tooth.isdigit():
        number = int(tooth)
        return "upper" if 1 <= number <= 16 else "lower" if 17 <= number <= 32 else None
    return "upper" if tooth.lower() in _PRIMARY_UPPER else "lower"


def tooth_words(text: str) -> str:
    """The jaw and count words ("lower tooth multiple") the tooth numbers tell, or ""."""
    if not _DENTAL.search(text):
        return ""
    teeth = {m.group(1).lower() for m in _AFTER_HASH.finditer(text)}
    for match in _LIST.finditer(text):
        teeth |= set(re.findall(r"\d{1,2}", match.group(1)))
    jaws: dict[str, int] = {}
    for tooth in teeth:
        if jaw := _jaw(tooth):
            jaws[jaw] = jaws.get(jaw, 0) + 1
    count = {1: "single"}
    return " ".join(f"{jaw} tooth {'all' if n >= _FULL_ARCH else count.get(n, 'multiple')}"
                    for jaw, n in sorted(jaws.items()))
