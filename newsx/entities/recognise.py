"""Choosing and running an entity recogniser.

Every recogniser is a callable ``(Document) -> list[Entity]`` with a ``name``;
they are imported only when chosen, so the heavy optional backends (torch,
stanza) never load on the default path.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import Callable, Protocol

from newsx.text.document import Document, Entity
from newsx.text.spans import SpanIndex
from newsx.entities.gazetteer import Gazetteer, GazetteerRecogniser
from newsx.lang.ar.clitics import ARTICLE, clitic_splits, stem_offset
from newsx.lang.ar.normalise import normalise
from newsx.text.tokenise import TOKEN_RE


class Recogniser(Protocol):
    """A recogniser may also have ``many(docs) -> list[list[Entity]]``, to
    tag several documents at once (``recognise_many`` uses it)."""

    name: str

    def __call__(self, doc: Document) -> list[Entity]: ...


def _gazetteer(model: Path | None) -> Recogniser:
    return GazetteerRecogniser()


def _crf(model: Path | None) -> Recogniser:
    from newsx.entities.ner.tagger import ModelRecogniser, NerModel

    return ModelRecogniser(NerModel(model)) if model else ModelRecogniser()


def _neural(model: Path | None) -> Recogniser:
    from newsx.entities.ner.neural.runtime import NeuralModel, default_neural_model
    from newsx.entities.ner.tagger import ModelRecogniser

    return ModelRecogniser(NeuralModel(model) if model else default_neural_model())


def _torch_threads() -> None:
    """One torch thread unless OMP_NUM_THREADS says otherwise: torch's default
    (every core) is many times slower on small shared machines."""
    import torch

    torch.set_num_threads(max(1, int(os.environ.get("OMP_NUM_THREADS", "1") or 1)))


def _camel(model: Path | None) -> Recogniser:
    from newsx.entities.backends.camel import CamelRecogniser

    recogniser = CamelRecogniser(model)
    _torch_threads()
    return recogniser


def _stanza(model: Path | None) -> Recogniser:
    from newsx.entities.backends.stanza_ner import StanzaRecogniser

    recogniser = StanzaRecogniser(model)
    _torch_threads()
    return recogniser


DEFAULT_OWN = "crf"  # which of newsx's own models ``model`` names (BENCHMARKS.md: issue 13)

RECOGNISERS: dict[str, Callable[[Path | None], Recogniser]] = {
    "model": lambda model: RECOGNISERS[DEFAULT_OWN](model),
    "crf": _crf,
    "neural": _neural,
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


def _with_known_names(doc: Document, found: list[Entity], gaz: Gazetteer) -> list[Entity]:
    """Merge a trained recogniser's mentions with the gazetteer's known names.

    A known name (not a title guess) replaces the mentions it overlaps: its
    boundaries are the gazetteer's (عبدالفتاح السيسي, not عبدالفتاح السيسي
    يواسي; ماكرون without the و of وماكرون). Its score is the model's where the
    model found it with the same type, else 0.7; names the model missed are
    added (found_by gazetteer)."""
    known = [e for e in GazetteerRecogniser(gaz)(doc) if e.found_by == "gazetteer"]
    if not known:
        return found
    known_at, found_at = SpanIndex(known), SpanIndex(found)
    kept = [ent for ent in found if next(known_at.overlapping(ent.start, ent.end), None) is None]
    for k in known:
        same = [e for e in found_at.overlapping(k.start, k.end) if e.type == k.type]
        k.score = max((e.score for e in same), default=0.7)
        k.found_by = "model+gazetteer" if same else "gazetteer"
    return kept + known


def _drop_proclitic(doc: Document, ent: Entity, gaz: Gazetteer) -> Entity:
    """A trained model's span may start with a proclitic (وماكرون, لوزارة):
    leave it out when the rest is a word in its own right (it starts with the
    article, or the gazetteer or common news vocabulary knows it)."""
    first_token = TOKEN_RE.search(doc.text, ent.start, ent.end)
    if first_token is None:
        return ent
    s0, e0 = first_token.span()
    first = doc.text[s0:e0]
    for plen, stem in clitic_splits(normalise(first), False)[1:]:
        if stem.startswith(ARTICLE) or gaz.starts_name(stem) or stem in gaz.common_words:
            ent.start = s0 + stem_offset(first, plen)
            ent.text = doc.text[ent.start : ent.end]
            break
    return ent


def recognise(doc: Document, recogniser: Recogniser, gazetteer: Gazetteer | None = None) -> Document:
    """Add the recogniser's entities to ``doc``, in text order, without overlaps
    (with a trained recogniser, known names from the gazetteer merged in)."""
    return recognise_many([doc], recogniser, gazetteer)[0]


def recognise_many(docs: list[Document], recogniser: Recogniser,
                   gazetteer: Gazetteer | None = None) -> list[Document]:
    """``recognise`` over several documents, tagged together by a recogniser
    that can (``many``: the CRF decodes all their sentences in one batch)."""
    many = getattr(recogniser, "many", None)
    found_in = many(docs) if many is not None else [recogniser(doc) for doc in docs]
    for doc, found in zip(docs, found_in):
        _add_entities(doc, found, recogniser.name, gazetteer)
    return docs


def _add_entities(doc: Document, found: list[Entity], name: str, gazetteer: Gazetteer | None) -> None:
    if name != "gazetteer":
        gaz = gazetteer or Gazetteer.default()
        found = [_drop_proclitic(doc, e, gaz) for e in found]
        found = _with_known_names(doc, found, gaz)
    found = [_trim(doc, e) for e in found]
    found = sorted((e for e in found if e.end > e.start), key=lambda e: (e.start, -(e.end - e.start)))
    kept: list[Entity] = []
    for ent in found:
        if kept and ent.start < kept[-1].end:
            continue
        kept.append(ent)
    doc.entities.extend(kept)
