"""Fit the scorer's weights on the pooled dev sets and check them leave-one-style-out.

    python bench/fit_weights.py [--write] [--sets bench/data/dev.jsonl ...]

Needs the full default index under CODEASK_HOME. Every set in bench/data except the blind ones
(blind_*.jsonl, kept for a final score nobody tunes on) is one question style. For each style the
ranking model is fitted on the other styles only and scored on that one (hit@1/5/10 of the gold
among the gathered candidates), beside the weights in assistant/weights.json at the start of the
run. With --write the model fitted on all styles, and the "found" gate fitted on answerable against
out-of-scope questions, replace assistant/weights.json.
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

# bench/ingest.py would shadow the ingest package: run with the repository root first on the path.
_sys.path[0] = str(_Path(__file__).resolve().parents[1])

import argparse
import json
import pickle
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from scipy.optimize import minimize
from sklearn.model_selection import LeaveOneGroupOut, StratifiedKFold

from assistant.features import FEATURES
from assistant.retrieve import Filters
from assistant.scorer import WEIGHTS_FILE, Domain, Linear, Weights, load
from assistant.service import Assistant
from assistant.validate import clean_question
from core.codes import normalize
from core.config import Settings
from core.errors import BadQuestion

DATA = Path(__file__).parent / "data"
FOUND_MISS_BUDGET = 0.005  # answerable questions the gate may turn into "not found"
FOUND_OOS_BUDGET = 0.01  # out-of-scope questions it may let through as "found"
GATE_C = 0.1  # L2 strength of the found gate (smaller is stronger): no single signal may carry it alone
# The hand-set weights the fit starts from and is pulled toward (the L2 prior): roughly the formula used
# before the scorer was learned. Leave-one-style-out fits start here, never from fitted weights, so no
# style leaks into its own test through the prior.
PRIOR = {"vote": 1.0, "coverage": 2.5, "lean_pcs": 0.5, "lean_cm": 0.5, "named_match": 0.8, "nos_default": 1.0,
         "inclusion_term": 0.5, "title_term": 0.5, "other_kind": -0.5,
         # rules few dev questions exercise (drug events, neoplasm behaviour): the prior carries them
         "intent_match": 1.0, "intent_mismatch": -1.0, "intent_default": 0.5, "behavior_mismatch": -1.0,
         "event_unstated": -1.0, "trimester_match": 1.0, "trimester_mismatch": -1.0, "past_cancer_current": -1.0,
         "status_procedure": -1.0, "history_current": -1.0, "pcs_cm_words": -1.0, "record_mismatch": -1.0,
         **{f: 0.6 for f in FEATURES if f.startswith("fit_")}}
# Coding rules whose direction is known: the fit decides how much each weighs, never its sign.
RISES = {"vote", "coverage", "focus_coverage", "concepts", "all_concepts", "index_vote", "named_table",
         "encounter_match", "encounter_default", "intent_match", "intent_default", "trimester_match", "default_code",
         "nos_default",
         "inclusion_term", "title_term", "plain_unspecified",
         "act_pcs", "ask_cm", "named_match", "lean_pcs", "lean_cm",
         *(f for f in FEATURES if f.startswith("fit_"))}
FALLS = {"other_kind", "unstated", "unstated_words", "cm_unstated_words", "with_unstated", "detail_unstated",
         "context_unstated", "encounter_mismatch", "behavior_mismatch", "intent_mismatch",
         "event_unstated", "trimester_mismatch", "past_cancer_current", "status_procedure", "history_current",
         "never_first", "act_cm", "title_act_cm", "named_mismatch", "pregnancy_outside", "pcs_cm_words",
         "record_mismatch"}
BOUNDS = [(0.0, None) if f in RISES else (None, 0.0) if f in FALLS else (None, None) for f in FEATURES]
SIGNALS = ("top_score", "top_coverage", "top_focus_coverage", "top_concepts", "top_all_concepts", "top_coder_term",
           "evident_codes", "evident_passages", "known_share", "coder_share", "groups", "dense_top", "lay_task",
           "code_ask", "medical", "jargon")
DOMAIN_C = 1.0  # L2 strength of the domain model over the 384 vector dimensions


def style_of(path: Path) -> str:
    return "holdout" if path.stem.startswith("holdout") else path.stem


def collect(bot: Assistant, paths: list[Path]) -> list[dict]:
    """Every question with its candidates' feature rows, the gold positions among them, and its signals."""
    out = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            try:
                question = clean_question(item["question"])
            except BadQuestion:
                continue
            gold = {normalize(g) for g in item["gold"]}
            cands = bot.retriever.candidates(question, Filters()).suggestions
            rows = np.array([[c.features[f] for f in FEATURES] for c in cands]).reshape(len(cands), len(FEATURES))
            labels = np.array([normalize(c.code) in gold for c in cands], dtype=bool)
            out.append({"id": item["id"], "style": style_of(path), "question": question, "gold": gold,
                        "X": rows, "y": labels, "answerable": bool(gold)})
    return out


def fit_rank(questions: list[dict], start: np.ndarray, l2: float = 1.0) -> np.ndarray:
    """Listwise logistic regression (a conditional logit): the weights that make a gold code the
    likeliest of each question's candidates, features standardised, an L2 penalty toward the hand-set
    prior against overfitting one style, each rule's sign fixed (BOUNDS). Fitted with scipy's L-BFGS-B."""
    data = [(q["X"], q["y"]) for q in questions if q["answerable"] and q["y"].any() and (~q["y"]).any()]
    scale = np.maximum(np.vstack([x for x, _ in data]).std(axis=0), 1e-6)
    data = [(x / scale, y) for x, y in data]
    prior = start * scale  # the penalty pulls toward the starting weights, not toward zero

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        value, grad = 0.5 * l2 * float((w - prior) @ (w - prior)), l2 * (w - prior)
        for x, y in data:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            gold = p[y].sum() + 1e-12
            value -= float(np.log(gold))
            grad = grad - (x[y].T @ p[y]) / gold + x.T @ p
        return value, grad

    result = minimize(loss, start * scale, jac=True, method="L-BFGS-B", bounds=BOUNDS, options={"maxiter": 400})
    return result.x / scale


def ranks(questions: list[dict], w: np.ndarray) -> dict[str, float]:
    hits = defaultdict(int)
    n = 0
    for q in questions:
        if not q["answerable"]:
            continue
        n += 1
        if not q["y"].any():
            continue
        scores = q["X"] @ w
        best_gold = scores[q["y"]].max()
        rank = 1 + int((scores[~q["y"]] > best_gold).sum())
        for k in (1, 5, 10):
            hits[k] += rank <= k
    return {f"hit@{k}": hits[k] / (n or 1) for k in (1, 5, 10)} | {"n": n}


def recall(questions: list[dict]) -> float:
    answerable = [q for q in questions if q["answerable"]]
    return sum(q["y"].any() for q in answerable) / (len(answerable) or 1)


def fit_found(bot: Assistant, questions: list[dict], w: np.ndarray) -> tuple[Linear, float, dict, Domain]:
    """The found gate on question signals under the new ranking: answerable (1) against out of scope (0).

    Its "medical" signal is a domain model over the query vector, fitted here too. The gate is trained on that
    signal as it would be for a question style never seen (each style's value from a domain model fitted
    without it), so the gate trusts it no more than it carries over to new styles."""
    old = bot.retriever.weights
    bot.retriever.weights = Weights(Linear(dict(zip(FEATURES, map(float, w), strict=True))), old.found,
                                    old.found_threshold, domain=old.domain)
    rows, labels, vectors, styles = [], [], [], []
    for q in questions:
        r = bot.retriever.search(q["question"])
        rows.append([r.signals.get(s, 0.0) for s in SIGNALS])
        labels.append(int(q["answerable"]))
        vectors.append(r.vector)
        styles.append(q["style"])
    x, y, v, groups = np.array(rows), np.array(labels), np.array(vectors), np.array(styles)
    domain = LogisticRegression(C=DOMAIN_C, max_iter=5000, class_weight="balanced").fit(v, y)
    medical = SIGNALS.index("medical")
    for train, test in LeaveOneGroupOut().split(v, y, groups):
        if len(set(y[train])) == 2:
            held = LogisticRegression(C=DOMAIN_C, max_iter=5000, class_weight="balanced").fit(v[train], y[train])
            x[test, medical] = held.predict_proba(v[test])[:, 1]
    before = (x[:, SIGNALS.index("evident_codes")] + x[:, SIGNALS.index("evident_passages")]) > 0
    scale = np.maximum(x.std(axis=0), 1e-6)
    probs = np.zeros(len(y))
    for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(x, y):
        m = LogisticRegression(C=GATE_C, max_iter=5000, class_weight="balanced").fit(x[train] / scale, y[train])
        probs[test] = m.predict_proba(x[test] / scale)[:, 1]
    # The highest threshold that keeps answerable questions lost to the gate within budget and the lowest that
    # keeps out-of-scope questions found within theirs (cross-validated); halfway between them when both can
    # hold, so the gate keeps a margin on either side for question styles and indexes it was not fitted on.
    highest = float(np.quantile(probs[y == 1], FOUND_MISS_BUDGET))
    lowest = float(np.quantile(probs[y == 0], 1 - FOUND_OOS_BUDGET)) if (y == 0).any() else highest
    threshold = (highest + lowest) / 2 if lowest < highest else highest
    found = probs >= threshold
    report = {"threshold": threshold,
              "answerable_not_found": float((~found[y == 1]).mean()),
              "out_of_scope_found": float(found[y == 0].mean()) if (y == 0).any() else 0.0,
              "out_of_scope_found_before": float(before[y == 0].mean()) if (y == 0).any() else 0.0,
              "answerable_not_found_before": float((~before[y == 1]).mean())}
    m = LogisticRegression(C=GATE_C, max_iter=5000, class_weight="balanced").fit(x / scale, y)
    coef = m.coef_[0] / scale
    fitted = Domain(bot.embedder.name, tuple(float(c) for c in domain.coef_[0]), float(domain.intercept_[0]))
    return (Linear(dict(zip(SIGNALS, map(float, coef), strict=True)), float(m.intercept_[0])), threshold, report,
            fitted)


def domain_json(domain: Domain) -> dict:
    return {"model": domain.model, "bias": round(domain.bias, 5), "weights": [round(c, 5) for c in domain.weights],
            "note": "logistic regression over the query vector: coding question (1) against out of scope (0)"}


def logo_table(questions: list[dict], shipped: np.ndarray, l2: float = 1.0) -> list[dict]:
    """Print, per style, the ranks under the hand-set prior, under weights fitted without that style, and
    under the shipped weights (fitted on every style, so in-sample)."""
    w0 = np.array([PRIOR.get(f, 0.0) for f in FEATURES])
    answerable = [q for q in questions if q["answerable"]]
    groups = [q["style"] for q in answerable]
    print("leave one style out: fitted on the other styles, scored on the one left out (ranks among the "
          "gathered candidates; recall = gold among them at all)")
    print(f"{'style':16s} {'n':>4s} {'recall':>6s}  {'hand-set hit@1/5/10':>20s}  {'left-out fit hit@1/5/10':>24s}"
          f"  {'shipped (in-sample)':>20s}")
    for train_idx, test_idx in LeaveOneGroupOut().split(answerable, groups=groups):
        test = [answerable[i] for i in test_idx]
        w = fit_rank([answerable[i] for i in train_idx], w0, l2)
        before, after, now = ranks(test, w0), ranks(test, w), ranks(test, shipped)
        print(f"{test[0]['style']:16s} {before['n']:4d} {recall(test):6.3f}  "
              f"{before['hit@1']:.3f} {before['hit@5']:.3f} {before['hit@10']:.3f}    "
              f"{after['hit@1']:.3f} {after['hit@5']:.3f} {after['hit@10']:.3f}            "
              f"{now['hit@1']:.3f} {now['hit@5']:.3f} {now['hit@10']:.3f}")
    return answerable


def leave_one_style_out(bot: Assistant, paths: list[Path], l2: float = 1.0) -> None:
    """The leave-one-style-out table for these sets, from a fresh search (bench/ablation.py calls this)."""
    current = load(WEIGHTS_FILE)
    logo_table(collect(bot, paths), np.array([current.rank.weights.get(f, 0.0) for f in FEATURES]), l2)


def found_only(bot: Assistant, paths: list[Path], write: bool) -> None:
    current = load(WEIGHTS_FILE)
    questions = []
    for path in paths:
        for line in filter(str.strip, path.read_text(encoding="utf-8").splitlines()):
            item = json.loads(line)
            try:
                questions.append({"question": clean_question(item["question"]), "answerable": bool(item["gold"]),
                                  "style": style_of(path)})
            except BadQuestion:
                continue
    shipped = np.array([current.rank.weights.get(f, 0.0) for f in FEATURES])
    found, threshold, report, domain = fit_found(bot, questions, shipped)
    print("found gate (5-fold cross-validated): " + ", ".join(f"{k} {v:.3f}" for k, v in report.items()))
    print("  " + ", ".join(f"{k} {v:+.3f}" for k, v in found.weights.items()))
    if write:
        data = json.loads(WEIGHTS_FILE.read_text())
        data["found"] = {"bias": round(found.bias, 5), "threshold": round(threshold, 5),
                         "weights": {k: round(v, 5) for k, v in found.weights.items()},
                         "fitted_on": [p.name for p in paths], "note": "refitted alone (--found-only)"}
        data["domain"] = domain_json(domain)
        WEIGHTS_FILE.write_text(json.dumps(data, indent=1) + "\n")
        print(f"wrote the found gate to {WEIGHTS_FILE}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sets", type=Path, nargs="*",
                        default=sorted(p for p in DATA.glob("*.jsonl")
                                       if not p.stem.startswith(("blind", "clarify"))))
    parser.add_argument("--write", action="store_true", help="replace assistant/weights.json")
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty on the standardised weights")
    parser.add_argument("--cache", type=Path, help="keep the gathered candidates in this file (re-runs skip search)")
    parser.add_argument("--found-only", action="store_true",
                        help="refit only the found gate, under the shipped ranking weights (a new question signal)")
    args = parser.parse_args()
    bot = Assistant(Settings())
    if args.found_only:
        found_only(bot, args.sets, args.write)
        return
    started = time.perf_counter()
    if args.cache and args.cache.exists():
        questions = pickle.loads(args.cache.read_bytes())
    else:
        questions = collect(bot, args.sets)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(questions))
    print(f"{len(questions)} questions from {len(args.sets)} sets, candidates gathered in "
          f"{time.perf_counter() - started:.0f} s")
    current = load(WEIGHTS_FILE)
    shipped = np.array([current.rank.weights.get(f, 0.0) for f in FEATURES])
    w0 = np.array([PRIOR.get(f, 0.0) for f in FEATURES])
    answerable = logo_table(questions, shipped, args.l2)
    w_all = fit_rank(answerable, w0, args.l2)
    pooled = ranks(questions, w_all)
    print(f"all styles, fitted on all: hit@1 {pooled['hit@1']:.3f} hit@5 {pooled['hit@5']:.3f} "
          f"hit@10 {pooled['hit@10']:.3f} (in-sample)")
    for name, value in sorted(zip(FEATURES, w_all, strict=True), key=lambda kv: -abs(kv[1])):
        print(f"  {name:22s} {value:+.3f}")
    found, threshold, report, domain = fit_found(bot, questions, w_all)
    print("found gate (5-fold cross-validated): " + ", ".join(f"{k} {v:.3f}" for k, v in report.items()))
    if args.write:
        data = {
            "version": current.meta.get("version", 0) + 1,
            "note": "fitted by bench/fit_weights.py: listwise logistic regression on the pooled dev sets "
                    "(blind sets excluded); found gate: logistic regression, answerable against out of scope",
            "fitted_on": [p.name for p in args.sets],
            "rank": {"bias": 0.0, "weights": {f: round(float(v), 5) for f, v in zip(FEATURES, w_all, strict=True)}},
            "found": {"bias": round(found.bias, 5), "threshold": round(threshold, 5),
                      "weights": {k: round(v, 5) for k, v in found.weights.items()}},
            "domain": domain_json(domain),
        }
        WEIGHTS_FILE.write_text(json.dumps(data, indent=1) + "\n")
        print(f"wrote {WEIGHTS_FILE}")


if __name__ == "__main__":
    main()
