"""newsx on a Dask cluster (the ``dask`` extra: ``pip install 'newsx[dask]'``).

Work goes to the workers in batches of documents (one task per batch, not per
tiny file); each worker process builds the pipeline once and keeps it for
every later batch. Results come back in input order with only a bounded
number of batches in flight, so the client never holds the corpus. A worker
that dies mid-batch is replaced by Dask, which reruns the batch elsewhere:
each batch is a pure function of its inputs, so no document is lost or doubled.

Workers read input files themselves: with a remote cluster the inputs must be
on a file system the workers share (as on SLURM with dask-jobqueue).

    from newsx.dask import extract_bag
    records = extract_bag(dask.bag.from_sequence(texts), records="events").compute()
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from distributed import Client, Future, LocalCluster, wait

from newsx.io.process import open_items, prepare
from newsx.io.read import InputItem
from newsx.io.record import LAYERS, document_record, item_records
from newsx.pipeline import Pipeline
from newsx.text.document import Document

BATCH_SIZE = 16


@dataclass(frozen=True)
class PipelineSpec:
    """What a worker needs to build the same pipeline (not the loaded models)."""

    ner: str
    model: str | None
    types: tuple[str, ...] | None
    events: bool
    date: str | None

    @classmethod
    def of(cls, p: Pipeline) -> "PipelineSpec":
        return cls(p.ner, str(p.model) if p.model else None, tuple(sorted(p.types)) if p.types is not None else None,
                   p.events, p.date.isoformat() if p.date else None)

    def build(self) -> Pipeline:
        import datetime as dt

        return Pipeline(ner=self.ner, model=Path(self.model) if self.model else None, types=self.types,
                        events=self.events, date=dt.date.fromisoformat(self.date) if self.date else None)


_PIPELINES: dict[PipelineSpec, Pipeline] = {}  # per worker process: models load once


def worker_pipeline(spec: PipelineSpec) -> Pipeline:
    """This worker's pipeline for ``spec``, built and loaded on first use."""
    if spec not in _PIPELINES:
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        pipeline = spec.build()
        prepare(pipeline)
        _PIPELINES[spec] = pipeline
    return _PIPELINES[spec]


def process_batch(spec: PipelineSpec, items: list[InputItem], debug: bool = False) -> list[Document]:
    """The task run on a worker: one batch of items to Documents."""
    pipeline = worker_pipeline(spec)
    return [doc for doc, _ in open_items(pipeline, items, debug)]


def _failed_batch(items: list[InputItem], exc: BaseException) -> list[Document]:
    """Documents that say why their batch never came back (a worker died on it
    too often): the run goes on, and the records name the problem."""
    docs = []
    for item in items:
        doc = Document("", id=item.id, source=item.source, meta=dict(item.meta), relpath=item.relpath)
        doc.add_error("dask", f"the Dask task for this input failed ({type(exc).__name__}: {exc}); "
                              "check the workers' logs and rerun with --resume")
        docs.append(doc)
    return docs


@contextmanager
def connect(scheduler: str | None = None, workers: int = 1) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a local cluster of
    ``workers`` single-threaded processes on 127.0.0.1 (closed afterwards)."""
    if scheduler:
        try:
            client = Client(scheduler)  # waits distributed.comm.timeouts.connect (Dask's config; 30 s)
        except OSError as exc:
            raise ConnectionError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); start it "
                                  "(dask scheduler) or check --scheduler") from exc
        with client:
            yield client
        return
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # inherited by the worker processes
    with _workers_ignore_ctrl_c():
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
    with cluster, Client(cluster) as client:
        yield client


@contextmanager
def _workers_ignore_ctrl_c() -> Iterator[None]:
    """Start local workers with SIGINT ignored (they inherit it): a terminal's
    Ctrl-C reaches the whole process group, and stopping is the client's job."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def process_stream(
    items: Iterable[InputItem], pipeline: Pipeline, scheduler: str | None = None, workers: int = 1,
    debug: bool = False, batch_size: int = BATCH_SIZE, client: Client | None = None,
    stopping: Callable[[], bool] = lambda: False,
) -> Iterator[Document]:
    """Processed documents in input order, computed on a Dask cluster (``client``,
    or one connected to ``scheduler``, or a local one of ``workers`` processes).
    Ends early once ``stopping()`` is true, even while no worker answers (a
    Ctrl-C reaches a local cluster's workers too)."""
    if client is None:
        with connect(scheduler, workers) as own:
            yield from process_stream(items, pipeline, debug=debug, batch_size=batch_size, client=own,
                                      stopping=stopping)
        return
    spec = PipelineSpec.of(pipeline)
    window = 2 * max(sum(client.nthreads().values()), 1)  # batches in flight: every thread busy, one queued
    batches = _chunks(items, batch_size)
    pending: deque[tuple[list[InputItem], Future]] = deque()
    try:
        while True:
            while len(pending) < window and (batch := next(batches, None)) is not None:
                pending.append((batch, client.submit(process_batch, spec, batch, debug, pure=False)))
            if not pending:
                return
            docs = _result(*pending.popleft(), stopping)
            if docs is None:
                return
            yield from docs
    finally:
        for _, future in pending:
            future.cancel()


def _result(batch: list[InputItem], future: Future, stopping: Callable[[], bool]) -> list[Document] | None:
    """The batch's documents, or None when the run is stopping first."""
    while not future.done():
        try:
            wait([future], timeout=0.5)
        except TimeoutError:
            if stopping():
                return None
    try:
        return future.result()
    except Exception as exc:
        return _failed_batch(batch, exc)


def _chunks(items: Iterable[InputItem], size: int) -> Iterator[list[InputItem]]:
    batch: list[InputItem] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _records_partition(texts: Iterable[str | Mapping[str, Any]], spec: PipelineSpec, records: str) -> list[dict]:
    pipeline = worker_pipeline(spec)
    items = []
    for n, value in enumerate(texts):
        fields = {"text": value} if isinstance(value, str) else dict(value)
        items.append(InputItem(str(fields.get("id", n)), "<bag>", text=fields.get("text") or "",
                               date=fields.get("date")))
    out: list[dict] = []
    for doc, _ in open_items(pipeline, items):
        out.extend(item_records(doc, records) if records in LAYERS else [document_record(doc)])
    return out


def extract_bag(texts: Any, *, records: str = "documents", pipeline: Pipeline | None = None) -> Any:
    """Map newsx over a ``dask.bag.Bag`` of texts (str) or dicts with ``text``
    and optional ``id`` and ``date``: a Bag of records (one per document, or
    per entity, actor or event with ``records``), for users with their own
    cluster code. Nothing runs until the bag is computed."""
    spec = PipelineSpec.of(pipeline or Pipeline())
    return texts.map_partitions(_records_partition, spec, records)
