"""Gathering candidate codes: every source of evidence adds codes, none of them ranks.

Passages found by BM25 and dense search vote for the codes they name, or for
ICD-10-PCS for the 4-character table (stem) whose codes are then all taken in;
the PCS index walked line by line and glossary entries that name a table vote
the same way. Scoring is a later stage (assistant.features, assistant.scorer).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from assistant.nos import TermDefaults
from assistant.pcs_fit import fit
from assistant.pcs_index import Lead, PcsIndex
from assistant.query import Query, counted_table
from assistant.store import CodeInfo, Store
from core.codes import CM, PCS
from core.passage import Passage
from core.text import tokenize

STEMS_EXPANDED = 12
GLOSSARY_STEM_VOTE = 1.0
INDEX_TERM_FLOOR = 0.3
INDEX_WALK_WEIGHT = 1.0
SEARCH_GATE = 0.0
RRF_K = 60
CHILDREN = 3  # billable children taken for a category a passage names
NOS_CHILDREN = 8  # for a category the tabular gives a bare term: its unspecified child must be among them
# How strongly each kind of passage speaks for the target it names.
KIND_WEIGHT = {"code": 1.0, "row": 1.0, "stem": 1.0, "index": 1.3, "note": 0.5, "document": 0.8}
_ALSO = re.compile(r"\bAlso: (.*)$")
_STEM_IN_TEXT = re.compile(r"\b([0-9BCDFGHX][0-9A-HJ-NP-Z]{3})\b")
Cover = Callable[[frozenset[str]], float]  # share of the question's concepts a set of words answers
# The third character of a Medical and Surgical (section 0) table is its root operation.
ROOT_CHARACTER = {stem: char for name, char in (
    ("alteration", "0"), ("bypass", "1"), ("change", "2"), ("control", "3"), ("creation", "4"),
    ("destruction", "5"), ("detachment", "6"), ("dilation", "7"), ("division", "8"), ("drainage", "9"),
    ("excision", "B"), ("extirpation", "C"), ("extraction", "D"), ("fragmentation", "F"), ("fusion", "G"),
    ("insertion", "H"), ("occlusion", "L"), ("reattachment", "M"), ("release", "N"), ("removal", "P"),
    ("repair", "Q"), ("replacement", "R"), ("reposition", "S"), ("resection", "T"), ("supplement", "U"),
    ("restriction", "V"), ("revision", "W"), ("transfer", "X"), ("transplantation", "Y"))
    for stem in tokenize(name)}
STATED_ROOT_SHARE = 0.8  # a table read off another root's table for the same body part
STATED_ROOT_STEMS = 6  # how many of the best tables lend their body part to the root the question states
STATED_ROOTS_AT_MOST = 3  # more root words than this read as a note's noise, not a stated root
# Change, Removal and Revision name a device's body part broadly ("Upper Intestinal Tract", "Peritoneal Cavity"):
# a note that swaps a gastrostomy tube finds the stomach, whose own Change table does not exist.
GENERAL_PART_ROOTS = frozenset("2PW")


@dataclass
class Candidate:
    """A code worth scoring, with what spoke for it."""

    info: CodeInfo
    vote: float
    evidence: list[str]
    extra_text: str  # text of the passages that voted for it (they explain words its title lacks)
    named_table: bool = False  # its PCS table is named by a glossary term the question uses
    index_vote: float = 0.0  # the part of its vote that came from the PCS index
    nos_default: bool = False  # the tabular gives it (or its category) to the question's bare term ("Eczema NOS")
    inclusion_term: bool = False  # the question is one of its (or its category's) inclusion terms

    @property
    def key(self) -> tuple[str, str]:
        return (self.info.code, self.info.system)


@dataclass
class Votes:
    code: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    stem: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    index: dict[str, float] = field(default_factory=lambda: defaultdict(float))  # per stem, from the index
    evidence: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))

    def add_code(self, code: str, system: str, weight: float, pid: str) -> None:
        self.code[(code, system)] += weight
        self.evidence[(code, system)].append(pid)

    def add_stem(self, stem: str, weight: float, pid: str) -> None:
        self.stem[stem] += weight
        self.evidence[("stem", stem)].append(pid)


class Gatherer:
    def __init__(self, store: Store) -> None:
        self.store = store

    @cached_property
    def _inclusion_rows(self) -> list[tuple[str, str, str]]:
        return self.store.inclusion_rows()

    @cached_property
    def terms(self) -> TermDefaults:
        return TermDefaults(self._inclusion_rows)

    @cached_property
    def heading_text(self) -> dict[str, str]:
        """ICD-10-CM category or subcategory (no dot) -> its title and inclusion terms."""
        out = dict(self.store.heading_titles(CM))
        for kind, codes, text in self._inclusion_rows:
            if kind == "code" and (also := _ALSO.search(text)):
                key = codes.split(",")[0]
                out[key] = f"{out.get(key, '')} {also.group(1)}".strip()
        return out

    def inherited(self, code: str) -> str:
        """The words of the headings above a code hold for every code under them: "Gout attack" is listed once
        under M10, "born in hospital" is the title of Z38.0, not of Z38.00 below it."""
        return " ".join(self.heading_text.get(code[:n], "") for n in range(3, len(code))).strip()

    @cached_property
    def pcs_index(self) -> PcsIndex:
        return PcsIndex(self.store.passages_of_kind("index", PCS), self.store.idf)

    def gather(self, query: Query, cover: Cover, ranked: list[str], fused: dict[str, float],
               passages: dict[str, Passage], *, walk_index: bool = True) -> list[Candidate]:
        votes = self.votes(query, cover, ranked, fused, passages)
        if walk_index:
            leads = self.pcs_index.walk(query.tokens, cover)
            missing = [lead.passage_id for lead in leads if lead.passage_id not in passages]
            passages.update(self.store.passages(list(dict.fromkeys(missing))))
            self._lead_votes(leads, votes, INDEX_WALK_WEIGHT)
        named_tables: set[str] = set()
        named = [dict.fromkeys(counted_table(s, query.coronary) for s in _STEM_IN_TEXT.findall(entry.expansion.upper()))
                 for entry in query.glossary_hits]  # the glossary may name the PCS table itself ("... 0FT4")
        for stem in [s for stems in named for s in stems if s not in query.tables_ruled_out] + list(query.tables):
            votes.stem[stem] += GLOSSARY_STEM_VOTE
            named_tables.add(stem)
        for prefix in query.tables_asked:  # "0SR?": the tables under what the coder typed that the words found
            for stem in [s for s in votes.stem if s.startswith(prefix)] or self._tables(prefix):
                votes.stem[stem] += GLOSSARY_STEM_VOTE
        best = [stem for stem, _ in sorted(votes.stem.items(), key=lambda kv: -kv[1])[:STEMS_EXPANDED]]
        stated_root = self._stated_root_votes(query, votes, self._tables)  # beside the best, never instead of them
        out: dict[tuple[str, str], Candidate] = {}
        nos, inclusion = self.terms.defaults(query)

        def add(info: CodeInfo, vote: float, evidence: list[str], extra: str, index_vote: float = 0.0) -> None:
            if info.system == CM:
                extra = f"{extra} {self.inherited(info.code)}".strip()
            cand = Candidate(info, vote, evidence, extra, info.system == PCS and info.code[:4] in named_tables,
                             index_vote, info.system == CM and info.code.startswith(tuple(nos)),
                             info.system == CM and info.code.startswith(tuple(inclusion)))
            if cand.key not in out or out[cand.key].vote < vote:
                out[cand.key] = cand

        # PCS: each promising table's codes; the question's details tell them apart later.
        for stem in dict.fromkeys(best + stated_root):
            stem_vote = votes.stem[stem]
            ev_ids = votes.evidence.get(("stem", stem), [])
            extra = " ".join(passages[i].text for i in ev_ids[:3] if i in passages)
            for info in self.store.codes_with_prefix(stem, PCS):
                key = (info.code, PCS)
                add(info, stem_vote + votes.code.get(key, 0.0), votes.evidence.get(key, [])[:2] + ev_ids[:2],
                    extra, votes.index.get(stem, 0.0))
        for (code, system), vote in votes.code.items():
            if system == PCS and (code, PCS) in out:
                continue
            ev_ids = votes.evidence.get((code, system), [])[:3]
            extra = " ".join(passages[i].text for i in ev_ids if i in passages)
            for info in self.billable(code, system, query):
                add(info, vote * (1.0 if info.code == code else 0.9), ev_ids, extra)
        for code in sorted(nos | inclusion | set(query.families)):  # the bare term's own code, even unfound
            for info in self.billable(code, CM, query, children=CHILDREN if code in query.families else NOS_CHILDREN):
                if (info.code, CM) not in out:
                    add(info, 0.0, [], "")
        return list(out.values())

    def votes(self, query: Query, cover: Cover, ranked: list[str], fused: dict[str, float],
              passages: dict[str, Passage]) -> Votes:
        """Passages vote for codes and PCS stems; a stem counts its best code passage, not all of them,
        so stems with many long-titled codes do not win by sheer number."""
        votes = Votes()
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

    def _index_votes(self, query: Query, cover: Cover, p: Passage, weight: float, votes: Votes) -> None:
        """An index entry found by search speaks for its codes as far as its main term, and the line
        naming each code, are what the question says: "Continuous Positive Airway Pressure, 24-96
        Consecutive Hours" should not outvote "Mechanical ventilation: see Performance, Respiratory"."""
        entry = self.pcs_index.by_id.get(p.id)
        if entry is None:
            return
        weight *= INDEX_TERM_FLOOR + (1.0 - INDEX_TERM_FLOOR) * self.pcs_index.share(entry.term, query.tokens)
        self._lead_votes(self.pcs_index.leads(entry, query.tokens, cover, weight, SEARCH_GATE), votes, 1.0)

    @staticmethod
    def _stated_root_votes(query: Query, votes: Votes, tables: Callable[[str], list[str]] = lambda _: []) -> list[str]:
        """The body part a long note's words found, under the root operation its verbs state: search finds
        "Repair Right Knee Joint" for a note about the knee and its meniscus, the words "trimmed ... removing"
        say Excision, and the table that joins the two (0SBC) is gathered even when no passage named it."""
        wanted = {ROOT_CHARACTER[r] for r in query.other_roots if r in ROOT_CHARACTER}
        if not wanted or len(wanted) > STATED_ROOTS_AT_MOST:
            return []
        if wanted & {"B", "T"}:  # "resected" may take part of an organ, "excised" all of it: the extent decides
            wanted |= {"B", "T"}
        best = sorted(((s, v) for s, v in votes.stem.items() if s[0] == "0"), key=lambda kv: -kv[1])
        added: list[str] = []
        for stem, vote in best[:STATED_ROOT_STEMS]:
            for char in sorted(wanted - {stem[2]}):
                others = [stem[:2] + char + stem[3]]
                if char in GENERAL_PART_ROOTS and not tables(others[0]):
                    others = tables(stem[:2] + char)
                for other in others:
                    if other in votes.stem:  # a table search found keeps its own vote
                        continue
                    votes.stem[other] = vote * STATED_ROOT_SHARE
                    added.append(other)
        return added

    def _tables(self, prefix: str) -> list[str]:
        """The tables (4-character stems) under a prefix: a body system's root operation, or a table itself
        (none when it does not exist)."""
        return list(dict.fromkeys(info.code[:4] for info in self.store.codes_with_prefix(prefix, PCS, 400)))[:4]

    @staticmethod
    def _lead_votes(leads: list[Lead], votes: Votes, scale: float) -> None:
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
            votes.index[stem] += weight

    def billable(self, code: str, system: str, query: Query, children: int = CHILDREN) -> list[CodeInfo]:
        """The code itself, or for an ICD-10-CM category the billable codes under it that fit best, with
        the 7th character the encounter words ask for (initial when they say nothing)."""
        infos = self.store.code(code, system)
        if not infos:
            return []
        if system == CM and infos[0].billable and query.encounter and len(code) == 7 and code[-1] != query.encounter:
            sibling = self.store.code(code[:6] + query.encounter, CM)  # S52.521A asked about at follow-up
            return sibling[:1] + infos[:1]
        if infos[0].billable or system != CM:
            return infos[:1]
        found = [c for c in self.store.codes_with_prefix(code, CM, 400) if c.billable]
        if not found:
            return []
        if any(len(c.code) == 7 for c in found):
            wanted = [query.encounter or "A"] + (["D"] if query.encounter in ("G", "K", "P") else []) + ["A"]
            for char in wanted:
                sevens = [c for c in found if len(c.code) == 7 and c.code.endswith(char)]
                if sevens:
                    found = sevens
                    break
        return sorted(found, key=lambda c: -fit(query, c.code, c.title, {}, CM))[:children]
