"""The chat: questions in, answers streamed with code cards above them and reviewable citations below."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from assistant.answer import Answer
from assistant.service import Conversation
from assistant.ui import review
from assistant.ui.engine import Engine, stream_call
from assistant.ui.feedback import RATINGS, append_feedback, feedback_record
from assistant.ui.render import answer_chunks, answer_markdown, cards_html, md_escape, question_terms
from core.errors import CodeaskError

log = logging.getLogger("codeask")
PLACEHOLDER = "Ask about a procedure, a diagnosis or a code — e.g. lap chole, is 0FT44ZZ valid?"
LINE_DELAY = 0.01  # seconds between streamed lines: enough to read as streaming, short enough not to wait


@dataclass
class Options:
    system: str | None = None
    mode: str = "default"  # or "llm"
    k: int = 10


@dataclass
class Turn:
    key: str
    question: str
    answer: Answer
    mode: str = "default"
    system: str | None = None
    terms: set[str] = field(default_factory=set)


def init_state() -> None:
    state = st.session_state
    state.setdefault("turns", [])
    state.setdefault("conversation", Conversation())
    state.setdefault("turn_counter", 0)
    state.setdefault("feedback_saved", {})


def clear() -> None:
    st.session_state["turns"] = []
    st.session_state["conversation"] = Conversation()


def render(engine: Engine, options: Options) -> None:
    init_state()
    intro = st.empty()  # a fixed slot, so answers keep their place (and open expanders) across reruns
    if not st.session_state["turns"]:
        intro.caption("Ask in your own words or shorthand. Each suggested code shows the passages behind it; "
                      "follow-ups (\"what if it was open?\") build on the earlier question.")
    # Read first (the box stays pinned at the bottom): an earlier answer's option buttons go once a new turn comes.
    question = st.chat_input(PLACEHOLDER, key="question", max_chars=4000)
    reply = st.session_state.pop("clarify_reply", None)  # an option button of the last answer
    st.session_state["asking"] = bool(question or reply)
    for turn in st.session_state["turns"]:
        with st.chat_message("user"):
            st.markdown(md_escape(turn.question))
        with st.chat_message("assistant"):
            _answer(engine, turn)
    st.session_state["asking"] = False
    if question or reply:
        _ask(engine, question or reply, options)


def _slots() -> tuple[DeltaGenerator, DeltaGenerator, DeltaGenerator]:
    """The same three slots for an answer being streamed and for one redrawn from history:
    a busy indicator, the header (rewritten question, notices, code cards) and the answer text."""
    return st.empty(), st.container(), st.empty()


def _ask(engine: Engine, question: str, options: Options) -> None:
    with st.chat_message("user"):
        st.markdown(md_escape(question))
    with st.chat_message("assistant"):
        st.session_state["turn_counter"] += 1
        key = f"t{st.session_state['turn_counter']}"
        conversation: Conversation = st.session_state["conversation"]
        busy, head, body = _slots()
        try:
            if options.mode == "llm":
                with busy, st.spinner("Asking the LLM…"):
                    tokens, result = stream_call(lambda on_token: engine.ask_llm(
                        question, system=options.system, k=options.k, conversation=conversation,
                        on_token=on_token))
                    with body:
                        st.write_stream(md_escape(t) for t in tokens)
                    answer = result()
                with head:
                    _header(answer, key)
                body.markdown(answer_markdown(answer.answer, key))
            else:
                with busy, st.spinner("Searching the sources…"):
                    answer = engine.ask(question, system=options.system, k=options.k, conversation=conversation)
                with head:
                    _header(answer, key)
                with body:
                    st.write_stream(_lines(answer_chunks(answer.answer, key)))
        except CodeaskError as exc:
            busy.error(str(exc))
            return
        turn = Turn(key, question, answer, options.mode, options.system,
                    question_terms(question, answer.rewritten))
        st.session_state["turns"].append(turn)
        _footer(engine, turn)


def _lines(chunks: list[str]) -> Iterator[str]:
    for chunk in chunks:
        yield chunk
        time.sleep(LINE_DELAY)


def _header(answer: Answer, key: str) -> None:
    """What sits above the answer text: the rewritten question, notices and the code cards."""
    if answer.rewritten:
        st.caption(f"Read as: *{md_escape(answer.rewritten)}*")
    for notice in answer.notices:
        st.warning(notice)
    if answer.suggestions:
        st.markdown(cards_html(answer.suggestions, key), unsafe_allow_html=True)


def _answer(engine: Engine, turn: Turn) -> None:
    _, head, body = _slots()
    with head:
        _header(turn.answer, turn.key)
    body.markdown(answer_markdown(turn.answer.answer, turn.key))
    _footer(engine, turn)


def _footer(engine: Engine, turn: Turn) -> None:
    guard = turn.answer.guard
    if guard and guard.get("corrected"):
        fixed = []
        if guard.get("invented_codes"):
            fixed.append("removed codes that do not exist: " + ", ".join(guard["invented_codes"]))
        if guard.get("unsupported_codes"):
            fixed.append("marked codes no cited passage names: " + ", ".join(guard["unsupported_codes"]))
        if guard.get("dropped_citations"):
            fixed.append("dropped citations to no passage: " + ", ".join(map(str, guard["dropped_citations"])))
        st.caption("Code guard: " + "; ".join(fixed))
    anatomy = {}
    if turn.answer.anatomy and turn.answer.suggestions:
        anatomy[turn.answer.suggestions[0]["code"]] = turn.answer.anatomy
    latest = st.session_state["turns"] and st.session_state["turns"][-1] is turn
    if turn.answer.clarify and latest and not st.session_state.get("asking"):
        _clarify_buttons(turn)
    try:
        review.citations(engine, turn.answer.citations, turn_key=turn.key, terms=turn.terms, anatomy=anatomy)
    except CodeaskError as exc:
        st.error(str(exc))
    _feedback(engine, turn)


def _clarify_buttons(turn: Turn) -> None:
    """The open clarifying question's options as buttons: a click is the next turn (typing the detail or
    the option's number does the same)."""
    clarify = turn.answer.clarify or {}
    st.markdown(f"**{md_escape(clarify['question'])}**")
    columns = st.columns(min(len(clarify["options"]), 4))
    for i, option in enumerate(clarify["options"]):
        columns[i % len(columns)].button(
            option["label"], key=f"clarify-{turn.key}-{i}", help=", ".join(option["codes"][:6]),
            on_click=_choose, args=(option["label"],), width="stretch")


def _choose(label: str) -> None:
    st.session_state["clarify_reply"] = label


def _feedback(engine: Engine, turn: Turn) -> None:
    saved: dict[str, int] = st.session_state["feedback_saved"]
    rating = st.feedback("thumbs", key=f"fb-{turn.key}")
    if rating is None:
        return
    if saved.get(turn.key) == rating:
        st.caption("Feedback saved on this computer only.")
        return
    with st.form(f"fbform-{turn.key}", border=False):
        note = st.text_input("Note (optional)", key=f"fbnote-{turn.key}",
                             placeholder="What was right or wrong? e.g. expected 0FT44ZZ")
        if st.form_submit_button("Save feedback"):
            try:
                append_feedback(engine.settings.feedback_path,
                                feedback_record(turn.answer, rating=rating, note=note or "", mode=turn.mode,
                                                system=turn.system))
            except OSError as exc:
                st.error(f"feedback could not be saved to {engine.settings.feedback_path}: {exc.strerror or exc}")
                return
            saved[turn.key] = rating
            st.success(f"Saved ({RATINGS[rating]}) to {engine.settings.feedback_path.name} on this computer.")
