"""A breast cancer's receptor status as pathology writes it ("ER 95%/PR 40%/HER2 3+", "triple neg"), read as the
combined status titles (Z17.41-, Z17.42-: "Hormone receptor positive with human epidermal growth factor receptor 2
negative status").

Hormone receptor positive means estrogen or progesterone receptor positive. HER2 IHC 0 and 1+ are negative, 3+
(or amplified) positive; 2+ is equivocal and reads as nothing until a FISH result says which. The words are read
only when the question asks for the status: a note that lists receptors beside a cancer asks for the cancer.
"""

from __future__ import annotations

import re

_ASKED = re.compile(r"\bstatus\b|\breceptors?\b|\bz17\b|\btriple[- ](?:neg|pos)\w*|\btnbc\b", re.I)
_TRIPLE = re.compile(r"\btriple[- ]?(neg|pos)\w*|\b(tnbc)\b", re.I)
_HORMONE = re.compile(r"\b(?:er|pr|pgr)\s*(?::\s*)?(?:([+]|pos\w*|positive|(?:[1-9]\d?|100)\s*%)|([-]|neg\w*|0\s*%))",
                      re.I)
_HER2 = re.compile(r"\bher-?2(?:/neu)?\s*(?::\s*)?(?:ihc\s*)?(?:(3\s*\+|pos\w*|positive|amplified|[+](?!\s*\d))|"
                   r"(0|1\s*\+|[-]|neg\w*|negative|non-?amplified))", re.I)
_TITLE = "hormone receptor {hr} with human epidermal growth factor receptor 2 {her2} status"


def receptor_status_words(text: str) -> str:
    """The combined receptor status title's words, when the question asks for a status that the text tells."""
    if not _ASKED.search(text):
        return ""
    if triple := _TRIPLE.search(text):
        sign = "positive" if (triple.group(1) or "").lower().startswith("pos") else "negative"
        return _TITLE.format(hr=sign, her2=sign)
    hormones = [m for m in _HORMONE.finditer(text)]
    her2 = _HER2.search(text)
    if not hormones or not her2:
        return ""
    hr = "positive" if any(m.group(1) for m in hormones) else "negative"
    return _TITLE.format(hr=hr, her2="positive" if her2.group(1) else "negative")
