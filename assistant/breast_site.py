"""A breast cancer's untold site and the patient's sex as the C50 titles spell them.

ICD-10-CM codes a breast malignancy by its site within the breast (assistant.breast_quadrant reads a clock
position), its side and the patient's sex ("of right female breast"). A note that says the quadrant is not given
means the unspecified site, not a quadrant ("quadrant" alone would pick one). The sex is the woman's unless the
note says a man: the titles' default, as the unspecified site is, not a guess the note leaves open.
"""

from __future__ import annotations

import re

_BREAST_CANCER = re.compile(
    r"\b(?:bre?a?st\b[^.;]{0,80}\b(?:ca|cancer|carcinoma|adenocarcinoma|malignan\w*|neoplasm|tumou?r|idc|ilc)|"
    r"(?:ca|cancer|carcinoma|adenocarcinoma|malignan\w*|idc|ilc)\b[^.;]{0,40}\bbre?a?st|idc|ilc|"
    r"(?:ductal|lobular) (?:ca|carcinoma)|"
    r"paget'?s? (?:disease )?of (?:the )?(?:\w+ )?(?:nipple|breast)|inflammatory breast)\b", re.I)
_SITE_UNSAID = re.compile(
    r"\b(?:no|without) (?:quadrant|location|clock position|site)(?: (?:given|documented|noted|specified|stated|"
    r"listed|mentioned))?\b|"
    r"\b(?:quadrant|location|clock position|site within the breast)s? (?:is |was )?(?:not|never) (?:\w+ )?"
    r"(?:documented|given|specified|stated|noted|listed|mentioned)\b|"
    r"\b(?:doesn'?t|does not|don'?t|do not|didn'?t|did not) (?:say|give|specify|state|document|list|mention) "
    r"(?:a |the |which |any )?(?:quadrant|location|clock position|site)s?(?: or (?:a |the )?(?:quadrant|location|"
    r"clock position))?\b|\bquadrant (?:unknown|unspecified|not specified|n/?a)\b", re.I)
_MAN = re.compile(r"\b(?:man|male|gentleman|mr|he|him|his|\d{1,3} ?(?:y/?o|yo|yr|year[- ]old)? ?m)\b", re.I)
_WOMAN = re.compile(r"\b(?:woman|female|lady|mrs|ms|she|her|\d{1,3} ?(?:y/?o|yo|yr|year[- ]old)? ?f)\b", re.I)
# a man's breast cancer said of his family ("his mother had breast cancer") is not his sex
_RELATIVE = re.compile(r"\b(?:his|her) (?:mother|mom|sister|daughter|aunt|grandmother|father|brother|son)\b", re.I)


def breast_cancer_named(text: str) -> bool:
    return bool(_BREAST_CANCER.search(text))


def site_unsaid(text: str) -> str:
    """"Quadrant not stated" as the titles' "unspecified site", so the word quadrant does not pick one."""
    return _SITE_UNSAID.sub("unspecified site", text) if breast_cancer_named(text) else text


def sex_told(text: str) -> str:
    """The patient's sex as the titles say it: a man only when the note says so."""
    own = _RELATIVE.sub(" ", text)
    man, woman = bool(_MAN.search(own)), bool(_WOMAN.search(own))
    return "male" if man and not woman else "female"


def breast_sex_words(text: str) -> str:
    """The C50 titles' word for the patient's sex ("female", "male"), when a breast cancer is named."""
    return sex_told(text) if breast_cancer_named(text) else ""
