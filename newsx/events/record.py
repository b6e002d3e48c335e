"""An event and its parts as typed values, each a span into the document's text.

Both coders build these, every later stage (parts, writers, evaluation, the
HTML view) reads their attributes, and ``to_record()`` gives the published JSON
shape (``newsx/schema/record.schema.json``) in one place. Field order is the
record's key order.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(slots=True)
class Span:
    """Text at ``start:end`` of the document."""

    text: str
    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(slots=True)
class Argument(Span):
    """A source or target: the phrase that names it and its actor's codes
    (``actor`` is the actor's id in the same document)."""

    actor: int
    canonical: str | None
    code: str | None
    country: str | None
    role: str | None


@dataclass(slots=True)
class Place(Span):
    """Where the event happened: a GPE/LOC mention, its canonical name and country."""

    canonical: str | None
    country: str | None


@dataclass(slots=True)
class EventDate(Span):
    """The date expression nearest the trigger, resolved against the document's date."""

    resolved: str | None
    granularity: str | None


@dataclass(slots=True)
class Event:
    """Who did what to whom, where and when: one PLOVER/CAMEO-coded event."""

    id: str
    type: str  # PLOVER type (newsx/data/events/types.tsv)
    cameo: str
    quad_class: int
    mode: str | None
    negated: bool
    modality: str  # asserted, planned or possible
    status: str  # asserted, negated, planned, possible or background (docs/annotation.md)
    reported: bool
    trigger: Span
    source: Argument | None
    target: Argument | None
    location: Place | None
    date: EventDate | None
    sentence: int
    score: float | None
    evidence: str  # the sentence the event was coded from

    def to_record(self) -> dict[str, Any]:
        """The JSON-ready record (nested spans as objects, absent parts as null)."""
        return _as_record(self)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _as_record(obj: Event | Span) -> dict[str, Any]:
    """``dataclasses.asdict`` for these records, whose fields are scalars or
    spans: the same dict without its generic walk and deep copies (a third of
    writing a record)."""
    names = _FIELDS.get(type(obj))
    if names is None:
        names = _FIELDS[type(obj)] = tuple(f.name for f in fields(obj))
    out = {}
    for name in names:
        value = getattr(obj, name)
        out[name] = _as_record(value) if isinstance(value, Span) else value
    return out
