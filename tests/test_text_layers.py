"""Normalisation, tokenisation and sentence segmentation on real text."""

from __future__ import annotations


import pytest
from camel_tools.tokenizers.word import simple_word_tokenize

from newsx.lang.ar.clitics import PROCLITIC_RUNS, clitic_splits, stem_offset
from newsx.lang.ar.normalise import normalise, normalise_with_map
from newsx.text.segment import sentence_spans
from newsx.text.tokenise import token_offsets

from .conftest import ARTICLES, SEED, SHARED


def test_normalise_folds_news_spelling_variants():
    assert normalise("سورية") == normalise("سوريه")
    assert normalise("إردوغان")[1:] == normalise("أردوغان")[1:]
    assert normalise("أردوغان") == normalise("اردوغان")
    assert normalise("مصطفى") == normalise("مصطفي")
    assert normalise("الأُمَمُ المُتَّحِدَة") == normalise("الامم المتحدة")
    assert normalise("روســـيا") == "روسيا"          # tatweel
    assert normalise("وجيييه") == "وجيه"              # elongation
    assert normalise("\u200fروسيا\u202b") == "روسيا"   # bidi controls


def test_offset_map_points_back_into_the_original():
    original = "وَرُوســـيا"
    norm, offsets = normalise_with_map(original)
    assert norm == "وروسيا"
    assert len(offsets) == len(norm) + 1
    for i, ch in enumerate(norm):
        assert normalise(original[offsets[i]]) == ch
    assert offsets[-1] == len(original)


def test_offset_map_of_every_line_of_real_news():
    """Lines that fold character for character (an identity map) and lines that do not, alike."""
    from .conftest import ARTICLES, SEED

    lines = [line for p in [SEED, *sorted(ARTICLES.glob("*.txt"))]
             for line in p.read_text(encoding="utf-8").splitlines() if line]
    lines += ["قالَ الرئيسُ", "روســـيا اليوم", "\u200fموسكو\u202b", "وجيييه في ﻻ مكان", "ﷺ"]
    identity = 0
    for line in lines:
        norm, offsets = normalise_with_map(line)
        assert norm == normalise(line) and len(offsets) == len(norm) + 1 and offsets[-1] == len(line)
        assert offsets == sorted(offsets)
        for k, ch in enumerate(norm):
            assert ch in normalise(line[offsets[k]]) or normalise(line[offsets[k]]) == "", (line, k)
        identity += offsets == list(range(len(line) + 1))
    assert 0 < identity < len(lines)


def test_clitic_readings_strip_proclitics_and_article():
    readings = dict((stem, n) for n, stem in clitic_splits(normalise("وللأمم")))
    assert "الامم" in readings                       # و + ل + (ا)لأمم
    assert dict((s, n) for n, s in clitic_splits("وروسيا"))["روسيا"] == 1
    assert "سوريه" not in {s for _, s in clitic_splits("السوريه", False)}
    assert stem_offset("وَروسيا", 1) == 2            # the diacritic stays with و


def _splits_as_stated(norm: str, article: bool) -> tuple[tuple[int, str], ...]:
    """``clitic_splits`` by its rules, every candidate tried for every token:
    و/ف, then ب/ل/ك, then (with ``article``) ال; لل also read as ل + ال."""
    starts = [0] + ([1] if norm[:1] in ("و", "ف") else [])
    starts += [s + 1 for s in list(starts) if norm[s : s + 1] in ("ب", "ل", "ك")]
    candidates = []
    for s in starts:
        candidates.append((s, norm[s:]))
        if s and norm[s - 1] == "ل" and norm[s : s + 1] == "ل":
            candidates.append((s, "ا" + norm[s:]))
        if article and norm[s : s + 2] == "ال":
            candidates.append((s + 2, norm[s + 2 :]))
    out = [(0, norm)]
    for n, stem in candidates:
        if len(stem) >= 2 and stem not in {st for _, st in out}:
            out.append((n, stem))
    return tuple(out)


def test_clitic_splits_take_shortcuts_to_the_stated_readings():
    """The shortcuts (a token opening with no proclitic letter; the readings
    without the article filtered from those with it) give the readings the
    rules state, on real tokens and on every proclitic run before the article,
    a doubled ل and short stems."""
    words = {normalise(t) for path in [SEED, *sorted(ARTICLES.glob("*.txt"))] for t in path.read_text(encoding="utf-8").split()}
    words |= {run + mid + stem for run in ("", *PROCLITIC_RUNS) for mid in ("", "ال", "ل")
              for stem in ("", "ل", "ا", "لل", "ال", "الم", "امم", "لامم", "وطن")}
    clitic_splits.cache_clear()
    for article in (False, True, False):  # without the article before and after the token's splits are cached
        for w in sorted(words):
            assert clitic_splits(w, article) == _splits_as_stated(w, article), (w, article)
        if not article:
            clitic_splits.cache_clear()


def test_tokens_match_camel_tools_on_real_news():
    files = sorted((SHARED / "news" / "bench").glob("*.txt"))[:200]
    if not files:
        pytest.skip("bench articles not available")
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert [text[s:e] for s, e in token_offsets(text)] == simple_word_tokenize(text), f.name


def test_tokens_of_the_seed_are_offsets(seed_text):
    spans = token_offsets(seed_text)
    assert [seed_text[s:e] for s, e in spans] == simple_word_tokenize(seed_text)
    assert all(seed_text[s:e].strip() == seed_text[s:e] for s, e in spans)


def test_sentences_split_on_arabic_and_latin_punctuation():
    text = "قال الوزير إن النمو بلغ 3.5 في المئة. هل ستنجح الخطة؟ نعم! الجلسة مؤجلة؛ والسبب مجهول\nسطر جديد"
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == [
        "قال الوزير إن النمو بلغ 3.5 في المئة.",
        "هل ستنجح الخطة؟",
        "نعم!",
        "الجلسة مؤجلة؛",
        "والسبب مجهول",
        "سطر جديد",
    ]


def test_sentences_keep_quotes_and_abbreviations_whole():
    text = 'وقال د. أحمد إن "الحل سياسي. ولا بديل". ثم غادر. وذكرت «الوكالة. الرسمية» الخبر.'
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == ['وقال د. أحمد إن "الحل سياسي. ولا بديل".', "ثم غادر.", "وذكرت «الوكالة. الرسمية» الخبر."]


def test_sentence_length_is_bounded_without_punctuation():
    text = "كلمة " * 5000
    spans = sentence_spans(text, max_chars=2000)
    assert all(e - s <= 2000 for s, e in spans)
    assert "".join(text[s:e] + " " for s, e in spans).split() == text.split()
    solid = "ب" * 10_000
    assert sum(e - s for s, e in sentence_spans(solid, max_chars=2000)) == 10_000


def test_seed_sentences(seed_text):
    spans = sentence_spans(seed_text)
    assert seed_text[spans[0][0] : spans[0][1]] == "دمشق - نورا خوام"
    assert all(seed_text[s:e].strip() for s, e in spans)
    assert len(spans) == 20
