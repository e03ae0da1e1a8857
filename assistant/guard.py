"""The code guard: what an LLM wrote is checked against the loaded code sets and the cited passages.

- A code-shaped token that is no code in any loaded code set is replaced by
  ``[removed: X is not a valid code]``.
- A real code that no retrieved passage or suggestion names is marked
  ``X (not in the cited sources)``.
- A citation marker ``[n]`` that points at no passage given to the model is dropped.

Every check is local to one token or one marker, so text guarded piece by
piece while it streams (``StreamGuard``) reads exactly as the whole text
guarded at once (``guard``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from assistant.store import CodeInfo, Store
from core.codes import CM, CPT, HCPCS, display, find_mentions, normalize

_MARKER = r"\s*\[\s*\d{1,3}(?:\s*[,;]\s*\d{1,3})*\s*\]"
_CITE = re.compile(f"(?:{_MARKER})+")  # markers in a row: [1][2] or [1] [2]
_TOKEN = re.compile(r"(?<![A-Za-z0-9.])[A-Za-z0-9]{3,7}(?:\.[A-Za-z0-9]{1,4})?(?![A-Za-z0-9])")
_SCAN = re.compile(f"(?P<cite>{_CITE.pattern})|(?P<tok>{_TOKEN.pattern})")
_CUE = re.compile(r"\b(cpt|hcpcs|codes?|suggest\w*|assign\w*)\W+(?:\w+\W+){0,2}$", re.I)
_CONTEXT = 60
NOT_IN_SOURCES = "(not in the cited sources)"


def removed_marker(token: str) -> str:
    return f"[removed: {token} is not a valid code]"


class Guard:
    """Checks text against the store and the codes and passage numbers an answer may use."""

    def __init__(self, *, citations: Iterable[Any], store: Store, allowed_codes: Iterable[str],
                 asked_codes: Iterable[str] = ()) -> None:
        self.valid_numbers = {int(c.n) if hasattr(c, "n") else int(c) for c in citations}
        self.store = store
        self.allowed = {normalize(c) for c in allowed_codes}
        self.asked = {normalize(c) for c in asked_codes}
        self.cpt_loaded = CPT in store.systems()
        self._known: dict[str, list[CodeInfo]] = {}
        self.invented: list[str] = []
        self.unsupported: list[str] = []
        self.dropped: list[int] = []
        self._tail = ""  # raw text just before the piece being checked (for cue words)

    def check(self, text: str) -> str:
        """Guard one piece; pieces checked in order read as the whole text checked at once."""
        out = _SCAN.sub(self._replace, text)
        self._tail = (self._tail + text)[-_CONTEXT:]
        return out

    def report(self) -> dict[str, Any]:
        return {"invented_codes": list(self.invented), "unsupported_codes": list(self.unsupported),
                "dropped_citations": list(self.dropped),
                "corrected": bool(self.invented or self.unsupported or self.dropped)}

    # --- one match -------------------------------------------------------------------------
    def _replace(self, match: re.Match[str]) -> str:
        if match.group("cite") is not None:
            return self._citation(match.group("cite"))
        before = (self._tail + match.string[:match.start()])[-_CONTEXT:]
        return self._token(match.group("tok"), cued=bool(_CUE.search(before)))

    def _citation(self, group: str) -> str:
        """Keeps the valid numbers of each marker; a dropped marker takes its leading space along."""
        out: list[str] = []
        carry = ""
        for lead, body in re.findall(r"(\s*)\[([^\]]*)\]", group):
            numbers = [int(n) for n in re.findall(r"\d+", body)]
            keep = [n for n in numbers if n in self.valid_numbers]
            for n in numbers:
                if n not in self.valid_numbers and n not in self.dropped:
                    self.dropped.append(n)
            if not keep:
                carry = carry or lead
                continue
            marker = f"[{body}]" if len(keep) == len(numbers) else "[" + ", ".join(map(str, keep)) + "]"
            out.append((lead or carry) + marker)
            carry = ""
        return "".join(out)

    def _token(self, token: str, *, cued: bool) -> str:
        if not is_code_like(token, cpt_loaded=self.cpt_loaded, cued=cued):
            return token
        key = normalize(token)
        infos = self._lookup(key)
        if not infos:
            if len(key) < 4 and "." not in token:
                return token  # a three-character category that exists nowhere: more likely prose (B12, T12)
            if key in self.asked:
                return f"{token} (not a valid code)"
            _add(self.invented, token)
            return removed_marker(token)
        if key in self.allowed or self._heads(key):
            return token
        _add(self.unsupported, display(key, infos[0].system))
        return f"{token} {NOT_IN_SOURCES}"

    def _heads(self, key: str) -> bool:
        """A category (K35) whose codes the sources name (K35.80) is backed by them too."""
        return len(key) < 7 and any(c.startswith(key) and len(c) > len(key) and not c.isdigit()
                                    for c in self.allowed if c[:1].isalpha())

    def _lookup(self, key: str) -> list[CodeInfo]:
        if key not in self._known:
            self._known[key] = self.store.code(key)
        return self._known[key]


def is_code_like(token: str, *, cpt_loaded: bool, cued: bool = False) -> bool:
    """Whether a token should be checked as a code.

    Needs a code shape (``find_mentions``) and no lower-case letter (codes are
    written in capitals; ``a1c`` or ``b12`` in prose are not codes), and for an
    ICD-10-CM shape a digit, A or B third (``T2DM``, ``L5S1`` are shorthand). Four-digit
    numbers (years) never fit a code shape. Five-digit numbers (and 4 digits +
    F/T/U) are CPT-shaped: they count when a CPT code set is loaded, or when
    ``cued`` (a word like "CPT", "code" or "suggest" just before them presents
    them as a code). Seven digits count: some ICD-10-PCS codes are all digits.
    """
    if any(ch.islower() for ch in token):
        return False
    mentions = find_mentions(token)
    if not mentions or mentions[0].text != token:
        return False
    key = mentions[0].code
    if mentions[0].systems[0] in (CM, HCPCS) and not (key[2].isdigit() or key[2] in "AB"):
        return False  # no CM category has another letter third (T2DM, L5S1, G6PD are shorthand)
    if key.isdigit():
        return len(key) == 7 or (len(key) == 5 and (cpt_loaded or cued))
    if re.fullmatch(r"[0-9]{4}[FTU]", key):
        return cpt_loaded or cued
    return True


def _add(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)


def guard(text: str, *, citations: Iterable[Any], store: Store, allowed_codes: Iterable[str],
          asked_codes: Iterable[str] = ()) -> tuple[str, dict[str, Any]]:
    """Guarded text and a report: invented_codes, unsupported_codes, dropped_citations, corrected.

    ``citations`` are the passages the model was given (``Citation`` objects or
    their numbers); ``allowed_codes`` the codes those passages and the
    suggestions name; ``asked_codes`` codes the user wrote (an invalid one is
    marked "(not a valid code)" rather than removed, since the model only echoes it).
    """
    g = Guard(citations=citations, store=store, allowed_codes=allowed_codes, asked_codes=asked_codes)
    return g.check(text), g.report()


class StreamGuard:
    """Guards streamed text as it arrives, holding back only the unfinished last word or marker.

    ``feed(chunk)`` returns the guarded text that is safe to show now;
    ``close()`` the rest. Their concatenation equals ``guard(full_text)``.
    """

    def __init__(self, checker: Guard) -> None:
        self.checker = checker
        self.pending = ""
        self.raw: list[str] = []

    def feed(self, chunk: str) -> str:
        self.raw.append(chunk)
        self.pending += chunk
        cut = _safe_cut(self.pending)
        if cut <= 0:
            return ""
        ready, self.pending = self.pending[:cut], self.pending[cut:]
        return self.checker.check(ready)

    def close(self) -> str:
        ready, self.pending = self.pending, ""
        return self.checker.check(ready) if ready else ""

    @property
    def text(self) -> str:
        return "".join(self.raw)


def _safe_cut(text: str) -> int:
    """Where to split ``text`` so no token or citation marker straddles the cut.

    The cut falls before the last whitespace run (that whitespace travels with
    the next word, so a dropped marker takes its leading space along), and
    before any ``[`` still open.
    """
    end = len(text)
    while end > 0 and not text[end - 1].isspace():
        end -= 1
    while end > 0 and text[end - 1].isspace():
        end -= 1
    head = text[:end]
    opened = head.rfind("[")
    if opened > head.rfind("]"):
        end = opened
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if end == opened:  # "[1][2": keep the complete markers before it in the same piece
            run = re.search(f"(?:{_MARKER})+$", text[:end])
            if run:
                end = run.start()
    return end
