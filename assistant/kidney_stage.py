"""Chronic kidney disease kept alive by dialysis is end stage renal disease, whatever stage the note writes.

N18.6 lists "chronic kidney disease requiring chronic dialysis" among its terms: "CKD 5 on HD" is coded N18.6
(with Z99.2), not N18.5. A kidney injury dialysed for a while is not: only chronic disease counts.
"""

from __future__ import annotations

import re

_CHRONIC = re.compile(r"\b(?:ckd|chronic kidney disease|chronic renal (?:failure|insufficiency|disease))\b", re.I)
_ON_DIALYSIS = re.compile(
    r"(?<!not )(?<!never )(?<!longer )(?<!yet )\b(?:on|started|starting|receiving|gets|requir\w*|dependent on)\s+"
    r"(?:chronic\s+|maintenance\s+|home\s+|in-?center\s+)?(?:i?hd|pd|ccpd|capd|dialysis|hemodialysis|"
    r"peritoneal dialysis)\b|\bdialysis[- ]dependent\b|\bhd (?:mwf|tts|tths|m/w/f|t/th/s)\b", re.I)


_STAGE_5 = re.compile(r"\b(?:ckd|chronic kidney disease)[\s,-]*(?:stage\s*)?(?:5|v)\b(?!\s*[.\d])", re.I)


def dialysis_as_esrd(text: str) -> str:
    """The note with a stage-5 chronic kidney disease on dialysis written as end stage renal disease."""
    if not _ON_DIALYSIS.search(text):
        return text
    return _STAGE_5.sub("end stage renal disease", text)


def dialysis_stage_words(text: str) -> str:
    """"end stage renal disease" for a chronic kidney disease of another or no stage on dialysis, or ""."""
    return "end stage renal disease" if _CHRONIC.search(text) and _ON_DIALYSIS.search(text) else ""
