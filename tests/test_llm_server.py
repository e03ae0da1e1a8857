"""ask_with_llm against a real local OpenAI-compatible server: xllamacpp serving SmolLM2-135M.

Mechanics only (the model is tiny and often wrong): tokens stream in several
chunks, the final answer cites only passages it was given, invented codes are
caught, and suggestions are exactly the default mode's.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import pytest

from assistant.guard import Guard, is_code_like, removed_marker
from assistant.llm import make_chat_model
from assistant.llm_answer import MAX_PASSAGES, ask_with_llm

QUESTIONS = ("laparoscopic cholecystectomy", "acute appendicitis with perforation")




class Recording:
    """Passes calls to a chat model and keeps the raw streamed chunks."""

    def __init__(self, model: Any, inject: str = "") -> None:
        self.model = model
        self.inject = inject
        self.chunks: list[str] = []

    def invoke(self, *args: Any, **kwargs: Any) -> Any:
        return self.model.invoke(*args, **kwargs)

    def stream(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        if self.inject:
            from langchain_core.messages import AIMessageChunk

            self.chunks.append(self.inject)
            yield AIMessageChunk(content=self.inject)
        for chunk in self.model.stream(*args, **kwargs):
            self.chunks.append(chunk.content)
            yield chunk

    @property
    def raw(self) -> str:
        return "".join(self.chunks)


@pytest.fixture(scope="module")
def llm_bot(assistant, llm_url: str):  # noqa: ANN201
    """The session assistant, pointed at the local server (settings restored afterwards)."""
    saved = assistant.settings
    assistant.settings = dataclasses.replace(saved, llm_base_url=llm_url, llm_model=None)
    yield assistant
    assistant.settings = saved


@pytest.fixture(scope="module")
def runs(llm_bot) -> list[dict[str, Any]]:
    model = make_chat_model(llm_bot.settings, max_tokens=64, timeout=120)
    out = []
    for question in QUESTIONS:
        recorder = Recording(model)
        pieces: list[str] = []
        answer = ask_with_llm(llm_bot, question, model=recorder, on_token=pieces.append)
        out.append({"question": question, "answer": answer, "pieces": pieces, "raw": recorder.raw,
                    "chunks": recorder.chunks, "default": llm_bot.ask(question)})
    return out


def test_tokens_stream_in_several_chunks(runs) -> None:
    for run in runs:
        assert len(run["chunks"]) >= 5, run["raw"]
        assert len(run["pieces"]) >= 2, run["raw"]
        assert "".join(run["pieces"]).strip() == run["answer"].answer


def test_suggestions_are_the_default_modes(runs) -> None:
    for run in runs:
        assert run["answer"].found and run["default"].found
        assert run["answer"].suggestions == run["default"].suggestions
        assert run["answer"].citations == run["default"].citations


def test_citation_markers_point_at_passages_given(runs) -> None:
    for run in runs:
        shown = {c.n for c in run["answer"].citations[:MAX_PASSAGES]}
        for marker in re.findall(r"\[([\d,; ]+)\]", run["answer"].answer):
            numbers = {int(n) for n in re.findall(r"\d+", marker)}
            assert numbers <= shown, (marker, run["answer"].answer)


def test_no_unchecked_invented_code_survives(runs, llm_bot) -> None:
    store = llm_bot.store
    cpt = "CPT" in store.systems()
    for run in runs:
        guarded = run["answer"].answer
        bare = re.sub(r"\[removed: [^\]]*\]", " ", guarded)
        for token in re.findall(r"[A-Z0-9]{3,7}(?:\.[A-Z0-9]{1,4})?", bare):
            if len(token.replace(".", "")) >= 4 and is_code_like(token, cpt_loaded=cpt):
                assert store.code(token.replace(".", "")), (token, guarded)
        # what the guard reports as invented is exactly what it found in the raw text
        again = Guard(citations=run["answer"].citations[:MAX_PASSAGES], store=store, allowed_codes=[])
        again.check(run["raw"])
        assert set(run["answer"].guard["invented_codes"]) == set(again.invented)


def test_invented_code_in_a_real_stream_is_caught(llm_bot) -> None:
    model = make_chat_model(llm_bot.settings, max_tokens=32, timeout=120)
    recorder = Recording(model, inject="Also code 0XY12AB [42] ")
    pieces: list[str] = []
    answer = ask_with_llm(llm_bot, QUESTIONS[0], model=recorder, on_token=pieces.append)
    assert recorder.raw.startswith("Also code 0XY12AB [42]")
    assert answer.answer.startswith(f"Also code {removed_marker('0XY12AB')}")
    assert "0XY12AB" in answer.guard["invented_codes"]
    assert 42 in answer.guard["dropped_citations"]
    assert answer.guard["corrected"] is True
    assert "0XY12AB [" not in "".join(pieces)


def test_configured_model_name_is_read_from_the_server(llm_bot) -> None:
    model = make_chat_model(llm_bot.settings)  # no CODEASK_LLM_MODEL: the server's one model
    assert isinstance(model.model_name, str) and model.model_name
