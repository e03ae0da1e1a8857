"""The project's own coder-language glossary (corpus/glossary.tsv), as citable passages."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ingest.passage import Passage
from ingest.source import SourceInfo, SourceLoad, hash_files

GLOSSARY = Path(__file__).resolve().parents[2] / "corpus" / "glossary.tsv"


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


def info() -> SourceInfo:
    return SourceInfo(
        name="codeask-glossary", type="glossary", title="codeask coder shorthand glossary",
        content_hash=hash_files("glossary-1", GLOSSARY if GLOSSARY.exists() else "missing"),
        version="project", path="corpus/glossary.tsv",
    )


def load() -> SourceLoad:
    src = info()
    out = SourceLoad(info=src)
    for entry in read_glossary():
        text = f"{entry.term}: {entry.expansion}." + (f" {entry.note}" if entry.note else "")
        out.passages.append(Passage(
            text=text, title=f"Glossary: {entry.term}", source=src.name, kind="glossary",
            location=f"Glossary: {entry.term}", dense=True, meta={"glossary_kind": entry.kind},
        ))
    return out
