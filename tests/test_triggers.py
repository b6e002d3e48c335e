"""Event triggers on real sentences: the seed article, GSR dev (when present),
negation and modality, offsets, and the title/metaphor negatives."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from newsx.document import Document
from newsx.segment import segment
from newsx.tokenise import tokenise
from newsx.triggers import TriggerLexicon, TriggerMatch, detect, find_all

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_6a0ec1e029379d25.txt"
GSR = ROOT.parent / "shared" / "data" / "arabic-event-gsr"


def matches(text: str) -> list[TriggerMatch]:
    return find_all(tokenise(segment(Document(text))))


def seed_sentence(fragment: str) -> str:
    """The seed sentence holding ``fragment`` (sentences as the segmenter cuts them)."""
    doc = segment(Document(SEED.read_text(encoding="utf-8")))
    return next(doc.text[s.start : s.end] for s in doc.sentences if fragment in doc.text[s.start : s.end])


def only(ms: list[TriggerMatch], plover: str) -> TriggerMatch:
    found = [m for m in ms if m.plover == plover]
    assert found, [(m.text, m.plover) for m in ms]
    return found[0]


def test_seed_phone_talks_are_consult_by_telephone() -> None:
    m = only(matches(seed_sentence("محادثات هاتفية")), "CONSULT")
    assert (m.text, m.mode, m.cameo, m.quad_class, m.modality) == ("محادثات هاتفية", "telephone", "041", 1, "asserted")


def test_seed_shelling_is_assault() -> None:
    m = only(matches(seed_sentence("عملية قصف")), "ASSAULT")
    assert m.text == "قصف" and m.cameo.startswith("19") and m.quad_class == 4


def test_seed_postponement_and_meeting() -> None:
    ms = matches(seed_sentence("إرجاء اجتماع"))
    post = only(ms, "STATEMENT")
    assert (post.text, post.mode) == ("إرجاء", "postpone")
    assert only(ms, "CONSULT").text == "اجتماع"


def test_seed_call_is_request_and_patrols_mobilize() -> None:
    assert only(matches(seed_sentence("دعوته إلى")), "REQUEST").text == "دعوته"
    assert only(matches(seed_sentence("دوريات برية")), "MOBILIZE").text == "دوريات"


def test_seed_modality() -> None:
    not_ruled_out = only(matches(seed_sentence("ولم يستبعد الكرملين")), "CONSULT")
    assert (not_ruled_out.negated, not_ruled_out.modality) == (False, "possible")
    may = only(matches(seed_sentence("اللقاء قد يعقد")), "CONSULT")
    assert may.modality == "possible"
    will = only(matches(seed_sentence("سوف يُعقد")), "CONSULT")
    assert will.modality == "planned"


@pytest.mark.parametrize(
    "text, negated, modality",
    [
        ("لم يهاجم الجيش القرية أمس.", True, "denied"),
        ("سيعقد الرئيسان اجتماعا في القاهرة الأسبوع المقبل.", False, "planned"),
        ("وستقصف الطائرات مواقع المسلحين.", False, "planned"),
        ("ونفى المتحدث أن يكون الجيش قد قصف المدينة.", True, "denied"),
        ("ولا يستبعد الوزير عقد لقاء مع نظيره.", False, "possible"),
        ("قصفت الطائرات مواقع المسلحين أمس.", False, "asserted"),
    ],
)
def test_negation_and_modality(text: str, negated: bool, modality: str) -> None:
    m = matches(text)[0]
    assert (m.negated, m.modality) == (negated, modality)


def test_offsets_exclude_proclitics_and_follow_text() -> None:
    text = "وقصفت الطائرات الحربية بلدات عدة، فيما استمرت الاشتباكات وبالتظاهرات."
    doc = tokenise(segment(Document(text)))
    ms = TriggerLexicon.default().find(doc, 0)
    assert [m.text for m in ms] == ["قصفت", "اشتباكات", "تظاهرات"]  # و، ب and the article are proclitics
    for m in ms:
        assert doc.text[m.start : m.end] == m.text
        assert doc.token_starts[m.token_start] <= m.start < m.end <= doc.token_ends[m.token_end - 1]


def test_title_of_book_or_film_is_not_an_event() -> None:
    assert detect("صدر أمس في بيروت كتاب بعنوان «هجوم على الحرية» للكاتب المصري.") == set()
    assert detect('وعرض أمس فيلم "الهجوم" للمخرج اللبناني في مهرجان القاهرة.') == set()
    assert "ASSAULT" in detect("قتل ثلاثة جنود أمس في هجوم على حاجز للجيش.")


def test_verbal_attack_and_sport_are_not_assault() -> None:
    m = only(matches("شن رئيس الحزب أمس هجوما لاذعا على الحكومة بسبب الأسعار."), "ACCUSE")
    assert m.text == "هجوما"
    assert "ASSAULT" not in detect("وشن المهاجم هجوما خطيرا على مرمى الفريق في المباراة أمس.")


def test_mentions_are_not_reports() -> None:
    rel = only(matches("وانتخب نجله نائبا خلفا لأبيه الذي قتل في تفجير استهدف موكبه قبل شهر."), "ASSAULT")
    assert not rel.reported  # a relative clause recalls a known killing
    assert detect("وكأن قنبلة انفجرت في وسط المدينة، كما قال السناتور.") == set()
    assert detect("ووجهت المحكمة إليهما تهما تتراوح بين القتل والاغتصاب والتعذيب.") == set()
    hostage = only(matches("واحتجزت الجبهة 68 رهينة من الأجانب في فندقين في عمان."), "ASSAULT")
    assert (hostage.text, hostage.cameo, hostage.reported) == ("احتجزت", "181", True)


def test_ceasefire_is_not_shooting() -> None:
    ms = matches("وأعلن لافروف أمس أن نظام وقف إطلاق النار في سوريا صامد.")
    assert [(m.text, m.plover) for m in ms] == [("وقف إطلاق النار", "RETREAT")]


def test_ministry_is_not_a_visit() -> None:
    assert not any(m.plover == "CONSULT" for m in matches("وقالت وزارة الخارجية أمس إن الوزير سافر."))


def test_detect_returns_asserted_reports_only() -> None:
    assert detect("انفجرت سيارة مفخخة أمس قرب مركز للشرطة في بغداد.") == {"ASSAULT"}
    assert detect("تظاهر آلاف الأشخاص أمس أمام البرلمان احتجاجا على الأسعار.") == {"PROTEST"}
    assert detect("وتعتزم المعارضة تنظيم مظاهرة الأسبوع المقبل.") == set()


@pytest.mark.skipif(not GSR.is_dir(), reason="GSR dev data not present")
@pytest.mark.parametrize("name, plover, min_recall", [("assault_gsr_dev.csv", "ASSAULT", 0.75), ("protest_gsr_dev.csv", "PROTEST", 0.65)])
def test_gsr_dev_recall(name: str, plover: str, min_recall: float) -> None:
    with (GSR / name).open(encoding="utf-8") as f:
        yes = [r["text"] for r in csv.DictReader(f) if r["label"] == "yes"]
    hits = sum(plover in detect(t) for t in yes)
    assert hits / len(yes) >= min_recall
