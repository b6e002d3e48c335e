"""The dateline an article may open with (``دمشق - نورا خوام``,
``بيروت (أ ف ب) -``): the place it was filed from and its author or agency.
It is the Document's typed ``dateline`` (written to the record's ``meta``)."""

from __future__ import annotations

import datetime as _dt
import regex

from newsx.dates.expressions import find_dates
from newsx.text.document import Dateline, DatelineSpan, Document
from newsx.entities.gazetteer import Gazetteer

_WORD = r"[\p{Arabic}\p{M}]+"
_DATELINE = regex.compile(
    rf"\A\s*(?P<place>{_WORD}(?:[ \u00a0]{_WORD}){{0,2}})[ \u00a0]*"
    rf"(?:\((?P<agency>[^()\n]{{1,40}})\)[ \u00a0]*)?[-–—][ \u00a0]*"
    rf"(?:(?P<author>{_WORD}(?:[ \u00a0]{_WORD}){{0,3}})[ \u00a0]*(?=\n|\Z))?"
)


def _span(doc: Document, m: regex.Match, group: str) -> DatelineSpan | None:
    if m.group(group) is None:
        return None
    s, e = m.span(group)
    return DatelineSpan(doc.text[s:e], s, e)


def find_dateline(doc: Document, gazetteer: Gazetteer | None = None) -> Dateline | None:
    """The dateline, or None when the text does not open with one.

    X must be a known place or be followed by an agency in brackets, so a
    headline such as ``ترامب - بوتين`` is not taken for a dateline."""
    m = _DATELINE.match(doc.text, 0, min(len(doc.text), 200))
    if not m:
        return None
    place = _span(doc, m, "place")
    assert place is not None
    entry = (gazetteer or Gazetteer.default()).lookup(place.text)
    if entry is not None and entry.type in ("GPE", "LOC"):
        place.resolved = {"canonical": entry.canonical or None, "country": entry.country or None}
    elif m.group("agency") is None:
        return None
    return Dateline(place, _span(doc, m, "agency"), _span(doc, m, "author"))


def opening_date(doc: Document) -> _dt.date | None:
    """A full date (day, month and year) in the opening lines (``القاهرة - 26
    نوفمبر 2019``), to resolve relative dates when no date was given. Its span
    goes into ``doc.dateline.date`` so that events do not take the publication
    stamp for their own date."""
    for mention in find_dates(doc.text, None, 0, min(len(doc.text), 200)):
        if mention.granularity == "day" and mention.resolved:
            doc.dateline = doc.dateline or Dateline()
            doc.dateline.date = DatelineSpan(mention.text, mention.start, mention.end, {"resolved": mention.resolved})
            return _dt.date.fromisoformat(mention.resolved)
    return None


def mark_author(doc: Document) -> Document:
    """The dateline's author is a person: one PER entity over the name, in
    place of whatever a recogniser made of it (نورا as an ORG)."""
    author = doc.dateline.author if doc.dateline else None
    if author is None or not doc.sentences or not doc.sentences[0].start <= author.start < doc.sentences[-1].end:
        return doc  # no byline, or it lies in another part of a long text
    start, end = author.start, author.end
    doc.entities = [e for e in doc.entities if e.end <= start or e.start >= end]
    doc.entities.append(doc.entity(start, end, "PER", sentence=0, score=0.9, found_by="dateline"))
    doc.entities.sort(key=lambda e: e.start)
    return doc
