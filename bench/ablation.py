"""What each retrieval choice buys, on the dev set: the full system beside versions with one part removed.

    python bench/ablation.py [--dev bench/data/dev.jsonl]

Needs the full default index under CODEASK_HOME.
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

# bench/ingest.py would shadow the ingest package: run with the repository root first on the path.
_sys.path[0] = str(_Path(__file__).resolve().parents[1])

import argparse
from pathlib import Path

import assistant.query as query_module
import assistant.retrieve as retrieve_module
from assistant.config import Settings
from assistant.evaluate import evaluate, load_items
from assistant.service import Assistant

VARIANTS = {
    "full system": {},
    "no dense search (BM25 only)": {"DENSE_DEPTH": 0},
    "no BM25 (dense only)": {"LEXICAL_DEPTH_OFF": True},
    "no index walk (PCS index line by line)": {"INDEX_WALK_WEIGHT": 0.0},
    "no concept coverage": {"COVERAGE_WEIGHT": 0.0},
    "no detail fit (approach/side/device)": {"FIT_WEIGHT": 0.0},
    "no glossary": {"NO_GLOSSARY": True},
}


def run(bot: Assistant, items: list, overrides: dict) -> dict:
    saved = {k: getattr(retrieve_module, k) for k in overrides if hasattr(retrieve_module, k)}
    lexical = bot.store.lexical
    try:
        for key, value in overrides.items():
            if hasattr(retrieve_module, key):
                setattr(retrieve_module, key, value)
        if overrides.get("LEXICAL_DEPTH_OFF"):
            bot.store.lexical = lambda query, k: []  # type: ignore[method-assign]
        if overrides.get("NO_GLOSSARY"):
            query_module.glossary.cache_clear()
            query_module.read_glossary = lambda: []  # type: ignore[assignment]
        return evaluate(bot, items).summary()
    finally:
        for key, value in saved.items():
            setattr(retrieve_module, key, value)
        bot.store.lexical = lexical  # type: ignore[method-assign]
        if overrides.get("NO_GLOSSARY"):
            from ingest.builtin.glossary import read_glossary

            query_module.read_glossary = read_glossary
            query_module.glossary.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev", type=Path, default=Path(__file__).parent / "data" / "dev.jsonl")
    args = parser.parse_args()
    bot = Assistant(Settings())
    items = load_items(args.dev)
    for name, overrides in VARIANTS.items():
        s = run(bot, items, overrides)
        print(f"{name:38s} hit@1={s['hit@1']:.3f}  hit@5={s['hit@5']:.3f}  hit@10={s['hit@10']:.3f}  "
              f"MRR={s['mrr']:.3f}", flush=True)


if __name__ == "__main__":
    main()
