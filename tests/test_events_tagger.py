"""The learned coder decodes its trigger CRF with numpy from summed weight
rows: its tags and marginals must be crfsuite's on the features of
``token_features`` (marginals to rounding), its triggers and confidences
exactly those crfsuite's would give, and a batch of documents coded as each
one alone."""

from __future__ import annotations

import numpy as np
import pytest

from newsx.events.coder import EventCoder
from newsx.events import learned
from newsx.events.features import sentence_views, token_features
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
def docs() -> list[Document]:
    """The seed article and the test articles, through every stage but events."""
    pipeline = Pipeline(events=False)
    return [pipeline(Document(path.read_text(encoding="utf-8"))) for path in [SEED, *sorted(ARTICLES.glob("*.txt"))]]


@pytest.fixture(scope="module")
def views(docs):
    """Every sentence of the articles, as the coder sees it."""
    rules = EventCoder()
    out = []
    for doc in docs:
        ro = rules.code(doc)
        out += [v for v, s in zip(sentence_views(doc, ro.triggers, ro.events, ro.args), doc.sentences)
                if s.token_end > s.token_start]
    return out


def test_the_weights_read_from_the_file_are_those_crfsuite_weighs(coder):
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL))
    info = tagger.info()
    index, table = coder.chain.table(None)
    assert set(index) == {attr for attr, _ in info.state_features}
    assert coder.chain.labels == tagger.labels()
    for (attr, label), w in list(info.state_features.items())[::97]:
        assert table[index[attr], coder.chain.labels.index(label)] == pytest.approx(w, abs=1e-6)  # info() rounds


def test_numpy_gives_crfsuite_s_tags_and_marginals(coder, views):
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL))
    labels = tagger.labels()
    lengths = [len(v.norms) for v in views]
    paths, marginals, margins = coder.chain.decode_ids(coder._rows.scores(views), lengths)
    at = triggers = 0
    for v, path, n in zip(views, paths, lengths):
        tagger.set(token_features(v))
        tags = tagger.tag()
        assert [labels[k] for k in path] == tags
        expected = [[tagger.marginal(lab, t) for lab in labels] for t in range(n)]
        assert np.abs(marginals[at : at + n] - expected).max() < 1e-12
        at += n
        triggers += sum(tag != "O" for tag in tags)
    assert len(views) > 50 and triggers > 20
    assert margins.min() > learned.NEAR, "no near-tie in these sentences: none went to crfsuite"


def _written(found: list[list[tuple[int, int, str, float]]]) -> list[list[tuple[int, int, str, float]]]:
    """Triggers with their confidence as the record has it (two decimals)."""
    return [[(i, j, etype, round(conf, 2)) for i, j, etype, conf in spans] for spans in found]


def test_triggers_and_confidences_are_crfsuite_s(coder, views):
    numpy_found = coder._tag(views)
    assert sum(map(len, numpy_found)) > 20
    assert _written(numpy_found) == _written([coder._crfsuite(v) for v in views])


def test_a_near_tie_is_decoded_by_crfsuite(coder, views, monkeypatch):
    """With every decision taken for a near-tie, each sentence goes to crfsuite: the same triggers."""
    expected = coder._tag(views)
    sent = []
    monkeypatch.setattr(learned, "NEAR", 2.0)
    monkeypatch.setattr(coder, "_crfsuite", lambda v, f=coder._crfsuite: sent.append(v) or f(v))
    assert _written(coder._tag(views)) == _written(expected)
    assert len(sent) == len(views)


def test_many_documents_are_coded_as_each_alone(coder, docs):
    def records(batch: list[Document]) -> list[list[dict]]:
        return [[e.to_record() for e in doc.events] for doc in batch]

    fresh = [Document(doc.text) for doc in docs[:4]]
    pipeline = Pipeline(events=False)
    fresh = [pipeline(doc) for doc in fresh]
    alone = [coder(doc) for doc in fresh]
    one_by_one = records(alone)
    coder.code_many(fresh)
    assert records(fresh) == one_by_one
    assert sum(map(len, one_by_one)) > 3


def test_dropping_the_summed_rows_changes_nothing(coder, views, monkeypatch):
    expected = coder._tag(views)
    monkeypatch.setattr(learned, "WORD_ROWS", 10)
    assert coder._tag(views) == expected
