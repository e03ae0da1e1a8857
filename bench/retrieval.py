"""Retrieval quality and speed by question style, beside a naive dense baseline measured in the same run.

    python bench/retrieval.py [--dev bench/data/dev.jsonl] [--no-baseline] [--blind]

Scores the dev set per category, then every other set in bench/data (one question style each: problem
lists, exam vignettes, op-note statements, legacy procedure titles, the held-out coder sets, and the
out-of-scope set, where "found" must stay false). The blind sets (blind_*.jsonl) are scored only with
--blind: they are for a final figure, never for tuning.

Needs the full default index under CODEASK_HOME (`codeask ingest`). The baseline
is what DESIGN.md measured: one passage per code (code + title), dense MiniLM
only, top-k by cosine. Its vectors are cached under CODEASK_HOME/bench-naive.
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

# bench/ingest.py would shadow the ingest package: run with the repository root first on the path.
_sys.path[0] = str(_Path(__file__).resolve().parents[1])

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from core.config import Settings
from assistant.evaluate import EvalResult, Item, Outcome, evaluate, load_items
from assistant.service import Assistant


def naive_index(bot: Assistant) -> tuple[list[str], np.ndarray]:
    cache = bot.settings.home / "bench-naive"
    rows = bot.store.db.execute(
        "select code, title from codes where billable=1 and source in ('icd10pcs-codes','icd10cm-tabular') "
        "order by system, code").fetchall()
    codes = [r[0] for r in rows]
    if (cache / "vectors.npy").exists() and (cache / "codes.txt").read_text().split() == codes:
        return codes, np.load(cache / "vectors.npy")
    print(f"embedding {len(codes)} code titles for the naive baseline (once; cached) ...", file=sys.stderr)
    texts = [f"{r[0]} {r[1]}" for r in rows]
    vectors = []
    for start in range(0, len(texts), 2048):
        vectors.append(np.asarray(bot.embedder.embed_batch(texts[start:start + 2048]), dtype=np.float32))
    matrix = np.vstack(vectors)
    cache.mkdir(exist_ok=True)
    np.save(cache / "vectors.npy", matrix)
    (cache / "codes.txt").write_text("\n".join(codes))
    return codes, matrix


def naive_eval(bot: Assistant, items: list[Item]) -> EvalResult:
    codes, matrix = naive_index(bot)
    result = EvalResult()
    for item in items:
        started = time.perf_counter()
        vector = np.asarray(bot.embedder.embed_batch([item.question])[0], dtype=np.float32)
        top = np.argsort(-(matrix @ vector))[:10]
        result.outcomes.append(Outcome(item, [codes[i] for i in top], time.perf_counter() - started))
    return result


def cold_start(home: Path) -> float:
    env = {**os.environ, "CODEASK_HOME": str(home)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "assistant.cli", "ask", "lap chole", "--json"], env=env,
                   capture_output=True, check=True)
    return time.perf_counter() - started


def line(name: str, s: dict) -> str:
    return (f"{name:28s} n={s['n']:3d}  hit@1={s['hit@1']:.3f}  hit@5={s['hit@5']:.3f}  "
            f"hit@10={s['hit@10']:.3f}  MRR={s['mrr']:.3f}")


def short(s: dict) -> str:
    return f"hit@1={s['hit@1']:.3f} hit@5={s['hit@5']:.3f} hit@10={s['hit@10']:.3f}"


OTHER_FORMATS = ("clarify",)  # bench/clarify.py's sets (clarify*.jsonl): one gold code and the phrases deciding it


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev", type=Path, default=Path(__file__).parent / "data" / "dev.jsonl")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--blind", action="store_true", help="also score the blind sets (final figures only)")
    args = parser.parse_args()
    settings = Settings()
    cold = cold_start(settings.home)
    bot = Assistant(settings)
    items = load_items(args.dev)
    bot.retrieve(items[0].question)  # warm caches once, as a running app would be
    ours = evaluate(bot, items).summary()
    print(f"dev set: {args.dev} ({len(items)} questions); index: {settings.home}")
    print(line("codeask (hybrid)", ours))
    for cat, s in ours["categories"].items():
        print(line("  " + cat, s))
    print(f"latency warm: p50 {ours['latency_ms_p50']:.0f} ms, p95 {ours['latency_ms_p95']:.0f} ms; "
          f"cold start to first answer {cold:.1f} s")
    data = Path(__file__).parent / "data"
    others = sorted(p for p in data.glob("*.jsonl") if p != args.dev and not p.stem.startswith(OTHER_FORMATS)
                    and (args.blind or not p.stem.startswith("blind")))
    print("by style (answerable: ranks and the share answered not found; out of scope: the share answered found)")
    for path in others:
        held = load_items(path)
        s = evaluate(bot, held).summary()
        if s["n"]:
            print(line(path.stem, s) + f"  not found={s['not_found']:.3f}  p95={s['latency_ms_p95']:.0f} ms"
                  + ("" if args.no_baseline else "  | naive " + short(naive_eval(bot, held).summary())))
            mixed = {cat: c for cat, c in s["categories"].items() if c["n"]}
            for cat, c in mixed.items() if len(mixed) > 1 else ():  # a set of several styles, one by one
                print(line("  " + cat, c) + f"  not found={c['not_found']:.3f}")
        if s["n_unanswerable"]:
            name = f"{path.stem} (out of scope)"
            print(f"{name:28s} n={s['n_unanswerable']:3d}  found={s['found_unanswerable']:.3f}")
    if not args.no_baseline:
        base = naive_eval(bot, items).summary()
        print(line("naive dense baseline (dev)", base))
        for cat, s in base["categories"].items():
            print(line("  " + cat, s))
        for key in ("hit@1", "hit@5", "mrr"):
            ratio = ours[key] / base[key] if base[key] else float("inf")
            print(f"gain {key}: {ours[key]:.3f} vs {base[key]:.3f} = x{ratio:.2f}")


if __name__ == "__main__":
    main()
