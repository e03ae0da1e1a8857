"""Domain errors. The CLI and UI turn each into one clear line; nothing else does."""


class CodeaskError(Exception):
    """Base for every error a user may see as a one-line message."""

    exit_code = 1


class BadQuestion(CodeaskError):
    """The question cannot be answered as given (empty, too long, unreadable)."""

    exit_code = 2


class IndexMissing(CodeaskError):
    """No index has been built under the configured home."""

    exit_code = 3


class HomeNotWritable(CodeaskError):
    """The index home cannot be created or written."""

    exit_code = 4


class IngestLocked(CodeaskError):
    """Another ingest holds the write lock on this home."""

    exit_code = 5


class SourceUnreadable(CodeaskError):
    """A user file cannot be turned into passages; the rest of the ingest goes on."""


class StoreUnavailable(CodeaskError):
    """The vector store (embedded or server) cannot be reached or opened."""

    exit_code = 6


class LLMUnavailable(CodeaskError):
    """The configured LLM backend cannot be reached."""

    exit_code = 7
