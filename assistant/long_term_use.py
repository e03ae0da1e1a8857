"""The class a drug taken for long is coded by (Z79.62-, Z79.63-): an immunosuppressant named by its drug.

ICD-10-CM splits long-term immunosuppressant use by how the drug acts ("Long term (current) use of calcineurin
inhibitor", "... of inhibitors of nucleotide synthesis", "... of immunosuppressive biologic"); a coder writes
the drug ("on tacrolimus long term", "chronic CellCept", "Z code for Humira"). The poisoning titles name none of
these classes, so the words are added only where the question tells a drug taken for long.
"""

from __future__ import annotations

import re

_LONG_TERM = re.compile(r"\blong[- ]?term\b|\bchronic(?:ally)?\b|\bz79\b|\bz ?code\b|\bmaintenance\b|"
                        r"\bstatus\b|\bcurrent use\b", re.I)
# (the drug names, the class words of its Z79.6- title)
_CLASSES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.I), words) for p, words in (
    (r"\b(?:tacrolimus|tacro|prograf|envarsus|cyclosporin\w*|neoral|sandimmune|voclosporin)\b",
     "calcineurin inhibitor"),
    (r"\b(?:everolimus|zortress|sirolimus|rapamune)\b", "mammalian target of rapamycin mTOR inhibitor"),
    (r"\b(?:mycophenol\w*|mmf|cellcept|myfortic|azathioprine|imuran|leflunomide|arava)\b",
     "inhibitors of nucleotide synthesis"),
    (r"\b(?:tofacitinib|xeljanz|baricitinib|olumiant|upadacitinib|rinvoq|ruxolitinib|jakafi)\b",
     "Janus kinase inhibitor"),
    (r"\b(?:adalimumab|humira|infliximab|remicade|etanercept|enbrel|certolizumab|cimzia|golimumab|simponi|"
     r"tocilizumab|actemra|abatacept|orencia|ustekinumab|stelara|secukinumab|cosentyx|vedolizumab|entyvio|"
     r"belatacept|nulojix)\b", "immunosuppressive biologic"),
    (r"\b(?:methotrexate|mtx)\b", "antimetabolite agent"),
))


def long_term_use_words(text: str) -> str:
    """The Z79.6- class words of each immunosuppressant a question tells taken for long, or ""."""
    if not _LONG_TERM.search(text):
        return ""
    return " ".join(words for pattern, words in _CLASSES if pattern.search(text))
