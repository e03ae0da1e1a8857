"""Where a cited passage comes from, and the whole record it belongs to (read-only store lookups)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.answer import AXIS_LABELS
from assistant.store import CodeInfo, Store
from core.codes import PCS, display, normalize
from core.passage import Passage

USER_FILE = "user file"
DOCUMENT_LIMIT = 200
CODE_KINDS = ("code", "row", "note", "stem")


def is_user_source(source: dict[str, Any] | None) -> bool:
    return bool(source) and source.get("version") == USER_FILE


def origin(source_name: str, location: str, source: dict[str, Any] | None) -> str:
    """One line naming where a passage comes from: the data set and its version, or the user's file."""
    if source is None:
        where = source_name
    elif is_user_source(source):
        where = f"your file {Path(source_name).name}"
        if source.get("type"):
            where += f" ({source['type']})"
    else:
        where = source.get("title") or source_name
        version = ", ".join(v for v in (source.get("year"), source.get("version")) if v)
        if version:
            where += f" — {version}"
    return f"{where} · {location}" if location else where


@dataclass
class CodeRecord:
    code: str
    system: str
    info: CodeInfo | None
    anatomy: list[dict[str, Any]] = field(default_factory=list)
    notes: list[Passage] = field(default_factory=list)
    guideline: Passage | None = None

    @property
    def shown(self) -> str:
        return display(self.code, self.system)


@dataclass
class Record:
    """The whole record behind a passage: a code, a document, a list of codes, or the passage itself."""

    kind: str  # "code", "document", "codes", "self"
    title: str
    code: CodeRecord | None = None
    passages: list[Passage] = field(default_factory=list)
    codes: list[CodeInfo] = field(default_factory=list)
    truncated: bool = False


def anatomy_of(info: CodeInfo) -> list[dict[str, Any]]:
    """A PCS code's seven characters and what each means, from the code set's axes."""
    if not info.axes:
        return []
    key = normalize(info.code)
    return [{"position": i + 1, "character": key[i] if i < len(key) else "", "axis": label,
             "value": info.axes.get(axis, ""), "citation": None}
            for i, (axis, label) in enumerate(AXIS_LABELS)]


def related_guideline(store: Store, info: CodeInfo | None) -> Passage | None:
    """A guideline that names the code's root operation (PCS), if the sources hold one."""
    if info is None or info.system != PCS:
        return None
    operation = info.axes.get("root_operation", "")
    if not operation:
        return None
    row = store.db.execute(
        "select id from passages where kind='guideline' and (title like ? or text like ?) "
        "order by case when title like ? then 0 else 1 end, length(text) limit 1",
        (f"%{operation}%", f"%{operation}%", f"%{operation}%"),
    ).fetchone()
    return store.passages([row[0]]).get(row[0]) if row else None


def notes_for(store: Store, code: str) -> list[Passage]:
    """Notes on the code and on every category above it (E11 notes apply to E11.65)."""
    return store.notes(normalize(code))


def code_record(store: Store, code: str, system: str | None = None,
                anatomy: list[dict[str, Any]] | None = None) -> CodeRecord:
    key = normalize(code)
    infos = store.code(key, system) if system else store.code(key)
    info = infos[0] if infos else None
    record = CodeRecord(key, info.system if info else (system or ""), info)
    if info is not None:
        record.anatomy = anatomy or anatomy_of(info)
        record.guideline = related_guideline(store, info)
    record.notes = notes_for(store, key)
    return record


def document_passages(store: Store, source_name: str, limit: int = DOCUMENT_LIMIT) -> tuple[list[Passage], bool]:
    """The passages of one source, in the order they were written; True when cut at ``limit``."""
    rows = store.db.execute("select id from passages where source=? order by rowid limit ?",
                            (source_name, limit + 1)).fetchall()
    ids = [r[0] for r in rows[:limit]]
    found = store.passages(ids)
    return [found[i] for i in ids if i in found], len(rows) > limit


def record_for(store: Store, passage: Passage, *, source: dict[str, Any] | None = None,
               anatomy: dict[str, list[dict[str, Any]]] | None = None) -> Record:
    """What "the whole record" of a passage is.

    A user's file: the document's passages. A code, note or table row: the
    code with its anatomy, notes and a related guideline. An index entry: the
    codes it points to. A PCS table stem: the codes under it. Anything else
    (definitions, guidelines, glossary entries) is its own record.
    """
    anatomy = anatomy or {}
    if is_user_source(source) or passage.kind == "document":
        passages, truncated = document_passages(store, passage.source)
        title = Path(passage.source).name if is_user_source(source) else passage.source
        return Record("document", title, passages=passages, truncated=truncated)
    if passage.kind == "stem" and passage.system == PCS:
        stem = passage.meta.get("stem") or (passage.codes[0] if passage.codes else "")
        codes = store.codes_with_prefix(stem, PCS, 60) if stem else []
        return Record("codes", f"Codes under {stem}", codes=codes, truncated=len(codes) >= 60)
    if passage.kind in CODE_KINDS and passage.codes:
        code = normalize(passage.codes[0])
        system = passage.system or None
        record = code_record(store, code, system, anatomy.get(code))
        return Record("code", record.shown, code=record)
    if passage.kind == "index" and passage.codes:
        codes: list[CodeInfo] = []
        for target in dict.fromkeys(passage.codes):
            found = store.code(target, PCS) if len(target) == 7 else store.codes_with_prefix(target, PCS, 30)
            codes += found
        return Record("codes", passage.title, codes=codes[:60], truncated=len(codes) > 60)
    return Record("self", passage.title)
