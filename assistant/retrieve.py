"""Hybrid retrieval that ends in a ranked list of distinct, valid codes.

Passages come from BM25 (every passage) and dense search (stems, index,
definitions, guidelines, user documents), fused by reciprocal rank. Passages
then vote for targets: a code, or for ICD-10-PCS a 4-character stem whose
codes are told apart by the details the question states (assistant.pcs_fit).
Only codes present in a loaded code set are ever suggested.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from assistant.codes import CM, PCS, display
from assistant.embedder import Embedder
from assistant.pcs_fit import fit
from assistant.query import Query, analyse
from assistant.store import CodeInfo, Store
from ingest.passage import Passage

RRF_K = 60
LEXICAL_DEPTH = 300
DENSE_DEPTH = 60
STEMS_EXPANDED = 12
FIT_WEIGHT = 0.25
# How strongly each kind of passage speaks for the target it names.
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
        suggestions = self._suggest(query, ranked, fused, passages, filters)
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
        found = bool(named) or self._has_evidence(query, merged, passages)
        return Retrieval(query, merged[:k] if found else [], passages, ranked, exact, found)

    def _fuse(self, query: Query, filters: Filters) -> dict[str, float]:
        scores: dict[str, float] = defaultdict(float)
        for rank, hit in enumerate(self.store.lexical(query.expanded, LEXICAL_DEPTH)):
            scores[hit.passage_id] += 1.0 / (RRF_K + rank)
        vector = self.embedder.embed_batch([query.expanded])[0]
        where = {"system": filters.system} if filters.system else None
        for rank, hit in enumerate(self.store.dense(vector, DENSE_DEPTH, where)):
            scores[hit.passage_id] += 1.0 / (RRF_K + rank)
        return dict(sorted(scores.items(), key=lambda kv: -kv[1]))

    def _suggest(self, query: Query, ranked: list[str], fused: dict[str, float],
                 passages: dict[str, Passage], filters: Filters) -> list[Suggestion]:
        codes: dict[tuple[str, str], float] = defaultdict(float)
        stems: dict[str, float] = defaultdict(float)
        evidence: dict[tuple[str, str], list[str]] = defaultdict(list)
        for pid in ranked:
            p = passages[pid]
            weight = fused[pid] * RRF_K * KIND_WEIGHT.get(p.kind, 0.0)
            if weight <= 0:
                continue
            if p.kind == "stem" and p.system == PCS:
                stems[p.meta["stem"]] += weight
                evidence[("stem", p.meta["stem"])].append(pid)
            elif p.kind == "index":
                for code in p.codes:
                    if len(code) == 7:
                        codes[(code, PCS)] += weight
                        evidence[(code, PCS)].append(pid)
                    elif len(code) >= 4:
                        stems[code[:4]] += weight / max(1, len(p.codes) ** 0.5)
                        evidence[("stem", code[:4])].append(pid)
            else:
                for code in p.codes[:3]:
                    system = p.system or "other"
                    codes[(code, system)] += weight
                    evidence[(code, system)].append(pid)
                    if system == PCS:
                        stems[code[:4]] += weight * 0.5
        prior = self._prior(query)
        out: dict[tuple[str, str], Suggestion] = {}
        # PCS: a stem's codes, told apart by the question's details.
        for stem, stem_score in sorted(stems.items(), key=lambda kv: -kv[1])[:STEMS_EXPANDED]:
            for info in self.store.codes_with_prefix(stem, PCS):
                key = (info.code, PCS)
                base = stem_score + codes.get(key, 0.0)
                score = prior[PCS] * base * (1.0 + FIT_WEIGHT * fit(query, info.code, info.title, info.axes))
                if key not in out or out[key].score < score:
                    ev = evidence.get(key, [])[:2] + evidence.get(("stem", stem), [])[:2]
                    out[key] = Suggestion(info.code, PCS, info.title, True, info.billable, score, ev, info.axes)
        for (code, system), base in codes.items():
            if system == PCS and (code, PCS) in out:
                continue
            for info in self._billable(code, system, query):
                key = (info.code, system)
                score = prior.get(system, 1.0) * base
                score *= 1.0 + FIT_WEIGHT * fit(query, info.code, info.title, info.axes)
                if info.code != code:
                    score *= 0.9
                if key not in out or out[key].score < score:
                    out[key] = Suggestion(info.code, system, info.title, True, info.billable, score,
                                          evidence.get((code, system), [])[:3], info.axes)
        ranked_out = sorted(out.values(), key=lambda s: -s.score)
        if filters.system:
            ranked_out = [s for s in ranked_out if s.system == filters.system]
        return ranked_out

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
        return sorted(children, key=lambda c: -fit(query, c.code, c.title, {}))[:3]

    @staticmethod
    def _prior(query: Query) -> dict[str, float]:
        if query.diagnosis_cues > query.procedure_cues:
            return {PCS: 0.75, CM: 1.25}
        if query.procedure_cues > query.diagnosis_cues:
            return {PCS: 1.25, CM: 0.75}
        return {PCS: 1.0, CM: 1.0}

    @staticmethod
    def _has_evidence(query: Query, suggestions: list[Suggestion], passages: dict[str, Passage]) -> bool:
        """Evidence means the best passages share real words with the question."""
        if not suggestions or not query.tokens:
            return False
        top = suggestions[0]
        from assistant.text import tokenize

        words = set(tokenize(top.title))
        for pid in top.evidence:
            if pid in passages:
                words |= set(tokenize(passages[pid].text))
        return len(words & query.tokens) >= 1
