"""The one object the CLI and the UI talk to: loads models and the store once, answers questions."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from assistant.answer import Answer, compose
from assistant.conversation import rewrite
from assistant.retrieve import Filters, Retrieval, Retriever
from assistant.store import Store
from assistant.validate import clean_question
from core.codes import canonical_system
from core.config import Settings
from core.embedder import get_query_embedder

log = logging.getLogger("codeask")


@dataclass
class Conversation:
    """Earlier standalone questions, oldest first."""

    turns: list[str] = field(default_factory=list)


class Assistant:
    def __init__(self, settings: Settings | None = None, *, kinds: tuple[str, ...] = (),
                 sources: tuple[str, ...] = ()) -> None:
        self.settings = settings or Settings()
        self.kinds, self.sources = kinds, sources
        self.store = Store(self.settings)
        self.embedder = get_query_embedder(self.settings.embed_model, self.settings.home)
        self.retriever = Retriever(self.store, self.embedder)

    def retrieve(self, question: str, *, system: str | None = None, k: int = 10,
                 kinds: tuple[str, ...] = (), sources: tuple[str, ...] = ()) -> Retrieval:
        filters = Filters(system=canonical_system(system), kinds=kinds or self.kinds, sources=sources or self.sources)
        return self.retriever.search(clean_question(question), filters=filters, k=k)

    def ask(self, question: str, *, system: str | None = None, k: int = 10,
            conversation: Conversation | None = None) -> Answer:
        text = clean_question(question)
        standalone = rewrite(text, conversation.turns) if conversation else text
        return self.grounded(text, standalone, system=system, k=k, conversation=conversation)

    def grounded(self, text: str, standalone: str, *, system: str | None = None, k: int = 10,
                 conversation: Conversation | None = None) -> Answer:
        """The extractive answer to ``standalone`` (``text`` as the user typed it); records the turn."""
        if self.settings.log_questions:
            log.info("question: %s", standalone)
        result = self.retrieve(standalone, system=system, k=k)
        answer = compose(self.store, result, rewritten=standalone if standalone != text else None)
        answer.question = text
        if conversation is not None:
            conversation.turns.append(standalone)
        return answer
