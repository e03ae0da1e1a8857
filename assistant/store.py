"""Read side of the index: catalog lookups, dense search (Chroma) and BM25 search.

assistant/ only reads; every write goes through ingest/.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from assistant.word_index import WordIndex, load_ids
from core import chroma_client
from core.catalog import connect, row_to_passage
from core.codes import CM
from core.config import Settings
from core.errors import CodeaskError, IndexMissing
from core.lexical_meta import WORDS_QUERY, built_words
from core.passage import Passage
from core.text import source_words, tokenize

log = logging.getLogger(__name__)
DENSE_ATTEMPTS = 4  # about 0.35 s of retries before the word index answers alone
CACHED = 60_000  # passages and code rows kept decoded; a question touches a few hundred of each


@dataclass(frozen=True)
class CodeInfo:
    code: str
    system: str
    title: str
    billable: bool
    source: str
    axes: dict[str, str]


@dataclass(frozen=True)
class Hit:
    passage_id: str
    score: float


class Store:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        if not settings.catalog_path.exists():
            raise IndexMissing(
                f"no index under {settings.home}; build it with `codeask ingest`"
            )
        self.db: sqlite3.Connection = connect(settings.catalog_path, readonly=True)
        self._passage_cache: dict[str, Passage] = {}
        self._info_cache: dict[tuple[str, str], CodeInfo] = {}
        self._data_version: int | None = None

    def _current(self) -> None:
        """Decoded rows are kept across questions (decoding was about a tenth of a question's profile; a
        server meets the same titles again and again, a first pass over new questions gains little) until
        another process commits to the catalog (an upload, a removal): then they are read afresh."""
        version = self.db.execute("pragma data_version").fetchone()[0]
        if version != self._data_version or len(self._passage_cache) > CACHED or len(self._info_cache) > CACHED:
            self._passage_cache.clear()
            self._info_cache.clear()
            self._data_version = version

    # --- catalog -----------------------------------------------------------
    def passages(self, ids: list[str]) -> dict[str, Passage]:
        self._current()
        cache = self._passage_cache
        missing = [i for i in dict.fromkeys(ids) if i not in cache]
        for start in range(0, len(missing), 900):
            chunk = missing[start:start + 900]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"select * from passages where id in ({marks})", chunk):
                cache[row["id"]] = row_to_passage(row)
        return {i: cache[i] for i in ids if i in cache}

    def passages_for_code(self, code: str, *, kinds: tuple[str, ...] = ("code", "note", "row")) -> list[Passage]:
        marks = ",".join("?" * len(kinds))
        rows = self.db.execute(
            f"select * from passages where (codes = ? or codes like ? or codes like ? or codes like ?) "
            f"and kind in ({marks}) order by kind",
            (code, f"{code} %", f"% {code}", f"% {code} %", *kinds),
        ).fetchall()
        return [row_to_passage(r) for r in rows]

    def notes(self, code: str) -> list[Passage]:
        """The tabular notes on a CM code and on every category above it (E11's apply to E11.65), the
        category first; indexed lookups, one per level."""
        out: list[Passage] = []
        for size in range(3, len(code) + 1):
            rows = self.db.execute("select * from passages where codes=? and system=? and kind='note'",
                                   (code[:size], CM))
            out += [row_to_passage(r) for r in rows]
        return out

    def passages_of_kind(self, kind: str, system: str) -> list[Passage]:
        rows = self.db.execute("select * from passages where kind=? and system=?", (kind, system)).fetchall()
        return [row_to_passage(r) for r in rows]

    def heading_titles(self, system: str) -> list[tuple[str, str]]:
        """(code, title) of every category and subcategory that is not itself billable."""
        return self.db.execute("select code, title from codes where system=? and billable=0", (system,)).fetchall()

    def inclusion_rows(self) -> list[tuple[str, str, str]]:
        """ICD-10-CM code passages with inclusion terms, and notes with "Includes:" or naming a "NOS" term (for
        assistant.nos)."""
        return self.db.execute(
            "select kind, codes, text from passages where system=? and kind in ('code','note') "
            "and (text like '%Also:%' or text like '% NOS%' or text like '%Includes:%')", (CM,)).fetchall()

    def passage_id_for_code(self, code: str, system: str) -> str | None:
        row = self.db.execute(
            "select id from passages where codes=? and system=? and kind in ('code','row') limit 1", (code, system)
        ).fetchone()
        return row[0] if row else None

    def code(self, code: str, system: str | None = None) -> list[CodeInfo]:
        sql = "select * from codes where code=?"
        args: list[Any] = [code]
        if system:
            sql += " and system=?"
            args.append(system)
        self._current()
        return [self._code(r) for r in self.db.execute(sql, args)]

    def codes_with_prefix(self, prefix: str, system: str, limit: int = 5000) -> list[CodeInfo]:
        self._current()
        rows = self.db.execute(
            "select * from codes where code >= ? and code < ? and system=? order by code limit ?",
            (prefix, prefix + "\uffff", system, limit),
        )
        return [self._code(r) for r in rows]

    def nearest_codes(self, code: str, system: str, n: int = 5) -> list[CodeInfo]:
        """Valid codes sharing the longest prefix with ``code``: what the coder likely meant."""
        for size in range(len(code) - 1, 0, -1):
            found = [c for c in self.codes_with_prefix(code[:size], system, 200) if c.billable]
            if found:
                return found[:n]
        return []

    def _code(self, row: sqlite3.Row) -> CodeInfo:
        key = (row["code"], row["system"])
        info = self._info_cache.get(key)
        if info is None:
            info = self._info_cache[key] = CodeInfo(
                code=row["code"], system=row["system"], title=row["title"], billable=bool(row["billable"]),
                source=row["source"], axes=json.loads(row["axes"]) if row["axes"] else {})
        return info

    def passages_without_system(self) -> dict[str, int]:
        """Glossary entries and user documents: passages that belong to no code system."""
        return dict(self.db.execute("select kind, count(*) from passages where system = '' group by kind").fetchall())

    def systems(self) -> set[str]:
        return {r[0] for r in self.db.execute("select distinct system from codes")}

    def sources(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute("select * from sources order by name")]

    def counts(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for system, n in self.db.execute("select system, count(distinct code) from codes group by system"):
            out.setdefault(system, {"codes": 0, "billable": 0, "passages": {}, "version": ""})["codes"] = n
        for system, n in self.db.execute(
            "select system, count(distinct code) from codes where billable=1 group by system"
        ):
            out[system]["billable"] = n
        for system, kind, n in self.db.execute(
            "select system, kind, count(*) from passages where system != '' group by system, kind"
        ):
            out.setdefault(system, {"codes": 0, "billable": 0, "passages": {}, "version": ""})
            out[system]["passages"][kind] = n
        versions: dict[str, list[str]] = {}
        for system, version, year in self.db.execute(
            "select distinct c.system, s.version, s.year from codes c join sources s on s.name=c.source"
        ):
            versions.setdefault(system, []).append(f"{year} ({version})" if year else version)
        for system, labels in versions.items():
            out[system]["version"] = "; ".join(sorted(set(labels)))
        return out

    # --- search ------------------------------------------------------------
    @cached_property
    def _lexical(self) -> tuple[WordIndex, list[str]] | None:
        path = self.settings.lexical_path
        ids = load_ids(path)
        if not ids:
            return None
        return WordIndex.load(path, len(ids)), ids

    @cached_property
    def _idf(self) -> dict[str, float]:
        index = self._lexical
        return index[0].idf() if index else {}

    def idf(self, token: str, default: float = 6.0) -> float:
        """How telling a word is across all passages (BM25's idf); unseen words count as rare."""
        return self._idf.get(token, default)

    def lexical(self, query: str, k: int) -> list[Hit]:
        index = self._lexical
        tokens = tokenize(query)
        if index is None or not tokens:
            return []
        words, ids = index
        return [Hit(ids[hit.position], hit.score) for hit in words.search(tokens, k)]

    @cached_property
    def words(self) -> dict[str, int]:
        """The sources' lower-case words and their counts (spelling): saved by the ingest beside the lexical
        index; counted here only for an index built before that (about two seconds of a cold start)."""
        saved = built_words(self.settings.lexical_path)
        if saved is not None:
            return saved
        return source_words(row[0] for row in self.db.execute(WORDS_QUERY))

    @cached_property
    def _collection(self) -> Any:
        return chroma_client.collection(self.settings, create=False)

    @cached_property
    def _dense_filled(self) -> bool:
        """Counted once per opening, not per question (a count took a fifth of a question's store time)."""
        collection = self._collection
        return collection is not None and collection.count() > 0

    def dense(self, vector: list[float], k: int, where: dict[str, Any] | None = None) -> list[Hit]:
        """Nearest passages in meaning. Embedded Chroma read while another process writes it can fail
        ("Error finding id"): the store is reopened and asked again, and if it still fails the question is
        answered from the lexical index alone rather than failing."""
        for attempt in range(DENSE_ATTEMPTS):
            try:
                collection = self._collection
                if k <= 0 or collection is None or not self._dense_filled:
                    return []
                result = collection.query(query_embeddings=[vector], n_results=k, where=where or None,
                                          include=["distances"])
                return [Hit(i, 1.0 - float(d)) for i, d in zip(result["ids"][0], result["distances"][0], strict=True)]
            except CodeaskError:
                raise  # the store cannot be reached at all: the user must hear it
            except Exception as exc:  # noqa: BLE001 - chroma raises many types mid-write
                self.__dict__.pop("_collection", None)
                self.__dict__.pop("_dense_filled", None)
                if attempt == DENSE_ATTEMPTS - 1:
                    log.warning("meaning search unavailable while the index is being written (%s); "
                                "answering from the word index", type(exc).__name__)
                    return []
                time.sleep(0.05 * 2 ** attempt)
        return []

    def dense_count(self) -> int:
        collection = self._collection
        return collection.count() if collection is not None else 0
