"""The pipeline's stages and the resources they share.

Each stage names the layers of the Document it reads (``requires``) and the
ones it adds (``provides``), as stanza's processors do; a pipeline checks the
order when it is built, so a stage placed before what it needs fails at once
with its name instead of deep inside a run. ``Resources`` owns everything the
stages load (gazetteer, recogniser, actor builder, event coder): loaded lazily,
once, and injectable, so a caller can hand in their own gazetteer or model.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from newsx.names import DEFAULT_CODER, DEFAULT_NER
from newsx.text.document import Document

if TYPE_CHECKING:
    from newsx.actors.cluster import ActorBuilder
    from newsx.entities.gazetteer import Gazetteer
    from newsx.entities.recognise import Recogniser

TEXT = "text"  # the layer every Document starts with


class PipelineError(ValueError):
    """Stages in an order that cannot run: one needs a layer no earlier stage adds."""


class Resources:
    """What the stages load, each part on first use. Pass any part to use it
    instead of the shipped one (``Resources(gazetteer=my_gazetteer)``)."""

    def __init__(self, ner: str = DEFAULT_NER, model: Path | None = None, coder: str = DEFAULT_CODER, *,
                 gazetteer: Gazetteer | None = None, recogniser: Recogniser | None = None,
                 event_coder: Callable[[Document], Document] | None = None) -> None:
        self.ner, self.model, self.coder = ner, model, coder
        self._gazetteer, self._recogniser, self._event_coder = gazetteer, recogniser, event_coder
        self._actors: ActorBuilder | None = None

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            from newsx.entities.gazetteer import Gazetteer

            self._gazetteer = Gazetteer.default()
        return self._gazetteer

    @property
    def recogniser(self) -> Recogniser:
        if self._recogniser is None:
            from newsx.entities.recognise import load_recogniser

            self._recogniser = load_recogniser(self.ner, self.model)
        return self._recogniser

    @property
    def actors(self) -> ActorBuilder:
        if self._actors is None:
            from newsx.actors.cluster import ActorBuilder

            self._actors = ActorBuilder(self.gazetteer)
        return self._actors

    @property
    def event_coder(self) -> Callable[[Document], Document]:
        if self._event_coder is None:
            from newsx.events.coder import load_coder

            self._event_coder = load_coder(self.coder)
        return self._event_coder


@dataclass(frozen=True)
class Stage:
    """One step over a Document: ``run(doc, resources)`` reads ``requires`` and adds ``provides``."""

    name: str
    run: Callable[[Document, Resources], Any]
    requires: frozenset[str] = frozenset()
    provides: frozenset[str] = frozenset()
    run_many: Callable[[list[Document], Resources], Any] | None = None  # the same over several documents at once

    def many(self, run_many: Callable[[list[Document], Resources], Any]) -> Stage:
        """This stage with ``run_many`` (decorator): for a stage whose work is
        cheaper in batches (numpy's per-call cost paid once a batch, not once a document)."""
        return replace(self, run_many=run_many)


def stage(name: str, requires: Iterable[str] = (), provides: Iterable[str] = ()):
    """Decorator: make a ``(doc, resources)`` function a Stage."""
    def wrap(run: Callable[[Document, Resources], Any]) -> Stage:
        return Stage(name, run, frozenset(requires), frozenset(provides))
    return wrap


def check_order(stages: Iterable[Stage], given: Iterable[str] = (TEXT,)) -> frozenset[str]:
    """The layers the stages leave, in order; raises PipelineError naming the
    first stage whose needs no earlier stage (or ``given``) provides."""
    have = set(given)
    for s in stages:
        missing = s.requires - have
        if missing:
            raise PipelineError(f"stage {s.name!r} needs {', '.join(sorted(missing))}, which no stage before it "
                                f"adds (it has: {', '.join(sorted(have))}); move it later or add that stage")
        have |= s.provides
    return frozenset(have)


def run_stages(doc: Document, stages: Iterable[Stage], resources: Resources) -> Document:
    return run_stages_many([doc], stages, resources)[0]


def run_stages_many(docs: list[Document], stages: Iterable[Stage], resources: Resources) -> list[Document]:
    """``run_stages`` over several documents: each stage over all of them
    before the next, with its ``run_many`` where it has one. Each document
    gets the same layers as alone (tests check it)."""
    for s in stages:
        if s.run_many is not None:
            s.run_many(docs, resources)
        else:
            for doc in docs:
                s.run(doc, resources)
    return docs


# -- the built-in stages ----------------------------------------------------------

@stage("segment", requires=[TEXT], provides=["sentences"])
def segment(doc: Document, res: Resources) -> None:
    from newsx.text.segment import segment

    segment(doc)


@stage("tokenise", requires=["sentences"], provides=["tokens", "norms"])
def tokenise(doc: Document, res: Resources) -> None:
    from newsx.text.tokenise import tokenise

    tokenise(doc)


@stage("dateline", requires=["tokens"], provides=["dateline", "date"])
def dateline(doc: Document, res: Resources) -> None:
    """The opening dateline, and the document's date from it when none was given."""
    from newsx.entities.dateline import find_dateline, opening_date

    doc.dateline = find_dateline(doc, res.gazetteer)
    doc.date = doc.date or opening_date(doc)


@stage("recognise", requires=["tokens", "norms"], provides=["entities"])
def recognise(doc: Document, res: Resources) -> None:
    from newsx.entities.recognise import recognise

    recognise(doc, res.recogniser, res.gazetteer)


@recognise.many
def recognise(docs: list[Document], res: Resources) -> None:
    from newsx.entities.recognise import recognise_many

    recognise_many(docs, res.recogniser, res.gazetteer)


@stage("author", requires=["entities", "dateline"], provides=["entities"])
def author(doc: Document, res: Resources) -> None:
    """The byline's author as a person (in the part that holds the dateline)."""
    from newsx.entities.dateline import mark_author

    mark_author(doc)


@stage("link", requires=["entities"], provides=["links"])
def link(doc: Document, res: Resources) -> None:
    from newsx.entities.link import link

    link(doc, res.gazetteer)


@stage("actors", requires=["entities", "links", "norms"], provides=["actors"])
def actors(doc: Document, res: Resources) -> None:
    res.actors(doc)


@stage("events", requires=["actors", "norms", "date", "dateline"], provides=["events"])
def events(doc: Document, res: Resources) -> None:
    res.event_coder(doc)


@events.many
def events(docs: list[Document], res: Resources) -> None:
    """With a coder that codes several documents at once (``code_many``: the
    learned coder decodes all their sentences together), else one by one."""
    code_many = getattr(res.event_coder, "code_many", None)
    if code_many is None:
        for doc in docs:
            res.event_coder(doc)
    else:
        code_many(docs)


@stage("asserted", requires=["events"], provides=["events"])
def asserted(doc: Document, res: Resources) -> None:
    """Only the events the text asserts happened (the default output)."""
    from newsx.events.coder import number_events

    doc.events = [e for e in doc.events if e.status == "asserted"]
    number_events(doc)


WHOLE_DOCUMENT = (segment, tokenise, dateline)  # run once over a whole text, however long
