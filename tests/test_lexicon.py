"""The Arabic lexicon: lists declared once, normalised at load, clitics tolerated per list."""

from __future__ import annotations

import pytest

from newsx.lang.ar import lexicon
from newsx.resources import DATA_DIR, read_tsv


def test_every_list_is_declared_with_a_kind_and_has_words():
    declared = {row["list"] for row in read_tsv("lexicon/LISTS.tsv")}
    assert declared == set(lexicon.names())
    for name in declared:
        wl = lexicon.word_list(name)
        assert wl.kind in ("grammar", "content") and wl.words, name


def test_words_are_matched_in_their_normalised_form():
    # a word list written with hamza and teh marbuta matches the text however it is spelt
    wl = lexicon.word_list("phrase_heads")
    word = wl.words[0]
    assert lexicon.has("phrase_heads", word)
    assert lexicon.has("phrase_heads", word.replace("أ", "ا").replace("إ", "ا"))


def test_clitic_readings_peel_only_what_is_allowed():
    both = frozenset({"conj", "prep", "article"})
    assert "حكومة" in lexicon.readings("وللحكومة", both)
    assert "حكومة" not in lexicon.readings("وللحكومة", frozenset({"conj"}))
    assert "زيارة" in lexicon.readings("وزيارته", frozenset({"conj", "pronoun"}))
    assert lexicon.readings("و", both) == ["و"]


def test_an_undeclared_list_is_an_error(tmp_path, monkeypatch):
    with pytest.raises(KeyError):
        lexicon.word_list("no_such_list")
    assert (DATA_DIR / "lexicon" / "LISTS.tsv").is_file()

