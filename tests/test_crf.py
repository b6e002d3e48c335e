"""newsx's own CRF decoder (``newsx.entities.ner.crf``) gives python-crfsuite's
tags and marginals on the shipped model, with the domain copies folded into
the weights instead of sent as features."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from newsx.text.document import Document
from newsx.entities.ner.crf import ChainModel, _sums
from newsx.entities.ner.tagger import MODEL_DIR, NerModel
from newsx.text.segment import segment
from newsx.text.tokenise import tokenise

from .conftest import ARTICLES, SEED

pycrfsuite = pytest.importorskip("pycrfsuite")


@pytest.fixture(scope="module")
def model() -> NerModel:
    if not (MODEL_DIR / "model.crfsuite").exists():
        pytest.skip("no shipped model")
    return NerModel(MODEL_DIR)


def _sentences() -> list[list[str]]:
    """The seed article's sentences and the first ten of each test article."""
    out = []
    for path in [SEED, *sorted(ARTICLES.glob("*.txt"))]:
        doc = tokenise(segment(Document(path.read_text(encoding="utf-8"))))
        sents = [doc.token_texts(s.token_start, s.token_end) for s in doc.sentences]
        out += sents if path == SEED else sents[:10]
    return out


def _listed_rows(model: NerModel, domain: str, sentences: list[list[str]]) -> list[list[list[int]]]:
    """Each token's rows as ``FeatureExtractor.assemble`` lists them, a word
    part of several rows summed into one by ``add_sums`` (what the tagger lays
    out with numpy instead)."""
    chain = model.chain
    index = chain.table(domain)[0]

    def part(feats: list[str]) -> list[int]:
        rows = [r for r in map(index.get, feats) if r is not None]
        return rows if len(rows) < 2 else [chain.add_sums(domain, rows, [len(rows)])]

    def word(w: str) -> tuple[list, ...]:
        p = model.features.parts(w)
        return (*(part(f) for f in p[:5]), p[5])

    return [model.features.assemble(toks, word, lambda a: index.get(a, len(index))) for toks in sentences]


@pytest.mark.parametrize("domain", ["news", "aqmar"])
def test_tags_and_marginals_equal_crfsuite(model, domain):
    reference = pycrfsuite.Tagger()
    reference.open(str(MODEL_DIR / "model.crfsuite"))
    sentences = _sentences()
    decoded = model.chain.decode(_listed_rows(model, domain, sentences), domain)
    assert len(sentences) > 40
    for toks, (tags, marginals) in zip(sentences, decoded):
        assert tags == reference.tag(model.features.sentence(toks, domain))
        for k in range(len(toks)):
            for j, label in enumerate(model.chain.labels):
                assert marginals[k, j] == pytest.approx(reference.marginal(label, k), abs=1e-12)


@pytest.mark.parametrize("domain", ["news", "aqmar"])
def test_token_rows_give_the_floats_of_the_listed_rows(model, domain):
    """The tagger's numpy layout of a token's rows (``TokenRows``) sums the
    rows ``assemble`` lists, in its order: the scores are equal bit for bit,
    short sentences (no -2/+2 neighbour) and repeated words included."""
    sentences = [["x"], ["x", "y"], ["y", "x", "y"], *_sentences()]
    scores = model._layout(domain).scores(sentences)
    listed = _listed_rows(model, domain, sentences)
    expected = _sums(model.chain.weights(domain), [tok for sent in listed for tok in sent])
    assert scores.shape == (sum(map(len, sentences)), len(model.chain.labels))
    assert np.array_equal(scores, expected)


def test_a_batch_decodes_each_sentence_as_alone(model):
    """Viterbi takes a batch's sentences longest first and steps over the
    running ones only: each path is still the one the sentence gets alone,
    ties (all-zero scores) included."""
    rng = np.random.default_rng(0)
    lengths = [3, 1, 5, 5, 2]
    n_labels = len(model.chain.labels)
    for scores in (rng.normal(0, 3, (sum(lengths), n_labels)), np.zeros((sum(lengths), n_labels))):
        batch = model.chain.decode_scores(scores, lengths)
        starts = np.cumsum(lengths) - lengths
        for (tags, marginals), a, n in zip(batch, starts, lengths):
            alone_tags, alone = model.chain.decode_scores(scores[a : a + n], [n])[0]
            assert tags == alone_tags
            assert marginals == pytest.approx(alone, abs=1e-12)


def test_empty_sentences_are_kept_in_place(model):
    (tags, spans), (empty, none) = model.tag_batch([["x"], []])
    assert len(tags) == 1 and empty == [] and none == []


def test_dropping_the_summed_word_rows_changes_nothing(model, monkeypatch):
    import newsx.entities.ner.tagger as tagger

    sentences = _sentences()[:12]
    before = model.tag_batch(sentences)
    monkeypatch.setattr(tagger, "WORD_ROWS", 0)  # every batch starts afresh
    again = [model.tag_batch([toks])[0] for toks in sentences]
    assert [tags for tags, _ in again] == [tags for tags, _ in before]
    for (_, spans), (_, ref) in zip(again, before):
        assert [s[:3] for s in spans] == [s[:3] for s in ref]
        assert [s[3] for s in spans] == pytest.approx([s[3] for s in ref], abs=1e-12)


def test_cluster_features_are_made_once_per_cluster(model):
    """The tagger's per-cluster feature strings are bounded by the clusters' ids, however many words come."""
    model.forget_words()
    model.tag_batch(_sentences())
    made = model.features._cluster_feats
    assert made and len(made) <= len(set(model.features.clusters.values()))


def test_a_pickled_model_decodes_as_the_original(model):
    """The cache's copy (its indexes pickled as joined strings) has every attribute at its row."""
    domain = sorted(model.domains)[0]
    chain = ChainModel(MODEL_DIR / "model.crfsuite", model.domains).folded({domain})
    copy = pickle.loads(pickle.dumps(chain))
    index, table = chain.table(domain)
    assert copy.table(domain)[0] == index and list(copy.table(domain)[0].values()) == list(range(len(index)))
    assert np.array_equal(copy.table(domain)[1], table)
    sentences = _sentences()[:20]
    rows = [index.get(f"w={w}", len(index)) for s in sentences for w in s]
    scores, lengths = table[rows], [len(s) for s in sentences]
    for (path, marginals), (path2, marginals2) in zip(chain.decode_scores(scores, lengths),
                                                      copy.decode_scores(scores, lengths)):
        assert path == path2 and np.array_equal(marginals, marginals2)
