"""Runs an ingest: one writer at a time, sources diffed by content hash, then dense and lexical sync."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from core.config import Settings
from core.errors import CodeaskError, HomeNotWritable, IngestLocked
from core.lexical_meta import built_generation, built_words
from ingest import lexical
from ingest.builtin import BUILTIN
from ingest.catalog import Catalog, Diff
from ingest.source import SourceLoad


@dataclass
class Summary:
    diff: Diff = field(default_factory=Diff)
    embedded: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    lexical_rebuilt: bool = False

    def line(self) -> str:
        d = self.diff
        text = (f"added {d.added}, updated {d.updated}, removed {d.removed}, unchanged {d.unchanged}, "
                f"embedded {self.embedded}, {self.seconds:.1f} s")
        if self.problems:
            text += f"; {len(self.problems)} file(s) skipped"
        return text


def _chroma_error() -> type[Exception]:
    from chromadb.errors import ChromaError

    return ChromaError


def ensure_home(settings: Settings) -> None:
    home = settings.home
    try:
        home.mkdir(parents=True, exist_ok=True)
        probe = home / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise HomeNotWritable(f"cannot write to {home}: {exc.strerror or exc}") from exc


@contextmanager
def writer_lock(settings: Settings, *, wait: bool = False) -> Iterator[None]:
    from filelock import FileLock, Timeout

    lock = FileLock(str(settings.lock_path), timeout=-1 if wait else 0)
    try:
        lock.acquire()
    except Timeout:
        raise IngestLocked(
            f"another codeask ingest is writing to {settings.home}; wait for it to finish "
            "(or run with --wait)"
        ) from None
    try:
        yield
    finally:
        lock.release()


def _progress_bar(total: int, desc: str):  # noqa: ANN202 - tqdm type
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="passage", file=sys.stderr, dynamic_ncols=True,
                disable=total == 0 or os.environ.get("CODEASK_NO_PROGRESS") == "1", smoothing=0.1)


def run(
    settings: Settings,
    *,
    builtin: bool = True,
    loads: list[SourceLoad] | None = None,
    remove: list[str] | None = None,
    only: list[str] | None = None,
    code_prefixes: tuple[str, ...] = (),
    wait: bool = False,
) -> Summary:
    """Bring the index up to date with the built-in sources and any given user sources."""
    started = time.perf_counter()
    if settings.embed_weights not in ("int8", "fp32"):
        raise CodeaskError(f"CODEASK_EMBED_WEIGHTS must be int8 or fp32, not {settings.embed_weights!r}")
    ensure_home(settings)
    summary = Summary()
    with writer_lock(settings, wait=wait):
        try:
            catalog = Catalog(settings.catalog_path)
            try:
                exporting = _start_export(settings)  # beside the reading of the sources: they take one core
                _sync_sources(catalog, summary, builtin=builtin, loads=loads or [],
                              remove=remove or [], only=only, code_prefixes=code_prefixes)
                _export_query_model(settings, exporting)  # first: documents are embedded with the export too
                _sync_dense(settings, catalog, summary)
                path = settings.lexical_path
                if built_generation(path) != catalog.generation() or built_words(path) is None:
                    lexical.build(catalog, path)
                    summary.lexical_rebuilt = True
            finally:
                catalog.close()
        except (sqlite3.OperationalError, sqlite3.DatabaseError, OSError, _chroma_error()) as exc:
            raise CodeaskError(
                f"writing the index under {settings.home} failed: {exc}; "
                "nothing already written was lost, run the ingest again once fixed"
            ) from exc
    summary.seconds = time.perf_counter() - started
    return summary


def _sync_sources(catalog: Catalog, summary: Summary, *, builtin: bool, loads: list[SourceLoad],
                  remove: list[str], only: list[str] | None, code_prefixes: tuple[str, ...]) -> None:
    if builtin:
        for name, (info, load) in BUILTIN.items():
            if only and name not in only:
                continue
            wanted = sliced_hash(info().content_hash, code_prefixes)
            if catalog.source_hash(name) == wanted:
                summary.diff.unchanged += catalog.source_passages(name)
                continue
            print(f"reading {name} ...", file=sys.stderr)
            summary.diff += catalog.replace_source(slice_load(load(), code_prefixes))
    for item in loads:
        if catalog.source_hash(item.info.name) == item.info.content_hash:
            summary.diff.unchanged += catalog.source_passages(item.info.name)
            continue
        summary.diff += catalog.replace_source(item)
    for name in remove:
        summary.diff.removed += catalog.remove_source(name)


def _sync_dense(settings: Settings, catalog: Catalog, summary: Summary) -> None:
    from ingest.vectors import VectorWriter

    writer = VectorWriter(settings)
    writer.reconcile(catalog)
    writer.apply_deletes(catalog)
    pending = catalog.pending_embeddings()
    if not pending:
        return
    with _progress_bar(pending, "embedding") as bar:
        summary.embedded = writer.embed_pending(catalog, bar.update)


def sliced_hash(content_hash: str, code_prefixes: tuple[str, ...]) -> str:
    return f"{content_hash}:slice={','.join(code_prefixes)}" if code_prefixes else content_hash


def slice_load(load: SourceLoad, code_prefixes: tuple[str, ...]) -> SourceLoad:
    """Keep only codes under the given prefixes (small indexes for tests and demos).

    Passages that name no code (definitions, guidelines, glossary) are kept whole.
    """
    if not code_prefixes:
        return load

    def keep(codes: tuple[str, ...] | list[str], stem: str = "") -> bool:
        keys = list(codes) + ([stem] if stem else [])
        if not keys:
            return True
        return any(k.startswith(code_prefixes) or (len(k) < 4 and any(p.startswith(k) for p in code_prefixes))
                   for k in keys)

    load.passages = [p for p in load.passages if keep(p.codes, p.meta.get("stem", ""))]
    load.codes = [c for c in load.codes if c.code.startswith(code_prefixes)]
    load.info.content_hash = sliced_hash(load.info.content_hash, code_prefixes)
    return load


def _start_export(settings: Settings):  # noqa: ANN202 - a multiprocessing Process or None
    """A first ingest exports the model (importing torch, tracing, quantizing: about 15 s of one core) in a child
    process while this one reads the code sets on the other core."""
    import multiprocessing

    from core.embedder import onnx_dir

    if (onnx_dir(settings.embed_model, settings.home) / "model.onnx").exists():
        return None
    if os.environ.get("CODEASK_DOC_EMBEDDER") == "torch":
        return None  # the comparison path runs as every ingest did before issue 12: one step after another
    try:
        child = multiprocessing.get_context("spawn").Process(
            target=_export_quietly, args=(settings.embed_model, settings.home, settings.embed_weights), daemon=True)
        child.start()
        return child
    except Exception:  # the export then runs here, in turn
        return None


def _export_quietly(name: str, home: Path, weights: str) -> None:
    """The child's export: a failure is left to the parent, which tries again in turn and says why."""
    try:
        from ingest.onnx_export import export

        export(name, home, weights)
    except Exception:  # noqa: S110 - reported by the parent's own attempt
        pass


def _export_query_model(settings: Settings, exporting=None) -> None:  # noqa: ANN001
    """ONNX copy of the embedding model for fast question and document embedding; optional, so a failure
    only warns (the torch model embeds both, only slower)."""
    from core.embedder import onnx_dir

    if exporting is not None:
        exporting.join()
    if (onnx_dir(settings.embed_model, settings.home) / "model.onnx").exists():
        return
    try:
        from ingest.onnx_export import export

        export(settings.embed_model, settings.home, settings.embed_weights)
    except Exception as exc:  # the torch model still answers, only slower to start
        print(f"note: could not export the query model to ONNX ({exc}); questions use the torch model",
              file=sys.stderr)


def home_exists(settings: Settings) -> bool:
    return Path(settings.catalog_path).exists()
