"""The output record: one JSON-ready dict per document (the shape the JSON
Schema in ``newsx/schema/record.schema.json`` publishes), and one per entity
for ``--records entities|actors|events``."""

from __future__ import annotations

from typing import Any, Iterator

from newsx import __version__
from newsx.text.document import DEFAULT_SEVERITY, Document


LAYERS = ("entities", "actors", "events")  # a record's lists, in order, between its head and its errors


def record_head(doc: Document) -> dict[str, Any]:
    """The fields of a document record before its layers (all known once the
    document is prepared, before any part is processed)."""
    return {
        "id": doc.id,
        "source": doc.source,
        "newsx": __version__,
        "date": doc.date.isoformat() if doc.date else None,
        "meta": {**doc.meta, "dateline": doc.dateline.to_record()} if doc.dateline else doc.meta,
        "stats": {"chars": len(doc.text), "sentences": len(doc.sentences), "tokens": len(doc)},
    }


def layer_records(doc: Document, layer: str) -> Iterator[dict[str, Any]]:
    """The JSON-ready items of one of ``LAYERS`` of a document (or a part)."""
    items: list[Any] = getattr(doc, layer)
    return (item.to_record() for item in items)


def document_record(doc: Document) -> dict[str, Any]:
    """The full record of a processed document."""
    rec = record_head(doc)
    for layer in LAYERS:
        rec[layer] = list(layer_records(doc, layer))
    rec["errors"] = doc.errors
    return rec


def failed(doc: Document) -> bool:
    """Whether the document carries an error (not only warnings)."""
    return any(e.get("severity", DEFAULT_SEVERITY) == "error" for e in doc.errors)


def item_records(doc: Document, layer: str) -> Iterator[dict[str, Any]]:
    """One flat record per item of one of ``LAYERS``, carrying its document's id
    (``--records entities|actors|events``)."""
    for rec in layer_records(doc, layer):
        yield {"doc_id": doc.id, **rec}
