"""camel-tools NER backend: a BERT token classifier (a CAMeLBERT NER checkpoint,
or any transformers ``BertForTokenClassification``) from a local folder.

The model is loaded with camel-tools' own ``NERecognizer`` so a folder that works
with camel-tools works here, then tagged with our own batched forward pass over
the newsx tokens, which gives probabilities (``predict`` returns labels only)
and guards two traps of ``predict``:

* a tokenizer saved with lower-casing also strips accents, and for Arabic the
  hamza is an "accent" after NFD: الأمم falls apart into letter pieces. When the
  vocabulary holds hamza letters the model was trained on them, so the
  normaliser is rebuilt without accent stripping;
* a word with no word pieces (a lone U+200F) is silently dropped by ``predict``
  and every later label shifts one word left. Here labels are placed through the
  tokenizer's word ids, so such a word is simply O.

``import camel_tools.ner`` downloads a catalogue at import time when the data
folder has none, which fails offline. If the user has no catalogue, camel-tools
is pointed at a newsx-owned folder holding an empty catalogue for the import.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from newsx.entities.backends import BackendError, BackendStatus, first_line, require_package
from newsx.entities.backends.tags import TYPE_MAP, sentence_entities
from newsx.lang.ar.letters import HAMZA_LETTERS, HAMZA_PROBE
from newsx.text.document import Document, Entity

NAME = "camel"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin", "model.safetensors.index.json", "pytorch_model.bin.index.json")
DEFAULT_NER_DATASET = "ner/arabert"  # camel-tools 1.6 catalogue: NamedEntityRecognition -> arabert
HOW = (
    "put a camel-tools/transformers BERT token-classification model there (config.json, vocab.txt and "
    "model.safetensors or pytorch_model.bin, e.g. a CAMeLBERT NER checkpoint) and pass --model DIR, "
    "or set CAMELTOOLS_DATA to a camel-tools data folder holding data/" + DEFAULT_NER_DATASET
)
MAX_PIECES = 256  # per segment, as camel-tools' predict; longer sentences are cut at word boundaries
BATCH_SIZE = 32


def user_data_dir() -> Path:
    """The camel-tools data folder the user has: CAMELTOOLS_DATA, else ~/.camel_tools."""
    env = os.environ.get("CAMELTOOLS_DATA")
    return Path(env).expanduser() if env else Path.home() / ".camel_tools"


def _catalogue_ner_path(data: Path) -> str:
    """Relative path of the default NER model in a camel-tools catalogue, read as
    plain JSON so locating a model never imports camel-tools."""
    try:
        cat = json.loads((data / "catalogue.json").read_text(encoding="utf-8"))
        ner = cat["components"]["NamedEntityRecognition"]
        return str(ner["datasets"][ner["default"]]["path"])
    except (OSError, ValueError, KeyError, TypeError):
        return DEFAULT_NER_DATASET


def locate(model_dir: Path | str | None) -> tuple[Path, str]:
    """The model folder and where that choice came from (for messages)."""
    if model_dir is not None:
        return Path(model_dir).expanduser(), "--model"
    data = user_data_dir()
    origin = "CAMELTOOLS_DATA" if os.environ.get("CAMELTOOLS_DATA") else "the camel-tools default data folder"
    return data / "data" / _catalogue_ner_path(data), origin


def check(path: Path, origin: str) -> dict[str, Any]:
    """Raise BackendError unless ``path`` looks like a usable model; return its config."""
    where = f"in {path} ({origin})"
    if not path.is_dir() or not any(path.iterdir()):
        raise BackendError(NAME, "missing", f"no NER model found {where}; {HOW}", path)
    absent = [] if (path / "config.json").is_file() else ["config.json"]
    if not any((path / n).is_file() for n in ("vocab.txt", "tokenizer.json")):
        absent.append("vocab.txt")
    if not any((path / n).is_file() for n in WEIGHT_FILES):
        absent.append("model.safetensors or pytorch_model.bin")
    if absent:
        raise BackendError(NAME, "broken", f"incomplete model {where}: {', '.join(absent)} missing; {HOW}", path)
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackendError(NAME, "broken", f"unreadable config.json {where} ({first_line(exc)}); {HOW}", path) from None
    if config.get("model_type") != "bert":
        raise BackendError(
            NAME, "broken", f"model {where} is '{config.get('model_type')}', camel-tools loads BERT only; {HOW}", path
        )
    labels = [str(v) for v in (config.get("id2label") or {}).values()]
    if not any(lab.partition("-")[2].upper() in TYPE_MAP for lab in labels):
        raise BackendError(NAME, "broken", f"model {where} has no entity labels (id2label: {labels}); {HOW}", path)
    return config


def status(model_dir: Path | str | None = None) -> BackendStatus:
    """Ready / missing / broken, from the files alone (no model is loaded)."""
    path, origin = locate(model_dir)
    try:
        require_package(NAME, "camel_tools", "camel-tools")
        require_package(NAME, "transformers", "transformers")
        config = check(path, origin)
    except BackendError as exc:
        return exc.status()
    labels = sorted({str(v) for v in config.get("id2label", {}).values()})
    return BackendStatus(NAME, "ready", f"BERT token classifier, labels {' '.join(labels)}", str(path))


def _newsx_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsx"


def _stub_data_dir() -> Path:
    """A camel-tools data folder holding an empty catalogue, so the import finds
    one and does not download; in the user cache, else the temp folder."""
    stub = {"version": "newsx-stub", "packages": {}, "components": {}}
    for base in (_newsx_cache(), Path(tempfile.gettempdir()) / "newsx"):
        folder = base / "camel_tools_data"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "catalogue.json").write_text(json.dumps(stub), encoding="utf-8")
            return folder
        except OSError:
            continue
    raise BackendError(NAME, "broken", "cannot write a camel-tools catalogue stub in ~/.cache/newsx or the temp folder")


def import_ner_recognizer() -> type:
    """``camel_tools.ner.NERecognizer``, imported without any download."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    previous = os.environ.get("CAMELTOOLS_DATA")
    data = user_data_dir()
    stubbed = "camel_tools.data" not in sys.modules and not (data / "catalogue.json").is_file()
    if stubbed:
        os.environ["CAMELTOOLS_DATA"] = str(_stub_data_dir())
    try:
        from camel_tools.ner import NERecognizer
    except Exception as exc:  # DownloaderError, CatalogueError, bad JSON: all mean "no usable catalogue"
        raise BackendError(
            NAME,
            "broken",
            f"camel-tools could not load its catalogue {data / 'catalogue.json'} ({first_line(exc)}); "
            "fix or remove that file, or unset CAMELTOOLS_DATA (newsx then uses a stub and never downloads)",
            data,
        ) from None
    finally:
        if stubbed:
            if previous is None:
                os.environ.pop("CAMELTOOLS_DATA", None)
            else:
                os.environ["CAMELTOOLS_DATA"] = previous
    return NERecognizer


def guard_hamza(tokenizer: Any) -> bool:
    """Stop a lower-casing tokenizer from stripping hamza when the vocabulary has
    hamza letters (the model saw them in training). True if it was changed."""
    from tokenizers import normalizers

    backend = tokenizer.backend_tokenizer
    if backend.normalizer is None or backend.normalizer.normalize_str(HAMZA_PROBE) == HAMZA_PROBE:
        return False
    vocab = tokenizer.get_vocab()
    if not any(ch in vocab for ch in HAMZA_LETTERS):
        return False
    backend.normalizer = normalizers.BertNormalizer(
        clean_text=True,
        handle_chinese_chars=bool(getattr(tokenizer, "tokenize_chinese_chars", True)),
        strip_accents=False,
        lowercase=bool(getattr(tokenizer, "do_lower_case", True)),
    )
    return True


class CamelRecogniser:
    """newsx recogniser over a camel-tools BERT NER model in a local folder."""

    name = NAME

    def __init__(self, model_dir: Path | None = None) -> None:
        require_package(NAME, "camel_tools", "camel-tools")
        require_package(NAME, "transformers", "transformers")
        self.path, origin = locate(model_dir)
        check(self.path, origin)
        ner_recognizer = import_ner_recognizer()
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # a loading bar per run is noise on a command line
        try:
            loaded = ner_recognizer(str(self.path), use_gpu=False)
        except Exception as exc:
            raise BackendError(
                NAME, "broken", f"could not load the model in {self.path} ({first_line(exc)}); {HOW}", self.path
            ) from None
        self.model = loaded.model.eval()
        self.tokenizer = loaded.tokenizer
        self.hamza_guarded = guard_hamza(self.tokenizer)
        self.id2label = {int(k): str(v) for k, v in self.model.config.id2label.items()}
        limit = min(MAX_PIECES, int(getattr(self.model.config, "max_position_embeddings", MAX_PIECES)))
        self.max_pieces = limit - 2

    def _segments(self, sentences: list[list[str]]) -> list[tuple[int, list[int], list[tuple[int, int]]]]:
        """(sentence, piece ids, [(word, piece position)]) chunks of at most
        ``max_pieces`` pieces, cut between words; words without pieces are absent."""
        enc = self.tokenizer(sentences, is_split_into_words=True, add_special_tokens=False)
        segments = []
        for s, ids in enumerate(enc["input_ids"]):
            words: dict[int, list[int]] = {}
            for piece, w in zip(ids, enc.word_ids(s)):
                if w is not None:
                    words.setdefault(w, []).append(piece)
            pieces: list[int] = []
            firsts: list[tuple[int, int]] = []
            for w, word_pieces in words.items():
                word_pieces = word_pieces[: self.max_pieces]
                if pieces and len(pieces) + len(word_pieces) > self.max_pieces:
                    segments.append((s, pieces, firsts))
                    pieces, firsts = [], []
                firsts.append((w, len(pieces) + 1))  # +1 for [CLS]
                pieces.extend(word_pieces)
            if pieces:
                segments.append((s, pieces, firsts))
        return segments

    def tag(self, sentences: list[list[str]]) -> list[tuple[list[str], list[float]]]:
        """(label, probability) per word of each sentence."""
        import torch

        out = [(["O"] * len(words), [1.0] * len(words)) for words in sentences]
        kept = [s for s, words in enumerate(sentences) if words]
        segments = [(kept[s], p, f) for s, p, f in self._segments([sentences[s] for s in kept])] if kept else []
        order = sorted(range(len(segments)), key=lambda i: len(segments[i][1]))
        cls, sep, pad = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id, self.tokenizer.pad_token_id or 0
        with torch.inference_mode():
            for b in range(0, len(order), BATCH_SIZE):
                batch = [segments[i] for i in order[b : b + BATCH_SIZE]]
                width = max(len(p) for _, p, _ in batch) + 2
                ids = torch.full((len(batch), width), pad, dtype=torch.long)
                mask = torch.zeros((len(batch), width), dtype=torch.long)
                for r, (_, pieces, _) in enumerate(batch):
                    ids[r, : len(pieces) + 2] = torch.tensor([cls, *pieces, sep])
                    mask[r, : len(pieces) + 2] = 1
                logits = self.model(input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)).logits
                probs, best = logits.softmax(-1).max(-1)
                for r, (s, _, firsts) in enumerate(batch):
                    labels, scores = out[s]
                    for w, pos in firsts:
                        labels[w] = self.id2label[int(best[r, pos])]
                        scores[w] = float(probs[r, pos])
        return out

    def __call__(self, doc: Document) -> list[Entity]:
        sentences = [doc.token_texts(s.token_start, s.token_end) for s in doc.sentences]
        entities: list[Entity] = []
        for k, (labels, scores) in enumerate(self.tag(sentences)):
            entities.extend(sentence_entities(doc, k, labels, scores, self.name))
        return entities
