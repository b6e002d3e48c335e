"""Overlapping character spans turned into properly nested markup events.

HTML elements must nest, but a document's layers do not: an event's source
(الرئيس الروسي فلاديمير بوتين) crosses sentence-internal entities, and a
description mention holds a name. ``nest`` cuts a span that crosses the end of
an enclosing one into pieces, so every layer can be drawn and the page's text
stays exactly the document's text, in order.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Union


@dataclass(slots=True)
class Span:
    """A layer's span. ``rank`` orders spans with the same extent, outer first."""

    start: int
    end: int
    rank: int
    tag: str
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Open:
    """An element's opening: ``last`` is false for all but the final piece of a
    span that had to be cut (its label is drawn once, after the final piece)."""

    tag: str
    attrs: dict[str, Any]
    last: bool


@dataclass(slots=True)
class Close:
    tag: str


Event = Union[str, Open, Close]


def nest(text: str, spans: Iterable[Span]) -> Iterator[Event]:
    """Text runs, ``Open`` and ``Close`` events covering ``text`` in order, nested.

    Spans are opened by (start, longest first, rank); one that would end after
    the element it is opened inside is cut at that element's end and its rest
    is queued again, so pieces never cross.
    """
    heap = [(s.start, -s.end, s.rank, k, s) for k, s in enumerate(spans) if s.end > s.start]
    heapq.heapify(heap)
    seq = len(heap)
    stack: list[Span] = []
    pos = 0
    while heap or stack:
        next_start = heap[0][0] if heap else len(text)
        if stack and stack[-1].end <= next_start:
            top = stack.pop()
            if top.end > pos:
                yield text[pos:top.end]
                pos = top.end
            yield Close(top.tag)
            continue
        if not heap:
            break
        start, _, rank, _, span = heapq.heappop(heap)
        if start > pos:
            yield text[pos:start]
            pos = start
        end = span.end
        if stack and end > stack[-1].end:
            end = stack[-1].end
            seq += 1
            rest = Span(end, span.end, span.rank, span.tag, span.attrs)
            heapq.heappush(heap, (end, -span.end, span.rank, seq, rest))
        stack.append(Span(start, end, rank, span.tag, span.attrs))
        yield Open(span.tag, span.attrs, last=end == span.end)
    if pos < len(text):
        yield text[pos:]
