"""Source review: each citation opens its passage (question words highlighted), where it comes from,
and, on request, the whole record behind it."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.answer import Citation
from assistant.ui import records
from assistant.ui.engine import Engine
from assistant.ui.render import anchor_id, highlight_html, md_escape
from core.passage import Passage


def citations(engine: Engine, cites: list[Citation], *, turn_key: str, terms: set[str],
              anatomy: dict[str, list[dict[str, Any]]]) -> None:
    """One numbered expander per cited passage, each behind an anchor the answer's [n] links point to."""
    if not cites:
        return
    sources = engine.sources()
    st.caption(f"Sources — {len(cites)} passage(s); open one to review it")
    for c in cites:
        with st.container(gap=None):
            st.markdown(f'<div id="{anchor_id(turn_key, c.n)}" class="ca-anchor"></div>', unsafe_allow_html=True)
            label = rf"\[{c.n}\] {md_escape(c.title or c.location)}"
            if c.location and c.location != c.title:
                label += f" — {md_escape(c.location)}"
            with st.expander(label):
                st.caption(md_escape(records.origin(c.source, c.location, sources.get(c.source))))
                st.markdown(highlight_html(c.text, terms), unsafe_allow_html=True)
                if c.passage_id and st.toggle("Show the whole record", key=f"rec-{turn_key}-{c.n}"):
                    passage = engine.passage(c.passage_id)
                    if passage is None:
                        st.info("This passage is no longer in the index (its source was updated or removed).")
                    else:
                        record(engine, passage, terms=terms, anatomy=anatomy)


def record(engine: Engine, passage: Passage, *, terms: set[str],
           anatomy: dict[str, list[dict[str, Any]]] | None = None) -> None:
    rec = engine.record(passage, anatomy=anatomy)
    if rec.kind == "code" and rec.code is not None:
        _code(engine, rec.code, terms)
    elif rec.kind == "document":
        st.markdown(f"**{md_escape(rec.title)}** — {len(rec.passages)} passage(s)"
                    + (f" (first {len(rec.passages)} shown)" if rec.truncated else ""))
        with st.container(height=360):
            for p in rec.passages:
                st.markdown(f"**{md_escape(p.location or p.title)}**")
                st.markdown(highlight_html(p.text, terms, css_class="ca-snippet"), unsafe_allow_html=True)
    elif rec.kind == "codes":
        st.markdown(f"**{md_escape(rec.title)}**")
        lines = [f"- `{c.code}` {md_escape(c.title)}" for c in rec.codes]
        st.markdown("\n".join(lines) if lines else "No code in the loaded code sets.")
        if rec.truncated:
            st.caption("More codes exist; ask about them or use Browse.")
    else:
        st.caption(f"This {passage.kind} passage is the whole record.")


def _code(engine: Engine, rec: records.CodeRecord, terms: set[str]) -> None:
    info = rec.info
    if info is None:
        st.warning(f"{rec.shown} is not in the loaded code sets.")
    else:
        status = "valid"
        if info.billable:
            status += ", billable"
        elif info.system == "ICD-10-CM":
            status += ", not billable (a category: pick a more specific code)"
        source = engine.sources().get(info.source)
        st.markdown(f"**{md_escape(rec.shown)}** ({md_escape(info.system)}) {md_escape(info.title)}  \n"
                    f"*{status}* · {md_escape(records.origin(info.source, '', source))}")
    if rec.anatomy:
        rows = ["| # | Char | Axis | Value |", "|---|---|---|---|"]
        rows += [f"| {a['position']} | `{a['character']}` | {md_escape(a['axis'])} | {md_escape(str(a['value']))} |"
                 for a in rec.anatomy]
        st.markdown("\n".join(rows))
    if rec.notes:
        st.markdown("**Notes**")
        for note in rec.notes:
            st.markdown(highlight_html(note.text, terms, css_class="ca-snippet"), unsafe_allow_html=True)
    if rec.guideline is not None:
        st.markdown(f"**Related guideline** — {md_escape(rec.guideline.title)}")
        st.markdown(highlight_html(rec.guideline.text, terms, css_class="ca-snippet"), unsafe_allow_html=True)
    elif info is not None and info.system == "ICD-10-PCS":
        st.caption("No guideline in the loaded sources names this root operation.")
