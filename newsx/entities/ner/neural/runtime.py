"""Run the neural tagger with onnxruntime (no torch at run time).

Sentences are grouped by length, so a batch has no padding (a BiLSTM run over
padding would also change the backward states), and each group goes through
the network in one call; the CRF is decoded in numpy (``crf.py``). One
onnxruntime thread by default: newsx parallelises over documents (``--jobs``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np

from newsx.resources import DATA_DIR
from newsx.entities.ner.corpora import tags_to_spans
from newsx.entities.ner.neural.crf import marginals, viterbi
from newsx.entities.ner.neural.encode import Encoder
from newsx.entities.ner.neural.export import META_FILE, ONNX_FILE, VECTORS_FILE

NEURAL_DIR = DATA_DIR / "ner" / "neural"
MAX_BATCH = 64  # sentences per onnxruntime call
Spans = list[tuple[int, int, str, float]]


class NeuralModelError(RuntimeError):
    """The neural model directory is missing a file or holds a broken one."""


def _session(path: Path, threads: int):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    try:
        return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own Fail/InvalidProtobuf types
        raise NeuralModelError(f"neural NER model {path} cannot be loaded ({type(exc).__name__}): "
                               "reinstall newsx or rebuild it with `newsx train --task neural`") from None


class NeuralModel:
    """A model directory written by ``export``: ``tagger.onnx``, ``neural.json``, ``vectors.npz``."""

    def __init__(self, model_dir: Path = NEURAL_DIR, gazetteer_tags: Callable | None = None, threads: int = 1) -> None:
        model_dir = Path(model_dir)
        for name in (ONNX_FILE, META_FILE, VECTORS_FILE):
            if not (model_dir / name).is_file():
                raise NeuralModelError(f"neural NER model file {model_dir / name} is missing: reinstall newsx "
                                       "or rebuild it with `newsx train --task neural`")
        try:
            meta = json.loads((model_dir / META_FILE).read_text(encoding="utf-8"))
            self.labels: list[str] = meta["labels"]
            self.domains: list[str] = meta["domains"]
            self.trans, self.start, self.end = (np.asarray(meta["crf"][k], np.float32) for k in ("trans", "start", "end"))
            if meta["gaz_tags"] and gazetteer_tags is None:
                from newsx.entities.gazetteer import Gazetteer

                gazetteer_tags = Gazetteer.default().bio_tags
            self.encoder = Encoder.from_files(model_dir / VECTORS_FILE, meta, gazetteer_tags)
        except (ValueError, KeyError, OSError, EOFError) as exc:
            raise NeuralModelError(f"neural NER model in {model_dir} is corrupt ({type(exc).__name__}: {exc}): "
                                   "reinstall newsx or rebuild it with `newsx train --task neural`") from None
        self.meta = meta
        self.session = _session(model_dir / ONNX_FILE, threads)
        # a model trained without vectors (the ablation) has no ``vectors`` input
        self.inputs = frozenset(i.name for i in self.session.get_inputs())

    def _domain(self, domain: str) -> int:
        return self.domains.index(domain) if domain in self.domains else 0

    def tag_batch(self, sentences: list[list[str]], domain: str = "news") -> list[tuple[list[str], Spans]]:
        """Tags and mentions (start, end, type, mean marginal of their labels) per sentence."""
        out: list[tuple[list[str], Spans]] = [([], []) for _ in sentences]
        by_len: dict[int, list[int]] = defaultdict(list)
        for i, toks in enumerate(sentences):
            if toks:
                by_len[len(toks)].append(i)
        d = self._domain(domain)
        for idx_all in by_len.values():
            for k in range(0, len(idx_all), MAX_BATCH):
                idx = idx_all[k : k + MAX_BATCH]
                arrays = self.encoder.batch([self.encoder.sentence(sentences[i]) for i in idx])
                arrays["domain"] = np.full(len(idx), d, np.int64)
                feed = {k: v for k, v in arrays.items() if k in self.inputs}
                emis = self.session.run(None, feed)[0]
                best = viterbi(emis, self.trans, self.start, self.end)
                marg = marginals(emis, self.trans, self.start, self.end)
                for j, i in enumerate(idx):
                    tags = [self.labels[x] for x in best[j]]
                    p = marg[j, np.arange(len(tags)), best[j]]
                    out[i] = (tags, [(s, e, t, float(p[s:e].mean())) for s, e, t in tags_to_spans(tags)])
        return out

    def tag(self, tokens: list[str], domain: str = "news") -> list[str]:
        """IOB2 tags for one sentence."""
        return self.tag_batch([tokens], domain)[0][0]

    def tag_with_scores(self, tokens: list[str], domain: str = "news") -> tuple[list[str], Spans]:
        """Tags plus mentions with scores, as ``NerModel.tag_with_scores``."""
        return self.tag_batch([tokens], domain)[0]


@lru_cache(maxsize=1)
def default_neural_model() -> NeuralModel:
    """The shipped neural model, loaded once."""
    return NeuralModel(NEURAL_DIR)
