"""Property tests on random text weighted to what Arabic news archives hold:
letters, known names and event words, diacritics, tatweel, both kinds of
digits, punctuation and quotes, bidi controls, emoji, newlines; and JSON
lines with lone surrogate escapes. Whatever the text: no exception, every span
is its text's offsets, events point at the document's own actors, the record
validates against the JSON Schema, the output is deterministic, and a record
written part by part as the CLI streams a long document is the merged one.

The example count is modest for CI; ``benchmarks/bench_fuzz.py`` runs the
same properties with ``NEWSX_FUZZ_EXAMPLES=20000``.
"""

from __future__ import annotations

import io
import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema.protocols import Validator

from newsx.io.process import open_item, process_item
from newsx.io.read import InputItem, _item_from_json_line
from newsx.io.record import document_record
from newsx.io.write import open_writer, write_document
from newsx.pipeline import Pipeline
from newsx.text.document import Document

EXAMPLES = int(os.environ.get("NEWSX_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                derandomize=EXAMPLES <= 100)  # CI runs the same examples every time

LETTERS = [chr(c) for c in range(0x0621, 0x064B)]
MARKS = [chr(c) for c in range(0x064B, 0x0653)] + ["\u0640"]  # harakat, shadda, sukun; tatweel
DIGITS = list("0123456789") + [chr(c) for c in range(0x0660, 0x066A)]
PUNCT = list(".،؛؟!:-()[]\"'«»“”…,") + ["\u066b", "\u066c"]
BIDI = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2069", "\u200c", "\u200d"]
EMOJI = ["😀", "🇸🇾", "👍🏽", "❤️", "\U0001f525"]
SPACE = [" ", " ", " ", "\n", "\r\n", "\t", "\u00a0"]
WORDS = ["بوتين", "ماكرون", "موسكو", "سوريا", "دمشق", "التقى", "قتل", "هجوم", "الرئيس الروسي", "أمس", "وزير الخارجية",
         "سيرغي لافروف", "الجيش السوري", "تظاهر", "المتظاهرون", "في", "إن", "قال", "الأمم المتحدة", "عام 2003"]

_char = st.sampled_from(LETTERS * 6 + MARKS * 2 + DIGITS + PUNCT * 2 + BIDI + EMOJI + SPACE * 3)
_piece = st.one_of(st.lists(_char, min_size=1, max_size=12).map("".join), st.sampled_from(WORDS), st.sampled_from(SPACE + PUNCT))
arabic_news = st.lists(_piece, max_size=80).map(" ".join)

_PIPE = Pipeline()
_SMALL_PARTS = Pipeline(part_chars=120)  # long-document path on short text: parts merged into one record


def _spans(rec: dict):
    """Every (start, end, text) span in a record."""
    for e in rec["entities"]:
        yield e
    for a in rec["actors"]:
        yield from a["mentions"]
        if a["place"]:
            yield a["place"]
    for ev in rec["events"]:
        yield ev["trigger"]
        yield from (ev[k] for k in ("source", "target", "location", "date") if ev[k])
    if "dateline" in rec["meta"]:
        yield from (v for v in rec["meta"]["dateline"].values() if isinstance(v, dict) and "start" in v)


def _check(text: str, pipe: Pipeline, validator: Validator) -> str:
    doc = pipe(Document(text, id="fuzz"))
    rec = document_record(doc)
    for span in _spans(rec):
        assert 0 <= span["start"] <= span["end"] <= len(text), span
        assert span["text"] == text[span["start"] : span["end"]], span
    actors = {a["id"] for a in rec["actors"]}
    assert len(actors) == len(rec["actors"])
    assert {e["cluster"] for e in rec["entities"]} <= actors
    for ev in rec["events"]:
        for arg in (ev["source"], ev["target"]):
            assert arg is None or arg["actor"] in actors, ev
        assert 0 <= ev["sentence"] < len(doc.sentences)
    validator.validate(rec)
    out = json.dumps(rec, ensure_ascii=False)
    out.encode("utf-8")  # writable as UTF-8
    return out


@FUZZ
@given(text=arabic_news)
def test_any_text_gives_a_valid_deterministic_record(text, record_validator):
    first = _check(text, _PIPE, record_validator)
    assert _check(text, _PIPE, record_validator) == first


@FUZZ
@given(text=arabic_news)
def test_any_text_in_parts_gives_a_valid_record(text, record_validator):
    merged = _check(text, _SMALL_PARTS, record_validator)
    doc, parts = open_item(_SMALL_PARTS, InputItem("fuzz", "", text=text), stream=True)
    out = io.StringIO()
    write_document(open_writer("jsonl", out), doc, parts)  # the CLI's path: each part written as it comes
    assert json.loads(out.getvalue()) == json.loads(merged)


@FUZZ
@given(text=st.lists(st.one_of(_piece, st.characters(categories=["Cs"])), max_size=40).map("".join))
def test_json_lines_with_lone_surrogates(text, record_validator):
    line = json.dumps({"id": "j", "text": text})  # lone surrogates become \udXXX escapes
    item = _item_from_json_line(line, 1, "in.jsonl", "in", "text", "id", "date", None)
    decoded = json.loads(line)["text"]  # a high then a low surrogate decode as one pair: not lone
    assert item.text is not None and len(item.text) == len(decoded)
    assert not any("\ud800" <= c <= "\udfff" for c in item.text)
    assert process_item(_PIPE, item).text == item.text
    _check(item.text, _PIPE, record_validator)
