"""The project's coder-language glossary (corpus/glossary.tsv) as records: read by query analysis and
turned into citable passages by ingest."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

GLOSSARY = Path(__file__).resolve().parents[1] / "corpus" / "glossary.tsv"


@dataclass(frozen=True)
class Entry:
    term: str
    expansion: str
    kind: str
    note: str = ""


def read_glossary(path: Path = GLOSSARY) -> list[Entry]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [Entry(r["term"].strip().lower(), r["expansion"].strip(), r["kind"].strip(),
                      (r.get("note") or "").strip()) for r in rows if r.get("term")]
