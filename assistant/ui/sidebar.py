"""Sidebar: what to ask with (code system, answer mode, k), index status, clear and export."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.ui import chat
from assistant.ui.engine import llm_available
from assistant.ui.export import conversation_markdown
from assistant.ui.render import md_escape
from core.codes import CM, PCS
from core.config import Settings

ALL = "All code systems"
MODES = {"default": "Grounded (extractive)", "llm": "LLM (guarded)"}


def options(settings: Settings, status: dict[str, Any] | None) -> chat.Options:
    """The choices the chat and Browse need before they run: code system, answer mode, k."""
    chat.init_state()
    with st.sidebar:
        st.markdown("## codeask")
        st.caption("Suggested codes with the passages behind them. Offline; nothing leaves this computer.")
        systems = sorted((status or {}).get("systems", {}).keys() - {"none", "other"}) or [PCS, CM]
        choice = st.selectbox("Code system", [ALL, *systems], key="system",
                              help="Only suggest codes of this system.")
        mode = "default"
        if llm_available(settings):
            mode = st.radio("Answer mode", list(MODES), format_func=MODES.get, key="mode",
                            help="The LLM words the answer; codes and citations still come from retrieval.")
        else:
            st.caption("Answer mode: grounded (no LLM configured).")
        k = st.slider("Codes to consider (k)", 1, 30, 10, key="k",
                      help="How many ranked codes and passages the answer draws on.")
    return chat.Options(system=None if choice == ALL else choice, mode=mode, k=int(k))


def actions(settings: Settings, status: dict[str, Any] | None) -> None:
    """Drawn after the page, so clear and export see the answer this run added."""
    with st.sidebar:
        col1, col2 = st.columns(2)
        col1.button("Clear chat", on_click=chat.clear, key="clear", disabled=not st.session_state["turns"],
                    width="stretch")
        col2.download_button("Export", data=conversation_markdown(st.session_state["turns"]),
                             file_name="codeask-conversation.md", mime="text/markdown", key="export",
                             on_click="ignore", disabled=not st.session_state["turns"],
                             help="The conversation with its citations, as Markdown.",
                             width="stretch")
        _status(settings, status)


def _status(settings: Settings, status: dict[str, Any] | None) -> None:
    with st.expander("Index status", expanded=False):
        if status is None:
            st.caption(f"No index under {md_escape(str(settings.home))} yet.")
            return
        store = status["store"]
        lines = [f"**{store['passages']:,}** passages, {store['dense_passages']:,} embedded "
                 f"({md_escape(str(status['embedding_model']))}); store {md_escape(str(store['mode']))}"]
        for system, info in sorted(status["systems"].items()):
            if not info.get("codes"):
                continue
            version = f" — {md_escape(info['version'])}" if info.get("version") else ""
            lines.append(f"- **{md_escape(system)}**: {info['codes']:,} codes{version}")
        users = [s for s in status["sources"] if s.get("version") == "user file"]
        builtin = [s for s in status["sources"] if s.get("version") != "user file"]
        lines.append(f"\n{len(builtin)} built-in source(s), {len(users)} of your file(s):")
        lines += [f"- {md_escape(s['title'] or s['name'])} ({s['passages']:,})" for s in status["sources"]]
        lines.append(f"\nHome: `{settings.home}`")
        st.markdown("\n".join(lines))
