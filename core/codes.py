"""Code shapes: recognising, normalising and displaying codes of each system.

Shapes alone are ambiguous (``E1122`` looks like HCPCS, ``S52501A`` like PCS),
so this module proposes candidates and the loaded code sets decide which exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PCS = "ICD-10-PCS"
CM = "ICD-10-CM"
CPT = "CPT"
HCPCS = "HCPCS"
OTHER = "other"

SYSTEM_ALIASES = {
    "pcs": PCS, "icd10pcs": PCS, "icd-10-pcs": PCS,
    "cm": CM, "icd10cm": CM, "icd-10-cm": CM,
    "cpt": CPT, "hcpcs": HCPCS, "other": OTHER,
}

# PCS never uses the letters I and O; its first character is a section.
_PCS = r"[0-9BCDFGHX][0-9A-HJ-NP-Z]{6}"
# CM: letter, digit, digit-or-letter, then optionally a dot and up to four more.
_CM_DOTTED = r"[A-Z][0-9][0-9A-Z]\.[0-9A-Z]{1,4}"
_CM_PLAIN = r"[A-Z][0-9][0-9A-Z](?:[0-9A-Z]{1,4})?"
_CPT = r"[0-9]{4}[0-9FTU]"
_HCPCS = r"[A-V][0-9]{4}"

_TOKEN = re.compile(r"(?<![A-Za-z0-9.])([A-Za-z0-9]{3,7}(?:\.[A-Za-z0-9]{1,4})?)(?![A-Za-z0-9])")
# a letter's token joined to a run of digits by a hyphen is an accession or record number ("S24-11873"), not a code
# (a CPT range or modifier, "99211-99215", "99213-25", starts with a digit)
_ACCESSION_TAIL = re.compile(r"-\d{3,}")


def normalize(code: str) -> str:
    """The canonical key of a code: upper case, no dot, no spaces."""
    return code.strip().upper().replace(".", "").replace(" ", "")


def canonical_system(name: str | None) -> str | None:
    if name is None:
        return None
    key = name.strip().lower()
    if key in SYSTEM_ALIASES:
        return SYSTEM_ALIASES[key]
    for system in (PCS, CM, CPT, HCPCS, OTHER):
        if key == system.lower():
            return system
    raise ValueError(f"unknown code system {name!r}: use pcs, cm, cpt, hcpcs or other")


def display(code: str, system: str) -> str:
    """How coders write a code: CM with its dot after the third character."""
    key = normalize(code)
    if system == CM and len(key) > 3:
        return f"{key[:3]}.{key[3:]}"
    return key


@dataclass(frozen=True)
class CodeMention:
    text: str          # as written
    code: str          # normalised key
    systems: tuple[str, ...]  # systems whose shape it fits, most likely first


def shape_systems(token: str) -> tuple[str, ...]:
    """Systems whose code shape the token fits (before any code-set check)."""
    raw = token.strip().upper()
    key = normalize(raw)
    found: list[str] = []
    if "." in raw:
        if re.fullmatch(_CM_DOTTED, raw):
            found.append(CM)
        return tuple(found)
    if not any(ch.isdigit() for ch in key):
        return ()
    if re.fullmatch(_PCS, key) and sum(ch.isdigit() for ch in key) >= 1:
        found.append(PCS)
    if re.fullmatch(_CM_PLAIN, key) and key[0].isalpha():
        found.append(CM)
    if re.fullmatch(_CPT, key):
        found.append(CPT)
    if re.fullmatch(_HCPCS, key):
        found.append(HCPCS)
    return tuple(found)


_TIMES = re.compile(r"\s*(?:days?|weeks?|wks?|months?|mos?|years?|yrs?|hours?|hrs?|doses?|cycles?|times|tabs?|"
                    r"tablets?|pills?|units?|sessions?)\b", re.I)


# Dextrose by its strength ("amp of D50", "D10 infusion", "D5W") where sugar is the story: a fluid, not the
# category D50 (iron deficiency anemia) or D10 (a benign tumor of the mouth)
_DEXTROSE = frozenset({"D5", "D10", "D25", "D50", "D70"})
_SUGAR_STORY = re.compile(r"hypoglyc|glucose|\bbg\b|\bfsbg\b|dextrose|\bsugars?\b|insulin|\bamps?\b|\bpush(?:ed)?\b|"
                          r"\bgtt\b|\binfusion\b|\bbolus\b|\bdrip\b|\bgel\b|\bdiaphoretic\b", re.I)


# A claim's remark or adjustment-reason code ("remark code N130", "with remark M51", "RARC MA130") is a payer's
# code, not the diagnosis its letters and digits spell
_CLAIM_REASON = re.compile(r"\b(?:remark|rarc|carc|adjustment reason|reason)(?: codes?)?\s*[:#]?\s*$", re.I)


# A home-health assessment's OASIS item ("what goes in M1021 as primary", "M1311 filled out") is a form's field,
# not the gout code its letters and digits spell, where the note is a home-health one
# A vitamin, a lab and water shaped like codes that no code set has ("B12 injection", "A1c 7.2", "H2O")
_NOT_CODES = frozenset({"B12", "A1C", "H2O"})
_OASIS_ITEM = re.compile(r"M[0-2]\d{3}")
_OASIS_NOTE = re.compile(r"\b(?:oasis|soc|roc|start of care|resumption of care|home health|hh|pdgm|m1021|m1023)\b",
                         re.I)


def find_mentions(text: str) -> list[CodeMention]:
    """Every token in ``text`` shaped like a code of some system, in order, once each."""
    seen: set[str] = set()
    out: list[CodeMention] = []
    for match in _TOKEN.finditer(text):
        token = match.group(1)
        systems = shape_systems(token)
        if not systems:
            continue
        # A plain word like "B12" or "a1234" in prose is rare; require upper case
        # or a digit-heavy token to limit false hits on ordinary words.
        if _TIMES.match(text, match.end(1)) and token[0] in "xX" and token[1:].isdigit():
            continue  # "x12 weeks", "X10 days": a count of times, not external cause code X12
        key = normalize(token)
        if key in _NOT_CODES or token[0].isalpha() and _ACCESSION_TAIL.match(text, match.end(1)):
            continue
        if key in _DEXTROSE and _SUGAR_STORY.search(text):
            continue
        if _CLAIM_REASON.search(text, max(0, match.start(1) - 30), match.start(1)):
            continue
        if _OASIS_ITEM.fullmatch(token) and _OASIS_NOTE.search(text):
            continue
        if key in seen:
            continue
        seen.add(key)
        out.append(CodeMention(text=token, code=key, systems=systems))
    return out
