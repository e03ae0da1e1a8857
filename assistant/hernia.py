"""A hernia told incarcerated, irreducible or strangulated is one "with obstruction" in the code titles.

The tabular lists those words as inclusion terms under each "with obstruction, without gangrene" code; the
titles never say them, so a note's word would leave "obstruction" unstated and rank the plain hernia first.
Gangrene is its own claim: a strangulated hernia is not gangrenous unless the note says so.
"""

from __future__ import annotations

import re

_HERNIA = re.compile(r"\b(?:hernias?|herniated bowel|hernial)\b", re.I)
_TRAPPED = re.compile(r"\b(?:incarcerat\w*|irreducib\w*|non-?reducible|strangulat\w*)\b", re.I)
_NOT_TRAPPED = re.compile(r"\b(?:not|non|no|without|w/o)\s+(?:incarcerat\w*|strangulat\w*)|(?<!ir)reducible\b",
                          re.I)


def hernia_words(text: str) -> str:
    """"with obstruction" for a trapped hernia, or ""."""
    if not _HERNIA.search(text) or not _TRAPPED.search(_NOT_TRAPPED.sub(" ", text)):
        return ""
    return "with obstruction"
