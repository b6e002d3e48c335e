"""Write a trained tagger as the run-time model directory (training-time only):

- ``tagger.onnx``: the network (emission scores), exported with torch's
  TorchScript-based exporter, optionally int8-quantised (dynamic quantisation
  of the LSTM and linear weights by onnxruntime);
- ``neural.json``: labels, domains, character and gazetteer-tag inventories,
  the CRF's transition/start/end scores, training facts;
- ``vectors.npz``: the pruned int8 word vectors (copied from the embeddings step).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import warnings
from pathlib import Path

ONNX_FILE = "tagger.onnx"
META_FILE = "neural.json"
VECTORS_FILE = "vectors.npz"
INPUTS = ("vectors", "chars", "gaz", "domain")


def export(model, meta: dict, vectors: Path, out_dir: Path, quantise: bool = False) -> Path:
    """Write ``out_dir`` (see the module docstring); returns it."""
    import torch

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.eval()
    b, t, c = 2, 5, 4
    dummy = (torch.zeros(b, t, meta["sizes"]["vector_dim"]), torch.ones(b, t, c, dtype=torch.long),
             torch.ones(b, t, dtype=torch.long), torch.zeros(b, dtype=torch.long))
    axes = {"vectors": {0: "b", 1: "t"}, "chars": {0: "b", 1: "t", 2: "c"}, "gaz": {0: "b", 1: "t"},
            "domain": {0: "b"}, "emissions": {0: "b", 1: "t"}}
    target = out_dir / ONNX_FILE
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.onnx"
        with warnings.catch_warnings():  # tracer notes on LSTM shapes; every batch size is tested
            warnings.simplefilter("ignore")
            torch.onnx.export(model, dummy, str(raw), input_names=list(INPUTS), output_names=["emissions"],
                              dynamic_axes=axes, opset_version=17, dynamo=False)
        if quantise:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantize_dynamic(str(raw), str(target), weight_type=QuantType.QInt8)
        else:
            shutil.copyfile(raw, target)
    crf = {k: getattr(model, k).detach().numpy().tolist() for k in ("trans", "start", "end")}
    (out_dir / META_FILE).write_text(
        json.dumps({**meta, "crf": crf, "quantised": quantise}, ensure_ascii=False), encoding="utf-8")
    if Path(vectors).resolve() != (out_dir / VECTORS_FILE).resolve():
        shutil.copyfile(vectors, out_dir / VECTORS_FILE)
    return out_dir
