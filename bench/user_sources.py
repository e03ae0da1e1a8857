"""The coder's own sources: articles, policies and tip sheets about CPT and HCPCS codes (issue 11).

    python bench/user_sources.py [--fixtures tests/fixtures/cpt_articles] [--keep]

Copies the default index (CODEASK_HOME, `codeask ingest` first) into a scratch home, ingests the
fixture articles, policies and tip sheets through the CLI, and asks every question in
questions.jsonl: how often the article's code comes first, how often its source is among the
first three citations, and whether any boilerplate phrase reached a citation. Then it loads the
user's CPT table (cpt_table.csv) and asks again: the code first *and* validated against the table.
Where pcs_equivalents.jsonl names the inpatient ICD-10-PCS code, the first PCS suggestion is
checked against it.
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

# bench/ingest.py would shadow the ingest package: run with the repository root first on the path.
_sys.path[0] = str(_Path(__file__).resolve().parents[1])

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from assistant.service import Assistant
from core.config import Settings

ROOT = Path(__file__).resolve().parents[1]
NOT_SOURCES = {"questions.jsonl", "boilerplate.txt", "cpt_table.csv", "table_missing.txt", "pcs_equivalents.jsonl",
               "README.md"}


def cli(home: Path, *args: str) -> None:
    env = {**os.environ, "CODEASK_HOME": str(home)}
    subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env, check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)


def boilerplate_patterns(path: Path) -> list[re.Pattern[str]]:
    return [re.compile(rf"(?<!\w){re.escape(line.strip())}(?!\w)", re.I)
            for line in path.read_text().splitlines() if line.strip()]


def score(bot: Assistant, questions: list[dict], boilerplate: list[re.Pattern[str]], pcs: dict[str, str],
          *, table: bool) -> dict[str, dict[str, float]]:
    tally: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for item in questions:
        answer = bot.ask(item["question"]).to_json()
        gold = item["gold"][0]
        first = answer["suggestions"][0] if answer["suggestions"] else {}
        for style in (item["style"], "all"):
            t = tally[style]
            t["n"] += 1
            t["first"] += first.get("code") == gold
            t["top3"] += gold in [s["code"] for s in answer["suggestions"][:3]]
            t["cited_top3"] += any(c["source"].endswith("/" + item["source"]) for c in answer["citations"][:3])
            t["boilerplate"] += sum(bool(p.search(c["text"])) for c in answer["citations"] for p in boilerplate)
            if table:
                t["first_validated"] += first.get("code") == gold and first.get("valid") is not None
            if gold in pcs:
                pcs_first = next((s["code"] for s in answer["suggestions"] if s["system"] == "ICD-10-PCS"), None)
                t["pcs_n"] += 1
                t["pcs_right"] += pcs_first == pcs[gold]
        if gold in pcs and pcs_first != pcs[gold]:
            print(f"  PCS equivalent missed: {item['question'][:80]} | {pcs[gold]} | {pcs_first}", file=sys.stderr)
        if first.get("code") != gold:
            print(f"  miss: {item['question'][:90]} | {gold} | {first.get('code')}", file=sys.stderr)
        if not any(c["source"].endswith("/" + item["source"]) for c in answer["citations"][:3]):
            print(f"  source not cited in top 3: {item['question'][:80]} | {item['source']}", file=sys.stderr)
    return tally


def report(title: str, tally: dict[str, dict[str, float]], *, table: bool) -> None:
    print(title)
    for style, t in sorted(tally.items()):
        n = t["n"]
        line = (f"  {style:14s} n={n:3.0f}  code first={t['first'] / n:.3f}  in top 3={t['top3'] / n:.3f}  "
                f"source cited in top 3={t['cited_top3'] / n:.3f}  boilerplate citations={t['boilerplate']:.0f}")
        if table:
            line += f"  first and checked against the table={t['first_validated'] / n:.3f}"
        if t["pcs_n"]:
            line += f"  PCS equivalent right={t['pcs_right'] / t['pcs_n']:.3f} (n={t['pcs_n']:.0f})"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=ROOT / "tests" / "fixtures" / "cpt_articles")
    parser.add_argument("--keep", action="store_true", help="keep the scratch home and print where it is")
    args = parser.parse_args()
    source_home = Settings().home
    questions = [json.loads(line) for line in (args.fixtures / "questions.jsonl").read_text().splitlines() if line]
    boilerplate = boilerplate_patterns(args.fixtures / "boilerplate.txt")
    pcs = {}
    if (args.fixtures / "pcs_equivalents.jsonl").exists():
        for line in (args.fixtures / "pcs_equivalents.jsonl").read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                pcs[row["cpt"]] = row["pcs"]
    scratch = Path(tempfile.mkdtemp(prefix="codeask-byo-"))
    home = scratch / "home"
    shutil.copytree(source_home, home, ignore=shutil.ignore_patterns("bench-naive", "*.lock"))
    docs = scratch / "docs"
    docs.mkdir()
    for f in sorted(args.fixtures.iterdir()):
        if f.name not in NOT_SOURCES:
            shutil.copy(f, docs / f.name)
    try:
        cli(home, "ingest", str(docs))
        settings = Settings(home=home)
        report(f"{len(questions)} questions, {len(list(docs.iterdir()))} user sources, no CPT/HCPCS table loaded",
               score(Assistant(settings), questions, boilerplate, pcs, table=False), table=False)
        table = scratch / "table" / "cpt-table.csv"
        table.parent.mkdir()
        shutil.copy(args.fixtures / "cpt_table.csv", table)
        cli(home, "ingest", str(table), "--system", "cpt")
        report("with the user's CPT table loaded",
               score(Assistant(settings), questions, boilerplate, pcs, table=True), table=True)
    finally:
        if args.keep:
            print(f"scratch home kept: {home}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
