"""The pipeline: small stages run in order over one Document.

segment -> tokenise -> dateline, once over the whole text; then, per part of a
long text (``newsx.parts``), recognise -> author -> link -> actors -> events.
Each stage (``newsx.stages``) reads the Document and adds its layer, and says
which; the order is checked when a Pipeline is built. Nothing here knows about
files or formats, so the library and the CLI run exactly the same code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from newsx import stages as st
from newsx.dates.expressions import parse_date
from newsx.entities.recognise import Recogniser
from newsx.names import DEFAULT_CODER, DEFAULT_NER
from newsx.parts import PART_CHARS, merge, part_ranges, part_view, renumber
from newsx.stages import Resources, Stage
from newsx.text.document import Document

PIPE_BATCH = 16  # documents run together by ``pipe`` and the batch runner: most of the batching gain, little memory

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
    extra: tuple[Stage, ...] = ()  # the caller's own stages, run after the built-in ones on each part
    resources: Resources | None = None  # what the stages load; by default the shipped models, on first use
    stages: tuple[Stage, ...] = field(init=False, repr=False)  # the per-part stages, in order

    def __post_init__(self) -> None:
        if self.resources is None:
            self.resources = Resources(self.ner, self.model, self.coder)
        part = [st.recognise, st.author, st.link, st.actors]
        if self.events:
            part += [st.events] if self.all_events else [st.events, st.asserted]
        if self.types is not None:
            part.append(_only_types(frozenset(self.types)))
        self.stages = (*part, *self.extra)
        st.check_order((*st.WHOLE_DOCUMENT, *self.stages))

    @property
    def recogniser(self) -> Recogniser:
        return self.load()

    def load(self) -> Recogniser:
        """Load the recogniser and the event coder now (they raise here if a model is missing)."""
        if self.events:
            self.coder_fn()
        return self.resources.recogniser

    def coder_fn(self) -> Callable[[Document], Document]:
        """The loaded event coder (to run it on documents another pipeline made)."""
        return self.resources.event_coder

    def __call__(self, doc: Document) -> Document:
        """Run every stage over ``doc`` (in place) and return it."""
        return self.run_many([doc])[0]

    def run_many(self, docs: list[Document]) -> list[Document]:
        """Run every stage over each of ``docs`` (in place), the ones of one
        part together, stage by stage (``run_stages_many``: the NER and the
        learned event coder decode all their sentences in one batch). Each
        document comes out as it would alone."""
        whole = []
        for doc in docs:
            self.prepare(doc)
            if len(doc.text) <= self.part_chars:
                whole.append(doc)
            else:
                for part in self.parts(doc):
                    merge(doc, part)
        st.run_stages_many(whole, self.stages, self.resources)
        return docs

    def pipe(self, docs: Iterable[Document], batch: int = PIPE_BATCH) -> Iterator[Document]:
        """Every document processed, in order, ``batch`` at a time (``run_many``):
        the fast way over many texts, holding one batch in memory."""
        held: list[Document] = []
        for doc in docs:
            held.append(doc)
            if len(held) == batch:
                yield from self.run_many(held)
                held = []
        yield from self.run_many(held)

    def prepare(self, doc: Document) -> Document:
        """The stages every part shares: segment, tokenise, find the dateline
        and the document's date (``parts`` runs the rest)."""
        return st.run_stages(doc, st.WHOLE_DOCUMENT, self.resources)

    def parts(self, doc: Document) -> Iterator[Document]:
        """The stages after ``prepare``, run on bounded parts of a prepared
        ``doc``: each part is yielded processed and renumbered, its
        offsets into ``doc.text`` (for streaming a huge text without holding
        every layer at once)."""
        actors = events = 0
        for first, end in part_ranges(doc, self.part_chars):
            part = st.run_stages(part_view(doc, first, end), self.stages, self.resources)
            renumber(part, first, actors, events)
            actors, events = actors + len(part.actors), events + len(part.events)
            yield part


def _only_types(wanted: frozenset[str]) -> Stage:
    """Keep only the entity types asked for, at the end: actors and events were built from every entity."""
    def only(doc: Document, res: Resources) -> None:
        doc.entities = [e for e in doc.entities if e.type in wanted]
    return Stage("types", only, frozenset({"entities", "actors"}), frozenset())


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
