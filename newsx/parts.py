"""Very long documents (a transcript, a concatenated feed, a 100 MB file) run
in parts of whole sentences, so that every stage sees a bounded amount of text
and the cost per token stays the same at any size.

A part is a Document over the *same* text string with a range of the parent's
sentences, so every offset it produces is already an offset into the original
text; merging only renumbers sentences, actors and events. Actors are
clustered within a part (window clustering): a surname 100,000 characters away
from its full name is not joined to it.
"""

from __future__ import annotations

from typing import Iterator

from newsx.text.document import Document, Sentence

PART_CHARS = 100_000  # five times the longest of 6,340 bench articles: ordinary articles are one part


def part_ranges(doc: Document, max_chars: int = PART_CHARS) -> Iterator[tuple[int, int]]:
    """(first, end) sentence indices of consecutive parts of at most
    ``max_chars`` characters each (a sentence is never longer than that)."""
    first = 0
    for k, sent in enumerate(doc.sentences):
        if sent.end - doc.sentences[first].start > max_chars and k > first:
            yield first, k
            first = k
    if first < len(doc.sentences):
        yield first, len(doc.sentences)


def part_view(doc: Document, first: int, end: int) -> Document:
    """A Document over sentences ``first:end`` of a segmented, tokenised ``doc``
    (sharing its text, date, dateline and meta)."""
    sents = doc.sentences[first:end]
    t0, t1 = sents[0].token_start, sents[-1].token_end
    part = Document(doc.text, id=doc.id, source=doc.source, meta=doc.meta, date=doc.date,
                    dateline=doc.dateline, relpath=doc.relpath)
    part.sentences = [Sentence(s.start, s.end, s.token_start - t0, s.token_end - t0) for s in sents]
    part.token_starts, part.token_ends = doc.token_starts[t0:t1], doc.token_ends[t0:t1]
    part.norms = doc.norms[t0:t1]
    return part


def renumber(part: Document, first: int, actors_before: int, events_before: int) -> Document:
    """Shift a processed part's sentence indices by ``first`` and its actor and
    event numbers past those of the parts before it."""
    for ent in part.entities:
        ent.sentence += first
    for actor in part.actors:
        actor.id += actors_before
        for m in actor.mentions:
            m.sentence += first
            if m.entity is not None:
                m.entity.attrs["cluster"] = actor.id
    shifted: set[int] = set()  # an argument record may be shared (an attack's source lent to a killing)
    for ev in part.events:
        prefix, n = ev.id.rsplit("e", 1)
        ev.id = f"{prefix}e{int(n) + events_before}"
        ev.sentence += first
        for arg in (ev.source, ev.target):
            if arg is not None and id(arg) not in shifted:
                shifted.add(id(arg))
                arg.actor += actors_before
    return part


def merge(doc: Document, part: Document) -> None:
    """Append a renumbered part's layers to ``doc``."""
    doc.entities.extend(part.entities)
    doc.actors.extend(part.actors)
    doc.events.extend(part.events)
    merge_errors(doc, part)


def merge_errors(doc: Document, part: Document) -> None:
    """Add a part's errors that ``doc`` does not hold yet (a part written as it
    comes leaves only these on the document)."""
    doc.errors.extend(e for e in part.errors if e not in doc.errors)
