"""Keeps the Chroma collection in step with the catalog's dense passages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core import chroma_client
from core.config import Settings
from core.embedder import get_document_embedder, start_embedding
from core.passage import Passage
from ingest.catalog import Catalog

EMBED_BATCH = 512


def chroma_metadata(p: Passage) -> dict[str, Any]:
    return {"source": p.source, "kind": p.kind, "system": p.system or "none",
            "codes": " ".join(p.codes), "location": p.location, "title": p.title[:500]}


class VectorWriter:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.collection = chroma_client.collection(settings, create=True)

    def max_batch(self) -> int:
        try:
            return min(EMBED_BATCH, int(chroma_client.client(self.settings).get_max_batch_size()))
        except Exception:
            return EMBED_BATCH

    def reconcile(self, catalog: Catalog) -> None:
        """Repair the catalog's flags when Chroma and the catalog disagree (crash, wiped store)."""
        if self.collection.count() == catalog.embedded_count():
            return
        present: set[str] = set()
        offset, page = 0, 5000
        while True:
            got = self.collection.get(include=[], limit=page, offset=offset)
            present.update(got["ids"])
            if len(got["ids"]) < page:
                break
            offset += page
        dense = catalog.dense_ids()
        embedded = catalog.embedded_ids()
        catalog.mark_embedded([i for i in embedded if i not in present], 0)
        catalog.mark_embedded([i for i in present if i in dense and i not in embedded], 1)
        strays = [i for i in present if i not in dense]
        for start in range(0, len(strays), self.max_batch()):
            self.collection.delete(ids=strays[start:start + self.max_batch()])

    def apply_deletes(self, catalog: Catalog) -> int:
        ids = catalog.pending_deletes()
        step = self.max_batch()
        for start in range(0, len(ids), step):
            chunk = ids[start:start + step]
            self.collection.delete(ids=chunk)
            catalog.clear_deletes(chunk)
        return len(ids)

    def embed_pending(self, catalog: Catalog, progress: Callable[[int], None]) -> int:
        """Embed what the catalog marks pending, a batch at a time; each batch is marked as soon as Chroma holds
        it, so an interrupted run resumes where it stopped. The next batch is embedding while this one is
        written, when the embedder runs in processes of its own."""
        step = self.max_batch()
        embedder = get_document_embedder(self.settings.embed_model, self.settings.home,
                                         passages=catalog.pending_embeddings())
        done = 0
        try:
            batch = catalog.iter_pending(step)
            vectors = start_embedding(embedder, [p.text for p in batch]) if batch else None
            while batch and vectors is not None:
                ready = vectors()
                following = catalog.iter_pending(step, skip=len(batch))
                vectors = start_embedding(embedder, [p.text for p in following]) if following else None
                self.collection.upsert(ids=[p.id for p in batch], embeddings=ready, documents=[p.text for p in batch],
                                       metadatas=[chroma_metadata(p) for p in batch])
                catalog.mark_embedded([p.id for p in batch])
                done += len(batch)
                progress(len(batch))
                batch = following
        finally:
            getattr(embedder, "close", lambda: None)()
        return done
