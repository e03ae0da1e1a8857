"""Exports the embedding model to ONNX once, so questions can be embedded without importing torch.

Importing torch and sentence-transformers costs several seconds on 2 cores; the
exported graph runs under onnxruntime with the model's own tokenizer. By default
its matrix products are then stored as int8, one scale per output column: twice
the passages a second on 2 cores at cosine about 0.99 to the fp32 vectors, and
since questions and passages go through the same file the ranking holds
(docs/decisions.md). ``CODEASK_EMBED_WEIGHTS=fp32`` keeps the exact graph. A home
keeps the weights it was built with: the export is made once, with its vectors.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

from core.embedder import model_path, onnx_dir

WEIGHTS = ("int8", "fp32")


def export(name: str, home: Path, weights: str = "int8") -> Path:
    target = onnx_dir(name, home)
    onnx_file = target / "model.onnx"
    if onnx_file.exists():
        return onnx_file
    import torch
    from transformers import AutoModel, AutoTokenizer

    source = model_path(name)
    model = AutoModel.from_pretrained(source).eval()
    tokenizer = AutoTokenizer.from_pretrained(source)

    class Encoder(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, ids: torch.Tensor, mask: torch.Tensor, types: torch.Tensor) -> torch.Tensor:
            return self.inner(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state

    sample = tokenizer(["a short example", "another example text"], return_tensors="pt", padding=True)
    target.mkdir(parents=True, exist_ok=True)
    tmp = target / "model.onnx.tmp"
    names = ["input_ids", "attention_mask", "token_type_ids"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _export(torch, Encoder(model), sample, tmp, names)
    if weights == "int8":
        tmp = _quantize(tmp)
    config = json.loads((Path(source) / "sentence_bert_config.json").read_text())
    meta = {"model": name, "max_seq_length": config.get("max_seq_length", 256), "weights": weights}
    (target / "meta.json").write_text(json.dumps(meta))
    tmp.rename(onnx_file)
    return onnx_file


def _quantize(fp32: Path) -> Path:
    """int8 weights for the MatMul nodes only, per output channel: the word-embedding table (Gather) and
    whole-tensor scales are what cost accuracy in a plain dynamic quantization (cosine 0.956 to fp32,
    measured), for no extra speed."""
    import logging

    out = fp32.with_name("model.int8.tmp")
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:  # its modules configure the root logger on import and advise pre-processing there: put it back
        root.setLevel(logging.ERROR)
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(fp32), str(out), per_channel=True, weight_type=QuantType.QInt8,
                         op_types_to_quantize=["MatMul"])
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    fp32.unlink()
    return out


def _export(torch, module, sample, tmp: Path, names: list[str]) -> None:  # noqa: ANN001
    torch.onnx.export(
        module, (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]), str(tmp),
        input_names=names, output_names=["last_hidden_state"],
        dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
        opset_version=17, dynamo=False,
    )
