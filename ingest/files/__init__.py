"""User files (``codeask ingest PATH...``) turned into passages.

``load_files`` finds the files, reads each with the loader for its format,
strips boilerplate (per document, then lines shared by most documents of a
folder), chunks prose along its headings and pages, and makes one passage per
code-table row. One file's failure becomes a ``Problem`` and the rest goes
on; nothing here writes the store.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.codes import canonical_system
from core.errors import SourceUnreadable
from core.passage import Passage
from ingest.files.chunk import Chunk, split_markdown, split_plain
from ingest.files.clean import clean_parts, cross_document_repeats, drop_shared
from ingest.files.discover import SUPPORTED, Problem, discover
from ingest.files.formats import LoadedDocument, load_docx, load_html, load_md, load_pdf, load_txt
from ingest.files.mentions import code_mentions, is_coding_text, mentions_meta
from ingest.files.read_text import decode
from ingest.files.tables import load_table, tab_table

__all__ = ["FileSource", "Problem", "discover", "load_files", "DEFAULT_MAX_BYTES"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# Bump when a loader change alters passages, so content hashes change with it.
LOADER_VERSION = "3"  # 2: navigation bars, link lists, contact and paywall lines cleaned; 3: newsletter sign-ups

_PROSE: dict[str, Callable[[Path, bytes], LoadedDocument]] = {
    "md": load_md, "html": load_html, "pdf": load_pdf, "docx": load_docx,
}


@dataclass
class FileSource:
    """One loaded user file and its passages.

    ``content_hash`` covers the file's bytes, the loader options that shape
    its passages (system, columns), the loader version and the folder-level
    boilerplate lines removed from it, so equal hashes mean equal passages.
    """

    path: Path
    title: str
    type: str
    content_hash: str
    passages: list[Passage]


@dataclass
class _Pending:
    """A prose document between loading and chunking."""

    path: Path
    data: bytes
    doc: LoadedDocument
    parts: list[str]


def _message(path: Path, exc: Exception) -> str:
    text = str(exc)
    for prefix in (f"{path.name}: ", f"{path.name} "):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


def _hash(data: bytes, options: dict[str, str | None], removed: set[str]) -> str:
    digest = hashlib.sha256(data)
    extra = {"options": options, "loader": LOADER_VERSION, "removed": sorted(removed)}
    digest.update(json.dumps(extra, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


def _title(file_title: str, headings: tuple[str, ...]) -> str:
    path = list(headings[1:] if headings and headings[0] == file_title else headings)
    return " > ".join([file_title, *path])


def _locate(chunk: Chunk, index: int, total: int) -> str:
    if chunk.page is not None:
        return f"page {chunk.page}"
    if chunk.headings:
        return "section: " + " > ".join(chunk.headings)
    return f"part {index} of {total}"


def _chunks(pending: _Pending) -> list[Chunk]:
    doc = pending.doc
    if doc.pages is not None:
        return [c for part, page in zip(pending.parts, doc.pages, strict=True)
                for c in split_plain(part, page=page)]
    split = split_markdown if doc.markdown else split_plain
    return [c for part in pending.parts for c in split(part)]


def _document_passages(pending: _Pending, *, system: str | None) -> list[Passage]:
    doc = pending.doc
    source = str(pending.path)
    coding = is_coding_text("\n".join(pending.parts))
    chunks = _chunks(pending)
    passages: list[Passage] = []
    for i, chunk in enumerate(chunks, start=1):
        found = code_mentions(chunk.text, doc_is_coding=coding)
        meta = {"type": doc.type, "file_title": doc.title, "chunk": str(i), **doc.meta}
        if chunk.page is not None:
            meta["page"] = str(chunk.page)
        if found:
            meta["mentions"] = mentions_meta(found)
        passages.append(Passage(
            text=chunk.text, source=source, kind="document",
            title=_title(doc.title, chunk.headings), system=system or "",
            codes=tuple(m.code for m in found), location=_locate(chunk, i, len(chunks)),
            dense=True, meta=meta,
        ))
    return passages


def load_files(
    paths: list[Path],
    *,
    system: str | None = None,
    code_column: str | None = None,
    text_column: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[list[FileSource], list[Problem]]:
    """Load every supported file under ``paths``; return sources and the problems met.

    ``system`` (pcs, cm, cpt, hcpcs, other, or a canonical name) labels table
    rows and prose passages; without it table rows get a system guessed from
    their code shapes. ``code_column`` / ``text_column`` name the columns of
    code tables (header name or 1-based number). Raises ValueError for an
    unknown system; everything about one file becomes a ``Problem``.
    """
    canonical = canonical_system(system)
    options = {"system": canonical, "code_column": code_column, "text_column": text_column}
    files, problems = discover([Path(p) for p in paths], max_bytes=max_bytes)
    sources: dict[Path, FileSource] = {}
    pending: list[_Pending] = []
    for path in files:
        try:
            data = path.read_bytes()
            family = SUPPORTED[path.suffix.lower()]
            if not data.strip():
                raise SourceUnreadable(f"{path.name} is empty")
            if family in ("csv", "tsv", "xlsx", "txt"):
                text = None if family == "xlsx" else decode(data, name=path.name)
                if family != "txt" or (text is not None and tab_table(text) is not None):
                    rows = load_table(path, data, text, source=str(path), system=canonical,
                                      code_column=code_column, text_column=text_column)
                    sources[path] = FileSource(path, path.stem, "table",
                                               _hash(data, options, set()), rows)
                    continue
                doc = load_txt(path, data)
            else:
                doc = _PROSE[family](path, data)
            pending.append(_Pending(path, data, doc, clean_parts(doc.parts)))
        except SourceUnreadable as exc:
            problems.append(Problem(path, _message(path, exc)))
        except OSError as exc:
            problems.append(Problem(path, f"cannot read: {exc.strerror or exc}"))
        except Exception as exc:  # noqa: BLE001 - one odd file must not stop an ingest
            problems.append(Problem(path, f"could not be loaded ({type(exc).__name__}: {exc})"))

    by_folder: dict[Path, list[_Pending]] = defaultdict(list)
    for item in pending:
        by_folder[item.path.parent].append(item)
    for group in by_folder.values():
        shared = cross_document_repeats([item.parts for item in group])
        for item in group:
            item.parts, removed = drop_shared(item.parts, shared)
            passages = _document_passages(item, system=canonical)
            if not passages:
                problems.append(Problem(item.path, "no text left after removing boilerplate"))
                continue
            sources[item.path] = FileSource(item.path, item.doc.title, item.doc.type,
                                            _hash(item.data, options, removed), passages)
    ordered = [sources[path] for path in files if path in sources]
    return ordered, problems
