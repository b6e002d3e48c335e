"""Choosing and running an entity recogniser.

Every recogniser is a callable ``(Document) -> list[Entity]`` with a ``name``;
they are imported only when chosen, so the heavy optional backends (torch,
stanza) never load on the default path.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Callable, Protocol

from newsx.document import Document, Entity


class Recogniser(Protocol):
    name: str

    def __call__(self, doc: Document) -> list[Entity]: ...


def _gazetteer(model: Path | None) -> Recogniser:
    from newsx.gazetteer import GazetteerRecogniser

    return GazetteerRecogniser()


def _model(model: Path | None) -> Recogniser:
    from newsx.ner.tagger import ModelRecogniser, NerModel

    return ModelRecogniser(NerModel(model)) if model else ModelRecogniser()


def _camel(model: Path | None) -> Recogniser:
    from newsx.backends.camel import CamelRecogniser

    return CamelRecogniser(model)


def _stanza(model: Path | None) -> Recogniser:
    from newsx.backends.stanza_ner import StanzaRecogniser

    return StanzaRecogniser(model)


RECOGNISERS: dict[str, Callable[[Path | None], Recogniser]] = {
    "model": _model,
    "gazetteer": _gazetteer,
    "camel": _camel,
    "stanza": _stanza,
}


def load_recogniser(name: str = "model", model: Path | None = None) -> Recogniser:
    """The recogniser called ``name``, loading its model from ``model`` if given."""
    try:
        factory = RECOGNISERS[name]
    except KeyError:
        raise ValueError(f"unknown recogniser {name!r}; choose one of: {', '.join(RECOGNISERS)}") from None
    return factory(model)


def _trim(doc: Document, ent: Entity) -> Entity:
    """Drop format controls (U+200F, U+202B ...) and spaces at a span's edges:
    tokens keep them, an entity's text should not."""
    start, end = ent.start, ent.end
    while start < end and (unicodedata.category(doc.text[start]) == "Cf" or doc.text[start].isspace()):
        start += 1
    while end > start and (unicodedata.category(doc.text[end - 1]) == "Cf" or doc.text[end - 1].isspace()):
        end -= 1
    if (start, end) != (ent.start, ent.end):
        ent.start, ent.end, ent.text = start, end, doc.text[start:end]
    return ent


def recognise(doc: Document, recogniser: Recogniser) -> Document:
    """Add the recogniser's entities to ``doc``, in text order, without overlaps."""
    found = [_trim(doc, e) for e in recogniser(doc)]
    found = sorted((e for e in found if e.end > e.start), key=lambda e: (e.start, -(e.end - e.start)))
    kept: list[Entity] = []
    for ent in found:
        if kept and ent.start < kept[-1].end:
            continue
        kept.append(ent)
    doc.entities.extend(kept)
    return doc
