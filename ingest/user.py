"""User files into SourceLoads: the bridge between ingest.files and the pipeline."""

from __future__ import annotations

from pathlib import Path

from core.catalog import connect
from core.codes import canonical_system
from core.config import Settings
from ingest.source import CodeRow, SourceInfo, SourceLoad


def load_user_sources(settings: Settings, paths: list[Path], *, system: str | None, code_column: str | None,
                      text_column: str | None, max_bytes: int, prune: bool
                      ) -> tuple[list[SourceLoad], list[object], list[str]]:
    from ingest.files import load_files

    files, problems = load_files(paths, system=canonical_system(system), code_column=code_column,
                                 text_column=text_column, max_bytes=max_bytes)
    loads = []
    for f in files:
        load = SourceLoad(info=SourceInfo(name=str(f.path), type=f.type, title=f.title,
                                          content_hash=f.content_hash, version="user file",
                                          path=str(f.path)))
        load.passages = f.passages
        for p in f.passages:
            if p.meta.get("defines") == "1" and p.codes:
                load.codes.append(CodeRow(code=p.codes[0], system=p.system or "other",
                                          title=p.meta.get("description") or p.title.split(" ", 1)[-1]))
        loads.append(load)
    removed: list[str] = []
    if prune:
        present = {str(f.path) for f in files}
        removed = [n for n in sources_under(settings, paths) if n not in present and not Path(n).exists()]
    return loads, problems, removed


def sources_under(settings: Settings, paths: list[Path]) -> list[str]:
    """Names of ingested user sources at or below the given paths."""
    if not settings.catalog_path.exists():
        return []
    db = connect(settings.catalog_path, readonly=True)
    try:
        names = [r[0] for r in db.execute("select name from sources where version='user file'")]
    finally:
        db.close()
    out = []
    for path in paths:
        target = str(path.expanduser().resolve(strict=False))
        out += [n for n in names if n == target or n.startswith(target.rstrip("/") + "/")]
    return sorted(set(out))
