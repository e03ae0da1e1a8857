"""Codes named in the coder's own sources: saved articles, payer policies and tip sheets answer first.

A user passage that answers the question and names a code (CPT, HCPCS, ICD-10-CM or PCS) makes that
code a candidate. It is ranked by how well its passage, and the sentence that names it, answer the
question, and by how central the code is to its document (an article about 63650 mentions the
generator's code once, in a "do not confuse" paragraph). A code the sentence denies ("not reported
with 63650") gets nothing from that sentence. Built-in code sets (CM, PCS) still decide validity:
a source never makes an invalid ICD-10 code look valid; a CPT or HCPCS code is checked against a
user table when one is loaded, and says plainly that it was not when none is.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.query import Query
from assistant.store import CodeInfo, Store
from core.catalog import row_to_passage
from core.codes import CM, CPT, HCPCS, PCS
from core.passage import Passage
from core.text import token_set

USER_DEPTH = 12  # user passages weighed per question, those answering most of it
EXPANDED = 0.5  # a concept met only through the words its coder's term stands for counts this much
MIN_ANSWER = 0.5  # share of the question a user passage must answer for its codes to lead unasked
WHOLE = 0.3  # how much the whole source answering the question lends the code it is about
MIN_SHOWN = 0.3  # below this a source's code is not worth a card at all
SPEAKS = 0.75  # share of the question a paragraph naming no code must answer to speak for its source's code
SPEAKS_WORDS = 5  # and how many of the question's own words it must tell: not just "Medicare" and "patient"
# Words that ask for the professional or supply code families only user sources hold.
ROUTE = re.compile(
    r"\b(cpt|hcpcs|level ii|[jlaeg][ -]?codes?|dme|supply code|drug code|modifiers?|bill(ed|ing)?|"
    r"units?|payer|policy|prior auth\w*|covered?|coverage|reimburse\w*|"
    r"off[- ]the[- ]shelf|ots|dispens\w*|supplies|supplier)\b", re.I)  # DMEPOS words: only HCPCS codes them
# Text written to steer a model rather than inform a coder: a passage carrying it names no trusted code.
_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget) (all |any |the )?(previous|prior|above|earlier) (instructions|rules|prompts?)\b|"
    r"\byou are now\b|(^|\n)\s*(system|assistant|user)\s*:|</?passage\b|\bonly valid code is\b", re.I)
_QUOTED = re.compile(r"[\"\u201c][^\"\u201c\u201d]{8,}[\"\u201d]")  # a phrase quoted from a note
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
# A denial governs the code only from close by: "not 11042", "do not report 20610", never "a splint that is not
# molded to the patient is reported with L3908".
_DENIAL = r"\b(not|never|instead of|rather than|confuse|don't|do not|isn't|aren't|separate|leave|omit)\b"
_DENIED = re.compile(_DENIAL + r"(\W+[\w-]+){0,3}\W*$", re.I)
_HEDGED = re.compile(_DENIAL, re.I)  # any denial before the code: not a plain statement of what it is
_LEFT_OFF = re.compile(r"^\W*(off|out|aside)\b", re.I)  # "leave 76937 off"
_LIMIT = re.compile(
    r"\b(limit\w*|no more than|not more than|at most|maximum|per (day|year|12 months|calendar year)|"
    r"prior auth\w*|authori[sz]ation|not covered|covered only|only (when|if)|frequency|once every|"
    r"modifier|append|trial)\b", re.I)
Cover = Callable[[frozenset[str]], float]


def _numbers(words: frozenset[str]) -> bool:
    return bool(words) and all(any(ch.isdigit() for ch in w) for w in words)


def strict_cover(query: Query, weights: list[float]) -> Cover:
    """Coverage for free prose: a concept counts when the text has a word the user typed (all of a
    coder's term: "lines" alone is not a central line), or two words of what the term stands for
    ("percutaneous" alone is not a lap chole)."""
    typed = query.typed or [frozenset()] * len(query.groups)
    total = sum(weights)

    def cover(words: frozenset[str]) -> float:
        got = 0.0
        for g, t, w in zip(query.groups, typed, weights, strict=True):
            if t <= words if len(g) > len(t) else t & words:
                got += w
            elif len(g & words) >= min(2, len(g - t)) and (g - t or not _numbers(t)):
                # (a code number typed alone is no concept every passage half-answers: "What is 36556?"
                # would otherwise bring every code the sources name)
                got += EXPANDED * w
        return got / total if total else 0.0
    return cover


def told(query: Query) -> Callable[[frozenset[str]], int]:
    """How many of the question's concepts a text tells in the words the user typed."""
    typed = [t for t in query.typed if t]

    def count(words: frozenset[str]) -> int:
        return sum(bool(t & words) for t in typed)
    return count


@dataclass
class SourceCode:
    """A code a user source names, with the evidence for it."""

    code: str
    system: str
    score: float
    sentence: str  # the source's own sentence about the code that best answers the question
    passage_ids: list[str]  # passages naming it, best first, at most one per source
    info: CodeInfo | None  # its row in a loaded code set, if any
    checked: bool  # a code set of its system is loaded, so ``info is None`` means it is not in it
    limits: list[tuple[str, str]] = field(default_factory=list)  # (passage id, a line limiting coverage)

    @property
    def valid(self) -> bool | None:
        return (self.info is not None) if self.checked else None


# "ICD-10-PCS", "PCS", "ICD-10-CM" name a built-in set outright; "procedure code" does not (outpatient
# coders mean CPT by it), so a source's CPT code may still answer first.
_ICD_NAMED = re.compile(r"\b(icd[- ]?10(?:[- ]?(?:cm|pcs))?|pcs|cm code|dx code|diagnosis code)\b", re.I)


def icd_named(query: Query) -> bool:
    """The question asks for an ICD-10 code by name, so the user's CPT and HCPCS codes do not lead."""
    return query.named_system in (CM, PCS) and bool(_ICD_NAMED.search(query.text))


def routed(query: Query) -> bool:
    """The question asks for a code family only user sources hold (CPT, HCPCS, a J-code, billing)."""
    return query.named_system in (CPT, HCPCS) or bool(ROUTE.search(query.text))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def mentioned(p: Passage) -> list[tuple[str, tuple[str, ...]]]:
    """The codes a user passage names, each with the systems its shape fits (from ingest's mentions)."""
    out = []
    for item in p.meta.get("mentions", "").split(";"):
        code, _, systems = item.partition(":")
        if code:
            out.append((code, tuple(s for s in systems.split("|") if s)))
    return out


def _named_in(sentence: str, code: str) -> re.Match[str] | None:
    pattern = "".join(re.escape(c) + r"\.?" if i == 2 and len(code) > 3 else re.escape(c)
                      for i, c in enumerate(code))
    return re.search(rf"(?<![A-Za-z0-9]){pattern}(?![A-Za-z0-9])", sentence, re.I)


def _about(user: list[Passage]) -> dict[str, str]:
    """Per source, the code it is about: the first it names plainly, for what it is (a tip sheet opens with
    its code; a code it contrasts with comes after a "not" or "instead of")."""
    first: dict[str, tuple[int, int, str]] = {}
    for p in user:
        order = int(p.meta.get("chunk", 0) or 0)
        for code, _ in mentioned(p):
            for i, sentence in enumerate(sentences(p.text)):
                m = _named_in(sentence, code)
                if m and not _HEDGED.search(sentence[:m.start()]) and (
                        p.source not in first or (order, i) < first[p.source][:2]):
                    first[p.source] = (order, i, code)
    return {source: code for source, (_, _, code) in first.items()}


def _centrality(user: list[Passage]) -> dict[str, dict[str, float]]:
    """Per source, how often it names each code for what it is, against its most named one: an
    article's own code is named again and again, and usually first; a code it only contrasts with
    ("leave 76937 off", "not 11042") is named once or twice, or only to be ruled out. A mention after a
    denial further back ("never report 93000 together with 93005") counts half."""
    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    first: dict[str, tuple[int, str]] = {}
    for p in user:
        order = int(p.meta.get("chunk", 0) or 0)
        for code, _ in mentioned(p):
            for s in sentences(p.text):
                m = _named_in(s, code)
                if m and not _DENIED.search(s[:m.start()]) and not _LEFT_OFF.search(s[m.end():]):
                    counts[p.source][code] += 0.5 if _HEDGED.search(s[:m.start()]) else 1.0
            if counts[p.source].get(code) and (p.source not in first or order < first[p.source][0]):
                first[p.source] = (order, code)
    for source, (_, code) in first.items():
        counts[source][code] += 1.0  # the code an article names first is usually the one it is about
    return {source: {c: n / max(codes.values()) for c, n in codes.items()} for source, codes in counts.items()
            if codes and max(codes.values())}


class SourceCodes:
    def __init__(self, store: Store) -> None:
        self.store = store

        self._cache: tuple[tuple[object, ...], list[Passage], dict[str, dict[str, float]]] | None = None
        self._words: dict[str, frozenset[str]] = {}
        self._tokens: dict[str, frozenset[str]] = {}
        self._about: dict[str, str] = {}

    def _load(self) -> tuple[list[Passage], dict[str, dict[str, float]]]:
        """Every user document passage and each source's code centrality, re-read when an ingest changed
        the user sources (a long-running server sees new articles without a restart)."""
        key = tuple(self.store.db.execute(
            "select count(*), max(ingested_at), sum(passages) from sources where version='user file'").fetchone())
        if self._cache is None or self._cache[0] != key:
            rows = self.store.db.execute(
                "select p.* from sources s join passages p on p.source = s.name "
                "where s.version='user file' and p.kind='document'").fetchall()
            user = [row_to_passage(r) for r in rows]
            self._cache = (key, user, _centrality(user))
            # Each passage's words, read once per change of the sources rather than once per question.
            self._tokens = {p.id: token_set(p.text + " " + p.title) for p in user}
            words: dict[str, set[str]] = defaultdict(set)
            for p in user:
                words[p.source] |= self._tokens[p.id]
            self._words = {source: frozenset(w) for source, w in words.items()}
            self._about = _about(user)
        return self._cache[1], self._cache[2]

    def user_passages(self, cover: Cover) -> list[Passage]:
        """The user passages that answer most of the question."""
        user, _ = self._load()
        scored = sorted(((cover(self._tokens[p.id]), p) for p in user), key=lambda sp: -sp[0])
        return [p for value, p in scored[:USER_DEPTH] if value > 0]

    def find(self, cover: Cover, user: list[Passage],
             telling: Callable[[frozenset[str]], int] = lambda words: 0) -> list[SourceCode]:
        """Codes the user passages name, best answer first."""
        best: dict[tuple[str, str], SourceCode] = {}
        sources_of: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
        _, centrality = self._load()
        loaded = self.store.systems()
        every = {p.id: p for p in self._load()[0]}
        source_of = {pid: p.source for pid, p in every.items()}
        for p in user:
            codes = mentioned(p)
            if _INSTRUCTION.search(p.text):
                continue
            answered = cover(self._tokens.get(p.id) or token_set(p.text + " " + p.title))
            if not codes:
                # A tip sheet's list of quoted note phrases ("phrases that point to this code") that tells the
                # question in its own words speaks for the code the sheet is about.
                if (answered >= SPEAKS and p.source in self._about and len(_QUOTED.findall(p.text)) >= 2
                        and telling(self._tokens[p.id]) >= SPEAKS_WORDS):
                    self._speak_for(p, answered, cover, best, sources_of, loaded)
                continue
            # The article as a whole answering the question speaks for the code it is about, even when the
            # paragraph naming the code leans on the one describing the procedure.
            whole = cover(self._words.get(p.source, frozenset()))
            centre = centrality.get(p.source, {})
            for code, shapes in codes:
                sentence, said = self._sentence(p, code, cover)
                if not sentence:
                    continue
                score = answered * (0.5 + 0.5 * said) + (0.15 + WHOLE * whole) * centre.get(code, 0.0)
                if said < 0:  # the passage names it only to rule it out
                    score = answered * 0.2
                system, info, checked = self._resolve(code, shapes, p.text, loaded)
                if system is None:
                    continue
                key = (code, system)
                sources_of[key][p.id] = score
                if key not in best or score > best[key].score:
                    best[key] = SourceCode(code, system, score, sentence, [], info, checked)
        out = []
        for key, sc in best.items():
            ranked_ids = sorted(sources_of[key], key=lambda pid: -sources_of[key][pid])
            seen_sources: set[str] = set()
            for pid in ranked_ids:
                source = source_of[pid]
                if source not in seen_sources:
                    seen_sources.add(source)
                    sc.passage_ids.append(pid)
            sc.score += 0.05 * (len(seen_sources) > 1)  # the coder's sources agree (not: one has more files on it)
            # The coder's other sources on the code are cited under its card too, whichever paragraph
            # of theirs the question happened to reach.
            for p in sorted(self.named(sc.code), key=lambda p: -cover(self._tokens[p.id])):
                if p.source not in seen_sources and not _INSTRUCTION.search(p.text):
                    seen_sources.add(p.source)
                    sc.passage_ids.append(p.id)
            sc.limits = self._limits(sc.code, [p for p in user if p.id in sc.passage_ids])
            out.append(sc)
        out.sort(key=lambda s: -s.score)
        return [s for s in out if s.score >= MIN_SHOWN]

    def _speak_for(self, p: Passage, answered: float, cover: Cover, best: dict[tuple[str, str], SourceCode],
                   sources_of: dict[tuple[str, str], dict[str, float]], loaded: set[str]) -> None:
        code = self._about[p.source]
        named = [q for q in self.named(code) if q.source == p.source]
        shapes = next((systems for q in named for c, systems in mentioned(q) if c == code), None)
        if shapes is None:
            return
        said = [(self._sentence(q, code, cover), q) for q in named]
        (sentence, _), naming = max(said, key=lambda sq: sq[0][1], default=(("", -1.0), p))
        system, info, checked = self._resolve(code, shapes, " ".join(q.text for q in named), loaded)
        if not sentence or system is None:
            return
        whole = cover(self._words.get(p.source, frozenset()))
        score = answered * (0.5 + 0.5 * answered) + 0.15 + WHOLE * whole
        key = (code, system)
        sources_of[key][naming.id] = score  # cited by the paragraph that names it, whose sentence is quoted
        if key not in best or score > best[key].score:
            best[key] = SourceCode(code, system, score, sentence, [], info, checked)

    def cited(self, found: list[SourceCode]) -> dict[str, Passage]:
        """The passages the found codes cite (some lie beyond those that answered the question best)."""
        ids = {pid for sc in found for pid in sc.passage_ids}
        return {p.id: p for p in self._load()[0] if p.id in ids}

    def describing(self, code: str) -> str:
        """What the sources most about ``code`` say it is: a source's title and its first plain sentence
        naming the code (the procedure an inpatient equivalent is searched for), whatever the question
        picked as the quote. Among sources equally about it, the fullest sentence (prose over a table row)."""
        user, centrality = self._load()
        first: dict[str, tuple[int, str]] = {}
        for p in user:
            if code not in p.codes:
                continue
            order = int(p.meta.get("chunk", 0) or 0)
            if p.source in first and first[p.source][0] <= order:
                continue
            for sentence in sentences(p.text):
                m = _named_in(sentence, code)
                if m and not _HEDGED.search(sentence[:m.start()]):
                    first[p.source] = (order, f"{p.meta.get('file_title') or ''}. {sentence}")
                    break
        if not first:
            return ""
        best = max(first, key=lambda source: (round(centrality.get(source, {}).get(code, 0.0), 2),
                                              len(token_set(first[source][1]))))
        return first[best][1]

    def named(self, code: str) -> list[Passage]:
        """User passages that name ``code`` (for "what is 63650?")."""
        return [p for p in self._load()[0] if code in p.codes]

    def _resolve(self, code: str, shapes: tuple[str, ...], text: str,
                 loaded: set[str]) -> tuple[str | None, CodeInfo | None, bool]:
        """Its system, its row in a loaded code set, and whether that system's set is loaded at all.
        "J1100" written without a dot in a coding article is the HCPCS drug code, not J11.00."""
        if HCPCS in shapes and CM in shapes and not re.search(rf"\b{re.escape(code[:3])}\.{re.escape(code[3:])}\b",
                                                               text):
            shapes = tuple(s for s in shapes if s != CM)
        infos = self.store.code(code)
        for info in infos:
            if info.system in shapes or info.system in (CPT, HCPCS) and (CPT in shapes or HCPCS in shapes):
                return info.system, info, True
        for system in shapes:
            if system in (CM, PCS):
                continue  # an ICD-10 code the built-in sets lack is a typo or an old code, never suggested
            if system in (CPT, HCPCS):
                return system, None, system in loaded or (CPT in loaded and system == HCPCS)
        return None, None, False

    def _sentence(self, p: Passage, code: str, cover: Cover) -> tuple[str, float]:
        """The sentence naming ``code`` that answers most of the question; negative when it denies it."""
        best, said = "", -1.0
        texts = sentences(p.text)
        for i, s in enumerate(texts):
            m = _named_in(s, code)
            if m is None:
                continue
            if _DENIED.search(s[:m.start()]):
                if best == "":
                    best, said = s, -1.0
                continue
            context = " ".join(texts[max(0, i - 1):i + 1])  # a sentence often leans on the one before
            value = cover(token_set(context))
            if value > said:
                best, said = s, value
        return best, said

    @staticmethod
    def _limits(code: str, user: list[Passage]) -> list[tuple[str, str]]:
        out = []
        for p in user:
            for s in sentences(p.text):
                if _named_in(s, code) and _LIMIT.search(s):
                    out.append((p.id, s))
        return out[:3]
