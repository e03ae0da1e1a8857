"""What each retrieval choice buys, and how the fitted scorer transfers to a style it never saw.

    python bench/ablation.py [--sets bench/data/dev.jsonl ...] [--no-logo]

Needs the full default index under CODEASK_HOME. Part 1: the full system beside versions with one part
removed (a search, a candidate source, or a group of features zeroed in the scorer), on each style's set.
Ranking only: the found gate is off in every variant (its signals depend on the parts removed).
Part 2: leave one style out (bench/fit_weights.py): the scorer fitted on the other styles and scored on
the one left out, beside the weights shipped in assistant/weights.json.
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

# bench/ingest.py would shadow the ingest package: run with the repository root first on the path.
_sys.path[0] = str(_Path(__file__).resolve().parents[1])

import argparse
from dataclasses import replace
from pathlib import Path

import assistant.candidates as candidates_module
import assistant.query as query_module
import assistant.retrieve as retrieve_module
from assistant.evaluate import evaluate, load_items
from assistant.scorer import Linear
from assistant.service import Assistant
from core.config import Settings

DATA = Path(__file__).parent / "data"
DEFAULT_SETS = ["dev", "problem_list", "vignettes", "opnote", "legacy_titles"]
FIT = ("fit_approach", "fit_side", "fit_diagnostic", "fit_device", "fit_inspection", "fit_extent", "fit_root",
       "fit_negation", "fit_qualifier")
VARIANTS: dict[str, dict] = {
    "full system": {},
    "no dense search (BM25 only)": {"DENSE_DEPTH": 0},
    "no BM25 (dense only)": {"LEXICAL_OFF": True},
    "no index walk (PCS index line by line)": {"INDEX_WALK_WEIGHT": 0.0},
    "no concept coverage": {"zero": ("coverage", "concepts", "all_concepts")},
    "no detail fit (approach/side/device/...)": {"zero": FIT},
    "no title precision / defaults": {"zero": ("unstated", "unstated_words", "cm_unstated_words", "with_unstated",
                                               "detail_unstated", "context_unstated", "plain_unspecified",
                                               "default_code", "fit_unspecified")},
    "no encounter or routing features": {"zero": ("encounter_match", "encounter_mismatch", "encounter_default",
                                                  "lean_pcs", "lean_cm", "act_pcs", "act_cm", "ask_cm", "ask_cm_act",
                                                  "status_procedure", "named_match", "named_mismatch")},
    "no stated-conclusion focus": {"zero": ("focus_coverage",)},
    "no neoplasm behaviour or drug intent": {"zero": ("behavior_mismatch", "intent_match", "intent_mismatch",
                                                      "intent_default")},
    "no glossary": {"NO_GLOSSARY": True},
}


def run(bot: Assistant, items: list, overrides: dict) -> dict:
    saved = {k: getattr(m, k) for m in (retrieve_module, candidates_module) for k in overrides if hasattr(m, k)}
    weights, lexical = bot.retriever.weights, bot.store.lexical
    bot.retriever.weights = replace(weights, found_threshold=0.0)
    try:
        for module in (retrieve_module, candidates_module):
            for key, value in overrides.items():
                if hasattr(module, key):
                    setattr(module, key, value)
        if overrides.get("LEXICAL_OFF"):
            bot.store.lexical = lambda query, k: []  # type: ignore[method-assign]
        if overrides.get("zero"):
            kept = {f: (0.0 if f in overrides["zero"] else w) for f, w in weights.rank.weights.items()}
            bot.retriever.weights = replace(bot.retriever.weights, rank=Linear(kept, weights.rank.bias))
        if overrides.get("NO_GLOSSARY"):
            query_module.glossary.cache_clear()
            query_module.read_glossary = lambda: []  # type: ignore[assignment]
        return evaluate(bot, items).summary()
    finally:
        for key, value in saved.items():
            for module in (retrieve_module, candidates_module):
                if hasattr(module, key):
                    setattr(module, key, value)
        bot.store.lexical = lexical  # type: ignore[method-assign]
        bot.retriever.weights = weights
        if overrides.get("NO_GLOSSARY"):
            from core.glossary import read_glossary

            query_module.read_glossary = read_glossary
            query_module.glossary.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sets", type=Path, nargs="*", default=[DATA / f"{name}.jsonl" for name in DEFAULT_SETS])
    parser.add_argument("--no-logo", action="store_true", help="skip the leave-one-style-out part")
    args = parser.parse_args()
    bot = Assistant(Settings())
    sets = {path.stem: load_items(path) for path in args.sets}
    print("hit@1 / hit@5 per style")
    print(f"{'variant':42s} " + " ".join(f"{name[:13]:>13s}" for name in sets))
    for name, overrides in VARIANTS.items():
        cells = []
        for items in sets.values():
            s = run(bot, items, overrides)
            cells.append(f"{s['hit@1']:.3f}/{s['hit@5']:.3f}")
        print(f"{name:42s} " + " ".join(f"{c:>13s}" for c in cells), flush=True)
    if not args.no_logo:
        import fit_weights

        print()
        styles = sorted(p for p in DATA.glob("*.jsonl") if not p.stem.startswith(("blind", "clarify")))
        fit_weights.leave_one_style_out(bot, styles)


if __name__ == "__main__":
    main()
