"""One input item to one Document: read it (in the worker that processes it),
run the pipeline, and turn any failure into an error entry, so no engine
(process pool, Dask) ever loses a document to one bad input or one bug.

A text longer than one part can instead be opened for streaming: prepared
(segmented, tokenised) with its parts processed only as a writer takes them,
so its layers are never all in memory (``Writer.write_parts``)."""

from __future__ import annotations

import gc
import traceback
from typing import Iterator

from newsx.dates.expressions import parse_date
from newsx.io.read import InputItem, read_item_text
from newsx.io.record import failed
from newsx.io.signals import StopRequest
from newsx.pipeline import Pipeline
from newsx.text.document import Document

__all__ = ["failed", "open_item", "prepare", "process_item"]

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


def _internal_error(doc: Document, exc: Exception, debug: bool) -> None:
    """Record ``exc`` (being handled) as the document's error."""
    detail = traceback.format_exc() if debug else f"{type(exc).__name__}: {exc}"
    doc.add_error("internal", f"newsx failed on this input ({detail}); rerun with --debug and report it", "error")


def open_item(pipeline: Pipeline, item: InputItem, debug: bool = False, stream: bool = False,
              stop: StopRequest | None = None) -> tuple[Document, Iterator[Document] | None]:
    """Read (if needed) and process one item; never raises for bad input or a
    bug. With ``stream``, a text longer than ``pipeline.part_chars`` comes back
    prepared, with an iterator of its processed parts (else None), which ends
    early when ``stop`` records a signal."""
    try:
        read_item_text(item)
        doc = _document(item)
        if item.date:
            doc.date = parse_date(item.date)
            doc.meta.setdefault("date", item.date)
        doc.date = doc.date or pipeline.date
        if item.text is None:
            return doc, None
        if stream and len(doc.text) > pipeline.part_chars:
            return pipeline.prepare(doc), _guarded_parts(pipeline, doc, debug, stop or StopRequest())
        return pipeline(doc), None
    except Exception as exc:  # a bug must not end the batch
        doc = _document(InputItem(item.id, item.source, text="", relpath=item.relpath, meta=item.meta,
                                  errors=item.errors))
        _internal_error(doc, exc, debug)
        return doc, None


def _guarded_parts(pipeline: Pipeline, doc: Document, debug: bool, stop: StopRequest) -> Iterator[Document]:
    """``pipeline.parts(doc)``, ended by a failure or a signal (a 100 MB text
    takes half an hour) with an error on ``doc``: the parts already written
    stand, the record says it is incomplete, and ``--resume`` redoes it."""
    try:
        for part in pipeline.parts(doc):
            yield part
            done = part.sentences[-1].end
            if stop.signum and done < doc.sentences[-1].end:  # after the last part the document is whole
                doc.add_error("interrupted", f"stopped by {stop.name} after {done:,} of {len(doc.text):,} "
                                             "characters: this record holds only their entities and events", "error")
                return
    except Exception as exc:
        _internal_error(doc, exc, debug)


def process_item(pipeline: Pipeline, item: InputItem, debug: bool = False) -> Document:
    """Read (if needed) and process one whole item; never raises for bad input or a bug."""
    return open_item(pipeline, item, debug)[0]
