"""The one object the CLI and the UI talk to: loads models and the store once, answers questions."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from assistant.answer import Answer, attach_clarify, compose
from assistant.clarify import Clarify, Option, ask_for
from assistant.conversation import rewrite
from assistant.query import analyse
from assistant.retrieve import Filters, Retrieval, Retriever, Suggestion
from assistant.store import Store
from assistant.table_answers import NO_GROUPING, answer_from_tables, asks_grouping
from assistant.validate import clean_question
from core.codes import canonical_system
from core.config import Settings
from core.embedder import get_query_embedder

log = logging.getLogger("codeask")


@dataclass
class Pending:
    """A clarifying question left open: the standalone question it was about, and its options."""

    question: str
    clarify: Clarify


@dataclass
class Conversation:
    """Earlier standalone questions, oldest first, and the clarifying question awaiting a reply."""

    turns: list[str] = field(default_factory=list)
    pending: Pending | None = None


def chosen_option(pending: Pending | None, reply: str) -> Option | None:
    """The option of the open clarifying question that ``reply`` chooses, if it chooses one."""
    if pending is None:
        return None
    return pending.clarify.pick(reply, analyse(f"{pending.question} {reply}"))


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
        pending = conversation.pending if conversation else None
        option = chosen_option(pending, text)
        if pending is not None and option is not None:
            # A reply to the clarifying question: the earlier question with the detail, within the option's codes.
            detail = text if not text.strip().isdigit() else option.label
            return self.grounded(text, f"{pending.question} {detail}", system=system, k=k,
                                 conversation=conversation, within=option.codes)
        standalone = rewrite(text, conversation.turns) if conversation else text
        return self.grounded(text, standalone, system=system, k=k, conversation=conversation)

    def grounded(self, text: str, standalone: str, *, system: str | None = None, k: int = 10,
                 conversation: Conversation | None = None, within: list[str] | None = None) -> Answer:
        """The extractive answer to ``standalone`` (``text`` as the user typed it); records the turn.
        ``within``: the codes a chosen clarifying option left in play; the answer keeps to them."""
        if self.settings.log_questions:
            log.info("question: %s", standalone)
        answer = answer_from_tables(self.store, clean_question(standalone), k) if within is None else None
        pending = None
        if answer is None:
            result = self.retrieve(standalone, system=system, k=k)
            if within is not None:
                result.suggestions = keep_within(self.store, result.suggestions, within, k)
                result.found = bool(result.suggestions)
            answer = compose(self.store, result, rewritten=standalone if standalone != text else None)
            if asks_grouping(standalone):
                answer.notices.append(NO_GROUPING)
            top = result.suggestions[0] if result.found and result.suggestions else None
            if top is not None and top.valid and top.origin == "code set":
                clarify = result.clarify if within is None and result.clarify is not None else \
                    ask_for(self.store, result.query, top.code, top.system, within)
                if clarify is not None:
                    attach_clarify(self.store, answer, clarify)
                    pending = Pending(standalone, clarify)
        answer.question = text
        if conversation is not None:
            conversation.turns.append(standalone)
            conversation.pending = pending
        return answer


def keep_within(store: Store, ranked: list[Suggestion], within: list[str], k: int) -> list[Suggestion]:
    """The suggestions narrowed to a chosen option's codes: those retrieval ranked, in its order, then the
    option's other codes in the option's order (most like the earlier top code first)."""
    allowed = set(within)
    kept = [s for s in ranked if s.code in allowed and s.origin == "code set"]
    seen = {s.code for s in kept}
    for code in within:
        if len(kept) >= k:
            break
        if code in seen:
            continue
        for info in store.code(code)[:1]:
            kept.append(Suggestion(info.code, info.system, info.title, True, info.billable, 0.0, axes=info.axes))
    return kept[:k]
