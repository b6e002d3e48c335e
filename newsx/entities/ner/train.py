"""Train the CRF tagger, and the recipe that rebuilds the shipped model.

The recipe (``build_shipped_model``) uses only licence-clean data: WikiFANE and
NewsFANE Gold (CC BY-SA 3.0), the AQMAR train part of Stanza's split (CC BY-SA
3.0), Wojood sample train+val (MIT), newsx's clusters learned from ANT news
(Apache-2.0) and newsx's gazetteer. Every training sentence that shares text with
a held-out set (ANERcorp test, AQMAR dev/test) is dropped first: NewsFANE is
ANERcorp's own text re-annotated, and WikiFANE holds some of AQMAR's articles.

Scheme: newsx keeps GPE apart from LOC (a country is not a river). FANE and
Wojood do too; AQMAR writes both as LOC, so each AQMAR LOC mention is relabelled
GPE when the same normalised string is GPE more often than LOC in FANE+Wojood.
Scores on ANERcorp and AQMAR fold GPE into LOC.
"""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from pathlib import Path

import pycrfsuite

from newsx.resources import DATA_DIR
from newsx.entities.ner.corpora import (
    Sentence,
    read_anercorp,
    read_corpus,
    read_fane,
    read_wojood,
    tag_currencies,
    spans_to_tags,
    stanza_split,
    tags_to_spans,
)
from newsx.entities.ner.features import DEFAULT_DOMAIN, FeatureConfig, FeatureExtractor
from newsx.lang.ar.normalise import normalise

DEFAULT_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150}
MODEL_FILE = "model.crfsuite"
CONFIG_FILE = "config.json"
CLUSTERS_FILE = "clusters.tsv.gz"
AQMAR_COPIES = 2  # AQMAR is the smallest corpus and the only one with its conventions
SHINGLE = 30  # characters, spaces removed: a run long enough to be the same text


# -- leakage ---------------------------------------------------------------
def _squeezed(tokens: list[str]) -> str:
    return "".join(normalise(t) for t in tokens)


def _grams(sents: list[Sentence], n: int) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for toks, _ in sents:
        norm = [normalise(t) for t in toks]
        out.update(tuple(norm[i : i + n]) for i in range(len(norm) - n + 1))
    return out


def drop_overlapping(
    sents: list[Sentence], reference: list[Sentence], k: int = SHINGLE, n: int = 8
) -> list[Sentence]:
    """``sents`` without every sentence that shares a ``k``-character run (spaces
    removed, normalised: proof against NewsFANE's split clitics) or a normalised
    token ``n``-gram with ``reference``."""
    ref = _squeezed([t for toks, _ in reference for t in toks])
    shingles = {ref[i : i + k] for i in range(len(ref) - k + 1)}
    ref_grams = _grams(reference, n)
    keep = []
    for toks, tags in sents:
        s = _squeezed(toks)
        if any(s[i : i + k] in shingles for i in range(len(s) - k + 1)):
            continue
        if _grams([(toks, tags)], n) & ref_grams:
            continue
        keep.append((toks, tags))
    return keep


def shared_ngrams(a: list[Sentence], b: list[Sentence], n: int = 8) -> int:
    """Number of distinct normalised token ``n``-grams found in both ``a`` and ``b``."""
    return len(_grams(a, n) & _grams(b, n))


# -- scheme ----------------------------------------------------------------
def gpe_lexicon(sents: list[Sentence]) -> set[str]:
    """Normalised mention strings that are GPE more often than LOC."""
    votes: dict[str, Counter] = {}
    for toks, tags in sents:
        for s, e, t in tags_to_spans(tags):
            if t in ("GPE", "LOC"):
                votes.setdefault(" ".join(normalise(w) for w in toks[s:e]), Counter())[t] += 1
    return {k for k, c in votes.items() if c["GPE"] > c["LOC"]}


def relabel_gpe(sents: list[Sentence], lexicon: set[str]) -> list[Sentence]:
    """LOC mentions whose string is in ``lexicon`` become GPE."""
    out = []
    for toks, tags in sents:
        spans = []
        for s, e, t in tags_to_spans(tags):
            if t == "LOC" and " ".join(normalise(w) for w in toks[s:e]) in lexicon:
                t = "GPE"
            spans.append((s, e, t))
        out.append((toks, spans_to_tags(len(toks), spans)))
    return out


# -- training --------------------------------------------------------------
def default_clusters_path() -> Path:
    return DATA_DIR / "ner" / CLUSTERS_FILE


def train_sentences(
    corpora: dict[str, list[Sentence]],
    out_dir: Path,
    config: FeatureConfig | None = None,
    clusters_path: Path | None = None,
    params: dict | None = None,
    gazetteer_tags=None,
    seed: int = 1,
) -> dict:
    """Fit a CRF on ``corpora`` (domain -> sentences, see ``features``); write
    model, feature config and clusters to ``out_dir``. L-BFGS is deterministic:
    ``seed`` is recorded so a rebuild states what it reproduces."""
    from newsx.entities.ner.clusters import load_clusters

    config = config or FeatureConfig()
    if gazetteer_tags is None:  # record only the groups really used
        config = FeatureConfig(tuple(g for g in config.groups if g != "gazetteer"))
    clusters_path = clusters_path or default_clusters_path()
    clusters = load_clusters(clusters_path) if "cluster" in config.groups and clusters_path.exists() else {}
    fx = FeatureExtractor(config, clusters, gazetteer_tags)
    trainer = pycrfsuite.Trainer(verbose=False)
    t0 = time.time()
    for domain, sents in corpora.items():
        for toks, tags in sents:
            trainer.append(fx.sentence(toks, domain), tags)
    p = {**DEFAULT_PARAMS, **(params or {}), "feature.possible_transitions": True}
    trainer.set_params(p)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out_dir / MODEL_FILE))
    if clusters and clusters_path.resolve() != (out_dir / CLUSTERS_FILE).resolve():
        shutil.copyfile(clusters_path, out_dir / CLUSTERS_FILE)
    meta = {
        "features": config.to_dict(),
        "params": {k: v for k, v in p.items()},
        "seed": seed,
        "train_sentences": {d: len(s) for d, s in corpora.items()},
        "train_tokens": sum(len(t) for s in corpora.values() for t, _ in s),
        "train_seconds": round(time.time() - t0, 1),
        "iterations": len(trainer.logparser.iterations),
    }
    (out_dir / CONFIG_FILE).write_text(json.dumps(meta, indent=1, ensure_ascii=False), encoding="utf-8")
    return meta


def train_model(train_files: list[Path], dev_file: Path | None, out_dir: Path, seed: int = 1) -> dict:
    """Train on any mix of supported corpus files (format auto-detected);
    report the dev file's scores when one is given."""
    sents = [s for f in train_files for s in read_corpus(Path(f))]
    meta = train_sentences({DEFAULT_DOMAIN: sents}, out_dir, seed=seed)
    if dev_file is not None:
        from newsx.entities.ner.evaluate import evaluate

        meta["dev"] = evaluate(Path(dev_file), model_dir=Path(out_dir)).as_dict()
    return meta


# -- the recipe ------------------------------------------------------------
def _held_out(d: Path) -> tuple[list[Sentence], list[Sentence], list[Sentence]]:
    """ANERcorp test, AQMAR dev and AQMAR test: nothing in training may share text with them."""
    aner_test = read_anercorp(d / "anercorp/derived/ANERCorp_approx-CAMeL-boundary_test.txt")
    _, aq_dev, aq_test = stanza_split(d / "aqmar")
    return aner_test, aq_dev, aq_test


def _training_corpora(d: Path, held_out: list[Sentence], wojood_files: list[str]) -> dict[str, list[Sentence]]:
    """Training sentences by domain, with any sentence sharing text with ``held_out`` removed.

    NewsFANE is ANERcorp's text re-annotated and WikiFANE holds some of AQMAR's
    Wikipedia articles, so both are filtered against every held-out set."""
    news = tag_currencies(read_fane(d / "fane-gold/NewsFANE_Gold_2014_170K.txt"))
    wiki = tag_currencies(read_fane(d / "fane-gold/WikiFANE_Gold_2014_500K.txt"))
    woj = [s for f in wojood_files for s in read_wojood(d / "wojood-sample" / f)]
    aq_train = stanza_split(d / "aqmar")[0]
    aq_train = relabel_gpe(aq_train, gpe_lexicon(news + wiki + woj))
    corpora = {"news": news + woj, "wiki": wiki, "aqmar": aq_train}
    corpora = {dom: drop_overlapping(sents, held_out) for dom, sents in corpora.items()}
    corpora["aqmar"] *= AQMAR_COPIES  # on the dev sets: aqmar +1.1, anercorp -0.5, wojood -0.6 F1
    return corpora


def recipe_data(shared: Path) -> tuple[dict[str, list[Sentence]], dict[str, list[Sentence]]]:
    """(training sentences by domain, dev sets) of the shipped model from ``shared/data``."""
    d = Path(shared)
    aner_test, aq_dev, aq_test = _held_out(d)
    corpora = _training_corpora(d, aner_test + aq_dev + aq_test, ["train.txt", "val.txt"])
    return corpora, {"aqmar_dev": aq_dev}


def ablation_data(shared: Path) -> tuple[dict[str, list[Sentence]], dict[str, list[Sentence]]]:
    """(training sentences by domain, dev sets) for tuning and ablations: the
    recipe's data less Wojood val and less the text of ANERcorp's last 600
    training sentences, which serve as an ANERcorp-style dev set (the test part
    is never used for choices)."""
    d = Path(shared)
    aner_test, aq_dev, aq_test = _held_out(d)
    aner_dev = read_anercorp(d / "anercorp/derived/ANERCorp_approx-CAMeL-boundary_train.txt")[-600:]
    corpora = _training_corpora(d, aner_test + aner_dev + aq_dev + aq_test, ["train.txt"])
    devs = {"anercorp_dev": aner_dev, "aqmar_dev": aq_dev,
            "wojood_val": read_wojood(d / "wojood-sample/val.txt")}
    return corpora, devs


def build_shipped_model(shared: Path, out_dir: Path, seed: int = 1) -> dict:
    """Rebuild the shipped model from ``shared/data`` from scratch (fixed seed)."""
    from newsx.entities.gazetteer import Gazetteer

    corpora, _ = recipe_data(shared)
    return train_sentences(corpora, out_dir, gazetteer_tags=Gazetteer.default().bio_tags, seed=seed)


if __name__ == "__main__":  # python -m newsx.entities.ner.train SHARED_DATA OUT_DIR
    import sys

    print(json.dumps(build_shipped_model(Path(sys.argv[1]), Path(sys.argv[2])), indent=1))
