"""The pipeline: small stages run in order over one Document.

read -> segment -> tokenise -> dateline -> recognise -> link -> actors -> events. Each stage reads
the Document and adds its layer; nothing here knows about files or formats,
so the library and the CLI run exactly the same code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from newsx.actors.cluster import build_actors
from newsx.entities.dateline import find_dateline, mark_author, opening_date
from newsx.dates.expressions import parse_date
from newsx.text.document import Document
from newsx.events.coder import code_events
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
    _recogniser: Recogniser | None = field(default=None, init=False, repr=False)

    @property
    def recogniser(self) -> Recogniser:
        return self.load()

    def load(self) -> Recogniser:
        """Load the recogniser now (it raises here if its model is missing)."""
        if self._recogniser is None:
            self._recogniser = load_recogniser(self.ner, self.model)
        return self._recogniser

    def __call__(self, doc: Document) -> Document:
        """Run every stage over ``doc`` (in place) and return it."""
        segment(doc)
        tokenise(doc)
        dateline = find_dateline(doc)
        if dateline:
            doc.meta["dateline"] = dateline
        doc.date = doc.date or opening_date(doc)
        recognise(doc, self.recogniser)
        mark_author(doc)
        link(doc)
        if self.types is not None:
            wanted = set(self.types)
            doc.entities = [e for e in doc.entities if e.type in wanted]
        build_actors(doc)
        if self.events:
            code_events(doc)
        return doc


def extract(
    text: str,
    *,
    id: str = "",
    date: dt.date | str | None = None,
    ner: str = DEFAULT_NER,
    model: Path | None = None,
) -> Document:
    """Process one text and return its Document: the library's front door."""
    doc = Document(text, id=id, source="<text>")
    doc.date = parse_date(date) if isinstance(date, str) else date
    return Pipeline(ner=ner, model=model)(doc)
