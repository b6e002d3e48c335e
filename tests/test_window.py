"""The Window: one sentence as the rules read it, on real Arabic sentences."""

from __future__ import annotations

from newsx.text.document import Document
from newsx.text.segment import segment
from newsx.text.tokenise import tokenise
from newsx.text.window import Window

TEXT = ("قال المرصد السوري لحقوق الإنسان إن مسلحين قتلوا ثلاثة جنود، فيما أصيب آخرون بجروح. "
        "وتظاهر المئات أمام مقر الحكومة في بغداد أمس.")


def _doc() -> Document:
    return tokenise(segment(Document(TEXT)))


def _index(doc: Document, word: str) -> int:
    return next(i for i in range(len(doc)) if doc.token(i).text == word)


def test_positions_are_document_indices_in_every_sentence():
    doc = _doc()
    second = Window(doc, 1)
    assert second.start == doc.sentences[1].token_start > 0 and len(second) == second.end - second.start
    i = _index(doc, "مقر")
    assert second[i] == doc.norms[i] == "مقر" and second.text(i) == "مقر"
    assert second.local(i) == i - second.start and second.absolute(second.local(i)) == i
    assert i in second and i not in Window(doc, 0)


def test_before_and_after_take_a_boundary_and_stay_in_the_sentence():
    doc = _doc()
    w = Window(doc, 0)
    i = _index(doc, "قتلوا")
    assert w.before(i, 2) == ["ان", "مسلحين"]  # normalised: hamza on alef folds
    assert w.after(i + 1, 2) == ["ثلاثه", "جنود"]  # ة folds to ه
    assert w.before(w.start + 1, 5) == ["قال"]  # not across the sentence start
    assert w.after(w.end - 1, 5) == ["."]
    assert w.at(w.start - 1) == "" and w.at(w.end) == ""
    assert list(w.positions(w.end - 2)) == [(w.end - 2, "بجروح"), (w.end - 1, ".")]


def test_clause_bounds_stop_at_the_comma():
    doc = _doc()
    w = Window(doc, 0)
    killed, wounded = _index(doc, "قتلوا"), _index(doc, "أصيب")
    comma = _index(doc, "،")
    assert w.clause(killed) == (w.start, comma)
    assert w.clause(wounded) == (comma + 1, w.end - 1)  # the full stop closes it
    assert w.clause_before(wounded, 5) == ["فيما"]
    assert w.complementiser(killed) == _index(doc, "إن")
    assert w.complementiser(_index(doc, "المرصد")) is None


def test_lexicon_words_with_their_clitics():
    doc = _doc()
    w = Window(doc, 1)
    assert w.has("relative_days", _index(doc, "أمس"))
    protest = _index(doc, "وتظاهر")
    assert not w.has("prepositions", protest) and w.has("prepositions", _index(doc, "في"))
    assert not w.has("prepositions", w.end)  # outside the sentence: no word


def test_char_offsets_of_a_token_range():
    doc = _doc()
    w = Window(doc, 1)
    i = _index(doc, "مقر")
    start, end = w.chars(i, i + 2)
    assert doc.text[start:end] == "مقر الحكومة"
    assert w.texts(i, i + 2) == ["مقر", "الحكومة"]
