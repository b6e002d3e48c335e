"""One input item to one Document: read it (in the worker that processes it),
run the pipeline, and turn any failure into an error entry, so no engine
(process pool, Dask) ever loses a document to one bad input or one bug.

A text longer than one part can instead be opened for streaming: prepared
(segmented, tokenised) with its parts processed only as a writer takes them,
so its layers are never all in memory (``Writer.write_parts``)."""

from __future__ import annotations

import gc
import traceback
from typing import Iterable, Iterator

from newsx.dates.expressions import parse_date
from newsx.io.read import InputItem, read_item_text
from newsx.io.record import failed
from newsx.io.signals import StopRequest
from newsx.pipeline import PIPE_BATCH, Pipeline
from newsx.text.document import Document

__all__ = ["failed", "open_item", "open_items", "prepare", "process_item"]

FULL_COLLECTION_EVERY = 100  # middle-generation collections between two full ones (Python's default: 10)
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters (malloc.h)
KEPT_FREE = 256 << 20  # free heap memory kept for reuse, not trimmed
HEAP_BLOCKS_UP_TO = 64 << 20  # blocks up to this size come from the heap, not from a fresh mapping
YOUNG_COLLECTION_AFTER = 50_000  # new objects before a young collection (Python's default: 700)


def _document(item: InputItem) -> Document:
    doc = Document(item.text or "", id=item.id, source=item.source, meta=dict(item.meta), relpath=item.relpath)
    doc.errors.extend(item.errors)
    return doc


def keep_freed_memory() -> None:
    """Ask glibc's malloc to keep freed memory for the next batch instead of
    handing it back to the system: each batch's numpy arrays (a few MB) were
    mapped, zero-filled page by page and unmapped again, a third of a
    300-article run's page faults (60,000 -> 42,000) and 0.1 s of its system
    time. A malloc without ``mallopt`` (not glibc) is left as it is."""
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(M_TRIM_THRESHOLD, KEPT_FREE)
    mallopt(M_MMAP_THRESHOLD, HEAP_BLOCKS_UP_TO)


def prepare(pipeline: Pipeline) -> None:
    """Load the models before the first document and take them out of the
    garbage collector's sight (``gc.freeze``): they live as long as the
    process, yet every full collection would walk them again; in a process
    pool, frozen pages also stay shared after the fork. A full collection then
    waits for 100 middle-generation ones instead of 10: the pipeline makes
    little cyclic garbage, and full collections cost 0.4 s of a 300-article run.
    For the same reason a young collection waits for 50,000 new objects instead
    of 700 (the collector's time on 300 articles 0.10 -> 0.05 s).
    Process-wide settings (with ``keep_freed_memory``): for the batch runner
    and workers, not a library call."""
    keep_freed_memory()
    pipeline.load()
    gc.freeze()
    _, middle, _ = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_AFTER, middle, FULL_COLLECTION_EVERY)


def _internal_error(doc: Document, exc: Exception, debug: bool) -> None:
    """Record ``exc`` (being handled) as the document's error."""
    detail = traceback.format_exc() if debug else f"{type(exc).__name__}: {exc}"
    doc.add_error("internal", f"newsx failed on this input ({detail}); rerun with --debug and report it", "error")


def _opened(pipeline: Pipeline, item: InputItem) -> Document:
    """The item read into a Document with its date, not yet processed."""
    read_item_text(item)
    doc = _document(item)
    if item.date:
        doc.date = parse_date(item.date)
        doc.meta.setdefault("date", item.date)
    doc.date = doc.date or pipeline.date
    return doc


def open_item(pipeline: Pipeline, item: InputItem, debug: bool = False, stream: bool = False,
              stop: StopRequest | None = None) -> tuple[Document, Iterator[Document] | None]:
    """Read (if needed) and process one item; never raises for bad input or a
    bug. With ``stream``, a text longer than ``pipeline.part_chars`` comes back
    prepared, with an iterator of its processed parts (else None), which ends
    early when ``stop`` records a signal."""
    try:
        doc = _opened(pipeline, item)
    except Exception as exc:  # a bug must not end the batch
        return _failure(item, exc, debug), None
    return _run_one(pipeline, item, doc, debug, stream, stop)


def open_items(pipeline: Pipeline, items: Iterable[InputItem], debug: bool = False, stream: bool = False,
               stop: StopRequest | None = None) -> Iterator[tuple[Document, Iterator[Document] | None]]:
    """``open_item`` over many items, in order, the ordinary texts among them
    processed ``PIPE_BATCH`` at a time (``Pipeline.run_many``). A batch that
    raises is redone item by item, so a bug stays with its own document; the
    rest (unreadable, streamed) go one by one, in their place."""
    held: list[tuple[InputItem, Document]] = []
    for item in items:
        alone = None  # an item that goes on its own, after the batch before it
        try:
            doc = _opened(pipeline, item)
        except Exception as exc:
            alone = _failure(item, exc, debug), None
        else:
            if item.text is None or stream and len(doc.text) > pipeline.part_chars:
                alone = _run_one(pipeline, item, doc, debug, stream, stop)
            else:
                held.append((item, doc))
                if len(held) < PIPE_BATCH:
                    continue
        yield from _run_batch(pipeline, held, debug)
        held = []
        if alone is not None:
            yield alone
    yield from _run_batch(pipeline, held, debug)


def _run_one(pipeline: Pipeline, item: InputItem, doc: Document, debug: bool, stream: bool,
             stop: StopRequest | None) -> tuple[Document, Iterator[Document] | None]:
    """``open_item`` for an item already opened as ``doc``."""
    try:
        if item.text is None:
            return doc, None
        if stream and len(doc.text) > pipeline.part_chars:
            return pipeline.prepare(doc), _guarded_parts(pipeline, doc, debug, stop or StopRequest())
        return pipeline(doc), None
    except Exception as exc:  # a bug must not end the batch
        return _failure(item, exc, debug), None


def _failure(item: InputItem, exc: Exception, debug: bool) -> Document:
    """The record of an item newsx failed on (called while ``exc`` is handled)."""
    doc = _document(InputItem(item.id, item.source, text="", relpath=item.relpath, meta=item.meta,
                              errors=item.errors))
    _internal_error(doc, exc, debug)
    return doc


def _run_batch(pipeline: Pipeline, held: list[tuple[InputItem, Document]],
               debug: bool) -> Iterator[tuple[Document, None]]:
    docs = [doc for _, doc in held]
    try:
        pipeline.run_many(docs)
    except Exception:  # find the document at fault: each one again, alone
        for item, _ in held:
            yield open_item(pipeline, item, debug)
        return
    for doc in docs:
        yield doc, None


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
