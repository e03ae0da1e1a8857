"""What ingest/ (the writer) and assistant/ (the reader) share: records, code patterns, settings, words,
the embedding model and the catalog's schema. Imports nothing from either, so data flows one way."""

from core import offline as _offline  # noqa: F401 - network switches before any heavy import
