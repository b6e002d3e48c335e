"""The learned event coder: the corpus reader, training on a small fixture, the
shipped model on real sentences, and its errors."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest

import newsx
from newsx.events.corpus import read_corpus
from newsx.events.learned import MODEL_DIR, EventModelError, LearnedCoder, Linear, trigger_spans
from newsx.pipeline import Pipeline

from .conftest import ROOT, jsonl, run_cli

CORPUS = ROOT / "corpus" / "events" / "events.jsonl"


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    """Sixteen corpus articles with events: twelve to train on, four to tune on."""
    rows = [r for r in map(json.loads, CORPUS.read_text(encoding="utf-8").splitlines()) if len(r["events"]) >= 5][:16]
    for n, row in enumerate(rows):
        row["split"] = "train" if n < 12 else "dev"
    path = tmp_path_factory.mktemp("corpus") / "events.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_corpus_spans_hold_their_text_and_splits_are_by_article():
    articles = list(read_corpus(CORPUS))
    assert len(articles) >= 300
    splits = {a.split for a in articles}
    assert splits == {"train", "dev", "test"}
    assert len({a.id for a in articles}) == len(articles)
    assert sum(a.split == "test" for a in articles) >= 80
    ev = next(e for a in articles for e in a.events if e.source is not None)
    assert ev.trigger.end > ev.trigger.start


def test_a_span_that_does_not_hold_its_text_is_refused(tmp_path):
    row = next(r for r in map(json.loads, CORPUS.read_text(encoding="utf-8").splitlines()) if r["events"])
    ev = row["events"][0]
    ev["trigger"]["start"] += 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="does not hold"):
        list(read_corpus(bad))


def test_trigger_spans_join_b_and_i_of_one_type():
    assert trigger_spans(["O", "B-ACCUSE", "I-ACCUSE", "O", "I-ASSAULT", "B-CONSULT", "I-REQUEST"]) == [
        (1, 2, "ACCUSE"), (4, 4, "ASSAULT"), (5, 5, "CONSULT"), (6, 6, "REQUEST")]


def test_training_on_a_small_corpus_writes_a_model_that_codes(small_corpus, tmp_path):
    from newsx.events.train import train

    out = tmp_path / "model"
    config = train(small_corpus, out, Pipeline(events=False), log=lambda m: None)
    assert config["refit_on_dev"]
    assert config["train_articles"] == 12 and config["dev_articles"] == 4
    assert 0 < config["source_threshold"] < 1
    coder = LearnedCoder(out)
    text = next(read_corpus(small_corpus)).text
    doc = Pipeline(events=False)(newsx.Document(text))
    coder(doc)
    assert doc.events, "a model trained on this article finds events in it"
    for ev in doc.events:
        assert doc.text[ev.trigger.start:ev.trigger.end] == ev.trigger.text
        assert ev.status in ("asserted", "negated", "planned", "possible", "background")


def test_a_pickled_linear_model_scores_as_the_original():
    """The cache's copy (features joined, rows in one array) keeps every weight and probability."""
    status = Linear.from_json(json.loads((MODEL_DIR / "status.json").read_text(encoding="utf-8")))
    source = Linear.from_json(json.loads((MODEL_DIR / "arguments.json").read_text(encoding="utf-8"))["source"])
    for model in (status, source):
        copy = pickle.loads(pickle.dumps(model))
        assert copy == model and list(copy.weights) == list(model.weights)
        feats = list(model.weights)[::7]
        assert copy.proba(feats) == model.proba(feats)


def test_a_missing_or_corrupt_model_file_is_a_clear_error(tmp_path):
    from newsx.events.learned import MODEL_DIR

    broken = tmp_path / "model"
    shutil.copytree(MODEL_DIR, broken)
    (broken / "status.json").unlink()
    with pytest.raises(EventModelError, match="lacks status.json.*newsx train --task events"):
        LearnedCoder(broken)
    shutil.copy(MODEL_DIR / "status.json", broken / "status.json")
    (broken / "arguments.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(EventModelError, match="unreadable"):
        LearnedCoder(broken)


def test_the_shipped_coder_finds_a_condemnation_and_who_made_it():
    doc = newsx.extract("أدانت وزارة الخارجية المصرية بشدة الهجوم الإرهابي الذي استهدف مسجدا في مدينة العريش أمس.")
    accuse = [e for e in doc.events if e.type == "ACCUSE"]
    assert accuse and "أدانت" in accuse[0].trigger.text
    assert accuse[0].source is not None and "الخارجية" in accuse[0].source.text
    assert all(e.status == "asserted" for e in doc.events)


def test_a_meeting_has_both_parties():
    doc = newsx.extract("التقى الرئيس الروسي فلاديمير بوتين نظيره التركي رجب طيب أردوغان في موسكو اليوم الثلاثاء.")
    consult = [e for e in doc.events if e.type == "CONSULT"]
    assert consult
    assert "بوتين" in consult[0].source.text
    assert "أردوغان" in consult[0].target.text


def test_all_events_adds_what_did_not_happen_with_its_status(seed_text):
    default = newsx.extract(seed_text).events
    every = newsx.extract(seed_text, all_events=True).events
    assert {e.status for e in default} == {"asserted"}
    assert len(every) >= len(default)


def test_cli_coder_choice_and_all_events(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("أدانت وزارة الخارجية المصرية الهجوم. ولم يلتق الوزير نظيره الإيراني.", encoding="utf-8")
    for coder in ("learned", "rules"):
        proc = run_cli("extract", str(art), "--coder", coder, "--records", "events", "-f", "jsonl", "--all-events")
        assert proc.returncode == 0, proc.stderr
        assert all("status" in r for r in jsonl(proc.stdout))
    proc = run_cli("extract", str(art), "--coder", "nonsense")
    assert proc.returncode == 2


def test_types_filters_what_is_written_not_what_events_are_built_from(seed_text):
    every = newsx.extract(seed_text, coder="rules")
    people = Pipeline(types=["PER"], coder="rules")(newsx.Document(seed_text))
    assert {e.type for e in people.entities} == {"PER"}
    assert [e.location for e in people.events] == [e.location for e in every.events]
    assert any(e.location for e in people.events)
