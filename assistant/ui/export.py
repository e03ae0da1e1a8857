"""The conversation as one Markdown document, every answer with its suggestions and cited passages."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from assistant.answer import Answer
from assistant.ui.render import answer_markdown, md_escape


class TurnLike(Protocol):
    question: str
    answer: Answer
    mode: str


def _quote(text: str) -> str:
    return "\n".join("> " + md_escape(line) if line.strip() else ">" for line in text.strip().splitlines())


def conversation_markdown(turns: Iterable[TurnLike], *, now: datetime | None = None) -> str:
    stamp = (now or datetime.now()).strftime("%Y-%m-%d %H:%M")
    out = ["# codeask conversation", "",
           f"Exported {stamp}. Suggested codes come from the loaded sources; check each against its passage.", ""]
    for i, turn in enumerate(turns, 1):
        a = turn.answer
        out += [f"## {i}. {md_escape(turn.question)}", ""]
        if a.rewritten:
            out += [f"*Read as:* {md_escape(a.rewritten)}", ""]
        if turn.mode != "default":
            out += [f"*Answer mode:* {md_escape(turn.mode)}", ""]
        if a.suggestions:
            out += ["**Suggested codes**", ""]
            for s in a.suggestions:
                status = ("not checked against a code set (from your source)" if s.get("valid") is None
                          else "valid" if s.get("valid") else "not valid")
                if s.get("billable"):
                    status += ", billable"
                cites = " ".join(rf"\[{n}\]" for n in s.get("citations", []))
                out.append(f"- **{md_escape(s['code'])}** ({md_escape(s['system'])}) "
                           f"{md_escape(s.get('title', ''))} — {status}" + (f"; evidence {cites}" if cites else ""))
            out.append("")
        out += ["**Answer**", "", answer_markdown(a.answer), ""]
        if a.citations:
            out += ["**Sources**", ""]
            for c in a.citations:
                head = rf"\[{c.n}\] {md_escape(c.title)} — {md_escape(c.location)} ({md_escape(c.source)})"
                out += [head, "", _quote(c.text), ""]
    return "\n".join(out).rstrip() + "\n"
