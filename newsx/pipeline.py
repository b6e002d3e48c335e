"""The pipeline: small stages run in order over one Document.

read -> segment -> tokenise -> dateline -> recognise -> link -> actors -> events. Each stage reads
the Document and adds its layer; nothing here knows about files or formats,
so the library and the CLI run exactly the same code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from newsx.actors.cluster import build_actors
from newsx.entities.dateline import find_dateline, mark_author, opening_date
from newsx.dates.expressions import parse_date
from newsx.parts import PART_CHARS, merge, part_ranges, part_view, renumber
from newsx.text.document import Document
from newsx.events.coder import DEFAULT_CODER, load_coder, number_events
from newsx.entities.link import link
from newsx.entities.recognise import Recogniser, load_recogniser, recognise
from newsx.names import DEFAULT_NER
from newsx.text.segment import segment
from newsx.text.tokenise import tokenise



@dataclass
class Pipeline:
    """A configured pipeline; build one and call it on many documents."""

    ner: str = DEFAULT_NER
    model: Path | None = None
    types: Iterable[str] | None = None
    events: bool = True
    date: dt.date | None = None  # document date for inputs that carry none
    coder: str = DEFAULT_CODER  # learned (the trained model) or rules
    all_events: bool = False  # keep events that are denied, planned, possible or background too
    part_chars: int = PART_CHARS  # longer documents run in parts of whole sentences (newsx.parts)
    _recogniser: Recogniser | None = field(default=None, init=False, repr=False)
    _coder: Callable[[Document], Document] | None = field(default=None, init=False, repr=False)

    @property
    def recogniser(self) -> Recogniser:
        return self.load()

    def load(self) -> Recogniser:
        """Load the recogniser and the event coder now (they raise here if a model is missing)."""
        if self._recogniser is None:
            self._recogniser = load_recogniser(self.ner, self.model)
        if self.events:
            self.coder_fn()
        return self._recogniser

    def coder_fn(self) -> Callable[[Document], Document]:
        """The loaded event coder (to run it on documents another pipeline made)."""
        if self._coder is None:
            self._coder = load_coder(self.coder)
        return self._coder

    def __call__(self, doc: Document) -> Document:
        """Run every stage over ``doc`` (in place) and return it."""
        self.prepare(doc)
        if len(doc.text) <= self.part_chars:
            return self._stages(doc, author=True)
        for part in self.parts(doc):
            merge(doc, part)
        return doc

    def prepare(self, doc: Document) -> Document:
        """The stages every part shares: segment, tokenise, find the dateline
        and the document's date (``parts`` runs the rest)."""
        segment(doc)
        tokenise(doc)
        doc.dateline = find_dateline(doc)
        doc.date = doc.date or opening_date(doc)
        return doc

    def parts(self, doc: Document) -> Iterator[Document]:
        """The stages after ``prepare``, run on bounded parts of a prepared
        ``doc``: each part is yielded processed and renumbered, its
        offsets into ``doc.text`` (for streaming a huge text without holding
        every layer at once)."""
        actors = events = 0
        for first, end in part_ranges(doc, self.part_chars):
            part = self._stages(part_view(doc, first, end), author=first == 0)
            renumber(part, first, actors, events)
            actors, events = actors + len(part.actors), events + len(part.events)
            yield part

    def _stages(self, doc: Document, author: bool) -> Document:
        """Recognise, link, cluster and code one document or part
        (``author``: it holds the dateline's author)."""
        recognise(doc, self.recogniser)
        if author:
            mark_author(doc)
        link(doc)
        build_actors(doc)
        if self.events:
            self.coder_fn()(doc)
            if not self.all_events:
                doc.events = [e for e in doc.events if e["status"] == "asserted"]
                number_events(doc)
        if self.types is not None:  # only what is written: actors and events were built from every entity
            wanted = set(self.types)
            doc.entities = [e for e in doc.entities if e.type in wanted]
        return doc


def extract(
    text: str,
    *,
    id: str = "",
    date: dt.date | str | None = None,
    ner: str = DEFAULT_NER,
    model: Path | None = None,
    coder: str = DEFAULT_CODER,
    all_events: bool = False,
) -> Document:
    """Process one text and return its Document: the library's front door."""
    doc = Document(text, id=id, source="<text>")
    doc.date = parse_date(date) if isinstance(date, str) else date
    return Pipeline(ner=ner, model=model, coder=coder, all_events=all_events)(doc)
