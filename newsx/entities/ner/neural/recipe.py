"""The neural model's recipe: which data, in which order (training-time only).

Embeddings come first (``build_vectors``: ANT news, plus vectors for every word
of the labelled training corpora), then the tagger (``neural.train``) on the
same licence-clean corpora as the CRF (``ner.train.recipe_data``)."""

from __future__ import annotations

from pathlib import Path

from newsx.entities.ner.corpora import Sentence
from newsx.entities.ner.neural.export import VECTORS_FILE
from newsx.lang.ar.normalise import normalise


def corpus_words(corpora: dict[str, list[Sentence]]) -> list[str]:
    """Every normalised token of the training corpora (with repeats: the order is by frequency)."""
    return [normalise(w) for sents in corpora.values() for toks, _ in sents for w in toks]


def build_vectors(shared: Path, out_dir: Path, seed: int = 1, params: dict | None = None, log=print) -> dict:
    """Train the news vectors and write the pruned table ``out_dir/vectors.npz``."""
    from newsx.entities.ner.neural.embeddings import build_embeddings
    from newsx.entities.ner.train import recipe_data

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    corpora, _ = recipe_data(shared)
    return build_embeddings(shared, out_dir / VECTORS_FILE, corpus_words(corpora), seed, params, log)


def build_tagger(shared: Path, vectors: Path, out_dir: Path, seed: int = 1, sizes: dict | None = None,
                 params: dict | None = None, quantise: bool = True, log=print, keep: Path | None = None) -> dict:
    """Train the tagger on the CRF's licence-clean corpora less the dev sets
    (``ner.train.ablation_data``: ANERcorp-style dev text and Wojood val held
    out), keep the epoch with the best mean dev F1, and export it to ``out_dir``.
    The dev sets choose the epoch, so their scores are development figures.
    ``keep``: a folder for the torch weights and an unquantised export too (not shipped)."""
    from newsx.entities.gazetteer import Gazetteer
    from newsx.entities.ner.neural.export import export
    from newsx.entities.ner.neural.train import train_tagger
    from newsx.entities.ner.train import ablation_data

    corpora, devs = ablation_data(shared)
    model, _, meta = train_tagger(corpora, devs, Path(vectors), Gazetteer.default().bio_tags,
                                  sizes, params, seed, log)
    export(model, meta, Path(vectors), out_dir, quantise=quantise)
    if keep is not None:
        import torch

        export(model, meta, Path(vectors), Path(keep) / "fp32", quantise=False)
        torch.save(model.state_dict(), Path(keep) / "tagger.pt")
    return {k: meta[k] for k in ("epoch", "train_sentences", "train_tokens", "train_minutes", "history")}

