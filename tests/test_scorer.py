"""The learned scorer: its weights file matches the features, keeps each coding rule's sign, and the
fitting code learns a ranking from data (no index needed)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np

from assistant.features import FEATURES, asserted_words
from assistant.scorer import WEIGHTS_FILE, Linear, load

ROOT = Path(__file__).resolve().parents[1]


def fit_weights():  # noqa: ANN201
    spec = importlib.util.spec_from_file_location("fit_weights", ROOT / "bench" / "fit_weights.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_weights_file_covers_every_feature_and_nothing_else() -> None:
    data = json.loads(WEIGHTS_FILE.read_text())
    assert set(data["rank"]["weights"]) == set(FEATURES)
    assert 0.0 < data["found"]["threshold"] < 1.0
    assert "blind_a.jsonl" not in data["fitted_on"]  # the blind sets are never fitted on


def test_shipped_weights_keep_the_sign_of_each_coding_rule() -> None:
    fw = fit_weights()
    weights = load().rank.weights
    assert all(weights[f] >= 0 for f in fw.RISES)
    assert all(weights[f] <= 0 for f in fw.FALLS)


def test_listwise_fit_learns_which_feature_marks_the_gold_code() -> None:
    fw = fit_weights()
    rng = np.random.default_rng(1)
    questions = []
    marker = FEATURES.index("coverage")
    for _ in range(60):
        x = rng.normal(size=(20, len(FEATURES)))
        y = np.zeros(20, dtype=bool)
        y[3] = True
        x[3, marker] += 4.0  # the gold code answers more of the question
        questions.append({"X": x, "y": y, "answerable": True, "style": "s"})
    w = fw.fit_rank(questions, np.zeros(len(FEATURES)), l2=1.0)
    assert w[marker] > 0
    assert fw.ranks(questions, w)["hit@1"] > 0.8  # chance is 1 in 20


def test_linear_score_and_probability() -> None:
    model = Linear({"a": 2.0, "b": -1.0}, bias=0.5)
    assert model.score({"a": 1.0, "b": 1.0, "ignored": 9.0}) == 1.5
    assert 0.8 < model.probability({"a": 1.0, "b": 1.0}) < 0.85


def test_denied_details_are_not_asserted() -> None:
    plain = asserted_words("Migraine, unspecified, not intractable, without status migrainosus")
    severe = asserted_words("Migraine, unspecified, intractable, with status migrainosus")
    assert "intract" not in plain and "intract" in severe


def test_the_domain_model_reads_meaning_and_stays_out_of_another_models_space() -> None:
    from core.config import Settings
    from core.embedder import get_query_embedder

    weights, settings = load(), Settings()
    data = json.loads(WEIGHTS_FILE.read_text())
    assert data["domain"]["model"] == settings.embed_model and "medical" in data["found"]["weights"]
    embedder = get_query_embedder(settings.embed_model, settings.home)
    coding, idiom, trivia = embedder.embed_batch([
        "Acute cholecystitis with cholelithiasis", "what does it mean to give someone the cold shoulder",
        "What year was the first heart transplant?"])
    model = embedder.name
    assert weights.medical(coding, model) > 0.5 > max(weights.medical(idiom, model), weights.medical(trivia, model))
    assert weights.medical(coding, "some-other-model") == 0.5  # another embedding space: no say
    assert weights.medical(coding[:100], model) == 0.5
