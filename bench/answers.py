"""Default-mode (no LLM) answers on the dev set: latency, and citation integrity.

    python bench/answers.py [--dev bench/data/dev.jsonl]

Citation integrity: the share of answers in which every [n] marker points at a
passage returned with the answer, and every suggestion's citations do too.
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

# bench/ingest.py would shadow the ingest package: run with the repository root first on the path.
_sys.path[0] = str(_Path(__file__).resolve().parents[1])

import argparse
import re
import time
from pathlib import Path

from core.config import Settings
from assistant.evaluate import load_items, percentile
from assistant.service import Assistant

MARKER = re.compile(r"\[(\d+)\]")


def intact(answer) -> bool:  # noqa: ANN001
    numbers = {c.n for c in answer.citations}
    cited = {int(n) for n in MARKER.findall(answer.answer)}
    cited |= {n for s in answer.suggestions for n in s["citations"]}
    return cited <= numbers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev", type=Path, default=Path(__file__).parent / "data" / "dev.jsonl")
    args = parser.parse_args()
    bot = Assistant(Settings())
    items = load_items(args.dev)
    bot.ask(items[0].question)
    times, good, found = [], 0, 0
    for item in items:
        started = time.perf_counter()
        answer = bot.ask(item.question)
        times.append((time.perf_counter() - started) * 1000)
        good += intact(answer)
        found += answer.found
    times.sort()
    n = len(items)
    print(f"default answers on {n} dev questions: p50 {percentile(times, 50):.0f} ms, "
          f"p95 {percentile(times, 95):.0f} ms; citations intact {good}/{n} ({good / n:.0%}); found {found}/{n}")


if __name__ == "__main__":
    main()
