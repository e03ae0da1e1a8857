"""Browse: search the passages directly, with filters, and see them ranked as retrieval ranks them."""

from __future__ import annotations

import streamlit as st

from assistant.ui import records, review
from assistant.ui.engine import Engine
from assistant.ui.render import highlight_html, md_escape, question_terms
from core.codes import CM, PCS, display, normalize
from core.errors import CodeaskError
from core.passage import KINDS

ALL = "All code systems"


def render(engine: Engine) -> None:
    sources = engine.sources()
    with st.form("browse-form", border=False):
        query = st.text_input("Search the passages", key="browse-q",
                              placeholder="e.g. resection gallbladder, Excludes1 diabetes, root operation Bypass")
        col1, col2, col3 = st.columns(3)
        system = col1.selectbox("Code system", [ALL, *engine.systems()], key="browse-system")
        kinds = col2.multiselect("Kind", list(KINDS), key="browse-kinds", placeholder="any kind")
        chosen = col3.multiselect("Source", sorted(sources), key="browse-sources", placeholder="any source",
                                  format_func=lambda n: _source_label(n, sources))
        col4, col5 = st.columns([4, 1], vertical_alignment="bottom")
        shown = col4.slider("Passages to show", 5, 50, 15, step=5, key="browse-n")
        col5.form_submit_button("Search", type="primary", width="stretch")
    changes(engine)
    if not query or not query.strip():
        st.caption("Type words, shorthand or a code; results are the passages retrieval ranks highest, "
                   "with your words highlighted.")
        return
    try:
        with st.spinner("Searching…"):
            result = engine.retrieve(query, system=None if system == ALL else system, k=10,
                                     kinds=tuple(kinds), sources=tuple(chosen))
    except CodeaskError as exc:
        st.error(str(exc))
        return
    terms = question_terms(query)
    ranked = [pid for pid in result.ranked if pid in result.passages]
    if not ranked:
        st.info("No passage matches these words with these filters.")
        return
    st.caption(f"{len(ranked):,} passages matched; the first {min(shown, len(ranked))} are shown, best first.")
    for rank, pid in enumerate(ranked[:shown], 1):
        p = result.passages[pid]
        with st.container(border=True):
            meta = " · ".join(x for x in (p.kind, p.system) if x)
            st.markdown(f"**{rank}. {md_escape(p.title or p.location)}** <small>{md_escape(meta)}</small>",
                        unsafe_allow_html=True)
            st.caption(md_escape(records.origin(p.source, p.location, sources.get(p.source))))
            st.markdown(highlight_html(p.text, terms, css_class="ca-passage"), unsafe_allow_html=True)
            if st.toggle("Show the whole record", key=f"browse-rec-{pid}"):
                review.record(engine, p, terms=terms)


def changes(engine: Engine) -> None:
    """What changed between the code sets held, under a chapter, category or body system."""
    with st.expander("Code-set changes (2025 to FY2026)"):
        col1, col2 = st.columns([1, 2])
        system = col1.selectbox("Code system", [CM, PCS], key="changes-system")
        prefix = col2.text_input("Chapter letter, category or body system", key="changes-prefix",
                                 placeholder="e.g. G35, T78, 04 (PCS upper arteries)")
        rows = engine.changes(system, normalize(prefix or ""))
        if not rows:
            st.caption("No code was added, deleted or expanded under that prefix.")
            return
        counts = ", ".join(f"{sum(r.kind == k for r in rows)} {k}" for k in ("added", "deleted", "expanded"))
        st.caption(f"{counts} ({rows[0].old} to {rows[0].new}); the first 200 shown.")
        st.dataframe([{"code": display(r.code, system), "change": r.kind, "title": r.title} for r in rows[:200]],
                     hide_index=True, width="stretch")


def _source_label(name: str, sources: dict[str, dict]) -> str:
    row = sources.get(name) or {}
    if records.is_user_source(row):
        return f"{row.get('title') or name} (your file)"
    return row.get("title") or name
