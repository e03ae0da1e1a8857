"""Thumbs up/down on answers, kept on this computer as JSON lines (nothing is sent anywhere)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.answer import Answer

RATINGS = {0: "down", 1: "up"}  # st.feedback("thumbs") returns 0 or 1
MAX_NOTE = 2000


def feedback_record(answer: Answer, *, rating: int, note: str = "", mode: str = "default",
                    system: str | None = None) -> dict[str, Any]:
    if rating not in RATINGS:
        raise ValueError(f"rating must be 0 (down) or 1 (up), not {rating!r}")
    return {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "question": answer.question,
        "rewritten": answer.rewritten,
        "codes": [s["code"] for s in answer.suggestions[:5]],
        "found": answer.found,
        "rating": RATINGS[rating],
        "note": note.strip()[:MAX_NOTE],
        "mode": mode,
        "system": system,
    }


def append_feedback(path: Path, record: dict[str, Any]) -> None:
    """Append one JSON line; the file and its folder are created when missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")
