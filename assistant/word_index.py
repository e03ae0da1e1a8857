"""BM25 search over the index that ingest/ builds with bm25s.

bm25s stores every word's precomputed passage scores as one sparse matrix (one column of passage ids and scores
per word). Its own ``retrieve`` took 40-70 ms a question on the default index (237k passages, most of it in its
per-query machinery); adding the columns of the question's words with one ``numpy.bincount`` and keeping the top
``k`` gives the same scores in about 2 ms, which is a third of what a question may cost for issue 12's 16 clients.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class WordHit:
    position: int
    score: float


class WordIndex:
    def __init__(self, vocab: dict[str, int], data: np.ndarray, indices: np.ndarray, indptr: np.ndarray,
                 size: int) -> None:
        self.vocab = vocab
        self._data = data
        self._indices = indices
        self._indptr = indptr
        self.size = size

    @classmethod
    def load(cls, path: Path, size: int) -> WordIndex:
        import bm25s

        saved = bm25s.BM25.load(str(path), mmap=False)
        scores = saved.scores
        return cls(dict(saved.vocab_dict), np.asarray(scores["data"], dtype=np.float32),
                   np.asarray(scores["indices"]), np.asarray(scores["indptr"]), size)

    def idf(self) -> dict[str, float]:
        """Each word's BM25 idf, from how many passages hold it."""
        df = np.diff(self._indptr)
        n = self.size
        return {tok: math.log(1 + (n - df[i] + 0.5) / (df[i] + 0.5)) for tok, i in self.vocab.items()
                if i < len(df)}

    def search(self, tokens: list[str], k: int) -> list[WordHit]:
        """The ``k`` best passages for the words (a repeated word counts again, as in bm25s), best first; equal
        scores in index order, so a question always meets its ties in the same order."""
        columns = [self.vocab[t] for t in tokens if t in self.vocab]
        if not columns or k <= 0:
            return []
        spans = [slice(self._indptr[c], self._indptr[c + 1]) for c in columns]
        positions = np.concatenate([self._indices[s] for s in spans])
        weights = np.concatenate([self._data[s] for s in spans])
        scores = np.bincount(positions, weights=weights, minlength=self.size).astype(np.float32)
        k = min(k, self.size)
        top = np.argpartition(-scores, k - 1)[:k] if k < self.size else np.arange(self.size)
        top = top[np.lexsort((top, -scores[top]))]
        return [WordHit(int(p), float(scores[p])) for p in top if scores[p] > 0]


def load_ids(path: Path) -> list[str]:
    """Passage ids in the order the word index numbers them ([] when there is no index yet)."""
    ids_file = path / "ids.json"
    return json.loads(ids_file.read_text()) if ids_file.exists() else []
