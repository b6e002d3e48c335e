"""The learned coder feeds crfsuite only the features its trigger model has
weights for: the tags and every marginal must be those of the full feature
lists, to the last bit."""

from __future__ import annotations

import pytest

from newsx.entities.ner.crf import attributes
from newsx.events.coder import EventCoder
from newsx.events.features import sentence_view, token_features
from newsx.events.learned import MODEL_DIR, LearnedCoder
from newsx.pipeline import Pipeline
from newsx.text.document import Document

from .conftest import ARTICLES, SEED

pycrfsuite = pytest.importorskip("pycrfsuite")
MODEL = MODEL_DIR / "triggers.crfsuite"


@pytest.fixture(scope="module")
def coder() -> LearnedCoder:
    if not MODEL.exists():
        pytest.skip("no shipped event model")
    return LearnedCoder()


@pytest.fixture(scope="module")
def views():
    """Every sentence of the seed article and of the test articles, as the coder sees it."""
    pipeline, rules = Pipeline(events=False), EventCoder()
    out = []
    for path in [SEED, *sorted(ARTICLES.glob("*.txt"))]:
        doc = pipeline(Document(path.read_text(encoding="utf-8")))
        ro = rules.code(doc)
        out += [sentence_view(doc, k, ro.triggers.get(k, []), ro.events, ro.args)
                for k, s in enumerate(doc.sentences) if s.token_end > s.token_start]
    return out


def test_the_attributes_read_from_the_file_are_those_crfsuite_weighs():
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL))
    assert set(attributes(MODEL)) == {attr for attr, _ in tagger.info().state_features}


def test_known_features_give_crfsuite_s_tags_and_marginals(coder, views):
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL))
    labels = tagger.labels()
    full = dropped = triggers = 0
    for v in views:
        reference = token_features(v)
        known = token_features(v, coder._parts)
        full += sum(map(len, reference))
        dropped += sum(map(len, reference)) - sum(map(len, known))
        tagger.set(reference)
        tags = tagger.tag()
        marginals = [[tagger.marginal(lab, t) for lab in labels] for t in range(len(tags))]
        tagger.set(known)
        assert tagger.tag() == tags
        assert [[tagger.marginal(lab, t) for lab in labels] for t in range(len(tags))] == marginals
        triggers += sum(tag != "O" for tag in tags)
    assert len(views) > 50 and triggers > 20
    assert 0.05 < dropped / full < 0.5, "the filter leaves out the words the model never saw, and only them"
