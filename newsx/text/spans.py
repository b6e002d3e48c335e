"""Overlap look-ups over many spans in time that grows with the answer, not
with the document: stages ask "which spans touch start:end?" once per mention,
and a scan of every span each time made long documents cost the square of
their length.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Generic, Iterable, Iterator, Protocol, TypeVar


class _Span(Protocol):
    start: int
    end: int


S = TypeVar("S", bound=_Span)


class SpanIndex(Generic[S]):
    """Spans sorted by start; a query looks only at spans that start within
    the longest span's length before the query's start."""

    __slots__ = ("_spans", "_starts", "_longest")

    def __init__(self, spans: Iterable[S]) -> None:
        self._spans = sorted(spans, key=lambda s: s.start)
        self._starts = [s.start for s in self._spans]
        self._longest = max((s.end - s.start for s in self._spans), default=0)

    def overlapping(self, start: int, end: int) -> Iterator[S]:
        """Spans ``s`` with ``s.start < end and start < s.end``, in start order."""
        k = bisect_left(self._starts, start - self._longest)
        stop = bisect_left(self._starts, end)
        for s in self._spans[k:stop]:
            if s.end > start:
                yield s

    def __len__(self) -> int:
        return len(self._spans)
