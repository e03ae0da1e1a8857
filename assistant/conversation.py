"""Follow-up questions read in the context of earlier turns.

Default mode rewrites by rules: a follow-up that only changes a detail ("what
if it was open?", "and the left side?", "with a drain?") is the previous
standalone question with that detail swapped in.
"""

from __future__ import annotations

import re

from assistant.query import APPROACH_CUES, SIDES

_FOLLOW_UP = re.compile(
    r"^(and|what if|what about|how about|if|same|but|instead|now|ok|okay|then|with|without|w/|w/o|and if)\b", re.I)
_DETAIL_WORDS = re.compile(r"\b(it|that|this|one|same|instead|side|approach|device)\b", re.I)
_FILLER = re.compile(
    r"^(and|what if|what about|how about|if|but|instead|now|ok|okay|then|and if)\s+(it\s+)?"
    r"(was|were|is|done|performed|had been|the)?\s*", re.I)


def is_follow_up(question: str, history: list[str]) -> bool:
    if not history:
        return False
    q = question.strip()
    if _FOLLOW_UP.match(q):
        return True
    return len(q.split()) <= 5 and bool(_DETAIL_WORDS.search(q))


def _remove_cues(text: str, cues: list[str]) -> str:
    for cue in sorted(cues, key=len, reverse=True):
        text = re.sub(rf"(?<![\w/&-]){re.escape(cue)}(?![\w/&-])", " ", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip()


def rewrite(question: str, history: list[str]) -> str:
    """A standalone question; ``history`` holds earlier standalone questions, oldest first."""
    if not is_follow_up(question, history):
        return question
    base = history[-1]
    detail = _FILLER.sub("", question.strip()).rstrip(" ?.!")
    detail = re.sub(r"\b(side|instead|approach)\b", " ", detail, flags=re.I).strip()
    lowered = detail.lower()
    # Swap a stated approach or side for the previous one, rather than stacking both.
    if any(re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", lowered) for _, cues in APPROACH_CUES for c in cues):
        base = _remove_cues(base, [c for _, cues in APPROACH_CUES for c in cues])
    words = set(re.findall(r"[a-z/]+", lowered))
    if words & set(SIDES):
        base = _remove_cues(base, [w for w in SIDES if len(w) > 1] + ["l", "r"])
    if re.match(r"^(without|w/o|no)\b", lowered):
        removed = re.sub(r"^(without|w/o|no)\s+", "", lowered)
        base = _remove_cues(base, [f"with {removed}", f"w/ {removed}", removed])
        return base
    return f"{base} {detail}".strip()
