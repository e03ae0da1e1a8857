"""Hybrid retrieval that ends in a ranked list of distinct, valid codes.

Passages come from BM25 (every passage) and dense search (stems, index,
definitions, guidelines, user documents), fused by reciprocal rank. Passages
then vote for targets: a code, or for ICD-10-PCS a 4-character stem whose
codes are told apart by the details the question states (assistant.pcs_fit).
Only codes present in a loaded code set are ever suggested.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from assistant.codes import CM, PCS, display
from assistant.embedder import Embedder
from assistant.pcs_fit import fit
from assistant.pcs_index import Lead, PcsIndex
from assistant.query import Query, analyse
from assistant.store import CodeInfo, Store
from assistant.text import token_set
from ingest.passage import Passage

RRF_K = 60
LEXICAL_DEPTH = 300
DENSE_DEPTH = 60
STEMS_EXPANDED = 12
FIT_WEIGHT = 0.4
COVERAGE_WEIGHT = 2.5
MIN_COVERAGE = 0.3
SINGLE_CONCEPT_COVERAGE = 0.6  # one matched concept must carry most of the question
NO_CUE_LEAN = 0.15
GLOSSARY_STEM_VOTE = 1.0
IDF_POWER = 1.0
IDF_CAP = 10.0
PER_TABLE = 3
INDEX_TERM_FLOOR = 0.3
INDEX_WALK_WEIGHT = 1.0
SEARCH_GATE = 0.0
_STEM_IN_TEXT = re.compile(r"\b([0-9BCDFGHX][0-9A-HJ-NP-Z]{3})\b")
# How strongly each kind of passage speaks for the target it names.
Cover = Callable[[frozenset[str]], float]  # share of the question's concepts a set of words answers
KIND_WEIGHT = {"code": 1.0, "row": 1.0, "stem": 1.0, "index": 1.3, "note": 0.5, "document": 0.8}


@dataclass
class Suggestion:
    code: str
    system: str
    title: str
    valid: bool
    billable: bool
    score: float
    evidence: list[str] = field(default_factory=list)
    axes: dict[str, str] = field(default_factory=dict)
    coverage: float = 0.0
    concepts: int = 0
    coder_term: bool = False
    named_table: bool = False  # its table is named by a glossary term the question uses

    @property
    def shown(self) -> str:
        return display(self.code, self.system)


@dataclass
class Exact:
    """A code written in the question, and what the code sets say of it."""

    text: str
    code: str
    system: str | None
    info: CodeInfo | None
    nearest: list[CodeInfo] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.info is not None


@dataclass
class Retrieval:
    query: Query
    suggestions: list[Suggestion]
    passages: dict[str, Passage]
    ranked: list[str]
    exact: list[Exact]
    found: bool
    coverage: dict[str, float] = field(default_factory=dict)

    def best_passages(self, kinds: tuple[str, ...], n: int) -> list[Passage]:
        """Passages of these kinds that answer most of the question, best first."""
        pool = [pid for pid in self.ranked[:30] if self.passages[pid].kind in kinds]
        pool.sort(key=lambda pid: -self.coverage.get(pid, 0.0))
        return [self.passages[pid] for pid in pool[:n]]


def diversify(ranked: list[Suggestion], per_table: int) -> list[Suggestion]:
    """At most ``per_table`` codes of one table (first four characters) before other tables get a turn,
    so one wrong table cannot fill the whole top of the list with its siblings."""
    if per_table <= 0:
        return ranked
    seen: dict[str, int] = defaultdict(int)
    first, later = [], []
    for s in ranked:
        key = f"{s.system}:{s.code[:4]}"
        seen[key] += 1
        (first if seen[key] <= per_table else later).append(s)
    return first + later


def evident(coverage: float, concepts: int, coder_term: bool, named_table: bool = False) -> bool:
    """Evidence: a matched concept that carries most of the question, or a coder's term and a fair share,
    or two concepts and some share, or a code in the very table a coder's term names ("EEG" is 4A00)
    however many other words the question has. One plain word in common ("feeling") is not evidence."""
    return (coverage >= SINGLE_CONCEPT_COVERAGE or (coder_term and coverage >= MIN_COVERAGE)
            or (concepts >= 2 and coverage >= MIN_COVERAGE / 2)
            or (named_table and coder_term and coverage >= MIN_COVERAGE / 2))


def _coder_term_matched(query: Query, words: set[str] | frozenset[str]) -> bool:
    return any(t and g & words for g, t in zip(query.groups, query.coder_terms, strict=False))


@dataclass
class _Votes:
    code: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    stem: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    evidence: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))

    def add_code(self, code: str, system: str, weight: float, pid: str) -> None:
        self.code[(code, system)] += weight
        self.evidence[(code, system)].append(pid)

    def add_stem(self, stem: str, weight: float, pid: str) -> None:
        self.stem[stem] += weight
        self.evidence[("stem", stem)].append(pid)


@dataclass(frozen=True)
class Filters:
    system: str | None = None
    kinds: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def accepts(self, p: Passage) -> bool:
        if self.system and p.system and p.system != self.system:
            return False
        if self.system and not p.system and p.kind not in ("glossary", "document"):
            return False
        if self.kinds and p.kind not in self.kinds:
            return False
        return not (self.sources and p.source not in self.sources)


class Retriever:
    def __init__(self, store: Store, embedder: Embedder) -> None:
        self.store = store
        self.embedder = embedder

    def resolve(self, query: Query, filters: Filters) -> list[Exact]:
        out: list[Exact] = []
        for mention in query.mentions:
            infos = [i for i in self.store.code(mention.code) if i.system in mention.systems]
            if filters.system:
                infos = [i for i in infos if i.system == filters.system] or infos
            if infos:
                out.append(Exact(mention.text, mention.code, infos[0].system, infos[0]))
                continue
            system = mention.systems[0]
            if filters.system in mention.systems:
                system = filters.system
            if system not in self.store.systems() and len(mention.systems) > 1:
                system = next((s for s in mention.systems if s in self.store.systems()), system)
            out.append(Exact(mention.text, mention.code, system, None,
                             self.store.nearest_codes(mention.code, system) if system else []))
        return out

    def search(self, question: str, *, filters: Filters | None = None, k: int = 10) -> Retrieval:
        filters = filters or Filters()
        query = analyse(question)
        exact = self.resolve(query, filters)
        fused = self._fuse(query, filters)
        passages = self.store.passages(list(fused)[:LEXICAL_DEPTH])
        ranked = [pid for pid in fused if pid in passages and filters.accepts(passages[pid])]
        weights = self._weights(query)
        suggestions = self._suggest(query, weights, ranked, fused, passages, filters)
        # Codes named in the question come first, with their own passages as evidence.
        named: list[Suggestion] = []
        for hit in exact:
            if hit.info is None:
                continue
            own = self.store.passages_for_code(hit.code)
            for p in own:
                passages.setdefault(p.id, p)
            named.append(Suggestion(hit.code, hit.info.system, hit.info.title, True, hit.info.billable,
                                    score=float("inf"), evidence=[p.id for p in own], axes=hit.info.axes))
        seen = {(s.code, s.system) for s in named}
        merged = named + [s for s in suggestions if (s.code, s.system) not in seen]
        codes_found = bool(named) or self._has_evidence(query, merged, passages)
        coverage = {pid: self._coverage(query, weights, token_set(passages[pid].text)) for pid in ranked[:30]}
        found = codes_found or any(
            evident(coverage[pid], sum(1 for g in query.groups if g & token_set(passages[pid].text)),
                    _coder_term_matched(query, token_set(passages[pid].text)))
            for pid in ranked[:8] if passages[pid].kind in ("definition", "guideline", "glossary", "document", "index"))
        return Retrieval(query, merged[:k] if codes_found else [], passages, ranked, exact, found, coverage)

    def _fuse(self, query: Query, filters: Filters) -> dict[str, float]:
        scores: dict[str, float] = defaultdict(float)
        for rank, hit in enumerate(self.store.lexical(query.expanded, LEXICAL_DEPTH)):
            scores[hit.passage_id] += 1.0 / (RRF_K + rank)
        vector = self.embedder.embed_batch([query.expanded])[0]
        where = {"system": filters.system} if filters.system else None
        for rank, hit in enumerate(self.store.dense(vector, DENSE_DEPTH, where)):
            scores[hit.passage_id] += 1.0 / (RRF_K + rank)
        return dict(sorted(scores.items(), key=lambda kv: -kv[1]))

    def _suggest(self, query: Query, weights: list[float], ranked: list[str], fused: dict[str, float],
                 passages: dict[str, Passage], filters: Filters) -> list[Suggestion]:
        cover = self._cover(query, weights)
        votes = self._votes(query, cover, ranked, fused, passages)
        if filters.system in (None, PCS) and not filters.kinds:
            self._walk_index(query, cover, votes, passages)
        named_tables: set[str] = set()
        for entry in query.glossary_hits:  # the glossary may name the PCS table itself ("... 0FT4")
            for stem in dict.fromkeys(_STEM_IN_TEXT.findall(entry.expansion.upper())):
                votes.stem[stem] += GLOSSARY_STEM_VOTE
                named_tables.add(stem)
        prior = self._prior(query)
        top_vote = max(votes.code.values(), default=0.0) or 1.0
        top_vote = max(top_vote, max(votes.stem.values(), default=0.0))
        out: dict[tuple[str, str], Suggestion] = {}

        def consider(info: CodeInfo, system: str, vote: float, evidence: list[str], extra_text: str) -> None:
            key = (info.code, system)
            words = token_set(info.title) | token_set(extra_text) | {info.code[:3].lower(), info.code[:4].lower()}
            coverage = self._coverage(query, weights, words)
            concepts = sum(1 for g in query.groups if g & words)
            detail = fit(query, info.code, info.title, info.axes, system)
            score = prior.get(system, 1.0) * (vote / top_vote + COVERAGE_WEIGHT * coverage)
            score *= 1.0 + FIT_WEIGHT * detail
            if key not in out or out[key].score < score:
                out[key] = Suggestion(info.code, system, info.title, True, info.billable, score, evidence, info.axes,
                                      coverage, concepts, _coder_term_matched(query, words),
                                      system == PCS and info.code[:4] in named_tables)

        # PCS: each promising stem's codes, told apart by the question's details.
        for stem, stem_vote in sorted(votes.stem.items(), key=lambda kv: -kv[1])[:STEMS_EXPANDED]:
            ev_ids = votes.evidence.get(("stem", stem), [])
            extra = " ".join(passages[i].text for i in ev_ids[:3] if i in passages)
            for info in self.store.codes_with_prefix(stem, PCS):
                key = (info.code, PCS)
                ev = votes.evidence.get(key, [])[:2] + ev_ids[:2]
                consider(info, PCS, stem_vote + votes.code.get(key, 0.0), ev, extra)
        for (code, system), vote in votes.code.items():
            if system == PCS and (code, PCS) in out:
                continue
            ev_ids = votes.evidence.get((code, system), [])[:3]
            extra = " ".join(passages[i].text for i in ev_ids if i in passages)
            for info in self._billable(code, system, query):
                consider(info, system, vote * (1.0 if info.code == code else 0.9), ev_ids, extra)
        ranked_out = sorted(out.values(), key=lambda s: -s.score)
        if filters.system:
            ranked_out = [s for s in ranked_out if s.system == filters.system]
        return diversify(ranked_out, PER_TABLE)

    def _votes(self, query: Query, cover: Cover, ranked: list[str], fused: dict[str, float],
               passages: dict[str, Passage]) -> _Votes:
        """Passages vote for codes and PCS stems; a stem counts its best code passage, not all of them,
        so stems with many long-titled codes do not win by sheer number."""
        votes = _Votes()
        stem_from_codes: dict[str, float] = defaultdict(float)
        for pid in ranked:
            p = passages[pid]
            weight = fused[pid] * RRF_K * KIND_WEIGHT.get(p.kind, 0.0)
            if weight <= 0:
                continue
            if p.kind == "stem" and p.system == PCS:
                votes.add_stem(p.meta["stem"], weight, pid)
            elif p.kind == "index":
                self._index_votes(query, cover, p, weight, votes)
            else:
                system = p.system or "other"
                for code in p.codes[:3]:
                    votes.add_code(code, system, weight, pid)
                    if system == PCS:
                        stem_from_codes[code[:4]] = max(stem_from_codes[code[:4]], weight * 0.5)
        for stem, weight in stem_from_codes.items():
            votes.stem[stem] += weight
        return votes

    @cached_property
    def pcs_index(self) -> PcsIndex:
        return PcsIndex(self.store.passages_of_kind("index", PCS), self.store.idf)

    def _cover(self, query: Query, weights: list[float]) -> Cover:
        return lambda words: self._coverage(query, weights, words)

    def _walk_index(self, query: Query, cover: Cover, votes: _Votes, passages: dict[str, Passage]) -> None:
        leads = self.pcs_index.walk(query.tokens, cover)
        missing = [lead.passage_id for lead in leads if lead.passage_id not in passages]
        passages.update(self.store.passages(list(dict.fromkeys(missing))))
        self._lead_votes(leads, votes, INDEX_WALK_WEIGHT)

    def _index_votes(self, query: Query, cover: Cover, p: Passage, weight: float, votes: _Votes) -> None:
        """An index entry found by search speaks for its codes as far as its main term, and the line
        naming each code, are what the question says: "Continuous Positive Airway Pressure, 24-96
        Consecutive Hours" should not outvote "Mechanical ventilation: see Performance, Respiratory"."""
        entry = self.pcs_index.by_id.get(p.id)
        if entry is None:
            return
        weight *= INDEX_TERM_FLOOR + (1.0 - INDEX_TERM_FLOOR) * self.pcs_index.share(entry.term, query.tokens)
        self._lead_votes(self.pcs_index.leads(entry, query.tokens, cover, weight, SEARCH_GATE), votes, 1.0)

    @staticmethod
    def _lead_votes(leads: list[Lead], votes: _Votes, scale: float) -> None:
        """A code the index names gets half a vote of its own; its table gets the best lead to it."""
        stems: dict[str, tuple[float, str]] = {}
        for lead in leads:
            weight = scale * lead.weight
            if len(lead.target) == 7:
                votes.add_code(lead.target, PCS, weight / 2, lead.passage_id)
            if weight > stems.get(lead.target[:4], (0.0, ""))[0]:
                stems[lead.target[:4]] = (weight, lead.passage_id)
        for stem, (weight, pid) in stems.items():
            votes.add_stem(stem, weight, pid)

    def _weights(self, query: Query) -> list[float]:
        typed = query.typed or [frozenset()] * len(query.groups)
        return [self._group_weight(t or g) for g, t in zip(query.groups, typed, strict=True)]

    def _group_weight(self, words: set[str] | frozenset[str]) -> float:
        """How telling a concept is, from the words the user typed (not the glossary's expansion):
        rare words weigh more; a word no passage holds (a brand, a typo) weighs least, since no code
        can answer it and it should not hide the concepts that one can."""
        known = [self.store.idf(t, default=0.0) for t in words]
        return min(IDF_CAP, max(1.0, max(known))) ** IDF_POWER

    @staticmethod
    def _coverage(query: Query, weights: list[float], words: set[str]) -> float:
        """Share of the question's concepts (weighted by rarity) that the code's words answer."""
        total = sum(weights)
        if not total:
            return 0.0
        return sum(w for g, w in zip(query.groups, weights, strict=True) if g & words) / total

    def _billable(self, code: str, system: str, query: Query) -> list[CodeInfo]:
        infos = self.store.code(code, system)
        if not infos:
            return []
        if infos[0].billable or system != CM:
            return infos[:1]
        children = [c for c in self.store.codes_with_prefix(code, CM, 400) if c.billable]
        if not children:
            return []
        if query.encounter or any(len(c.code) == 7 for c in children):
            wanted = query.encounter or "A"
            sevens = [c for c in children if len(c.code) == 7 and c.code.endswith(wanted)]
            children = sevens or children
        return sorted(children, key=lambda c: -fit(query, c.code, c.title, {}, CM))[:3]

    @staticmethod
    def _prior(query: Query) -> dict[str, float]:
        if query.named_system == CM:
            return {PCS: 0.6, CM: 1.4}
        if query.named_system == PCS:
            return {PCS: 1.4, CM: 0.6}
        if query.diagnosis_cues > query.procedure_cues:
            return {PCS: 0.75, CM: 1.25}
        if query.procedure_cues > query.diagnosis_cues:
            return {PCS: 1.25, CM: 0.75}
        if query.procedure_cues == 0:  # no procedure word at all: most likely a diagnosis
            return {PCS: 1.0 - NO_CUE_LEAN, CM: 1.0 + NO_CUE_LEAN}
        return {PCS: 1.0, CM: 1.0}

    @staticmethod
    def _has_evidence(query: Query, suggestions: list[Suggestion], passages: dict[str, Passage]) -> bool:
        """Evidence means a leading code answers a real share of the question's concepts."""
        return any(evident(s.coverage, s.concepts, s.coder_term, s.named_table) for s in suggestions[:5])
