"""Eye-clinic abbreviations that mean something else elsewhere, read as the eye's only where the note is an
eye note ("NS 2+ OD", "PSC OS", "PRP OD, 1450 spots").

NS is normal saline on a ward, PSC a sclerosing cholangitis, DES a drug-eluting stent, CME a course and PRP
platelet-rich plasma: the glossary cannot hold them for everyone. Beside an eye's side (OD, OS, OU) or an eye word
they are the lens, retina and lid findings and the laser an eye doctor writes.
"""

from __future__ import annotations

import re

_EYE_NOTE = re.compile(r"\b(?:od|os|ou)\b|\b(?:eyes?|lens|retina\w*|macula\w*|iop|bcva|va 20/\d+|slit lamp|dfe|"
                       r"fundus|ophthalm\w*|optom\w*|cataracts?|vitre\w*)\b", re.I)
_EYE_ABBREVIATIONS = (
    (re.compile(r"\bns\b", re.I), "nuclear sclerosis age-related nuclear cataract"),
    (re.compile(r"\bpsc\b", re.I), "age-related posterior subcapsular polar cataract"),
    (re.compile(r"\bpco\b", re.I), "posterior capsule opacification secondary cataract"),
    (re.compile(r"\bcme\b", re.I), "cystoid macular edema"),
    (re.compile(r"\bdes\b", re.I), "dry eye syndrome"),
    (re.compile(r"\bprp\b", re.I), "panretinal photocoagulation destruction retina laser"),
    (re.compile(r"\bbrvo\b", re.I), "branch retinal vein occlusion"),
    (re.compile(r"\bcrao\b", re.I), "central retinal artery occlusion"),
)


def eye_words(text: str) -> str:
    """The eye meanings of the ambiguous abbreviations an eye note holds; "" outside an eye note."""
    if not _EYE_NOTE.search(text):
        return ""
    return " ".join(words for pattern, words in _EYE_ABBREVIATIONS if pattern.search(text))


def eye_terms(text: str) -> frozenset[str]:
    """The abbreviations this reads as the eye's in an eye note: their glossary meanings elsewhere do not apply."""
    if not _EYE_NOTE.search(text):
        return frozenset()
    return frozenset(pattern.pattern[2:-2] for pattern, _ in _EYE_ABBREVIATIONS if pattern.search(text))
