"""One input item to one Document: read it (in the worker that processes it),
run the pipeline, and turn any failure into an error entry, so no engine
(process pool, Dask) ever loses a document to one bad input or one bug."""

from __future__ import annotations

import gc
import traceback

from newsx.dates.expressions import parse_date
from newsx.io.read import InputItem, read_item_text
from newsx.pipeline import Pipeline
from newsx.text.document import Document

FULL_COLLECTION_EVERY = 100  # middle-generation collections between two full ones (Python's default: 10)


def _document(item: InputItem) -> Document:
    doc = Document(item.text or "", id=item.id, source=item.source, meta=dict(item.meta), relpath=item.relpath)
    doc.errors.extend(item.errors)
    return doc


def prepare(pipeline: Pipeline) -> None:
    """Load the models before the first document and take them out of the
    garbage collector's sight (``gc.freeze``): they live as long as the
    process, yet every full collection would walk them again; in a process
    pool, frozen pages also stay shared after the fork. A full collection then
    waits for 100 middle-generation ones instead of 10: the pipeline makes
    little cyclic garbage, and full collections cost 0.4 s of a 300-article run.
    Process-wide settings: for the batch runner and workers, not a library call."""
    pipeline.load()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)


def process_item(pipeline: Pipeline, item: InputItem, debug: bool = False) -> Document:
    """Read (if needed) and process one item; never raises for bad input or a bug."""
    try:
        read_item_text(item)
        doc = _document(item)
        if item.date:
            doc.date = parse_date(item.date)
            doc.meta.setdefault("date", item.date)
        doc.date = doc.date or pipeline.date
        if item.text is not None:
            pipeline(doc)
        return doc
    except Exception as exc:  # a bug must not end the batch
        doc = _document(InputItem(item.id, item.source, text="", relpath=item.relpath, meta=item.meta,
                                  errors=item.errors))
        detail = traceback.format_exc() if debug else f"{type(exc).__name__}: {exc}"
        doc.add_error("internal", f"newsx failed on this input ({detail}); rerun with --debug and report it")
        doc.errors[-1]["severity"] = "error"
        return doc


def failed(doc: Document) -> bool:
    """Whether the document carries an error (not only warnings)."""
    return any(e.get("severity", "error") == "error" for e in doc.errors)
