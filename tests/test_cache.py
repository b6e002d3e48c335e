"""The resource cache (newsx.cache): a copy that is used when it matches its
sources and rebuilt otherwise, never a reason for a run to fail, and the NER
model read from it tags as the model built from its file."""

from __future__ import annotations

import os
import pickle

import pytest

from newsx import cache
from newsx.entities.ner.tagger import MODEL_DIR, NerModel


@pytest.fixture
def folder(tmp_path, monkeypatch):
    where = tmp_path / "cache"
    monkeypatch.setenv("NEWSX_CACHE", str(where))
    return where


def _counting(value):
    calls = []

    def build():
        calls.append(1)
        return value
    return build, calls


def test_a_second_load_reads_the_copy_and_a_changed_source_rebuilds(folder, tmp_path):
    source = tmp_path / "words.txt"
    source.write_text("a\n")
    build, calls = _counting({"a": 1})
    assert cache.cached("words", [source], build) == {"a": 1}
    assert cache.cached("words", [source], build) == {"a": 1} and len(calls) == 1
    source.write_text("a\nb\n")
    assert cache.cached("words", [source], build) == {"a": 1} and len(calls) == 2
    assert len(list(folder.glob("words-*.pickle"))) == 1  # the stale copy was replaced


def test_a_torn_entry_is_rebuilt(folder, tmp_path):
    source = tmp_path / "words.txt"
    source.write_text("a\n")
    build, calls = _counting([1, 2, 3])
    cache.cached("words", [source], build)
    [entry] = folder.glob("words-*.pickle")
    entry.write_bytes(entry.read_bytes()[:5])
    assert cache.cached("words", [source], build) == [1, 2, 3] and len(calls) == 2
    assert pickle.loads(entry.read_bytes()) == [1, 2, 3]


def test_off_or_unwritable_only_costs_time(tmp_path, monkeypatch):
    source = tmp_path / "words.txt"
    source.write_text("a\n")
    build, calls = _counting("x")
    monkeypatch.setenv("NEWSX_CACHE", "off")
    assert cache.cached("words", [source], build) == "x" and cache.cached("words", [source], build) == "x"
    assert len(calls) == 2
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("NEWSX_CACHE", str(blocked / "cache"))  # under a file: cannot be made
    assert cache.cached("words", [source], build) == "x" and len(calls) == 3


def test_the_cached_ner_model_tags_as_the_model_file(folder, seed_text):
    from newsx.text.tokenise import token_offsets

    words = [seed_text[s:e] for s, e in token_offsets(seed_text[:1500])]
    sentences = [words[k:k + 40] for k in range(0, len(words), 40)]
    os.environ["NEWSX_CACHE"] = "off"
    fresh = NerModel(MODEL_DIR)
    os.environ["NEWSX_CACHE"] = str(folder)
    NerModel(MODEL_DIR)  # builds and keeps the copy
    assert any(folder.glob("ner-weights-*.pickle"))
    copy = NerModel(MODEL_DIR)  # reads it
    tagged = [fresh.tag_with_scores(s) for s in sentences]
    assert [copy.tag_with_scores(s) for s in sentences] == tagged
    assert any(t != "O" for tags, _ in tagged for t in tags)
