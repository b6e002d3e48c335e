"""The output record: one JSON-ready dict per document (the shape the JSON
Schema in ``newsx/schema/record.schema.json`` publishes), and one per entity
for ``--records entities|actors|events``."""

from __future__ import annotations

from typing import Any, Iterator

from newsx import __version__
from newsx.text.document import Document


def document_record(doc: Document) -> dict[str, Any]:
    """The full record of a processed document."""
    return {
        "id": doc.id,
        "source": doc.source,
        "newsx": __version__,
        "date": doc.date.isoformat() if doc.date else None,
        "meta": {**doc.meta, "dateline": doc.dateline.to_record()} if doc.dateline else doc.meta,
        "stats": {"chars": len(doc.text), "sentences": len(doc.sentences), "tokens": len(doc)},
        "entities": [e.to_record() for e in doc.entities],
        "actors": [a.to_record() for a in doc.actors],
        "events": [e.to_record() for e in doc.events],
        "errors": doc.errors,
    }


def event_records(doc: Document) -> Iterator[dict[str, Any]]:
    """One record per event, carrying its document's id."""
    for event in doc.events:
        yield {"doc_id": doc.id, **event.to_record()}


def actor_records(doc: Document) -> Iterator[dict[str, Any]]:
    """One record per actor, carrying its document's id."""
    for actor in doc.actors:
        yield {"doc_id": doc.id, **actor.to_record()}


def entity_records(doc: Document) -> Iterator[dict[str, Any]]:
    """One flat record per entity, carrying its document's id."""
    for ent in doc.entities:
        yield {"doc_id": doc.id, **ent.to_record()}
