"""The project's own coder-language glossary (corpus/glossary.tsv), as citable passages."""

from __future__ import annotations

from core.glossary import GLOSSARY, read_glossary
from core.passage import Passage
from ingest.source import SourceInfo, SourceLoad, hash_files


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
