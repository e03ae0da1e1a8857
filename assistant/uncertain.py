"""Uncertain diagnoses outside the hospital.

An outpatient visit never codes a diagnosis qualified as probable, suspected, likely or "rule
out": the signs and symptoms that brought the patient in are coded instead (guideline IV.H).
An inpatient discharge codes the same words as if confirmed (guideline II.H), so they stay.
"""

from __future__ import annotations

import re

from assistant.filler import FRAME_WORDS

_INPATIENT = re.compile(r"\b(?:inpatient|admitted|admission|admit|discharge\w*|hospital day|hospitali[sz]ed|"
                        r"hospital course)\b", re.I)
# The hedge and the diagnosis it qualifies, up to the end of its clause. "Consistent with" is left out: it is
# how a test's result is told ("ultrasound consistent with a tubal pregnancy"), and the question codes it.
# "Suspected exposure", "suspected child abuse" are how codes of their own say it (Z20, T76): no hedge.
_HEDGED = re.compile(r"\b(?:probable|probably|possible|possibly|suspected|suspect|suspicious for|likely|"
                     r"questionable|presumed|presumptive|r/o|rule out|working diagnosis of|"
                     r"concern for)\s+(?!(?:child\s+|adult\s+|sexual\s+|physical\s+)?(?:exposure|abuse|maltreatment|"
                     r"neglect)\b)(?:an?\s+)?([^.;:,()'\"]{2,50})", re.I)
_LEFT = re.compile(r"[a-z]{4,}", re.I)


def settle_uncertain(text: str, told: str = "") -> str:
    """An inpatient story's hedged diagnoses as if confirmed (the hedge word goes); any other story's text
    less the diagnoses it hedges, when symptoms remain to code. ``told``: the question as typed, whose
    headings ("Office visit:", "Inpatient:") say the setting."""
    setting = f"{told} {text}"
    if not _HEDGED.search(text):
        return text
    if _INPATIENT.search(setting):
        return _HEDGED.sub(lambda m: f" {m.group(1)}", text)
    # With no setting told (a problem list, a bare question), read as outpatient: most coding is, and an
    # inpatient story says so ("admitted", "discharge").
    kept = _HEDGED.sub(" ", text)
    # keep the hedged diagnosis when nothing else is told: a bare "suspected strep" still needs an answer
    return kept if any(w.lower() not in FRAME_WORDS for w in _LEFT.findall(kept)) else text


def inpatient_hedged(text: str, told: str = "") -> str:
    """The diagnoses an inpatient story hedges ("probable pneumonia"): coded as if confirmed, they are the
    story's conclusion, above the symptoms that led to them."""
    if not _INPATIENT.search(f"{told} {text}"):
        return ""
    return "; ".join(m.group(1).strip() for m in _HEDGED.finditer(text))


# A documentation query's choices ("asking acute blood loss vs chronic disease vs iron deficiency", "asked type
# (systolic, diastolic, combined)") are what the coder offered, not what the provider said: when the answer is
# "unable to determine" or never came, none of them is documented and the plain code stays.
_UNSETTLED = re.compile(r"\bunable to determine\b|\b(?:clinically\s+)?undetermined\b|\bno (?:query )?response\b|"
                        r"\bnever (?:answered|responded)\b|\bdid not (?:answer|respond)\b|\bnot answered\b", re.I)
_OFFERED = re.compile(r"\b(?:asking|asked|query(?:\s+(?:for|on|about|regarding))?|unable to determine)\s+[^.;:']*?"
                      r"(?:\b(?:vs\.?|versus)\s|\([^)]*,[^)]*\))[^.;:',]*", re.I)


def unsettled_options(text: str) -> str:
    return _OFFERED.sub(" ", text) if _UNSETTLED.search(text) else text
