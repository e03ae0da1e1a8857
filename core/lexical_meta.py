"""What the ingest writes beside the persisted BM25 index and a question reads back: the catalog generation it
was built from, and the sources' word counts (spelling), counted once per ingest rather than at every start."""

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


WORDS_FILE = "words.json"
# The passages whose words spelling may correct to: code titles and prose, not the code listings themselves.
WORDS_QUERY = "select title from codes union all select text from passages where kind != 'code'"


def built_words(path: Path) -> dict[str, int] | None:
    """The word counts saved with the index, or None for an index built before they were saved."""
    try:
        words = json.loads((path / WORDS_FILE).read_text())
    except (OSError, ValueError):
        return None
    return words if isinstance(words, dict) else None
