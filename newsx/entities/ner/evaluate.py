"""Precision, recall and F1 per type and micro, exact span match (seqeval).

Schemes: ``coarse`` scores PER/ORG/GPE/LOC/MISC as they are; ``loc`` folds GPE
into LOC first (ANERcorp and AQMAR write countries as LOC); ``auto`` picks
``loc`` for ANERcorp/AQMAR-format gold and ``coarse`` otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from seqeval.metrics import classification_report

from newsx.entities.ner.corpora import Sentence, detect_format, read_corpus

SCHEMES = ("auto", "coarse", "loc")


@dataclass
class Score:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Report:
    """Scores per type plus ``micro``; percentages."""

    types: dict[str, Score] = field(default_factory=dict)
    micro: Score = field(default_factory=lambda: Score(0.0, 0.0, 0.0, 0))
    scheme: str = "coarse"
    sentences: int = 0
    tokens: int = 0

    def as_dict(self) -> dict:
        return {
            "scheme": self.scheme, "sentences": self.sentences, "tokens": self.tokens,
            "micro": vars(self.micro), "types": {k: vars(v) for k, v in self.types.items()},
        }

    def __str__(self) -> str:
        rows = [f"{'type':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}"]
        for name, s in [*sorted(self.types.items()), ("micro", self.micro)]:
            rows.append(f"{name:<6} {s.precision:6.2f} {s.recall:6.2f} {s.f1:6.2f} {s.support:6d}")
        return "\n".join(rows)


def score(gold: list[list[str]], pred: list[list[str]], scheme: str = "coarse") -> Report:
    """Seqeval (default, conlleval-style) exact-span scores of tag sequences."""
    if scheme == "loc":
        gold = [[t.replace("GPE", "LOC") for t in s] for s in gold]
        pred = [[t.replace("GPE", "LOC") for t in s] for s in pred]
    rep = classification_report(gold, pred, output_dict=True, zero_division=0)
    pct = lambda d: Score(round(100 * float(d["precision"]), 2), round(100 * float(d["recall"]), 2),  # noqa: E731
                          round(100 * float(d["f1-score"]), 2), int(d["support"]))
    types = {k: pct(v) for k, v in rep.items() if not k.endswith(" avg")}
    return Report(types, pct(rep["micro avg"]), scheme, len(gold), sum(map(len, gold)))


def tag_sentences(sents: list[Sentence], model_dir: Path | None = None, domain: str = "news") -> list[list[str]]:
    """Tag the gold tokens with a model (the shipped one by default)."""
    from newsx.entities.ner.tagger import NerModel, default_model

    model = NerModel(model_dir) if model_dir else default_model()
    return [tags for tags, _ in model.tag_batch([toks for toks, _ in sents], domain)]


def evaluate(
    gold: Path,
    predictions: Path | None = None,
    scheme: str = "auto",
    fmt: str = "auto",
    model_dir: Path | None = None,
    domain: str = "auto",
) -> Report:
    """Score ``predictions`` (a ``token tag`` file, same tokens) against ``gold``;
    without predictions, tag the gold tokens with the model in ``model_dir``
    (default: the shipped model) using the conventions of ``domain``: "news",
    "wiki" or "aqmar" (the model also learned AQMAR's own conventions); "auto"
    is "aqmar" for blank-line ``token tag`` files (AQMAR's format), else "news"."""
    fmt = detect_format(gold) if fmt == "auto" else fmt
    if scheme == "auto":
        scheme = "loc" if fmt in ("anercorp", "conll", "aqmar") else "coarse"
    if domain == "auto":
        domain = "aqmar" if fmt in ("conll", "aqmar") else "news"
    sents = read_corpus(gold, fmt)
    if predictions is None:
        pred = tag_sentences(sents, model_dir, domain)
    else:
        pred_sents = read_corpus(predictions)
        pred = _align(sents, pred_sents)
    return score([tags for _, tags in sents], pred, scheme)


def _align(gold: list[Sentence], pred: list[Sentence]) -> list[list[str]]:
    """Predicted tags cut to the gold sentences (the token streams must match)."""
    flat = [t for _, tags in pred for t in tags]
    if len(flat) != sum(len(t) for t, _ in gold):
        raise ValueError("predictions and gold have different numbers of tokens")
    out, k = [], 0
    for toks, _ in gold:
        out.append(flat[k : k + len(toks)])
        k += len(toks)
    return out


__all__ = ["Report", "Score", "SCHEMES", "evaluate", "score", "tag_sentences"]
