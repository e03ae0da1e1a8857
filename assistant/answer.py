"""Grounded, extractive answers: every line cites a numbered passage, no code is invented.

No LLM is needed: the answer is composed from retrieved passages and the code
sets' structure (a PCS code's axes, its siblings under the same stem).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.card_facts import code_changes, companion_facts, mark_number, principal_code, severity_facts
from assistant.clarify import Clarify
from assistant.query import CONCEPT_QUESTION
from assistant.retrieve import Retrieval, Suggestion
from assistant.store import CodeInfo, Store
from core.codes import CM, CPT, HCPCS, PCS, display, normalize
from core.passage import Passage

NOT_FOUND = "Not found in the sources"
COMPANION_CARDS = 3  # CM cards that list the companion codes their notes ask for
AXIS_LABELS = (("section", "Section"), ("body_system", "Body system"), ("root_operation", "Root operation"),
               ("body_part", "Body part"), ("approach", "Approach"), ("device", "Device"),
               ("qualifier", "Qualifier"))


@dataclass
class Citation:
    n: int
    source: str
    title: str
    text: str
    location: str
    kind: str = ""
    passage_id: str = ""


@dataclass
class Answer:
    question: str
    answer: str
    found: bool
    suggestions: list[dict[str, Any]]
    citations: list[Citation]
    rewritten: str | None = None
    notices: list[str] = field(default_factory=list)
    anatomy: list[dict[str, Any]] = field(default_factory=list)
    alternatives: list[dict[str, Any]] = field(default_factory=list)
    guard: dict[str, Any] | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)  # codes named that a code-set update changed
    drgs: list[dict[str, Any]] = field(default_factory=list)  # MS-DRG table rows asked about
    crosswalk: dict[str, Any] | None = None  # GEMs pairs for an ICD-9-CM or ICD-10-PCS code asked about
    clarify: dict[str, Any] | None = None  # the question to ask when a deciding detail is missing

    def cite(self, p: Passage | None) -> int | None:
        """Number ``p`` among this answer's citations (adding it at the end if new)."""
        return mark_number(Citations(self.citations).cite(p))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["citations"] = citations_json(self.citations)
        if data["guard"] is None:
            del data["guard"]
        return data


def citations_json(items: list[Citation]) -> list[dict[str, Any]]:
    """Citations as the JSON contract has them (the passage id stays inside)."""
    return [{k: v for k, v in asdict(c).items() if k != "passage_id"} for c in items]


class Citations:
    """Numbers passages in the order the answer first cites them."""

    def __init__(self, items: list[Citation] | None = None) -> None:
        """``items``: an answer's citations to number after (appended to in place)."""
        self.items: list[Citation] = items if items is not None else []
        self._by_id: dict[str, int] = {c.passage_id: c.n for c in self.items}

    def cite(self, p: Passage | None) -> str:
        if p is None:
            return ""
        if p.id not in self._by_id:
            n = len(self.items) + 1
            self._by_id[p.id] = n
            self.items.append(Citation(n, p.source, p.title, p.text, p.location, p.kind, p.id))
        return f"[{self._by_id[p.id]}]"

    def number(self, p: Passage) -> int:
        self.cite(p)
        return self._by_id[p.id]


def _definition(store: Store, axis: str, value: str, section: str) -> Passage | None:
    label = "Root operation" if axis == "root_operation" else "Approach"
    row = store.db.execute(
        "select id from passages where kind='definition' and location=?", (f"{label}: {value} (section {section})",)
    ).fetchone()
    return store.passages([row[0]]).get(row[0]) if row else None


def code_passage(store: Store, info: CodeInfo) -> Passage | None:
    """A code's own passage in its code set (its row, for a user table)."""
    return _code_passage(store, info, {})


def _code_passage(store: Store, s: Suggestion | CodeInfo, passages: dict[str, Passage]) -> Passage | None:
    pid = store.passage_id_for_code(s.code, s.system)
    if pid is None:
        return None
    if pid not in passages:
        passages.update(store.passages([pid]))
    return passages.get(pid)


def alternatives(store: Store, s: Suggestion) -> list[tuple[str, CodeInfo]]:
    """Sibling codes that differ from ``s`` in exactly one axis, named by that axis' value."""
    if s.system != PCS or not s.axes:
        return []
    out: list[tuple[str, CodeInfo]] = []
    for other in store.codes_with_prefix(s.code[:3], PCS):
        if other.code == s.code or not other.axes:
            continue
        diff = [k for k, _ in AXIS_LABELS if other.axes.get(k) != s.axes.get(k)]
        if len(diff) != 1:
            continue
        axis = diff[0]
        if axis == "body_part" and _strip_side(other.axes[axis]) != _strip_side(s.axes[axis]):
            continue
        label = dict(AXIS_LABELS)[axis].lower()
        out.append((f"if {label} is {other.axes[axis]}", other))
    order = {"approach": 0, "body_part": 1, "device": 2, "qualifier": 3}
    out.sort(key=lambda pair: order.get(_axis_of(pair[0]), 9))
    return out[:8]


def _axis_of(reason: str) -> str:
    for key, label in AXIS_LABELS:
        if f"if {label.lower()} is" in reason:
            return key
    return ""


def _strip_side(label: str) -> str:
    return re.sub(r",?\s*\b(Right|Left|Bilateral)\b", "", label).strip()


def compose(store: Store, result: Retrieval, *, rewritten: str | None = None) -> Answer:
    """Every suggestion the retrieval kept (it already holds the k asked for) becomes a card."""
    cites = Citations()
    lines: list[str] = []
    notices: list[str] = []
    passages = result.passages
    question = result.query.text
    principal = principal_code(question)

    changed = code_changes(store, question)
    if result.query.spelled:
        notices.append("Read " + ", ".join(f"\"{f.typed}\" as \"{f.read}\"" for f in result.query.spelled) + ".")
    for hit in result.exact:
        if hit.info is None:
            system = hit.system or "loaded"
            if system in (CPT, HCPCS) and system not in store.systems():
                lines.append(no_code_set_line(system, hit.code))
                continue
            near = ", ".join(f"{display(c.code, c.system)} ({c.title})" for c in hit.nearest[:3])
            line = f"{hit.text} is not a valid {system} code in the loaded code sets."
            if near and not any(c.code == hit.code and c.successors for c in changed):  # its successors follow
                line += f" Nearest valid codes: {near}."
            lines.append(line)
            continue
        p = _code_passage(store, hit.info, passages)
        status = "valid"
        if hit.info.system == CM:
            status += ", billable" if hit.info.billable else ", not billable (a category: pick a more specific code)"
        lines.append(f"{display(hit.code, hit.info.system)} is a {status} {hit.info.system} code: "
                     f"{hit.info.title} {cites.cite(p)}".rstrip())
        if hit.info.system == CM and hit.info.billable:
            lines += severity_facts(store, hit.code, cites.cite, principal)[1]
    changes = []
    for change in changed:
        changes.append(change.to_json(mark_number(cites.cite(change.passage))))
        lines.append(f"{change.sentence} {cites.cite(change.passage)}")

    asked = _asked_system(question)
    if asked and asked not in store.systems():
        notices.append(no_code_set_line(asked, None))
        if not result.found:  # a CPT code is not a PCS code: the question goes unanswered, with the way to one
            lines.append(no_code_set_line(asked, None) + " For an inpatient facility's procedure code, ask for "
                         "ICD-10-PCS.")
        elif not any(s.quote for s in result.suggestions):
            lines.append(no_code_set_line(asked, None) + " The loaded sources suggest the following instead.")

    if not result.found and changes:
        return _successors(store, question, changes, cites, lines, rewritten, notices, result.k)
    if not result.found:
        return _not_found(result, cites, lines, rewritten, notices, changes)

    if CONCEPT_QUESTION.search(question) or not result.suggestions:
        # A question answered by passages rather than codes: what the sources say, cited.
        for p in result.best_passages(("definition", "guideline", "glossary", "document", "index"), 2):
            lines.append(f"{p.title}: {_first_sentences(p.text)} {cites.cite(p)}")
    if not lines and not result.suggestions:  # nothing to show after all: say so rather than print nothing
        return _not_found(result, cites, [], rewritten, notices, changes)

    suggestions: list[dict[str, Any]] = []
    for rank, s in enumerate(result.suggestions):
        ev = [passages[pid] for pid in s.evidence if pid in passages]
        own = None if s.quote else _code_passage(store, s, passages)
        if s.quote:  # a user source's code: the sources that name it, each cited, the table row too
            row = _code_passage(store, s, passages) if s.valid and rank == 0 else None
            cited = [cites.number(p) for p in ev[:3] + ([row] if row else [])]
        else:
            cited = [cites.number(p) for p in ([own] if own else []) + ev[:2]]
        marks = "".join(f"[{n}]" for n in dict.fromkeys(cited))
        extra: dict[str, Any] = {}
        extra_lines: list[str] = []
        if s.system == CM and s.valid:
            extra, severity_lines = severity_facts(store, s.code, cites.cite, principal)
            if rank == 0 and extra["severity"] and s.code not in {hit.code for hit in result.exact}:
                extra_lines += severity_lines[:1]
            if rank < COMPANION_CARDS:
                more, companion_lines = companion_facts(store, s.code, cites.cite)
                extra.update(more)
                extra_lines += companion_lines if rank == 0 else []
        limits = [{"text": text, "citation": cites.number(passages[pid])} for pid, text in s.limits if pid in passages]
        label = f"{s.role.capitalize()}: " if s.role else ("Best match: " if rank == 0 else "Also consider: ")
        if s.quote:
            line = f"{label}{s.shown} ({s.system}) from your source {marks}: \"{s.quote}\" {source_check(s)}"
            line += "".join(f"\n  Policy: {lim['text']} [{lim['citation']}]" for lim in limits)
            lines.append(line.rstrip())
        elif rank == 0 or s.role:
            lines.append(f"{label}{s.shown} ({s.system}) {s.title} {marks}")
        elif rank < 3:
            lines.append(f"{label}{s.shown} {s.title} {marks}")
        lines += extra_lines
        suggestions.append({"code": s.shown, "system": s.system, "title": s.title, "valid": s.valid,
                            "billable": s.billable, "citations": list(dict.fromkeys(cited)),
                            "origin": s.origin, **({"quote": s.quote} if s.quote else {}),
                            **({"limits": limits} if limits else {}), **({"role": s.role} if s.role else {}),
                            **extra})

    anatomy: list[dict[str, Any]] = []
    alts: list[dict[str, Any]] = []
    top = result.suggestions[0] if result.suggestions else None
    if top is not None and top.system == PCS and top.axes:
        own = _code_passage(store, top, passages)
        lines.append(f"How {top.code} is built:")
        for i, (key, label) in enumerate(AXIS_LABELS):
            value = top.axes.get(key, "")
            source = own
            if key in ("root_operation", "approach"):
                source = _definition(store, key, value, top.code[0]) or own
            mark = cites.cite(source)
            anatomy.append({"position": i + 1, "character": top.code[i], "axis": label, "value": value,
                            "citation": mark_number(mark)})
            meaning = ""
            if source is not None and source is not own:
                meaning = " — " + _first_sentences(source.text.split(":", 1)[-1], 1)
            lines.append(f"  {i + 1}. {label}: {top.code[i]} = {value}{meaning} {mark}")
        for reason, other in alternatives(store, top):
            p = _code_passage(store, other, passages)
            mark = cites.cite(p)
            alts.append({"code": other.code, "title": other.title, "when": reason,
                         "citation": mark_number(mark)})
            lines.append(f"  {reason}: {other.code} {mark}")
        if alts:
            lines.insert(len(lines) - len(alts), "What would change the code:")
    guideline = next((passages[pid] for pid in result.ranked[:40] if passages[pid].kind == "guideline"), None)
    if guideline is not None and top is not None and top.system == PCS:
        lines.append(f"Guideline: {_first_sentences(guideline.text, 2)} {cites.cite(guideline)}")
    return Answer(question, "\n".join(lines), True, suggestions, cites.items, rewritten, notices, anatomy, alts,
                  changes=changes)


def _not_found(result: Retrieval, cites: Citations, lines: list[str], rewritten: str | None,
               notices: list[str], changes: list[dict[str, Any]] | None = None) -> Answer:
    """The not-found answer, with the closest passages cited so the coder can see what was there."""
    text = f"{NOT_FOUND}: no passage in the loaded sources supports a code for this question."
    if lines:
        text = "\n".join(lines) + "\n" + text
    for pid in result.ranked[:3]:
        if pid in result.passages:
            cites.cite(result.passages[pid])
    return Answer(result.query.text, text, False, [], cites.items, rewritten, notices, changes=changes or [])


def _successors(store: Store, question: str, changes: list[dict[str, Any]], cites: Citations, lines: list[str],
                rewritten: str | None, notices: list[str], k: int) -> Answer:
    """A code the question names changed between the code sets: the change is the answer, the codes that
    replace it (if any) the suggestions, cited to the change."""
    suggestions = []
    for change in changes:
        for successor in change["successors"]:
            info = store.code(normalize(successor["code"]), change["system"])
            if info and info[0].billable and len(suggestions) < k:
                suggestions.append({"code": successor["code"], "system": change["system"], "title": info[0].title,
                                    "valid": True, "billable": info[0].billable, "citations": [change["citation"]],
                                    "origin": "code set"})
    return Answer(question, "\n".join(lines), True, suggestions, cites.items, rewritten, notices, changes=changes)


def source_check(s: Suggestion) -> str:
    """What a user source's code was checked against, in plain words."""
    if s.valid is None:
        return f"Not checked against a {s.system} code set: none loaded."
    if s.valid is False:
        return f"Warning: {s.shown} is not in your loaded {s.system} code set."
    return f"Found in your loaded {s.system} code set."


def no_code_set_line(system: str, code: str | None) -> str:
    what = f"{code} looks like a {system} code, but no" if code else f"No {system} code set is loaded:"
    why = "CPT is licensed by the AMA and is not shipped" if system == CPT else f"{system} is not shipped"
    flag = "cpt" if system == CPT else "hcpcs"
    lead = f"{what} {system} code set is loaded" if code else what
    return f"{lead} ({why}); load a licensed file with `codeask ingest FILE --system {flag}`."


def _asked_system(question: str) -> str | None:
    lowered = question.lower()
    if re.search(r"\bcpt\b", lowered):
        return CPT
    if re.search(r"\bhcpcs\b", lowered):
        return HCPCS
    return None


def _first_sentences(text: str, n: int = 2) -> str:
    parts = re.split(r"(?<=[.!?])\s+", text.strip().replace("\n", " "))
    return " ".join(parts[:n])


def attach_clarify(store: Store, answer: Answer, clarify: Clarify) -> None:
    """Put the question under the answer: JSON, the top card marked with what it assumed, and text lines
    with the options (each option's first code cited) and a physician query line to paste."""
    data = clarify.to_json()
    lines = [f"{clarify.question} (it decides the code; not stated in the question)"]
    for i, (option, listed) in enumerate(zip(clarify.options, data["options"], strict=True), 1):
        first = option.codes[0]
        info = store.code(first, clarify.system)
        n = answer.cite(code_passage(store, info[0])) if info else None
        listed["citation"] = n
        more = f" (+{len(option.codes) - 1} more)" if len(option.codes) > 1 else ""
        lines.append(f"  {i}. {option.label}: {display(first, clarify.system)}{more}" + (f" [{n}]" if n else ""))
    lines.append(f"Physician query, if the record does not say: {clarify.physician_query}")
    answer.clarify = data
    if answer.suggestions and clarify.assumed:
        answer.suggestions[0]["assumed"] = {"axis": clarify.axis, "value": clarify.assumed}
    answer.answer = answer.answer.rstrip() + "\n" + "\n".join(lines)


