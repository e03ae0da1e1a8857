"""A central line taken out: Removal of its Infusion Device from the vessels' group its tip lay in.

A central line's name reads as its insertion, coded to the vein its tip ends in (02HV, the superior vena cava).
Its removal has no such body part: Removal tables name groups, the Great Vessel (02PY) for a line whose tip lay
above the heart, the Lower Vein (06PY) for a femoral line ending in the inferior vena cava. Pulled at the
bedside it goes by no way in but the outside (External); a tunneled line's cuff freed through a nick in the skin
is Percutaneous. A port is not such a line: its reservoir is removed from the pocket it sat in (0JP).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CENTRAL_LINE = re.compile(
    r"\b(?:picc|cvc|tlc|tdc|hickman|broviac|groshong|permcath|quinton|trialysis|vas-?cath|mahurkar|"
    r"central (?:venous |access )?(?:line|catheter|cath)|triple[- ]lumen(?: catheter| line)?|"
    r"(?:hd|dialysis|hemodialysis|tunnell?ed|non-?tunnell?ed) (?:\w+ )?(?:cath(?:eter)?|line)s?)\b", re.I)
_PORT = re.compile(r"\bports?\b|\bport-?a-?cath\b|\bmediport\b|\breservoir\b|\bpocket\b", re.I)
# taken out, not swapped: an exchange over a wire puts a new line in as it takes the old one out
_TAKEN_OUT = re.compile(r"(?<!not )(?<!no )(?<!without )\b(?:remov\w*|pulled|d/c'?d|discontinued|explant\w*)\b",
                        re.I)
_PUT_IN = re.compile(r"\b(?:plac\w*|insert\w*|put in|new|exchang\w*|replac\w*|over (?:a |the )?wire)\b", re.I)
_LOWER_BODY = re.compile(r"\bfem(?:oral)?\b|\bivc\b|\binferior vena cava\b|\bgroin\b", re.I)
_CUT_FREE = re.compile(r"\bcuffs?\b|\bdissect\w*|\bincis\w*|\bnick\w*|\btunnell?ed\b|\bhickman\b|\bbroviac\b|"
                       r"\bpermcath\b|\btdc\b", re.I)
_NOT_TUNNELED = re.compile(r"\bnon-?tunnell?ed\b", re.I)
_INSERTION_TABLE = re.compile(r"\b0[2-6]H[0-9A-Z]\b")


@dataclass(frozen=True)
class LineRemoval:
    table: str  # "02PY" or "06PY"
    approach: str  # "External" or "Percutaneous"
    words: str  # the removal told in the titles' words


def central_line_removed(text: str) -> LineRemoval | None:
    """The removal of a central line the question tells, or None (nothing removed, a port, or a line swapped)."""
    if not _CENTRAL_LINE.search(text) or not _TAKEN_OUT.search(text) or _PUT_IN.search(text) or _PORT.search(text):
        return None
    lower = bool(_LOWER_BODY.search(text))
    cut = bool(_CUT_FREE.search(text)) and not _NOT_TUNNELED.search(text)
    approach = "Percutaneous" if cut else "External"
    vessels = "lower vein" if lower else "great vessel"
    return LineRemoval("06PY" if lower else "02PY", approach, f"removal infusion device {vessels}")


def insertion_tables(expansion: str) -> set[str]:
    """The vein tables a device's glossary reading names for its insertion ("... 02HV")."""
    return set(_INSERTION_TABLE.findall(expansion.upper()))
