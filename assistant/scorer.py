"""The scorer: one linear model over the candidate features, and one over the question for "found".

Both are fitted by `python bench/fit_weights.py` (scikit-learn logistic regression on the pooled
dev sets, checked leave-one-style-out) and stored in assistant/weights.json, so a change of
weights is a reviewable diff. Features missing from the file weigh nothing.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

WEIGHTS_FILE = Path(__file__).with_name("weights.json")


@dataclass(frozen=True)
class Linear:
    weights: dict[str, float]
    bias: float = 0.0

    def score(self, row: dict[str, float]) -> float:
        get = row.get
        return self.bias + sum(w * get(name, 0.0) for name, w in self._nonzero)

    @cached_property
    def _nonzero(self) -> tuple[tuple[str, float], ...]:
        return tuple((name, w) for name, w in self.weights.items() if w)

    def probability(self, row: dict[str, float]) -> float:
        return sigmoid(self.score(row))


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@dataclass(frozen=True)
class Domain:
    """How likely a question is a coding question at all, from its meaning (the query vector): a question
    about bread or an idiom lies elsewhere in the embedding space than any problem list or op note, whatever
    words it shares with medicine. Fitted for one embedding model; another model's vectors get no say."""

    model: str
    weights: tuple[float, ...]
    bias: float = 0.0

    def probability(self, vector: list[float], model: str) -> float:
        if model != self.model or len(vector) != len(self.weights):
            return NEUTRAL
        return sigmoid(self.bias + sum(w * v for w, v in zip(self.weights, vector, strict=True)))


NEUTRAL = 0.5


@dataclass(frozen=True)
class Weights:
    rank: Linear
    found: Linear
    found_threshold: float = 0.5
    meta: dict = field(default_factory=dict)
    domain: Domain | None = None

    def medical(self, vector: list[float], model: str) -> float:
        return self.domain.probability(vector, model) if self.domain else NEUTRAL


def parse(data: dict) -> Weights:
    rank, found, domain = data["rank"], data["found"], data.get("domain")
    return Weights(Linear(dict(rank["weights"]), float(rank.get("bias", 0.0))),
                   Linear(dict(found["weights"]), float(found.get("bias", 0.0))),
                   float(found.get("threshold", 0.5)),
                   {k: v for k, v in data.items() if k not in ("rank", "found", "domain")},
                   Domain(domain["model"], tuple(map(float, domain["weights"])), float(domain.get("bias", 0.0)))
                   if domain else None)


@lru_cache(maxsize=4)
def load(path: Path = WEIGHTS_FILE) -> Weights:
    return parse(json.loads(path.read_text(encoding="utf-8")))
