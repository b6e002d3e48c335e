"""Running the pipeline over many inputs: in one process or a pool of workers,
in input order, with a progress bar on stderr, never stopping for one bad input,
and writing output files atomically (temporary file, then rename)."""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import tempfile
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, TextIO

from newsx.text.document import Document
from newsx.pipeline import Pipeline
from newsx.io.read import InputItem


@dataclass
class BatchStats:
    documents: int = 0
    failed: int = 0
    tokens: int = 0
    seconds: float = 0.0


_WORKER: Pipeline | None = None
_DEBUG = False


def _init_worker(pipeline: Pipeline, debug: bool) -> None:
    global _WORKER, _DEBUG
    _WORKER, _DEBUG = pipeline, debug


def _process(item: InputItem) -> Document:
    """Process one item in a worker; an unexpected failure becomes an error entry."""
    assert _WORKER is not None
    try:
        return _WORKER.process_item(item)
    except Exception as exc:  # a bug must not end the batch
        doc = Document("", id=item.id, source=item.source, meta=dict(item.meta))
        doc.errors.extend(item.errors)
        detail = traceback.format_exc() if _DEBUG else f"{type(exc).__name__}: {exc}"
        doc.add_error("internal", f"newsx failed on this input ({detail}); rerun with --debug and report it")
        doc.errors[-1]["severity"] = "error"
        return doc


def failed(doc: Document) -> bool:
    return any(e.get("severity", "error") == "error" for e in doc.errors)


def process_all(
    items: list[InputItem], pipeline: Pipeline, jobs: int = 1, debug: bool = False
) -> Iterator[Document]:
    """Processed documents in input order."""
    if jobs <= 1 or len(items) <= 1:
        _init_worker(pipeline, debug)
        for item in items:
            yield _process(item)
        return
    pipeline.load()  # once, before forking: the workers share it
    ctx = mp.get_context("fork")
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(pipeline, debug)) as pool:
        yield from pool.imap(_process, items, chunksize=2)


def run(
    items: Iterable[InputItem],
    pipeline: Pipeline,
    on_document: Callable[[Document], None],
    jobs: int = 1,
    debug: bool = False,
    progress: bool = True,
) -> BatchStats:
    """Process ``items``, hand each Document to ``on_document``, show progress."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    items = list(items)
    stats = BatchStats()
    console = Console(stderr=True)
    bar = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} tokens/s"),
        TextColumn("[red]{task.fields[errors]} errors"),
        TimeElapsedColumn(),
        console=console,
        disable=not (progress and console.is_terminal),
        transient=False,
    )
    t0 = time.perf_counter()
    with bar:
        task = bar.add_task("extracting", total=len(items), rate="0", errors=0)
        for doc in process_all(items, pipeline, jobs, debug):
            stats.documents += 1
            stats.tokens += len(doc)
            stats.failed += failed(doc)
            on_document(doc)
            elapsed = max(time.perf_counter() - t0, 1e-9)
            bar.update(task, advance=1, rate=f"{stats.tokens / elapsed:,.0f}", errors=stats.failed)
    stats.seconds = time.perf_counter() - t0
    return stats


@contextmanager
def atomic_output(path: Path) -> Iterator[TextIO]:
    """A text stream that replaces ``path`` only when the block finishes:
    an interrupted run leaves no half-written file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 is for secrets, not outputs
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def report_errors(doc: Document, quiet: bool = False, stream: TextIO | None = None) -> None:
    """One line on stderr per problem: errors always, warnings unless quiet."""
    stream = stream or sys.stderr
    for err in doc.errors:
        severity = err.get("severity", "error")
        if severity == "warning" and quiet:
            continue
        prefix = "newsx: warning: " if severity == "warning" else "newsx: error: "
        stream.write(f"{prefix}{doc.source}: {err['message']}\n")
