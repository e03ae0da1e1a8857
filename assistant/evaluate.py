"""Scores retrieval on questions with gold codes: hit@k, MRR, latency, and the misses."""

from __future__ import annotations

import json
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.codes import normalize
from core.errors import BadQuestion


@dataclass
class Item:
    id: str
    question: str
    gold: list[str]
    category: str = ""


@dataclass
class Outcome:
    item: Item
    ranked: list[str]
    seconds: float
    found: bool = True

    @property
    def answerable(self) -> bool:
        return bool(self.item.gold)

    @property
    def rank(self) -> int | None:
        gold = {normalize(g) for g in self.item.gold}
        for i, code in enumerate(self.ranked):
            if normalize(code) in gold:
                return i + 1
        return None


@dataclass
class EvalResult:
    outcomes: list[Outcome] = field(default_factory=list)

    @staticmethod
    def scores(outcomes: list[Outcome]) -> dict[str, float]:
        """Ranks over answerable questions; "not_found" is the share of those answered not found, and
        "found_unanswerable" the share of questions with no gold code (out of scope) answered as found."""
        answerable = [o for o in outcomes if o.answerable]
        unanswerable = [o for o in outcomes if not o.answerable]
        n = len(answerable) or 1
        ranks = [o.rank for o in answerable]
        return {
            "n": len(answerable),
            "hit@1": sum(1 for r in ranks if r and r <= 1) / n,
            "hit@5": sum(1 for r in ranks if r and r <= 5) / n,
            "hit@10": sum(1 for r in ranks if r and r <= 10) / n,
            "mrr": sum(1.0 / r for r in ranks if r) / n,
            "not_found": sum(1 for o in answerable if not o.found) / n,
            "n_unanswerable": len(unanswerable),
            "found_unanswerable": sum(1 for o in unanswerable if o.found) / (len(unanswerable) or 1),
        }

    def summary(self) -> dict[str, Any]:
        times = sorted(o.seconds * 1000 for o in self.outcomes)
        by_cat: dict[str, list[Outcome]] = defaultdict(list)
        for o in self.outcomes:
            by_cat[o.item.category or "all"].append(o)
        return {
            **self.scores(self.outcomes),
            "latency_ms_p50": percentile(times, 50),
            "latency_ms_p95": percentile(times, 95),
            "categories": {c: self.scores(v) for c, v in sorted(by_cat.items())},
        }


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(pct) - 1]


def load_items(path: Path) -> list[Item]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        data = json.loads(line)
        if not data.get("question") or not isinstance(data.get("gold"), list):
            raise ValueError(f"{path}:{number}: each line needs question and gold (a list; [] for out of scope)")
        items.append(Item(str(data.get("id", number)), data["question"], list(data["gold"]),
                          data.get("category", "")))
    return items


def evaluate(bot: Any, items: list[Item], *, k: int = 10) -> EvalResult:
    result = EvalResult()
    for item in items:
        started = time.perf_counter()
        try:
            retrieval = bot.retrieve(item.question, k=k)
        except BadQuestion:  # no words at all ("??"): refused, which counts as not found
            result.outcomes.append(Outcome(item, [], time.perf_counter() - started, False))
            continue
        elapsed = time.perf_counter() - started
        result.outcomes.append(Outcome(item, [s.code for s in retrieval.suggestions], elapsed, retrieval.found))
    return result


def report(result: EvalResult, misses: int = 20) -> str:
    s = result.summary()
    lines = [f"n={s['n']}  hit@1={s['hit@1']:.3f}  hit@5={s['hit@5']:.3f}  hit@10={s['hit@10']:.3f}  "
             f"MRR={s['mrr']:.3f}  not found={s['not_found']:.3f}  p50={s['latency_ms_p50']:.0f} ms  "
             f"p95={s['latency_ms_p95']:.0f} ms"]
    if s["n_unanswerable"]:
        lines.append(f"out of scope: n={s['n_unanswerable']}  answered as found={s['found_unanswerable']:.3f}")
    for cat, c in s["categories"].items():
        if not c["n"]:
            lines.append(f"  {cat:28s} n={c['n_unanswerable']:3d}  found={c['found_unanswerable']:.2f} (out of scope)")
            continue
        lines.append(f"  {cat:28s} n={c['n']:3d}  hit@1={c['hit@1']:.2f}  hit@5={c['hit@5']:.2f}  "
                     f"hit@10={c['hit@10']:.2f}  MRR={c['mrr']:.2f}  not found={c['not_found']:.2f}")
    missed = [o for o in result.outcomes if o.answerable and o.rank != 1][:misses]
    if missed:
        lines.append("misses (question | gold | first):")
        for o in missed:
            first = o.ranked[0] if o.ranked else "-"
            lines.append(f"  [{o.item.id}] {o.item.question[:70]} | {','.join(o.item.gold)} | {first} "
                         f"(rank {o.rank or '>10'})")
    return "\n".join(lines)
