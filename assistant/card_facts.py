"""What the reference tables add to a code's card: CC/MCC status (and whether the principal diagnosis
cancels it), companion codes from the tabular notes, and code-set changes. Each fact is cited like a passage.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from assistant.companions import companions
from assistant.reference import Change, Reference
from assistant.store import Store
from core.codes import CM, display, find_mentions
from core.passage import Passage

Cite = Callable[[Passage | None], str]
# "principal diagnosis I50.9", "PDX: I50.9", "with I50.9 as the principal", "admitted for I50.9"
_PRINCIPAL_BEFORE = re.compile(r"\b(?:principal|primary|first[- ]listed)\s*(?:diagnosis|dx)?\s*(?:is|of|=|:)?\s*$"
                               r"|\b(?:pdx|admitted for|reason for admission)\s*(?:is|of|=|:)?\s*$", re.I)
_PRINCIPAL_AFTER = re.compile(r"^\s*(?:is|was)?\s*(?:as|is)\s+(?:the\s+)?(?:principal|primary|pdx|first[- ]listed)",
                              re.I)


def principal_code(question: str) -> str | None:
    """The CM code the question names as the principal diagnosis, if it names one."""
    for mention in find_mentions(question):
        if CM not in mention.systems:
            continue
        start = question.find(mention.text)
        end = start + len(mention.text)
        if _PRINCIPAL_BEFORE.search(question[max(0, start - 40):start]) or \
                _PRINCIPAL_AFTER.match(question[end:end + 40]):
            return mention.code
    return None


def severity_facts(store: Store, code: str, cite: Cite,
                   principal: str | None = None) -> tuple[dict[str, Any], list[str]]:
    """A CM code's CC/MCC status from tables 6I/6J, and whether the named principal diagnosis cancels it
    (table 6K): JSON fields and the sentences that say so."""
    ref = Reference(store.db)
    sev = ref.severity(code)
    mark = cite(sev.passage)
    fields: dict[str, Any] = {"severity": sev.level, "severity_citation": mark_number(mark)}
    shown = display(code, CM)
    lines: list[str] = []
    if sev.level:
        other = "" if sev.level == "MCC" else " (not an MCC)"
        alive = "; only when the patient is discharged alive" if sev.alive_only else ""
        lines.append(f"{shown} is a{'n' if sev.level == 'MCC' else ''} {sev.level}{other} as a secondary diagnosis "
                     f"on the CMS FY2026 {sev.level} list (table {sev.table}){alive} {mark}")
    elif ref.loaded():
        lines.append(f"{shown} is neither a CC nor an MCC: the CMS FY2026 lists (tables 6I and 6J) do not hold it.")
    if principal and principal != code and sev.level:
        exclusion = ref.exclusion(code, principal)
        if exclusion is not None:
            emark = cite(exclusion.passage)
            fields["cc_exclusion"] = {"principal": display(principal, CM), "excluded": exclusion.excluded,
                                      "collection": exclusion.collection, "citation": mark_number(emark)}
            verdict = ("excluded: with that principal diagnosis it counts as a non-CC" if exclusion.excluded
                       else f"not excluded: it keeps its {sev.level} status")
            lines.append(f"With principal diagnosis {display(principal, CM)}, {shown} is {verdict} "
                         f"(table 6K, PDX collection {exclusion.collection}) {emark}")
    return fields, lines


def companion_facts(store: Store, code: str, cite: Cite) -> tuple[dict[str, Any], list[str]]:
    """The codes the tabular's notes ask for beside ``code``, each checked and cited to its note."""
    items = companions(store, code)
    if not items:
        return {}, []
    listed = [c.to_json(mark_number(cite(c.passage))) for c in items]
    lines = []
    for c, data in zip(items, listed, strict=True):
        named = ", ".join(x["code"] + ("" if x["valid"] else " (not in the code set)") for x in c.codes)
        lines.append(f"  {c.note}: {c.label}: {named} [{data['citation']}]")
    return {"companions": listed}, lines


def code_changes(store: Store, question: str) -> list[Change]:
    """Codes the question names that were deleted, added or expanded between the code sets held."""
    ref = Reference(store.db)
    return [c for m in find_mentions(question) if (c := ref.change(m.code)) is not None]


def mark_number(mark: str) -> int | None:
    """The n of a citation mark "[n]" (None for no mark)."""
    return int(mark.strip("[]")) if mark else None
