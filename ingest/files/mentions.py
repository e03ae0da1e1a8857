"""Code mentions in user text, kept only where they are plausibly codes.

Code shapes overlap with ordinary tokens: a zip code or an amount is shaped
like a CPT code, ``B12`` or ``H1N1`` like ICD-10-CM. So mentions are split in
two:

* strong: a dotted CM code (``E11.9``), a letter and four digits (``J1100``),
  four digits and F/T/U (``0042T``), or a seven-character PCS shape that mixes
  letters and digits (``0FT44ZZ``). Kept whenever written in upper case.
* weak: all-digit tokens (``99213``, ``0210093``) and other undotted CM shapes
  (``E11``, ``E119``). Kept only when the same line names a coding word
  (code, CPT, HCPCS, ICD, modifier, billing, claim, ...) or the document as a
  whole does (user files are mostly about coding, so that is the common case).

Always dropped: tokens written with lower-case letters (``a1c``), 5-digit
numbers that look like a US zip code (after a state abbreviation, or followed
by ``-dddd``), and numbers next to a currency sign, percent sign or comma
grouping. The shape systems of each kept mention go into
``meta["mentions"]`` (``"99213:CPT;J1100:HCPCS|ICD-10-CM"``): shapes are
ambiguous, the loaded code sets decide which code exists.
"""

from __future__ import annotations

import re

from core.codes import CodeMention, find_mentions

CODING_CUE = re.compile(
    r"\b(codes?|coding|coders?|coded|cpt|hcpcs|icd(?:-?10)?(?:-?(?:cm|pcs))?|pcs|modifiers?|"
    r"billing|billed|bill|claims?|reimburse\w*|procedures?|diagnos[ie]s|e/m|rvus?|"
    r"units?|report(?:ed|ing)?)\b",
    re.IGNORECASE,
)
_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|"
    "NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR"
)
_ZIP_BEFORE = re.compile(r"\b(?:" + _STATES + r"),?\s+$")
_PCS_MIXED = re.compile(r"[0-9BCDFGHX][0-9A-HJ-NP-Z]{6}")


def is_strong(mention: CodeMention) -> bool:
    """A shape that ordinary prose rarely produces by accident."""
    raw, key = mention.text.upper(), mention.code
    if "." in raw:
        return True
    if re.fullmatch(r"[A-V][0-9]{4}", key) or re.fullmatch(r"[0-9]{4}[FTU]", key):
        return True
    return bool(_PCS_MIXED.fullmatch(key)) and any(c.isalpha() for c in key) and any(
        c.isdigit() for c in key
    )


def _noise(line: str, start: int, end: int, token: str) -> bool:
    """True when the token at ``line[start:end]`` is an amount, a zip code or part of a number."""
    before, after = line[:start], line[end:]
    if before.endswith(("$", "#")) or after.startswith("%"):
        return True
    if re.search(r"\d,$", before) or re.match(r",\d{3}\b", after):
        return True  # comma-grouped number: "1,23456" or "12345,678"
    if token.isdigit() and len(token) == 5:
        return bool(re.match(r"-\d{4}\b", after) or _ZIP_BEFORE.search(before))
    return False


def code_mentions(text: str, *, doc_is_coding: bool = False) -> list[CodeMention]:
    """Mentions in ``text`` that pass the filters above, in order, once each."""
    out: list[CodeMention] = []
    seen: set[str] = set()
    for line in text.splitlines():
        found = find_mentions(line)
        if not found:
            continue
        line_cue = doc_is_coding or bool(CODING_CUE.search(line))
        for mention in found:
            if mention.code in seen or mention.text != mention.text.upper():
                continue
            if not (is_strong(mention) or line_cue):
                continue
            spots = [m.span() for m in re.finditer(
                r"(?<![A-Za-z0-9.])" + re.escape(mention.text) + r"(?![A-Za-z0-9])", line)]
            if spots and all(_noise(line, a, b, mention.text) for a, b in spots):
                continue
            seen.add(mention.code)
            out.append(mention)
    return out


def is_coding_text(text: str) -> bool:
    """Whether a document as a whole is about coding (it names a coding word)."""
    return bool(CODING_CUE.search(text))


def mentions_meta(mentions: list[CodeMention]) -> str:
    """``"99213:CPT;J1100:HCPCS|ICD-10-CM"``: each code with the systems its shape fits."""
    return ";".join(f"{m.code}:{'|'.join(m.systems)}" for m in mentions)
