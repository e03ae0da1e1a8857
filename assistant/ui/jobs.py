"""Index writes started from the UI, all through ingest/: build the index, add uploaded files, remove a source.

Each job runs the pipeline in a worker thread while the script thread polls
the catalog (read-only) for embedding progress and reports it, so the page
shows a moving progress indicator instead of freezing.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.config import Settings

Progress = Callable[[str, float | None], None]
MAX_FILE_BYTES = 50 * 1024 * 1024
_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()+-]")


@dataclass
class JobResult:
    line: str = ""
    problems: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


def uploads_dir(settings: Settings) -> Path:
    return settings.home / "uploads"


def safe_name(name: str) -> str | None:
    """A plain file name for an upload (no folders, no hidden files), or None when nothing usable is left."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip(" .")
    return base[:150] if base else None


def save_uploads(settings: Settings, files: Iterable[tuple[str, bytes]]) -> tuple[list[Path], list[str]]:
    """Write uploaded files under CODEASK_HOME/uploads/; one line for each that cannot be saved."""
    folder = uploads_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    problems: list[str] = []
    for name, data in files:
        clean = safe_name(name)
        if clean is None:
            problems.append(f"{name or '(no name)'}: not a usable file name")
            continue
        target = folder / clean
        try:
            target.write_bytes(data)
        except OSError as exc:
            problems.append(f"{clean}: cannot be saved ({exc.strerror or exc})")
            continue
        saved.append(target.resolve())
    return saved, problems


def embedding_progress(settings: Settings) -> tuple[int, int] | None:
    """(embedded, to embed) dense passages in the catalog, or None before it exists or while it is busy."""
    if not settings.catalog_path.exists():
        return None
    try:
        from core.catalog import connect

        db = connect(settings.catalog_path, readonly=True)
        try:
            done, total = db.execute("select coalesce(sum(embedded), 0), count(*) from passages where dense=1"
                                     ).fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return None
    return int(done), int(total)


def run_with_progress(settings: Settings, job: Callable[[], Any], progress: Progress, *,
                      poll: float = 0.5) -> Any:
    """Run ``job`` in a worker thread, reporting embedding progress until it ends; re-raises its error."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["value"] = job()
        except BaseException as exc:  # noqa: BLE001 - handed to the script thread
            box["error"] = exc

    start = embedding_progress(settings)
    worker = threading.Thread(target=work, name="codeask-ingest", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(timeout=poll)
        now = embedding_progress(settings)
        if now is None:
            progress("Reading the sources…", None)
            continue
        done, total = now
        base = start[0] if start else 0
        todo = max(total - base, 0)
        if todo and done < total:
            progress(f"Embedding passages: {done - base:,} of {todo:,}", (done - base) / todo)
        else:
            progress(f"Indexing ({total:,} embedded passages)…", None)
    if "error" in box:
        raise box["error"]
    return box.get("value")


def build_index(settings: Settings, progress: Progress) -> JobResult:
    """The default index (the code sets and references), as `codeask ingest` builds it."""
    from ingest import pipeline

    progress("Reading the code sets…", None)
    summary = run_with_progress(settings, lambda: pipeline.run(settings), progress)
    return JobResult(line=summary.line())


def add_files(settings: Settings, paths: list[Path], progress: Progress, *, system: str | None = None,
              max_bytes: int = MAX_FILE_BYTES) -> JobResult:
    """Load files through ingest.user and add them to the index; a bad file is one line, never a stop."""
    from ingest import pipeline
    from ingest.user import load_user_sources

    progress(f"Reading {len(paths)} file(s)…", 0.05)
    loads, problems, removed = load_user_sources(settings, paths, system=system, code_column=None,
                                                 text_column=None, max_bytes=max_bytes, prune=False)
    result = JobResult(problems=[_problem_line(p) for p in problems])
    for problem in problems:  # an upload that cannot be read is not kept
        path = getattr(problem, "path", None)
        if path is not None:
            _discard_upload(settings, Path(path))
    empty = [load for load in loads if not load.passages]
    for load in empty:
        result.problems.append(f"{Path(load.info.name).name}: no text found in the file")
        _discard_upload(settings, Path(load.info.name))
    loads = [load for load in loads if load.passages]
    if not loads and not removed:
        result.line = "nothing was added"
        return result
    summary = run_with_progress(settings, lambda: pipeline.run(settings, builtin=False, loads=loads,
                                                               remove=removed), progress)
    result.added = [load.info.name for load in loads]
    result.line = summary.line()
    return result


def remove_source(settings: Settings, name: str, progress: Progress) -> JobResult:
    """Remove one user source from the index, and its uploaded copy when the app saved it."""
    from ingest import pipeline

    progress(f"Removing {Path(name).name}…", None)
    summary = run_with_progress(settings, lambda: pipeline.run(settings, builtin=False, remove=[name]), progress)
    _discard_upload(settings, Path(name))
    return JobResult(line=summary.line())


def _problem_line(problem: object) -> str:
    path = getattr(problem, "path", None)
    message = getattr(problem, "message", None)
    if path is not None and message:
        return f"{Path(path).name}: {message}"
    return str(problem)


def _discard_upload(settings: Settings, path: Path) -> None:
    folder = uploads_dir(settings).resolve()
    try:
        target = path.resolve()
        if target.parent == folder and target.is_file():
            target.unlink()
    except OSError:
        pass
