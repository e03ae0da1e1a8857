"""Strip web and document boilerplate so it neither pollutes answers nor eats embedding time.

Cleaning works line by line and is conservative: a line goes only when it is
all boilerplate (a short line matching a known pattern, a repeat), and a line
that mentions a code stays unless it is an exact repeat across the documents
of a folder (a shared footer naming a code is still a footer).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from core.codes import find_mentions

# A pattern line longer than this is treated as substance that happens to
# contain the words ("providers log in to the portal to submit ...").
_MAX_NOISE_CHARS = 240
_MIN_REPEAT_CHARS = 12      # shorter lines ("Yes", "N/A") may repeat legitimately
_REPEATS_IN_DOC = 3         # a line seen this often in one document keeps its first copy only
CROSS_DOC_SHARE = 0.6       # ... of the documents of one folder
CROSS_DOC_MIN_DOCS = 3
_MAX_SHARED_SHARE = 0.8     # a document mostly made of shared lines is a near-copy: keep it whole

_PATTERNS = [
    # copyright and rights lines
    r"^\s*(©|\(c\)|copyright\b)",
    r"\ball rights reserved\b",
    # sign-up, log-in, paywall prompts
    r"\bcreate (a |an |your )?(free )?account\b",
    r"\bunlock (this|the|full)\b.{0,20}\b(content|article|answer|access)\b",
    r"^\W*(sign up|sign in|log ?in|subscribe|register)\b",
    r"\b(sign up|sign in|log ?in|subscribe|register)\b.{0,40}"
    r"\b(to (read|view|continue|unlock|access|see|get|download)|for (free|full access|our newsletter))",
    r"\bstart (your|a) free trial\b", r"\bfree trial\b", r"\bbuy now\b",
    r"\balready (a member|a subscriber|have an account)\b", r"\bto continue reading\b",
    r"\bsubscribe to (our|the) newsletter\b", r"\bmembers? only\b", r"\bunlimited access\b",
    r"\bunlock (every|all|our|unlimited)\b", r"(^|[.!]\s+)\W*log ?in (to|for)\b", r"^\W*\[[^\]]{1,30}\]\W*$",
    r"\bnot a guarantee of (coverage|payment)\b", r"\bfor informational purposes only\b",
    # newsletter sign-ups: "... in your inbox every Tuesday. [Email address] [Subscribe]"
    r"\b(in|to) your inbox\b", r"\bunsubscribe\b", r"\bdelivered free\b", r"^\W*(\[[^\]]{1,30}\]\W*){2,}$",
    r"\b(arrives|lands|delivered|goes out)\b[^.]{0,30}\b((every|each)\s+(other\s+)?|first )"
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    # contact lines: a toll-free number with office hours
    r"\b1-8\d\d-\d{3}-\d{4}\b",
    # cookie notices
    r"\b(we|this (web)?site|our (web)?site) uses? cookies\b", r"\baccept (all )?cookies\b",
    r"\bcookie (policy|settings|preferences|consent|notice)\b",
    # page furniture
    r"^\W*(skip to (main )?content|back to top|advertisement|related (articles|posts|reading)|"
    r"you (may|might) also like|more from [\w ]{1,30}|popular posts|read next|trending)\W*$",
    r"^\W*page \d+( of \d+)?\W*$", r"^\W*\d+ of \d+\W*$",
]
_NOISE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)
# Lines made only of share / print / social button labels.
_BUTTONS = re.compile(
    r"^(?:\s|[|·•/,:-]|share( this( article| page| post)?)?|print( this( page| article)?)?|email|"
    r"e-mail|tweet|facebook|twitter|linkedin|pinterest|whatsapp|reddit|x|copy link|"
    r"follow us( on)?|save|bookmark)+$",
    re.IGNORECASE,
)


# A navigation bar or breadcrumb: three or more short items between separators ("Home > Coding > Tips").
_SEP = "|>\u203a\u00bb\u2022\u00b7"
_NAV = re.compile(rf"^\s*[^{_SEP}]{{1,40}}(\s+[{_SEP}]\s+[^{_SEP}]{{1,40}}){{2,}}\s*$")
# The heading of a list of links to other pages; the short lines under it are their titles.
_LINK_LIST = re.compile(r"^\W*(related (articles|posts|reading)|you (may|might) also like|more from\b.*|"
                        r"popular (posts|articles)|read next|trending( now)?|recent posts)\W*$", re.I)
_MAX_TITLE_CHARS = 100


def line_key(line: str) -> str:
    """How lines are compared: case and spacing do not matter."""
    return " ".join(line.split()).casefold()


def _is_heading(line: str) -> bool:
    return line.lstrip().startswith("#")


def is_noise(line: str) -> bool:
    """True for one line of boilerplate (copyright, sign-up, cookie, share buttons...)."""
    text = line.strip().lstrip("#").strip()
    if not text or len(text) > _MAX_NOISE_CHARS:
        return False
    return bool(_NOISE.search(text) or _BUTTONS.fullmatch(text) or _NAV.match(text)) and not find_mentions(text)


def _mastheads(lines: list[str]) -> set[int]:
    """Indexes of a site's name and tagline: the short lines right above a navigation bar."""
    out: set[int] = set()
    for i, line in enumerate(lines):
        if not _NAV.match(line.strip()):
            continue
        for j in range(i - 1, -1, -1):
            text = lines[j].strip()
            if not text or len(text) > _MAX_TITLE_CHARS or text.endswith(".") or find_mentions(text):
                break
            out.add(j)
    return out


def _link_titles(lines: list[str]) -> set[int]:
    """Indexes of the short title lines listed under a "Related articles" heading, up to a blank line
    or a sentence (a title carries no full stop)."""
    out: set[int] = set()
    for i, line in enumerate(lines):
        if not _LINK_LIST.match(line.strip().lstrip("#").strip()):
            continue
        for j in range(i + 1, len(lines)):
            text = lines[j].strip().lstrip("-*\u2022 ").strip()
            if not text:
                if j > i + 1:
                    break
                continue
            if len(text) > _MAX_TITLE_CHARS or text.endswith("."):
                break
            out.add(j)
    return out


def clean_parts(parts: Sequence[str]) -> list[str]:
    """Clean the parts (pages) of one document together.

    Pattern lines go; a non-heading line of 12+ characters seen three or more
    times in the document (running headers, repeated banners) keeps its first
    copy only. Blank-line runs collapse to one blank line.
    """
    counts = Counter(
        line_key(line) for part in parts for line in part.splitlines()
        if len(line.strip()) >= _MIN_REPEAT_CHARS and not _is_heading(line)
    )
    seen: set[str] = set()
    out: list[str] = []
    for part in parts:
        kept: list[str] = []
        lines = part.splitlines()
        titles = _link_titles(lines) | _mastheads(lines)
        for i, line in enumerate(lines):
            if is_noise(line) or i in titles:
                continue
            key = line_key(line)
            if counts.get(key, 0) >= _REPEATS_IN_DOC and not find_mentions(line):
                if key in seen:
                    continue
                seen.add(key)
            kept.append(line.rstrip())
        out.append(_squeeze("\n".join(kept)))
    return out


def _squeeze(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def cross_document_repeats(
    documents: Sequence[Sequence[str]],
    *,
    share: float = CROSS_DOC_SHARE,
    min_docs: int = CROSS_DOC_MIN_DOCS,
) -> set[str]:
    """Lines (compared by ``line_key``) found in at least ``share`` of the documents.

    ``documents`` are the documents of one folder, each as its parts. Needs at
    least ``min_docs`` distinct documents (identical copies count once) to say
    anything; headings and blank lines are never counted, so shared section
    names keep structuring each document.
    """
    distinct = {tuple(parts) for parts in documents}
    if len(distinct) < min_docs:
        return set()
    per_doc: Counter[str] = Counter()
    for parts in distinct:
        per_doc.update({line_key(line) for part in parts for line in part.splitlines()
                        if line.strip() and not _is_heading(line)})
    needed = max(2.0, share * len(distinct))
    return {key for key, n in per_doc.items() if n >= needed}


def drop_shared(parts: Sequence[str], keys: set[str]) -> tuple[list[str], set[str]]:
    """The parts without lines whose ``line_key`` is in ``keys``, and the keys removed.

    A document that ``keys`` would nearly empty (80%+ of its characters) is a
    version of its neighbours, not a page that shares their boilerplate, so it
    is left whole.
    """
    lines = [line for part in parts for line in part.splitlines() if line.strip()]
    hit = {line_key(line) for line in lines} & keys
    if not hit:
        return list(parts), set()
    total = sum(len(line.strip()) for line in lines)
    gone = sum(len(line.strip()) for line in lines if line_key(line) in hit)
    if gone >= _MAX_SHARED_SHARE * total:
        return list(parts), set()
    kept = [_squeeze("\n".join(line for line in part.splitlines() if line_key(line) not in hit))
            for part in parts]
    return kept, hit
