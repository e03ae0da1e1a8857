"""The word index's own search must score exactly as bm25s does over the index that ingest/ saves."""

from __future__ import annotations

from pathlib import Path

import bm25s
import pytest

from assistant.word_index import WordIndex
from core.text import tokenize

PASSAGES = [
    "Excision of Right Knee Bursa and Ligament, Open Approach",
    "Excision of Left Knee Bursa and Ligament, Open Approach",
    "Resection of Gallbladder, Percutaneous Endoscopic Approach",
    "Calculus of gallbladder with acute cholecystitis without obstruction",
    "Type 2 diabetes mellitus with diabetic chronic kidney disease",
    "Acute appendicitis with localized peritonitis, without perforation or abscess",
    "Insertion of Infusion Device into Superior Vena Cava, Percutaneous Approach",
]


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[bm25s.BM25, Path]:
    folder = tmp_path_factory.mktemp("lexical")
    retriever = bm25s.BM25()
    retriever.index([tokenize(p) for p in PASSAGES], show_progress=False)
    retriever.save(str(folder))
    return bm25s.BM25.load(str(folder)), folder


@pytest.mark.parametrize("question", ["lap chole gallbladder resection", "knee bursa excision open",
                                      "acute acute appendicitis", "diabetes kidney"])
def test_scores_match_bm25s(saved: tuple[bm25s.BM25, Path], question: str) -> None:
    library, folder = saved
    index = WordIndex.load(folder, len(PASSAGES))
    tokens = [t for t in tokenize(question) if t in library.vocab_dict]
    docs, scores = library.retrieve([tokens], k=len(PASSAGES), show_progress=False, n_threads=1)
    expected = {int(d): float(s) for d, s in zip(docs[0], scores[0], strict=True) if s > 0}
    got = {hit.position: hit.score for hit in index.search(tokenize(question), len(PASSAGES))}
    assert got.keys() == expected.keys()
    assert all(got[p] == pytest.approx(expected[p], rel=1e-5) for p in got)


def test_best_first_ties_in_index_order_and_k_kept(saved: tuple[bm25s.BM25, Path]) -> None:
    index = WordIndex.load(saved[1], len(PASSAGES))
    hits = index.search(tokenize("knee bursa"), 5)
    assert [h.position for h in hits] == [0, 1]  # the two sides score alike: stored order, every time
    assert hits[0].score == hits[1].score > 0
    assert len(index.search(tokenize("approach"), 2)) == 2
    assert index.search(tokenize("zebra unicorn"), 5) == []
    idf = index.idf()
    assert idf[tokenize("gallbladder")[0]] > idf[tokenize("approach")[0]]  # rarer words tell more
