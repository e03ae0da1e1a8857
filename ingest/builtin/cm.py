"""ICD-10-CM from the ``simple-icd-10-cm`` wheel (tabular list, April 2026 update).

Every code (categories too, so "E11 is not billable" can be answered) gets a
lexical passage with its title and inclusion terms; its tabular notes become a
note passage kept with the code. Densely embedded: each billable code, except
that codes built from a 7th-character extension (encounter, sequela, ...) are
embedded once through their parent, since they share its words.
"""

from __future__ import annotations

from importlib import metadata, resources
from pathlib import Path

from core.codes import CM, display
from core.passage import Passage
from ingest.source import CodeRow, SourceInfo, SourceLoad, hash_files

LOADER_REVISION = "cm-3"
YEAR = "FY2026 (April 1, 2026 update)"
NOTE_KINDS = (
    ("Includes", "get_includes"),
    ("Excludes1", "get_excludes1"),
    ("Excludes2", "get_excludes2"),
    ("Code first", "get_code_first"),
    ("Use additional code", "get_use_additional_code"),
    ("Code also", "get_code_also"),
    ("Note", "get_notes"),
)


def _xml() -> Path:
    return Path(str(resources.files("simple_icd_10_cm") / "data/icd10c-tabular-April-1-2026.xml"))


def info() -> SourceInfo:
    version = f"simple-icd-10-cm {metadata.version('simple-icd-10-cm')}"
    return SourceInfo(
        name="icd10cm-tabular", type="code set", title=f"ICD-10-CM tabular list, {YEAR}",
        content_hash=hash_files(LOADER_REVISION, _xml(), version), version=version, year=YEAR,
        path="simple_icd_10_cm/data/icd10c-tabular-April-1-2026.xml",
    )


def _as_list(value: object) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]  # type: ignore[union-attr]


def tabular_codes() -> list[str]:
    """Every category and code of the tabular, dotted, once each. A three-character category that is its
    own block (B20, Z66, F99) is listed as both, and must not be dropped with the blocks."""
    import simple_icd_10_cm as cm

    return list(dict.fromkeys(c for c in cm.get_all_codes(True) if cm.is_category_or_subcategory(c)))


def load() -> SourceLoad:
    import simple_icd_10_cm as cm

    src = info()
    out = SourceLoad(info=src)
    for item in tabular_codes():
        key = item.replace(".", "")
        shown = display(key, CM)
        title = cm.get_description(item)
        leaf = cm.is_leaf(item)
        out.codes.append(CodeRow(code=key, system=CM, title=title, billable=leaf))
        inclusion = _as_list(cm.get_inclusion_term(item))
        text = f"{shown} {title}"
        if inclusion:
            text += ". Also: " + "; ".join(inclusion)
        out.passages.append(Passage(
            text=text, title=title, source=src.name, kind="code", system=CM, codes=(key,),
            location=shown, dense=False, meta={"billable": "1" if leaf else "0"},
        ))
        extended = cm.is_extended_subcategory(item)
        if (leaf and not extended) or _parent_of_extensions(cm, item):
            dense_text = title + (". " + "; ".join(inclusion[:6]) if inclusion else "")
            out.passages.append(Passage(
                text=dense_text, title=f"{shown} {title}", source=src.name, kind="stem", system=CM,
                codes=(key,), location=shown, dense=True,
            ))
        notes = []
        for label, getter in NOTE_KINDS:
            values = _as_list(getattr(cm, getter)(item))
            if values:
                notes.append(f"{label}: " + "; ".join(v.replace("\n", " ") for v in values))
        if notes:
            out.passages.append(Passage(
                text=f"{shown} {title} — " + " | ".join(notes), title=f"{shown} notes", source=src.name,
                kind="note", system=CM, codes=(key,), location=f"{shown} notes", dense=False,
            ))
    return out


def _parent_of_extensions(cm: object, item: str) -> bool:
    children = cm.get_children(item)  # type: ignore[attr-defined]
    return bool(children) and all(cm.is_extended_subcategory(c) for c in children)  # type: ignore[attr-defined]
