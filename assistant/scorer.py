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
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, self.score(row)))))


@dataclass(frozen=True)
class Weights:
    rank: Linear
    found: Linear
    found_threshold: float = 0.5
    meta: dict = field(default_factory=dict)


def parse(data: dict) -> Weights:
    rank, found = data["rank"], data["found"]
    return Weights(Linear(dict(rank["weights"]), float(rank.get("bias", 0.0))),
                   Linear(dict(found["weights"]), float(found.get("bias", 0.0))),
                   float(found.get("threshold", 0.5)), {k: v for k, v in data.items() if k not in ("rank", "found")})


@lru_cache(maxsize=4)
def load(path: Path = WEIGHTS_FILE) -> Weights:
    return parse(json.loads(path.read_text(encoding="utf-8")))
