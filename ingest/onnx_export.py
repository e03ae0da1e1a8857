"""Exports the embedding model to ONNX once, so questions can be embedded without importing torch.

Importing torch and sentence-transformers costs several seconds on 2 cores; the
exported graph runs under onnxruntime with the model's own tokenizer and gives
the same vectors (cosine 1.0 to the torch model, checked in tests).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

from core.embedder import model_path, onnx_dir


def export(name: str, home: Path) -> Path:
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
    config = json.loads((Path(source) / "sentence_bert_config.json").read_text())
    (target / "meta.json").write_text(json.dumps({"model": name, "max_seq_length": config.get("max_seq_length", 256)}))
    tmp.rename(onnx_file)
    return onnx_file


def _export(torch, module, sample, tmp: Path, names: list[str]) -> None:  # noqa: ANN001
    torch.onnx.export(
        module, (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]), str(tmp),
        input_names=names, output_names=["last_hidden_state"],
        dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
        opset_version=17, dynamo=False,
    )
