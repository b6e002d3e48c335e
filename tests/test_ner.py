"""newsx.entities.ner: corpus readers, scoring, training end to end, the shipped model."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsx.text.document import Document
from newsx.entities.ner.corpora import (
    read_anercorp,
    read_aqmar,
    read_corpus,
    read_fane,
    read_wojood,
    stanza_split,
    tags_to_spans,
)
from newsx.entities.ner.evaluate import evaluate
from newsx.entities.ner.features import FeatureConfig, _shape
from newsx.entities.ner.tagger import MODEL_DIR, ModelRecogniser, NerModel, consistent_mentions, surname_stoplist
from newsx.entities.ner.train import drop_overlapping, shared_ngrams, train_model, train_sentences
from newsx.text.segment import segment
from newsx.text.tokenise import tokenise

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
SEED = ROOT / "seeds" / "000_6a0ec1e029379d25.txt"


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_fane_reader_handles_bom_crlf_tab_separators_and_marks(tmp_path):
    raw = ("\ufeff\u200eقال\tO\r\n\u200eو\tO\r\n\u200eغيث\tB-Artist\r\n\u200eالطراونة\tI-Artist\r\n"
           "\t\r\n\u200eالعرب\tB-Group\r\n\u200eفي\tO\r\n\u200eالمفرق\tB-Population-Cntr\r\n")
    sents = read_fane(_write(tmp_path, "f.txt", raw))
    assert sents[0] == (["قال", "وغيث", "الطراونة"], ["O", "B-PER", "I-PER"])
    assert sents[1] == (["العرب", "في", "المفرق"], ["O", "O", "B-GPE"])
    assert read_corpus(tmp_path / "f.txt") == sents


def test_anercorp_reader_splits_at_full_stops(tmp_path):
    raw = "فرانكفورت B-LOC\n(د O\nب O\nا) O\n. O\nبوش B-PERS\nقال O\nذلك O\n."
    p = _write(tmp_path, "a.txt", raw + " O")
    sents = read_anercorp(p)
    assert [len(t) for t, _ in sents] == [5, 4]
    assert sents[1][1][0] == "B-PER"


def test_wojood_keeps_outermost_kept_type(tmp_path):
    raw = ("سكرتير B-OCC\nاللجنة I-OCC B-ORG\nالعربية I-OCC I-ORG\nفي I-OCC\nنابلس I-OCC B-GPE\n"
           "$#$ O\n\n100 B-MONEY\nدولار I-MONEY B-CURR\n")
    sents = read_wojood(_write(tmp_path, "w.txt", raw))
    assert sents[0][1] == ["O", "B-ORG", "I-ORG", "O", "B-GPE"]
    assert sents[1][1] == ["O", "B-MISC"]


def test_aqmar_tag_cleanup(tmp_path):
    raw = "أ B-MIS1\nب I-MIS-2\nج I--ORG\nد B-ENGLISH\nه OO\nو B-PER\n"
    sents = read_aqmar(_write(tmp_path, "q.txt", raw))
    assert sents[0][1] == ["B-MISC", "I-MISC", "B-ORG", "O", "O", "B-PER"]


def test_tags_to_spans_reads_iob1():
    assert tags_to_spans(["I-PER", "I-PER", "O", "I-LOC", "B-LOC"]) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC")]


def test_eval_matches_hand_computed_scores(tmp_path):
    gold = "بوتين B-PER\nفي O\nموسكو B-LOC\nو O\nباريس B-LOC\n\nالأمم B-ORG\nالمتحدة I-ORG\n"
    pred = "بوتين B-PER\nفي O\nموسكو B-LOC\nو O\nباريس O\n\nالأمم B-ORG\nالمتحدة O\n"
    rep = evaluate(_write(tmp_path, "g.txt", gold), _write(tmp_path, "p.txt", pred), scheme="coarse")
    # gold 4 mentions, predicted 3, correct 2 (PER, one LOC); the ORG span is cut short
    assert rep.micro.precision == pytest.approx(100 * 2 / 3, abs=0.01)
    assert rep.micro.recall == pytest.approx(50.0)
    assert rep.micro.f1 == pytest.approx(100 * 2 * (2 / 3 * 0.5) / (2 / 3 + 0.5), abs=0.01)
    assert rep.types["LOC"].recall == pytest.approx(50.0)
    assert rep.types["ORG"].f1 == 0.0


def test_gpe_folds_into_loc_for_loc_scheme(tmp_path):
    gold = _write(tmp_path, "g.txt", "سوريا B-LOC\n")
    pred = _write(tmp_path, "p.txt", "سوريا B-GPE\n")
    assert evaluate(gold, pred, scheme="loc").micro.f1 == 100.0
    assert evaluate(gold, pred, scheme="coarse").micro.f1 == 0.0


def test_overlap_filter_ignores_tokenisation():
    test = [(["وقال", "الرئيس", "اللبناني", "إميل", "لحود", "إن", "الحكومة", "ستجتمع", "غدا"], ["O"] * 9)]
    split = [(["و", "قال", "الرئيس", "اللبناني", "اميل", "لحود", "ان", "الحكومة", "ستجتمع"], ["O"] * 9)]
    other = [(["ذهب", "الوزير", "إلى", "القاهرة"], ["O"] * 4)]
    assert drop_overlapping(split + other, test) == other
    assert shared_ngrams(other, test) == 0


def test_training_on_a_small_slice_runs_end_to_end(tmp_path):
    sents = [
        (["قال", "الرئيس", "بوتين", "في", "موسكو"], ["O", "O", "B-PER", "O", "B-GPE"]),
        (["زار", "ماكرون", "باريس", "و", "الأمم", "المتحدة"], ["O", "B-PER", "B-GPE", "O", "B-ORG", "I-ORG"]),
    ] * 20
    data = tmp_path / "train.txt"
    data.write_text("\n\n".join("\n".join(f"{t} {g}" for t, g in zip(*s)) for s in sents) + "\n")
    meta = train_model([data], data, tmp_path / "m")
    assert meta["dev"]["micro"]["f1"] > 90
    model = NerModel(tmp_path / "m")
    assert model.tag(["قال", "بوتين"])[1] == "B-PER"
    small = train_sentences({"news": sents[:4]}, tmp_path / "m2", FeatureConfig(("word", "window")),
                            params={"max_iterations": 5})
    assert small["features"]["groups"] == ["word", "window"]


@pytest.fixture(scope="module")
def recogniser() -> ModelRecogniser:
    if not (MODEL_DIR / "model.crfsuite").exists():
        pytest.skip("no shipped model")
    return ModelRecogniser()


def _entities(recogniser: ModelRecogniser, text: str):
    doc = tokenise(segment(Document(text)))
    return doc, recogniser(doc)


def test_shipped_model_tags_the_seed(recogniser):
    doc, ents = _entities(recogniser, SEED.read_text(encoding="utf-8"))
    found = {(e.text, e.type) for e in ents}
    assert ("فلاديمير بوتين", "PER") in found
    assert ("إيمانويل ماكرون", "PER") in found
    assert any(t == "GPE" and "سوري" in x for x, t in found)
    assert any(t == "ORG" for _, t in found)
    for e in ents:
        assert e.text == doc.text[e.start : e.end]
        assert e.found_by == "model" and 0.0 < e.score <= 1.0
    assert len({round(e.score, 3) for e in ents}) > 1  # a real confidence, not a constant


def test_shipped_model_tags_real_news_sentences(recogniser):
    text = ("وقال وزير الخارجية الأمريكي جون كيري في واشنطن إن الأمم المتحدة ستعقد اجتماعا في جنيف. "
            "واستقبل الرئيس المصري عبد الفتاح السيسي في القاهرة وفدا من البنك الدولي.")
    _, ents = _entities(recogniser, text)
    found = {(e.text, e.type) for e in ents}
    assert ("جون كيري", "PER") in found
    assert ("واشنطن", "GPE") in found
    assert ("الأمم المتحدة", "ORG") in found
    assert ("عبد الفتاح السيسي", "PER") in found


def test_document_consistency_adds_repeats(recogniser):
    text = "التقى الرئيس الروسي فلاديمير بوتين بالوفد. وأكد بوتين أهمية الحوار."
    _, ents = _entities(recogniser, text)
    assert sum(1 for e in ents if "بوتين" in e.text and e.type == "PER") == 2


@pytest.mark.skipif(not SHARED.exists(), reason="shared data not present")
def test_stanza_split_of_aqmar():
    train, dev, test = stanza_split(SHARED / "aqmar")
    assert (len(train), len(dev), len(test)) == (1880, 403, 404)
    assert sum(len(t) for t, _ in test) == 11040


def test_surname_alone_is_a_person_after_the_full_name():
    # لحود (also with a proclitic, ولحود) follows the confident full name اميل لحود.
    # Never propagated: علي (3 letters; also the preposition على once normalised),
    # and لصالح, a common word, though صالح closes علي عبدالله صالح.
    norms = ["التقى", "اميل", "لحود", "و", "محمد", "علي", "ثم", "قال", "لحود", "علي", "ولحود",
             "علي", "عبدالله", "صالح", "لصالح", "صالح"]
    mentions = [(1, 3, "PER", 0.95, 0), (4, 6, "PER", 0.95, 0), (11, 14, "PER", 0.9, 0)]
    sent = [0] * len(norms)
    out = consistent_mentions(norms, mentions, sent, frozenset({"قال", "ثم", "و", "لصالح"}))
    assert [(s, e, t) for s, e, t, *_ in out] == [
        (1, 3, "PER"), (4, 6, "PER"), (8, 9, "PER"), (10, 11, "PER"), (11, 14, "PER"), (15, 16, "PER")]
    assert consistent_mentions(norms, mentions, sent) == mentions  # off without common words
    unsure = [(1, 3, "PER", 0.5, 0)]
    assert consistent_mentions(norms, unsure, sent, frozenset()) == unsure


def test_surname_stoplist_has_common_words_and_titles():
    stop = surname_stoplist()
    assert {"الشيخ", "لصالح"} <= stop
    assert "لحود" not in stop


def test_gazetteer_keeps_each_sentences_matches_unchanged_by_callers():
    """``Gazetteer.match`` keeps recent sentences' matches (the tagger's
    features and the known-name merge share them): a caller changing the list
    it got must not change what the next caller gets, and the kept results
    equal a fresh match."""
    from newsx.entities.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    tokens = "قال الرئيس الأمريكي دونالد ترامب في واشنطن".split()
    first = gaz.match(tokens)
    assert first and first == gaz._match(tokens)
    first.clear()
    assert gaz.match(tokens) == gaz._match(tokens)


def test_word_shape_from_the_table_and_outside_it():
    """ASCII and Arabic-script words are classed by one translate, others a character at a time."""
    cases = {"abc": "L", "123": "D", "روسيا": "A", "٢٠١٧": "D", "۱۹": "D", "ݐݑ": "A", "é": "L", "ß": "L",
             "中国": "A", "!?": "P", "a1": "M", "روسيا2": "M", "x中": "M", "": "M"}
    assert {w: _shape(w) for w in cases} == cases
