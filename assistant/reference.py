"""Read side of the reference tables (CMS CC/MCC lists and exclusions, MS-DRG table 5, GEMs pairs, code-set
changes): exact lookups by code, each row returned with the passage that cites it.

The tables are facts in the catalog, not searchable passages, so a citation is made from the row itself:
its source, its table and its key, in the table's own terms.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from core.codes import CM, PCS, display
from core.passage import Passage

CMS_SOURCE, CMS_YEAR = "cms-msdrg-tables", "FY2026"
GEMS_SOURCE, CHANGES_SOURCE = "gems-icd9-pcs", "code-set-changes"
TABLE_TITLES = {"6I": "Table 6I, complete MCC list", "6J": "Table 6J, complete CC list",
                "6K": "Table 6K, complete list of CC exclusions", "5": "Table 5, MS-DRGs, relative weights and LOS"}
SUCCESSORS_SHOWN = 30


def icd9_display(code: str) -> str:
    """ICD-9-CM procedure codes are two digits, a dot, then one or two: 4701 is 47.01."""
    return f"{code[:2]}.{code[2:]}" if len(code) > 2 else code


def _cms_passage(table: str, key: str, text: str, system: str = CM, codes: tuple[str, ...] = ()) -> Passage:
    return Passage(text=text, source=CMS_SOURCE, kind="table", title=f"CMS {CMS_YEAR} {TABLE_TITLES[table]}",
                   system=system, codes=codes, location=f"Table {table}, {key}")


@dataclass(frozen=True)
class Severity:
    """A secondary diagnosis' standing in the CMS lists; ``level`` None means neither CC nor MCC."""

    code: str
    title: str
    level: str | None
    table: str = ""
    collection: str = ""  # its PDX exclusion collection in table 6K
    alive_only: bool = False  # 6K part 2: counts only when the patient leaves alive

    @property
    def passage(self) -> Passage | None:
        if self.level is None:
            return None
        shown = display(self.code, CM)
        text = f"{shown} {self.title}: {self.level} when reported as a secondary diagnosis."
        if self.alive_only:
            text += " A CC or MCC only when the patient is discharged alive (Table 6K part 2)."
        return _cms_passage(self.table, shown, text, codes=(self.code,))


@dataclass(frozen=True)
class Exclusion:
    """Whether a principal diagnosis cancels a secondary's CC/MCC status (table 6K)."""

    secondary: str
    principal: str
    level: str
    collection: str
    excluded: bool

    @property
    def passage(self) -> Passage:
        sec, pdx = display(self.secondary, CM), display(self.principal, CM)
        verdict = (f"{pdx} is in that collection: with it as principal diagnosis, {sec} counts as a non-CC"
                   if self.excluded else f"{pdx} is not in that collection: {sec} keeps its {self.level} status")
        text = f"{sec} ({self.level}) has PDX exclusion collection {self.collection}. {verdict}."
        return _cms_passage("6K", f"PDX collection {self.collection}", text, codes=(self.secondary, self.principal))


@dataclass(frozen=True)
class Drg:
    number: str
    title: str
    mdc: str
    mdc_title: str
    type: str
    weight: str
    weight_before_cap: str
    gmlos: str
    amlos: str
    post_acute: bool
    special_pay: bool

    def to_json(self, citation: int | None = None) -> dict:
        return {"drg": self.number, "title": self.title, "mdc": self.mdc, "mdc_title": self.mdc_title,
                "type": self.type, "weight": _number(self.weight), "weight_before_cap": _number(self.weight_before_cap),
                "gmlos": _number(self.gmlos), "amlos": _number(self.amlos), "post_acute": self.post_acute,
                "special_pay": self.special_pay, "fy": CMS_YEAR, "citation": citation}

    @property
    def passage(self) -> Passage:
        mdc = f"MDC {self.mdc} ({self.mdc_title})" if self.mdc and self.mdc != "PRE" else "Pre-MDC"
        text = (f"MS-DRG {self.number} {self.title}. {mdc}, {self.type}. Relative weight {self.weight or 'none'}; "
                f"geometric mean length of stay {self.gmlos or 'none'} days, arithmetic mean {self.amlos or 'none'} "
                f"days.")
        if self.post_acute:
            text += " Subject to the post-acute care transfer policy."
        return _cms_passage("5", f"MS-DRG {self.number}", text, system="MS-DRG")


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class Mapping:
    """One GEMs pair. A no-map row has an empty ``pcs``; combination rows must be coded together, one code
    from each choice list of the same scenario."""

    icd9: str
    pcs: str
    flags: dict[str, int]

    @property
    def labels(self) -> list[str]:
        out = ["approximate" if self.flags.get("approximate") else "identical"]
        if self.flags.get("no_map"):
            out = ["no map"]
        if self.flags.get("combination"):
            out.append(f"combination: scenario {self.flags['scenario']}, choice list {self.flags['choice_list']}")
        return out


def mappings_passage(icd9: str, rows: list[Mapping], reverse_of: str = "") -> Passage:
    pairs = "; ".join(f"{icd9_display(m.icd9)} -> {m.pcs or 'no ICD-10-PCS code'} ({', '.join(m.labels)})"
                      for m in rows[:40])
    more = f"; and {len(rows) - 40} more pairs" if len(rows) > 40 else ""
    key = reverse_of or icd9_display(icd9)
    return Passage(text=f"GEMs pairs for {key}: {pairs}{more}.", source=GEMS_SOURCE, kind="table",
                   title="CMS GEMs, ICD-9-CM procedures to ICD-10-PCS (2018)", system=PCS,
                   location=f"GEMs I9-to-PCS, {key}")


@dataclass(frozen=True)
class Change:
    code: str
    system: str
    kind: str  # "deleted", "added" or "expanded"
    title: str
    old: str
    new: str
    successors: tuple[tuple[str, str], ...] = field(default=())  # (code, title), valid in the newer set

    @property
    def sentence(self) -> str:
        shown = display(self.code, self.system)
        if self.kind == "added":
            return f"{shown} is new: it is in the {self.new} and not in the {self.old}."
        if self.kind == "expanded":
            lead = (f"{shown} ({self.title}) was a billable code in the {self.old}; in the {self.new} it is a "
                    f"category, expanded into subcodes")
        else:
            lead = f"{shown} ({self.title}) was valid in the {self.old} and is deleted: it is not in the {self.new}"
        if not self.successors:
            return lead + "; no code was added in its place."
        names = "; ".join(f"{display(c, self.system)} {t}" for c, t in self.successors[:SUCCESSORS_SHOWN])
        hidden = len(self.successors) - SUCCESSORS_SHOWN
        more = f"; and {hidden} more" if hidden > 0 else ""
        return f"{lead}. Use instead: {names}{more}."

    @property
    def passage(self) -> Passage:
        return Passage(text=self.sentence, source=CHANGES_SOURCE, kind="table",
                       title=f"{self.system} changes, {self.old} to {self.new}", system=self.system,
                       codes=(self.code,), location=f"{self.system} {self.kind}, {display(self.code, self.system)}")

    def to_json(self, citation: int | None = None) -> dict:
        return {"code": display(self.code, self.system), "system": self.system, "change": self.kind,
                "title": self.title, "from": self.old, "to": self.new,
                "successors": [{"code": display(c, self.system), "title": t, "valid": True}
                               for c, t in self.successors],
                "citation": citation}


class Reference:
    """Lookups over the ``facts`` table; an index built before the tables existed answers as if empty."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def _rows(self, sql: str, args: tuple) -> list[sqlite3.Row]:
        try:
            return self.db.execute(sql, args).fetchall()
        except sqlite3.OperationalError:  # no facts table yet: `codeask ingest` adds it
            return []

    def _fact(self, kind: str, key: str) -> list[sqlite3.Row]:
        return self._rows("select value, detail from facts where kind=? and key=?", (kind, key))

    def rows(self, source: str) -> int:
        found = self._rows("select count(*) from facts where source=?", (source,))
        return found[0][0] if found else 0

    def loaded(self) -> bool:
        return bool(self._rows("select 1 from facts limit 1", ()))

    # --- CC / MCC ------------------------------------------------------------
    def severity(self, code: str) -> Severity:
        rows = self._fact("severity", code)
        if not rows:
            return Severity(code, "", None)
        mcc = next((r for r in rows if r["value"] == "MCC"), rows[0])
        detail = json.loads(mcc["detail"])
        collection = self._fact("cc_exclusion", code)
        return Severity(code, detail["title"], mcc["value"], detail["table"],
                        collection[0]["value"] if collection else "", bool(self._fact("alive_only", code)))

    def exclusion(self, secondary: str, principal: str) -> Exclusion | None:
        sev = self.severity(secondary)
        if sev.level is None or not sev.collection:
            return None
        members = self._fact("pdx_collection", sev.collection)
        excluded = bool(members) and principal in members[0]["value"].split()
        return Exclusion(secondary, principal, sev.level, sev.collection, excluded)

    # --- MS-DRG table 5 ------------------------------------------------------
    def drg(self, number: str) -> Drg | None:
        rows = self._fact("drg", number.zfill(3))
        if not rows:
            return None
        d = json.loads(rows[0]["detail"])
        return Drg(number.zfill(3), rows[0]["value"], d["mdc"], d["mdc_title"], d["type"], d["weight"],
                   d.get("weight_before_cap", ""), d["gmlos"], d["amlos"], d["post_acute"], d["special_pay"])

    # --- GEMs ------------------------------------------------------------------
    def pcs_for_icd9(self, icd9: str) -> list[Mapping]:
        return [Mapping(icd9, r["value"], json.loads(r["detail"])) for r in self._fact("gems", icd9)]

    def icd9_for_pcs(self, pcs: str) -> list[Mapping]:
        rows = self._rows("select key, detail from facts where kind='gems' and value=?", (pcs,))
        return [Mapping(r["key"], pcs, json.loads(r["detail"])) for r in rows]

    def icd9_known(self, icd9: str) -> bool:
        return bool(self._fact("gems", icd9))

    # --- code-set changes --------------------------------------------------------
    def change(self, code: str, system: str | None = None) -> Change | None:
        for row in self._rows("select kind, value, detail from facts where key=? and kind in "
                              "('deleted','added','expanded')", (code,)):
            if system and row["value"] != system:
                continue
            d = json.loads(row["detail"])
            successors = self._successors(code, row["value"]) if row["kind"] != "added" else ()
            return Change(code, row["value"], row["kind"], d["title"], d["old"], d["new"], successors)
        return None

    def _successors(self, code: str, system: str) -> tuple[tuple[str, str], ...]:
        """Codes added under the longest shared stem: a category's new subcodes, or a deleted code's
        replacements beside it (at least the category for CM, the body part for PCS)."""
        shortest = 3 if system == CM else 4
        for size in range(len(code), shortest - 1, -1):
            rows = self._rows("select key, detail from facts where kind='added' and value=? and key>=? and key<? "
                              "order by key", (system, code[:size], code[:size] + "\uffff"))
            if rows:
                found = tuple((r["key"], json.loads(r["detail"])["title"]) for r in rows)
                if system == CM and len(code) == 7:  # a 7th-character code: the same encounter's successors
                    found = tuple(f for f in found if len(f[0]) == 7 and f[0][-1] == code[-1]) or found
                return found
        return ()

    def changes(self, system: str, prefix: str = "") -> list[Change]:
        """Every change in a chapter, category or body system (``prefix``), without successors."""
        rows = self._rows("select kind, key, detail from facts where kind in ('deleted','added','expanded') "
                          "and value=? and key>=? and key<? order by key, kind", (system, prefix, prefix + "\uffff"))
        out = []
        for r in rows:
            d = json.loads(r["detail"])
            out.append(Change(r["key"], system, r["kind"], d["title"], d["old"], d["new"]))
        return out
