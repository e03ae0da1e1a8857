"""Builds the persisted BM25 index (bm25s) over every passage in the catalog.

Rebuilt whole, with the sources' word counts beside it, when the catalog generation
moves: tokenising all passages takes seconds, far less than keeping an inverted index in step by hand. Written to a
temporary folder and swapped in, so readers never see a half-written index.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from core.lexical_meta import WORDS_FILE, WORDS_QUERY
from core.text import TOKENIZER_VERSION, source_words, tokenize
from ingest.catalog import Catalog


def build(catalog: Catalog, path: Path) -> int:
    import bm25s

    ids: list[str] = []
    corpus: list[list[str]] = []
    for row in catalog.db.execute("select id, text from passages order by rowid"):
        ids.append(row[0])
        corpus.append(tokenize(row[1]) or ["_"])
    tmp = path.with_name(path.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    retriever = bm25s.BM25()
    if corpus:
        retriever.index(corpus, show_progress=False)
        retriever.save(str(tmp))
    (tmp / "ids.json").write_text(json.dumps(ids))
    words = source_words(row[0] for row in catalog.db.execute(WORDS_QUERY))
    (tmp / WORDS_FILE).write_text(json.dumps(words))
    (tmp / "meta.json").write_text(json.dumps({"generation": catalog.generation(), "count": len(ids),
                                                "tokenizer": TOKENIZER_VERSION}))
    old = path.with_name(path.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        path.rename(old)
    tmp.rename(path)
    shutil.rmtree(old, ignore_errors=True)
    return len(ids)
