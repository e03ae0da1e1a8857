"""One way to open Chroma, embedded or server, with telemetry off."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from core.config import Settings
from core.errors import StoreUnavailable


@lru_cache(maxsize=8)
def _client(path: str | None, host: str | None, port: int) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if host:
            client = chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
            client.heartbeat()
            return client
        return chromadb.PersistentClient(path=path, settings=chroma_settings)
    except Exception as exc:  # chroma raises many types; the user needs one line
        where = f"Chroma server at {host}:{port}" if host else f"embedded Chroma at {path}"
        raise StoreUnavailable(f"cannot open {where}: {exc}") from exc


def client(settings: Settings) -> Any:
    if settings.chroma_host:
        return _client(None, settings.chroma_host, settings.chroma_port)
    return _client(str(settings.chroma_path), None, 0)


def collection(settings: Settings, *, create: bool) -> Any | None:
    """The passage collection, or None when it does not exist and ``create`` is false."""
    chroma = client(settings)
    if create:
        return chroma.get_or_create_collection(settings.collection, metadata={"hnsw:space": "cosine"})
    try:
        return chroma.get_collection(settings.collection)
    except Exception:
        return None
