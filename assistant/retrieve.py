"""Retrieval in stages, ending in a ranked list of distinct, valid codes.

1. read the question once (assistant.query.analyse);
2. search: BM25 over every passage and dense search over stems, index, definitions, guidelines and user
   documents, fused by reciprocal rank;
3. gather candidate codes from the passages, the PCS index and the glossary (assistant.candidates);
4. describe every candidate by one record of features (assistant.features);
5. score them with the fitted linear model (assistant.scorer);
6. decide: codes named in the question first, at most a few codes per table, k codes, and whether the
   sources hold evidence at all ("found").
Only codes present in a loaded code set are ever suggested.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from copy import copy
from dataclasses import dataclass, field, replace
from typing import Any

from assistant.candidates import RRF_K, Candidate, Gatherer
from assistant.clarify import Clarify, ask_for, default_code
from assistant.features import Context, coverage, describe, lean
from assistant.filler import likely_names, without_asks
from assistant.named_codes import place_named
from assistant.nos import asked_terms
from assistant.other_asks import asks_beyond_sources, asks_other_set
from assistant.query import CONCEPT_QUESTION, Query, analyse, explicit_system
from assistant.scorer import Weights, load
from assistant.sequencing import sequenced
from assistant.sources import MIN_ANSWER, SourceCode, SourceCodes, icd_named, routed, strict_cover, told
from assistant.spelling import Speller
from assistant.status_asked import status_first
from assistant.store import CodeInfo, Store
from core.codes import CM, CPT, HCPCS, PCS, display
from core.embedder import Embedder
from core.passage import Passage
from core.text import token_set, tokenize

LEXICAL_DEPTH = 300
SOURCE_LEAD = 3  # source codes shown before the inpatient ICD-10-PCS equivalent
EQUIVALENTS_CACHED = 512
DENSE_DEPTH = 60
CONCLUSION_DEPTH = 60
MIN_COVERAGE = 0.3
SINGLE_CONCEPT_COVERAGE = 0.6  # one matched concept must carry most of the question
FULL_COVER = 0.999  # a passage that holds every concept of the question
IDF_POWER = 1.0
IDF_CAP = 10.0
PER_TABLE = 3
POOL = 400  # candidates kept after scoring, before the decision step

# a code written as HCPCS writes it (a letter and four digits, no dot)
_HCPCS_SHAPE = re.compile(r"^[A-V]\d{4}$", re.I)


@dataclass
class Suggestion:
    code: str
    system: str
    title: str
    valid: bool | None  # None: named in a user source, and no code set of its system is loaded
    billable: bool
    score: float
    evidence: list[str] = field(default_factory=list)
    axes: dict[str, str] = field(default_factory=dict)
    coverage: float = 0.0
    concepts: int = 0
    coder_term: bool = False
    named_table: bool = False  # its table is named by a glossary term the question uses
    features: dict[str, float] = field(default_factory=dict)
    origin: str = "code set"  # or "source": named in a user's article or policy, not found in a code set
    quote: str = ""  # the source's own sentence about the code
    limits: list[tuple[str, str]] = field(default_factory=list)  # (passage id, a coverage or modifier line)
    role: str = ""  # "inpatient facility equivalent" when a user source's CPT/HCPCS code answers first

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
    signals: dict[str, float] = field(default_factory=dict)  # what the found decision weighed
    k: int = 10  # how many codes were asked for
    clarify: Clarify | None = None  # the clarifying question about the top code, when one is worth asking
    vector: list[float] = field(default_factory=list)  # the question's meaning, as searched

    def best_passages(self, kinds: tuple[str, ...], n: int) -> list[Passage]:
        """Passages of these kinds that answer most of the question, best first."""
        pool = [pid for pid in self.ranked[:30] if self.passages[pid].kind in kinds
                and self.coverage.get(pid, 0.0) >= MIN_COVERAGE]  # a filler citation supports nothing
        pool.sort(key=lambda pid: -self.coverage.get(pid, 0.0))
        return [self.passages[pid] for pid in pool[:n]]


def tied_ranks(hits: list) -> Iterator[tuple[int, Any]]:
    """Each hit with its rank, hits of equal score sharing the first one's: sibling passages that read the same
    ("... Left Elbow Bursa ..." and "... Left Knee Bursa ..." for an unrelated word) must not be ordered by where
    the index happened to store them, or a rebuilt index reorders their codes."""
    rank, last = 0, None
    for i, hit in enumerate(hits):
        score = round(hit.score, 9)
        if score != last:
            rank, last = i, score
        yield rank, hit


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


@dataclass
class Searched:
    """What the stages before the decision produce for one question."""

    query: Query
    passages: dict[str, Passage]
    ranked: list[str]  # passage ids, fused order
    weights: list[float]  # per concept group
    suggestions: list[Suggestion]  # scored candidates, best first
    dense_top: float  # similarity of the nearest passage in meaning
    vector: list[float] = field(default_factory=list)  # the question embedded


class Retriever:
    def __init__(self, store: Store, embedder: Embedder, weights: Weights | None = None) -> None:
        self.store = store
        self.embedder = embedder
        self.gatherer = Gatherer(store)
        self.sources = SourceCodes(store)
        self.weights = weights or load()
        self.speller = Speller(lambda: store.words, self._indexed)
        self._equivalents: dict[tuple[str, Filters], list[Suggestion]] = {}

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
        searched = self.candidates(question, filters)
        query, passages, ranked, weights, suggestions = (searched.query, searched.passages, searched.ranked,
                                                         searched.weights, searched.suggestions)
        exact = self.resolve(query, filters)
        # Codes named in the question come first, with their own passages as evidence.
        named: list[Suggestion] = []
        billing = asks_other_set(question)
        for hit in exact:
            if hit.info is None or billing and _HCPCS_SHAPE.match(hit.text):
                continue  # "billed same day as the AWV G0439": a HCPCS code in a billing question, not G04.39
            own = self.store.passages_for_code(hit.code)
            for p in own:
                passages.setdefault(p.id, p)
            named.append(Suggestion(hit.code, hit.info.system, hit.info.title, True, hit.info.billable,
                                    score=float("inf"), evidence=[p.id for p in own], axes=hit.info.axes))
        asked_named = bool(named)  # a code the question names: an answer, whatever its place in it
        named, suggestions = place_named(query, named, suggestions)
        in_sources = self._named_in_sources(exact, passages)
        # "What is G0439?" with an article about G0439: the coder's source reads it as HCPCS, before G04.39.
        keys = {(s.code, s.system) for s in in_sources}  # a table's row for it gives way to the source's card
        named = [s for s in named if (s.code, s.system) not in keys]
        named = in_sources + named if in_sources and "." not in query.text else named + in_sources
        seen = {(s.code, s.system) for s in named}
        built_in = sequenced(self.store, query, [s for s in suggestions if (s.code, s.system) not in seen])
        from_sources, lead = self._from_sources(query, weights, searched, filters)
        from_sources = [s for s in from_sources if (s.code, s.system) not in seen]
        source_top = next((s for s in named + from_sources if s.quote), None)
        if source_top is not None and (lead or source_top in named):
            equivalent = self._facility_equivalent(query, source_top, filters)
            built_in = list({(s.code, s.system): s for s in equivalent + built_in}.values())
            for s in built_in:
                s.role = "inpatient facility equivalent" if s.system == PCS else ""
            # The inpatient equivalent comes second, after the few source codes that answer: a long tail of
            # other codes the sources name must not push it out of the k shown.
            sourced = named + from_sources
            lead_in = len(equivalent) or 1
            merged = (sourced[:SOURCE_LEAD] + built_in[:lead_in] + sourced[SOURCE_LEAD:] + built_in[lead_in:])
        else:
            merged = named + built_in[:3] + from_sources + built_in[3:]
        cover = {pid: coverage(query, weights, token_set(passages[pid].text)) for pid in ranked[:30]}
        signals = self.signals(query, merged, ranked, passages, cover, searched.dense_top)
        signals["medical"] = self.weights.medical(searched.vector, self.embedder.name)
        signals["jargon"] = self.speller.jargon(query.core_text)
        # a concept question that a definition or guideline answers in full is answered, whatever its codes score
        defined = bool(CONCEPT_QUESTION.search(query.text)) and any(
            passages[pid].kind in ("definition", "guideline") and cover[pid] >= FULL_COVER for pid in cover)
        found = (asked_named or bool(named) or lead or defined
                 or self.weights.found.probability(signals) >= self.weights.found_threshold
                 and not asks_beyond_sources(question))
        if not named:  # (after the found gate, which reads what ranking put first)
            merged = status_first(query.text, merged)
        clarify = None
        if found and merged and not asked_named and not named and merged[0].origin == "code set" and merged[0].valid:
            merged, clarify = self._default_first(query, merged)
        codes = merged[:k] if found else []
        return Retrieval(query, codes, passages, ranked, exact, found, cover, signals, k, clarify, searched.vector)

    def _default_first(self, query: Query, merged: list[Suggestion]) -> tuple[list[Suggestion], Clarify | None]:
        """When the question leaves a CM detail unstated that has a guideline default (the unspecified side
        or stage, type 2 diabetes), the default code leads; returns the clarifying question about it too."""
        top = merged[0]
        clarify = ask_for(self.store, query, top.code, top.system, ranked=[s.code for s in merged])
        code = default_code(clarify) if clarify is not None else None
        if code is None or code == top.code:
            return merged, clarify
        found = next((s for s in merged if s.code == code and s.system == top.system), None)
        if found is None:
            info = self.store.code(code, top.system)[0]
            found = Suggestion(info.code, info.system, info.title, True, info.billable, top.score, axes=info.axes)
        merged = [found] + [s for s in merged if s is not found]
        return merged, ask_for(self.store, query, code, top.system)

    def _from_sources(self, query: Query, weights: list[float], searched: Searched,
                      filters: Filters) -> tuple[list[Suggestion], bool]:
        """Codes the user's own sources name, and whether they answer first: when the question asks
        for a family only they hold (CPT, HCPCS, billing) or one of them answers most of it."""
        if filters.system in (CM, PCS) or filters.kinds and "document" not in filters.kinds:
            return [], False
        cover = strict_cover(query, weights)
        user = self.sources.user_passages(cover)
        if not user:
            return [], False
        searched.passages.update({p.id: p for p in user})
        found = self.sources.find(cover, user, told(query))
        searched.passages.update(self.sources.cited(found))
        out = [self._source_suggestion(sc, searched.passages) for sc in found]
        lead = bool(out) and not icd_named(query) and (
            routed(query) or found[0].score >= MIN_ANSWER)
        return out, lead

    def _facility_equivalent(self, query: Query, top: Suggestion, filters: Filters) -> list[Suggestion]:
        """ICD-10-PCS codes for the procedure the source describes: the title of the source most about
        the code and its plain sentence naming it say what was done ("Central Line Placement", "a lead
        threaded into the epidural space"), where the question may only name the code or the payer.
        The side is the patient's, from the question: an article's "left untunneled" names none."""
        if filters.system not in (None, PCS) or not top.quote:
            return []
        text = (self.sources.describing(top.code) or top.quote).replace(top.code, " ")
        for mention in query.mentions:
            text = text.replace(mention.text, " ")
        text = (re.sub(r"\b(left|right|bilateral)\b", " ", text, flags=re.I) + " " + (query.side or "").lower()).strip()
        key = (text, replace(filters, system=PCS))
        if key not in self._equivalents:  # the same code's equivalent is asked for again and again
            if len(self._equivalents) >= EQUIVALENTS_CACHED:
                self._equivalents.pop(next(iter(self._equivalents)))
            self._equivalents[key] = self.candidates(text, key[1]).suggestions[:PER_TABLE]
        return [copy(s) for s in self._equivalents[key]]

    def _named_in_sources(self, exact: list[Exact], passages: dict[str, Passage]) -> list[Suggestion]:
        """A CPT or HCPCS code the question names that a user source explains (checked against a loaded
        table by SourceCodes like any other source code)."""
        out = []
        for hit in exact:
            user = self.sources.named(hit.code)
            if not user:
                continue
            passages.update({p.id: p for p in user})
            found = self.sources.find(lambda words: 1.0, user)
            out += [self._source_suggestion(sc, passages) for sc in found
                    if sc.code == hit.code and sc.system in (CPT, HCPCS)][:1]
        return out

    @staticmethod
    def _source_suggestion(sc: SourceCode, passages: dict[str, Passage]) -> Suggestion:
        first = passages.get(sc.passage_ids[0]) if sc.passage_ids else None
        title = sc.info.title if sc.info else (
            f"named in {first.meta.get('file_title') or first.title}" if first else "named in your source")
        return Suggestion(sc.code, sc.system, title, sc.valid, True, sc.score, list(sc.passage_ids),
                          origin="code set" if sc.info else "source", quote=sc.sentence, limits=sc.limits)

    def candidates(self, question: str, filters: Filters | None = None) -> Searched:
        """Stages 1-5: the question read, searched, its candidates gathered, described and scored."""
        filters = filters or Filters()
        read, fixes = self.speller.correct(question)
        query = self._without_names(replace(analyse(read), spelled=tuple(fixes)))
        fused, dense_top, vector = self._fuse(query, filters)
        passages = self.store.passages(list(fused)[:LEXICAL_DEPTH])
        ranked = [pid for pid in fused if pid in passages and filters.accepts(passages[pid])]
        weights = self._weights(query)
        return Searched(query, passages, ranked, weights, self.rank(query, weights, ranked, fused, passages, filters),
                        dense_top, vector)

    def rank(self, query: Query, weights: list[float], ranked: list[str], fused: dict[str, float],
             passages: dict[str, Passage], filters: Filters) -> list[Suggestion]:
        """Candidates gathered, described and scored, best first, a few per table before the rest."""
        cover = self._cover(query, weights)
        walk = filters.system in (None, PCS) and not filters.kinds
        pool = self.gatherer.gather(query, cover, ranked, fused, passages, walk_index=walk)
        # A code set the question names ("Assign the ICD-10-CM codes", "PCS?") is a filter, as --system is:
        # the story's procedures are not what was asked for.
        if filters.system:
            pool = [c for c in pool if c.info.system == filters.system]
        elif named := explicit_system(query.text):
            pool = [c for c in pool if c.info.system == named] or pool
        ctx = Context(query, weights, max((c.vote for c in pool), default=0.0) or 1.0, lean(query),
                      tuple(asked_terms(query)))
        scored = sorted((self._suggestion(c, describe(c, ctx), len(query.groups)) for c in pool),
                        key=lambda s: (-round(s.score, 9), s.code))  # a tie goes the same way in every index
        return diversify(scored[:POOL], PER_TABLE)

    def _suggestion(self, cand: Candidate, row: dict[str, float], groups: int) -> Suggestion:
        info = cand.info
        return Suggestion(info.code, info.system, info.title, True, info.billable, self.weights.rank.score(row),
                          cand.evidence, info.axes, row["coverage"], round(row["concepts"] * groups),
                          bool(row["coder_term"]), cand.named_table, row)

    def signals(self, query: Query, suggestions: list[Suggestion], ranked: list[str], passages: dict[str, Passage],
                cover: dict[str, float], dense_top: float) -> dict[str, float]:
        """What the "found" decision weighs: the best code's fit, the old evidence rules, and how much of
        the question is words the sources know at all (nonsense and chit-chat are not)."""
        top = next((s for s in suggestions if s.features), None)
        row = top.features if top else {}
        evident_codes = any(evident(s.coverage, s.concepts, s.coder_term, s.named_table)
                            for s in suggestions[:5])
        evident_passages = any(
            evident(cover[pid], sum(1 for g in query.groups if g & token_set(passages[pid].text)),
                    _coder_term_matched(query, token_set(passages[pid].text)))
            for pid in ranked[:8] if passages[pid].kind in ("definition", "guideline", "glossary", "document", "index"))
        # A concept is known when the sources hold one of its typed words or the glossary reads it.
        known = [coder or max((self.store.idf(t, default=0.0) for t in typed or g), default=0.0) > 0
                 for g, typed, coder in zip(query.groups, query.typed or [frozenset()] * len(query.groups),
                                            query.coder_terms or [False] * len(query.groups), strict=True)]
        return {
            "top_score": top.score if top else -10.0,
            "top_coverage": row.get("coverage", 0.0),
            "top_focus_coverage": row.get("focus_coverage", 0.0),
            "top_concepts": row.get("concepts", 0.0),
            "top_all_concepts": row.get("all_concepts", 0.0),
            "top_coder_term": row.get("coder_term", 0.0),
            "evident_codes": float(evident_codes),
            "evident_passages": float(evident_passages),
            "known_share": sum(known) / len(known) if known else 0.0,
            "coder_share": sum(query.coder_terms) / len(query.coder_terms) if query.coder_terms else 0.0,
            "groups": float(min(len(query.groups), 8)),
            "dense_top": dense_top,
            "lay_task": float(query.lay_task),
            "code_ask": float(query.code_ask),
        }

    def _indexed(self, word: str) -> bool:
        """Whether the word index holds the word in some form."""
        return any(self.store.idf(t, 0.0) > 0 for t in tokenize(word))

    def _without_names(self, query: Query) -> Query:
        """A vignette's names ("Maria Okafor") are not concepts a code must answer: their groups go."""
        names = likely_names(query.core_text, self._indexed)
        if not names:
            return query
        name_tokens = set(tokenize(" ".join(names)))
        keep = [i for i, typed in enumerate(query.typed)
                if not (typed and typed <= name_tokens and not query.coder_terms[i])]
        return replace(query, groups=[query.groups[i] for i in keep], typed=[query.typed[i] for i in keep],
                       coder_terms=[query.coder_terms[i] for i in keep])

    def _fuse(self, query: Query, filters: Filters) -> tuple[dict[str, float], float, list[float]]:
        """Reciprocal-rank fusion of BM25 and dense search, and how close the nearest passage is in meaning
        (a question about bread is far from every passage, however many words it shares with one)."""
        scores: dict[str, float] = defaultdict(float)
        for rank, hit in tied_ranks(self.store.lexical(query.expanded, LEXICAL_DEPTH)):
            scores[hit.passage_id] += 1.0 / (RRF_K + rank)
        if query.conclusion:  # a story's stated diagnosis, searched on its own (assistant.query.focus_text)
            for rank, hit in tied_ranks(self.store.lexical(query.conclusion, CONCLUSION_DEPTH)):
                scores[hit.passage_id] += 1.0 / (RRF_K + rank)
        # the meaning searched is the case's, not the closing "Code it." or "What is the correct code?"
        vector = self.embedder.embed_batch([without_asks(query.expanded) or query.expanded])[0]
        where = {"system": filters.system} if filters.system else None
        dense = self.store.dense(vector, DENSE_DEPTH, where)
        for rank, hit in tied_ranks(dense):
            scores[hit.passage_id] += 1.0 / (RRF_K + rank)
        return (dict(sorted(scores.items(), key=lambda kv: -kv[1])), max((h.score for h in dense), default=0.0),
                vector)

    def _cover(self, query: Query, weights: list[float]) -> Callable[[frozenset[str]], float]:
        return lambda words: coverage(query, weights, words)

    def _weights(self, query: Query) -> list[float]:
        typed = query.typed or [frozenset()] * len(query.groups)
        return [self._group_weight(t or g) for g, t in zip(query.groups, typed, strict=True)]

    def _group_weight(self, words: set[str] | frozenset[str]) -> float:
        """How telling a concept is, from the words the user typed (not the glossary's expansion):
        rare words weigh more; a word no passage holds (a brand, a typo, a name) weighs least, since no
        code can answer it and it should not hide the concepts that one can."""
        known = [self.store.idf(t, default=0.0) for t in words]
        return min(IDF_CAP, max(1.0, max(known))) ** IDF_POWER
