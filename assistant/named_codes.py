"""Where the codes a question names go in its ranked answer.

"What is I21.4?" asks about the code it names: that code leads. A coder working a case names codes for other
reasons: as a doubt ("persistent afib, not longstanding. I48.11 or I48.19?"), as a payer's rejection ("G20 got
rejected, what now"), or as the family to pick from ("which I21"). There the named codes are candidates like
any other: ranked by how well they fit what the case says, and a category that is not billable never leads
the billable codes under it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from core.text import tokenize

if TYPE_CHECKING:
    from assistant.query import Query
    from assistant.retrieve import Suggestion

# The coder doubts the code named, the payer refused it, it is coded already and another is asked, or an audit
# weighs the code billed against the record.
_DOUBT = re.compile(
    r"\b(?:rejected|reject(?:ion|s)?|kicked back|denied|denial|bounced|invalid|not valid|still valid|no longer valid|"
    r"deleted|expired|new code|newer code|or something else|or is there|or (?:is it|should (?:i|it) be)|what now|"
    r"which one|which (?:code|one) (?:is|goes)|already (?:have|has|got|coded|assigned|used|billed)|"
    # an audit's finding: the code on the claim is the one in question, the record decides
    r"billed|re-?bill(?:ed)?|claim (?:had|has|shows|showed|went out|says|billed|listed)|on (?:the |our )?claim|"
    r"(?:coder|we|they|someone|facility) (?:put|used|left|coded|assigned|picked|chose|reported)|"
    r"should (?:it |that |this )?(?:have been|be)|correct(?:ed)? code|downgraded|unsupported|auditor|validation)\b|"
    r"\b[a-z]\d[0-9a-z.]{1,6}\s+(?:or|vs\.?|versus)\s+[a-z]\d", re.I)
# Content beyond the codes themselves: a case told, not a lookup.
_CASE_GROUPS = 2


def told_case(query: Query) -> bool:
    """The question tells a case of its own beyond the codes it names."""
    codes = {t for m in query.mentions for t in (*tokenize(m.text), m.code.lower())}
    content = [g for g in query.typed if g and not g <= codes]
    return len(content) >= _CASE_GROUPS


def place_named(query: Query, named: list[Suggestion], ranked: list[Suggestion]) -> tuple[list[Suggestion],
                                                                                       list[Suggestion]]:
    """The named codes that lead the answer, and the ranked list with the rest placed where they fit."""
    if not named or not told_case(query):
        return named, ranked
    doubted = bool(_DOUBT.search(query.text)) or len(named) > 1
    lead: list[Suggestion] = []
    out = list(ranked)
    for s in named:
        children = [i for i, r in enumerate(out) if r.code != s.code and r.code.startswith(s.code)
                    and r.system == s.system]
        at = next((i for i, r in enumerate(out) if r.code == s.code and r.system == s.system), None)
        if not s.billable and children:  # "which I21": the billable codes under it answer
            if at is not None:
                out.pop(at)
                children = [i - (i > at) for i in children]
            out.insert(children[0] + 1, s)
        elif doubted and at is not None:  # ranked where the case puts it
            continue
        elif doubted:
            out.insert(min(2, len(out)), s)
        else:
            lead.append(s)
    return lead, out
