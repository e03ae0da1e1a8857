"""A status code asked for by name is a Z code, whatever else the note tells.

"Status code for the stent?", "vent status code?", "which status codes?": the coder has the condition and the
procedure and wants the code that says a device, a transplant, an absent limb or a dependence is there (Z76.82,
Z79, Z85-Z99). Ranking alone weighs the stent's insertion or the disease it treats as well, so among the leading
codes the status and history codes are put first, in the order ranking gave them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from core.codes import CM

if TYPE_CHECKING:
    from assistant.retrieve import Suggestion

_ASKED = re.compile(r"\bstatus codes?\b|\bstatus\s*\?", re.I)
_STATUS_CODE = re.compile(r"^Z(?:7[6-9]|8[5-9]|9\d)")
DEPTH = 10  # the leading codes looked through


def status_first(text: str, ranked: list[Suggestion]) -> list[Suggestion]:
    """``ranked`` with its leading status and history codes first when the question asks for a status code."""
    if not _ASKED.search(text):
        return ranked
    head = ranked[:DEPTH]
    status = [s for s in head if s.system == CM and _STATUS_CODE.match(s.code)]
    if not status or status[0] is head[0]:
        return ranked
    return status + [s for s in head if s not in status] + ranked[DEPTH:]
