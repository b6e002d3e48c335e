"""Long documents: overlap look-ups by index agree with the all-pairs scan
they replace, and a document run in parts gives one coherent record with
offsets into the original text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsx.pipeline import Pipeline
from newsx.text.document import Document, Sentence
from newsx.text.spans import SpanIndex

_spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda t: Sentence(t[0], t[0] + t[1])),
                  max_size=30)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(spans=_spans, query=st.tuples(st.integers(0, 70), st.integers(0, 15)))
def test_span_index_finds_exactly_the_overlapping_spans(spans, query):
    start, end = query[0], query[0] + query[1]
    found = list(SpanIndex(spans).overlapping(start, end))
    assert sorted(map(id, found)) == sorted(id(s) for s in spans if s.start < end and start < s.end)


def test_a_document_in_parts_matches_its_copies(seed_text):
    text = "\n\n".join([seed_text] * 3)
    doc = Pipeline(part_chars=len(seed_text) + 10)(Document(text, id="x3"))
    step = len(seed_text) + 2
    per_copy = [sorted((e.start - k * step, e.text, e.type) for e in doc.entities if k * step <= e.start < (k + 1) * step)
                for k in range(3)]
    assert per_copy[1] == per_copy[2] and len(per_copy[1]) > 20  # the second and third copy: same entities
    assert all(text[e.start : e.end] == e.text for e in doc.entities)
    assert [a.id for a in doc.actors] == list(range(1, len(doc.actors) + 1))
    ids = [ev.id for ev in doc.events]
    assert len(set(ids)) == len(ids) == len(doc.events) > 3 and ids[-1] == f"x3#e{len(ids)}"
    actors = {a.id: a for a in doc.actors}
    for ev in doc.events:
        for arg in (ev.source, ev.target):
            if arg is not None:  # the argument's actor is the one its mention belongs to
                assert any(m.start <= arg.end and arg.start <= m.end for m in actors[arg.actor].mentions)
        assert doc.sentences[ev.sentence].start <= ev.trigger.start < doc.sentences[ev.sentence].end
