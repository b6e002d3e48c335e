"""Running the pipeline over many inputs: in one process, a pool of worker
processes or a Dask cluster, in input order, with a progress bar on stderr,
never stopping for one bad input, skipping what a sink already holds
(``--resume``) and stopping cleanly between documents on SIGINT/SIGTERM."""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator, TextIO

from newsx.io.process import failed, open_items, prepare
from newsx.io.read import InputItem
from newsx.io.signals import StopRequest, ignore_stop_signals, stop_on_signals
from newsx.io.sink import Sink
from newsx.pipeline import PIPE_BATCH, Pipeline
from newsx.text.document import DEFAULT_SEVERITY, Document

if TYPE_CHECKING:
    from rich.progress import Progress


@dataclass
class BatchStats:
    total: int = 0  # inputs named
    documents: int = 0  # processed in this run
    restored: int = 0  # already done by an earlier run (--resume)
    failed: int = 0
    tokens: int = 0
    seconds: float = 0.0
    stop: StopRequest | None = None  # set when a signal ended the run early

    @property
    def interrupted(self) -> bool:
        return bool(self.stop and self.stop.signum)


_WORKER: Pipeline | None = None
_DEBUG = False


def _init_worker(pipeline: Pipeline, debug: bool) -> None:
    global _WORKER, _DEBUG
    _WORKER, _DEBUG = pipeline, debug
    ignore_stop_signals()


def _process(items: list[InputItem]) -> list[Document]:
    """A worker's task: a batch of items (run together, ``open_items``)."""
    assert _WORKER is not None
    return [doc for doc, _ in open_items(_WORKER, items, _DEBUG)]


def process_all(
    items: list[InputItem], pipeline: Pipeline, jobs: int = 1, debug: bool = False,
    engine: str = "process", scheduler: str | None = None, stop: StopRequest | None = None,
    stream: bool = False,
) -> Iterator[tuple[Document, Iterator[Document] | None]]:
    """Processed documents in input order (ending early, with the Dask engine,
    when ``stop`` records a signal while no result comes), each with None or,
    with ``stream`` in this process, a long document's parts to process as
    they are written (``open_item``); a worker process or Dask sends whole
    documents back."""
    if engine == "dask":
        from newsx.dask import process_stream

        for doc in process_stream(items, pipeline, scheduler=scheduler, workers=jobs, debug=debug,
                                  stopping=lambda: bool(stop and stop.signum)):
            yield doc, None
        return
    if not items:
        return
    prepare(pipeline)  # once, before forking: the workers share it
    if jobs <= 1 or len(items) <= 1:
        yield from open_items(pipeline, items, debug, stream, stop)
        return
    ctx = mp.get_context("fork")
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(pipeline, debug)) as pool:
        batches = (items[i : i + PIPE_BATCH] for i in range(0, len(items), PIPE_BATCH))
        for docs in pool.imap(_process, batches):
            yield from ((doc, None) for doc in docs)


def run(
    items: Iterable[InputItem],
    pipeline: Pipeline,
    sink: Sink,
    jobs: int = 1,
    debug: bool = False,
    progress: bool = True,
    quiet: bool = False,
    engine: str = "process",
    scheduler: str | None = None,
    stop: StopRequest | None = None,
) -> BatchStats:
    """Process ``items`` into ``sink``, reporting each problem on stderr;
    returns early (``stats.interrupted``) on SIGINT/SIGTERM (recorded in
    ``stop`` when the caller installed the handlers before opening the sink)."""
    if stop is None:
        with stop_on_signals() as own:
            return run(items, pipeline, sink, jobs, debug, progress, quiet, engine, scheduler, own)
    items = list(items)
    stats = BatchStats(total=len(items), stop=stop)
    todo = [item for item in items if not sink.restore(item)]
    stats.restored = len(items) - len(todo)
    bar = progress_bar() if progress else NoBar()
    t0 = time.perf_counter()
    with bar:
        task = bar.add_task("extracting", total=len(items), completed=stats.restored, rate="0", errors=0)
        documents = process_all(todo if not stop.signum else [], pipeline, jobs, debug, engine, scheduler, stop,
                                sink.streams)
        try:
            for doc, parts in documents:
                sink.write(doc, parts)  # a long document's parts are processed as they are written
                bad = failed(doc)
                report_errors(doc, quiet)
                stats.documents += 1
                stats.tokens += len(doc)
                stats.failed += bad
                elapsed = max(time.perf_counter() - t0, 1e-9)
                bar.update(task, advance=1, rate=f"{stats.tokens / elapsed:,.0f}", errors=stats.failed)
                if stop.signum:
                    break
        finally:
            documents.close()  # ends the worker pool or the Dask client now
    stats.seconds = time.perf_counter() - t0
    return stats


class NoBar:
    """The progress bar's calls, doing nothing."""

    def __enter__(self) -> NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def add_task(self, *args: object, **fields: object) -> int:
        return 0

    def update(self, *args: object, **fields: object) -> None:
        return None


def progress_bar() -> NoBar | Progress:
    """rich's progress bar on a terminal (or where rich's environment
    variables ask for one); elsewhere ``NoBar``, without importing rich,
    which is 30 ms of a short run's start-up."""
    if not sys.stderr.isatty() and not any(os.environ.get(v) for v in ("TTY_COMPATIBLE", "FORCE_COLOR")):
        return NoBar()
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} tokens/s"),
        TextColumn("[red]{task.fields[errors]} errors"),
        TimeElapsedColumn(),
        console=console,
        disable=not console.is_terminal,
        transient=False,
    )


def stop_message(stats: BatchStats, sink: Sink, output: str) -> str:
    """The one line said when a signal ended the run: what was kept and how to go on."""
    assert stats.stop is not None
    done = stats.documents + stats.restored
    return (f"{output}: interrupted by {stats.stop.name} after {done} of {stats.total} documents; {sink.kept}; "
            f"{how_to_finish(sink)}")


def write_failure_message(output: str, exc: OSError, sink: Sink | None) -> str:
    """The one line said when the output cannot be written (a full disk, a
    file size limit, permissions): what failed, what was kept, how to go on."""
    reason = os.strerror(exc.errno) if exc.errno else (str(exc).splitlines() or [type(exc).__name__])[0]
    kept = f"; {sink.kept}" if sink is not None else ""
    then = how_to_finish(sink) if sink is not None else "rerun to finish"
    return (f"{output}: cannot write the output ({reason}){kept}; free some disk space (or fix the permissions), "
            f"then {then}")


def how_to_finish(sink: Sink) -> str:
    return "run the same command with --resume to finish" if sink.resumable else "rerun to finish"


def report_errors(doc: Document, quiet: bool = False, stream: TextIO | None = None) -> None:
    """One line on stderr per problem: errors always, warnings unless quiet."""
    stream = stream or sys.stderr
    for err in doc.errors:
        severity = err.get("severity", DEFAULT_SEVERITY)
        if severity == "warning" and quiet:
            continue
        prefix = "newsx: warning: " if severity == "warning" else "newsx: error: "
        stream.write(f"{prefix}{doc.source}: {err['message']}\n")
