"""A lab value the note gives that states a finding the titles name: an INR well above range on a vitamin K
antagonist is an abnormal coagulation profile (R79.1) with the anticoagulant's adverse effect (T45.515-).

Coders meet "INR 7.8 on warfarin, no bleeding" far more often than the word "supratherapeutic". With a bleed, the
bleed is the diagnosis and the drug's effect goes with it; the number then adds no code of its own.
"""

from __future__ import annotations

import re

_INR = re.compile(r"\binr\s*(?:of|was|is|=|:|at|up to)?\s*(\d+(?:\.\d+)?)\b", re.I)
_ANTICOAGULANT = re.compile(r"\b(?:warfarin|coumadin|jantoven|vka|vitamin k antagonist|anticoag\w*)\b", re.I)
_BLEEDING = re.compile(r"(?<!no )(?<!without )(?<!denies )\b(?:bleed\w*|hemorrhag\w*|melena|hematemesis|"
                       r"hematochezia|hematuria|epistaxis|hematoma)\b", re.I)
_HIGH_INR = 4.0  # above any target range (2-3, or 2.5-3.5 for a mechanical valve)


def inr_words(text: str) -> str:
    """The finding's words for an INR well above range on an anticoagulant with no bleeding, or ""."""
    value = _INR.search(text)
    if not value or float(value.group(1)) < _HIGH_INR or not _ANTICOAGULANT.search(text) or _BLEEDING.search(text):
        return ""
    return "abnormal coagulation profile adverse effect of anticoagulants"
