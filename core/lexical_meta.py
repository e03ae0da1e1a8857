"""Which catalog generation the persisted BM25 index was built from (read by both sides)."""

from __future__ import annotations

import json
from pathlib import Path

from core.text import TOKENIZER_VERSION


def built_generation(path: Path) -> int:
    try:
        meta = json.loads((path / "meta.json").read_text())
        return int(meta["generation"]) if meta.get("tokenizer") == TOKENIZER_VERSION else -1
    except (OSError, ValueError, KeyError):
        return -1
