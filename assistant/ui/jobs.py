"""Index writes started from the UI or `codeask serve`: build the index, add uploaded files, remove a source.

Every write is its own `codeask ingest` / `codeask remove` process, one thread, at low priority: the app's
and server's own interpreter stays free to answer questions while it runs, and the store they read is never
written by them. A UI job waits for that process in a worker thread while the script thread polls the catalog
(read-only) for embedding progress, so the page shows a moving indicator instead of freezing.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.config import Settings
from core.errors import CodeaskError

Progress = Callable[[str, float | None], None]
MAX_FILE_BYTES = 50 * 1024 * 1024
WRITE_TIMEOUT_S = 3600
WRITE_NICENESS = 15
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
    progress("Reading the code sets…", None)
    summary, _ = run_with_progress(settings, lambda: write_process(settings, "ingest", "--wait"), progress)
    return JobResult(line=summary)


def add_files(settings: Settings, paths: list[Path], progress: Progress, *, system: str | None = None) -> JobResult:
    """Add files with `codeask ingest`; a bad file is one line, never a stop, and its upload is not kept."""
    progress(f"Reading {len(paths)} file(s)…", 0.05)
    extra = ["--system", system] if system else []
    summary, skipped = run_with_progress(
        settings, lambda: write_process(settings, "ingest", *map(str, paths), *extra, "--wait"), progress)
    known = _source_names(settings)
    result = JobResult(line=summary, problems=skipped, added=[str(p) for p in paths if str(p) in known])
    for path in paths:
        if str(path) not in result.added:
            _discard_upload(settings, path)
    if not result.added:
        result.line = "nothing was added"
    return result


def remove_source(settings: Settings, name: str, progress: Progress) -> JobResult:
    """Remove one user source from the index, and its uploaded copy when the app saved it."""
    progress(f"Removing {Path(name).name}…", None)
    summary, _ = run_with_progress(settings, lambda: write_process(settings, "remove", name), progress)
    _discard_upload(settings, Path(name))
    return JobResult(line=summary)


def write_process(settings: Settings, *args: str) -> tuple[str, list[str]]:
    """Run an index write as its own process (`codeask ingest` / `codeask remove`): the rebuild of the word
    index would otherwise hold this process's interpreter and stall every question while it runs. Returns
    the summary line and one line per file skipped."""
    # One thread and a lower priority: the write takes what the questions leave, not the other way round.
    env = {**os.environ, "CODEASK_HOME": str(settings.home), "CODEASK_NO_PROGRESS": "1",
           "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    proc = subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env, capture_output=True, text=True,
                          timeout=WRITE_TIMEOUT_S, preexec_fn=_lower_priority)
    skipped = [line.removeprefix("skipped ").strip() for line in proc.stderr.splitlines()
               if line.startswith("skipped ")]
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not skipped):
        error = next((line for line in reversed(proc.stderr.splitlines()) if line.strip()), f"exit {proc.returncode}")
        raise CodeaskError(f"the index write failed: {error.removeprefix('error: ')}")
    return (lines[-1] if lines else ""), [_file_name_first(line) for line in skipped]


def _lower_priority() -> None:
    os.nice(WRITE_NICENESS)


def _file_name_first(line: str) -> str:
    """"/home/x/uploads/a.pdf: not a PDF" as "a.pdf: not a PDF": the server's folders are not the client's."""
    path, sep, why = line.partition(": ")
    return f"{Path(path).name}{sep}{why}" if sep else line



def _source_names(settings: Settings) -> set[str]:
    from core.catalog import connect

    db = connect(settings.catalog_path, readonly=True)
    try:
        return {row[0] for row in db.execute("select name from sources")}
    finally:
        db.close()


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
