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


# rule modules cleaned of Arabic in code: every word, ending and clitic letter they test is a lexicon
# list or a named constant of newsx/lang/ar/clitics.py (docstrings and comments keep their Arabic examples;
# Arabic-Indic digits in a pattern are numerals, not words)
CLEAN_MODULES = ("events/arguments.py", "events/reporting.py", "events/coder.py", "events/phrases.py", "events/triggers.py",
                 "events/features.py", "actors/cluster.py",
                 "text/window.py")


def _arabic_literals(path):
    import ast
    import re

    arabic = re.compile(r"[\u0600-\u065F\u066A-\u06FF]")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and arabic.search(node.value)
            and id(node) not in docstrings]


@pytest.mark.parametrize("module", CLEAN_MODULES)
def test_no_arabic_in_the_code_of_cleaned_rule_modules(module):
    assert _arabic_literals(DATA_DIR.parent / module) == []
