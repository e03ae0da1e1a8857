"""The app's one seam to the assistant: an Assistant shared by every browser session, behind a lock.

Streamlit runs each session's script in its own thread; the store's SQLite
connection and the BM25 index are shared, so calls that touch them take turns.
"""

from __future__ import annotations

import importlib.util
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

from assistant.answer import Answer
from assistant.reference import Change, Reference
from assistant.retrieve import Retrieval
from assistant.service import Assistant, Conversation, chosen_option
from assistant.ui import records
from core import lexical_meta as lexical
from core.config import Settings
from core.errors import BadQuestion, IndexMissing
from core.passage import Passage


def index_generation(settings: Settings) -> int:
    """Changes whenever an ingest rebuilds the lexical index: the cache key of a loaded Engine."""
    if not settings.catalog_path.exists():
        raise IndexMissing(f"no index under {settings.home} yet")
    return lexical.built_generation(settings.lexical_path)


def llm_available(settings: Settings) -> bool:
    """An LLM is configured and the LLM answer module is installed."""
    if not settings.llm_base_url:
        return False
    try:
        return importlib.util.find_spec("assistant.llm_answer") is not None
    except (ImportError, ValueError):
        return False


class Engine:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.bot = Assistant(settings)
        self.lock = threading.RLock()

    @property
    def store(self) -> Any:
        return self.bot.store

    def ask(self, question: str, *, system: str | None, k: int, conversation: Conversation) -> Answer:
        with self.lock:
            return self.bot.ask(question, system=system, k=k, conversation=conversation)

    def ask_choosing(self, question: str, choices: list[str], *, system: str | None, k: int) -> Answer:
        """A question and the replies to its clarifying questions, in turn (for stateless callers: HTTP, MCP).
        A reply that chooses no option is an error naming the options, not a new question."""
        conversation = Conversation()
        answer = self.ask(question, system=system, k=k, conversation=conversation)
        for choice in choices:
            if chosen_option(conversation.pending, choice) is None:
                offered = (", ".join(o.label for o in conversation.pending.clarify.options)
                           if conversation.pending else "none (no clarifying question is open)")
                raise BadQuestion(f"choice {choice[:80]!r} matches no option; the options are: {offered}")
            answer = self.ask(choice, system=system, k=k, conversation=conversation)
        return answer

    def ask_llm(self, question: str, *, system: str | None, k: int, conversation: Conversation,
                on_token: Callable[[str], None]) -> Answer:
        from assistant.llm_answer import ask_with_llm

        with self.lock:
            return ask_with_llm(self.bot, question, system=system, k=k, conversation=conversation,
                                on_token=on_token)

    def retrieve(self, question: str, *, system: str | None, k: int = 10, kinds: tuple[str, ...] = (),
                 sources: tuple[str, ...] = ()) -> Retrieval:
        with self.lock:
            return self.bot.retrieve(question, system=system, k=k, kinds=kinds, sources=sources)

    def sources(self) -> dict[str, dict[str, Any]]:
        with self.lock:
            return {s["name"]: s for s in self.store.sources()}

    def systems(self) -> list[str]:
        with self.lock:
            return sorted(self.store.systems())

    def changes(self, system: str, prefix: str) -> list[Change]:
        with self.lock:
            return Reference(self.store.db).changes(system, prefix)

    def passage(self, passage_id: str) -> Passage | None:
        with self.lock:
            return self.store.passages([passage_id]).get(passage_id)

    def record(self, passage: Passage, *, anatomy: dict[str, list[dict[str, Any]]] | None = None
               ) -> records.Record:
        with self.lock:
            source = {s["name"]: s for s in self.store.sources()}.get(passage.source)
            return records.record_for(self.store, passage, source=source, anatomy=anatomy)


def stream_call(fn: Callable[[Callable[[str], None]], Answer], *, timeout: float = 300.0
                ) -> tuple[Iterator[str], Callable[[], Answer]]:
    """Run ``fn(on_token)`` in a worker thread; iterate its tokens here, then collect its answer.

    Streamlit elements may only be drawn from the script thread, so the worker
    only queues text. ``result()`` re-raises the worker's error, if any.
    """
    tokens: queue.Queue[str | None] = queue.Queue()
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["answer"] = fn(tokens.put)
        except BaseException as exc:  # noqa: BLE001 - handed to the script thread
            box["error"] = exc
        finally:
            tokens.put(None)

    worker = threading.Thread(target=work, name="codeask-llm", daemon=True)
    worker.start()

    def stream() -> Iterator[str]:
        while True:
            try:
                item = tokens.get(timeout=timeout)
            except queue.Empty:
                return
            if item is None:
                return
            yield item

    def result() -> Answer:
        worker.join(timeout=timeout)
        if "error" in box:
            raise box["error"]
        if "answer" not in box:
            from core.errors import LLMUnavailable

            raise LLMUnavailable(f"the LLM gave no answer within {timeout:.0f} s")
        return box["answer"]

    return stream(), result
