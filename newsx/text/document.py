"""The one data model: a Document owns the original text; everything else is a
span into it with character offsets (as spaCy's Doc/Span).

Tokens are stored as two integer arrays rather than objects, so a document of
millions of tokens stays small in memory; ``Token`` objects are made on demand.
"""

from __future__ import annotations

import datetime as _dt
from array import array
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator, Sequence

if TYPE_CHECKING:  # later stages' types: the text layer imports none of them at run time
    from newsx.actors.cluster import Actor
    from newsx.events.record import Event



@dataclass(slots=True)
class Token:
    """A token view: offsets into ``Document.text``."""

    i: int
    start: int
    end: int
    text: str
    norm: str  # the normalised form the tokeniser stored (``Document.norms``)


@dataclass(slots=True)
class Sentence:
    """A sentence: character span plus the range of token indices it holds."""

    start: int
    end: int
    token_start: int = 0
    token_end: int = 0


@dataclass(slots=True)
class Entity:
    """A named-entity mention. ``text`` is always ``doc.text[start:end]``."""

    start: int
    end: int
    type: str
    text: str
    sentence: int = 0
    score: float = 1.0
    found_by: str = ""
    canonical: str | None = None
    # filled by linking / actors: gazetteer ids, codes, cluster
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        """The entity's JSON-ready record, its linking attributes last."""
        return {"text": self.text, "type": self.type, "start": self.start, "end": self.end,
                "sentence": self.sentence, "canonical": self.canonical, "score": round(self.score, 4),
                "found_by": self.found_by, **self.attrs}


# an error record that names no severity (Document.add_error's) is an error: one default for every reader
DEFAULT_SEVERITY = "error"


@dataclass
class DatelineSpan:
    """One field of a dateline: its text and offsets, and what it resolved to
    (a place's canonical name and country, a date's ISO form)."""

    text: str
    start: int
    end: int
    resolved: dict[str, Any] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, **self.resolved}


@dataclass
class Dateline:
    """The dateline an article opens with (``دمشق (أ ف ب) - نورا خوام``) and the
    full date in its opening lines: written to the record's ``meta``."""

    place: DatelineSpan | None = None
    agency: DatelineSpan | None = None
    author: DatelineSpan | None = None
    date: DatelineSpan | None = None  # the publication stamp: no event's own date

    def to_record(self) -> dict[str, Any]:
        fields = (("place", self.place), ("agency", self.agency), ("author", self.author), ("date", self.date))
        return {name: span.to_record() for name, span in fields if span is not None}


@dataclass
class Document:
    """Original text plus every layer the pipeline adds to it."""

    text: str
    id: str = ""
    source: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    date: _dt.date | None = None
    dateline: Dateline | None = None
    sentences: list[Sentence] = field(default_factory=list)
    token_starts: array = field(default_factory=lambda: array("q"))
    token_ends: array = field(default_factory=lambda: array("q"))
    # each token's normalised form, filled once by the tokeniser (spaCy's NORM): rules and
    # models read it and never normalise a token again; equal forms share one string
    norms: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    relpath: str | None = None  # where the input sat under its folder (mirrored output)

    # -- tokens -----------------------------------------------------------
    def __len__(self) -> int:
        return len(self.token_starts)

    def token(self, i: int) -> Token:
        s, e = self.token_starts[i], self.token_ends[i]
        return Token(i, s, e, self.text[s:e], self.norms[i])

    @property
    def tokens(self) -> Sequence[Token]:
        return _TokenView(self)

    def token_texts(self, start: int = 0, end: int | None = None) -> list[str]:
        """Texts of tokens ``start:end`` (the hot path for taggers)."""
        text = self.text
        return [text[s:e] for s, e in zip(self.token_starts[start:end], self.token_ends[start:end])]

    def token_norms(self, start: int = 0, end: int | None = None) -> list[str]:
        """Normalised forms of tokens ``start:end``."""
        return self.norms[start:end]

    def sentence_tokens(self, s: Sentence) -> list[Token]:
        return [self.token(k) for k in range(s.token_start, s.token_end)]

    def add_error(self, code: str, message: str, severity: str | None = None) -> None:
        """Record a problem; without ``severity`` it reads as DEFAULT_SEVERITY."""
        self.errors.append({"code": code, "message": message} if severity is None
                           else {"code": code, "message": message, "severity": severity})

    def entity(self, start: int, end: int, type_: str, **kw: Any) -> Entity:
        """Make an entity over ``text[start:end]`` (the text is taken from the doc)."""
        return Entity(start, end, type_, self.text[start:end], **kw)


class _TokenView(Sequence[Token]):
    """Sequence of Token views over a document's offset arrays."""

    __slots__ = ("_doc",)

    def __init__(self, doc: Document) -> None:
        self._doc = doc

    def __len__(self) -> int:
        return len(self._doc.token_starts)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self._doc.token(k) for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        return self._doc.token(i)

    def __iter__(self) -> Iterator[Token]:
        for k in range(len(self)):
            yield self._doc.token(k)
