"""Where a batch's documents go: stdout, one file, a folder mirroring the
input tree, Parquet tables or an SQLite database. Every sink has the same
small interface, so the batch runner and the CLI do not care which:

- ``restore(item)``: with ``--resume``, whether the item is already done (skip it);
- ``write(doc, parts)``: one finished document, or (``parts`` not None, only
  to a sink that ``streams``) a long one whose parts are processed as they are
  written; whether it failed is known once written (``record.failed``);
- ``finish()``: the run completed, put the output in place;
- ``abandon()``: the run was interrupted or failed, keep finished work where
  the sink can (for ``--resume``) and leave no stray temporary file.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import Iterable, Protocol, TextIO

from newsx.io.files import atomic_output
from newsx.io.journal import RESUMABLE_FORMATS, JournalSink
from newsx.io.read import InputItem
from newsx.io.write import open_writer, streams, write_document
from newsx.names import EXTENSIONS
from newsx.text.document import Document


class Sink(Protocol):
    resumable: bool
    streams: bool  # takes a long document part by part
    written: int

    @property
    def kept(self) -> str:
        """What became of the finished documents when a run stops early."""

    def restore(self, item: InputItem) -> bool: ...

    def write(self, doc: Document, parts: Iterable[Document] | None = None) -> None: ...

    def finish(self) -> None: ...

    def abandon(self) -> None: ...


class StreamSink:
    """Documents streamed to stdout as they finish."""

    resumable = False

    def __init__(self, fmt: str, records: str, stream: TextIO | None = None) -> None:
        self.writer = open_writer(fmt, stream or sys.stdout, records)
        self.streams = self.writer.streams
        self.written = 0
        self.kept = "they were written to stdout"

    def restore(self, item: InputItem) -> bool:
        return False

    def write(self, doc: Document, parts: Iterable[Document] | None = None) -> None:
        write_document(self.writer, doc, parts)
        self.written += 1

    def finish(self) -> None:
        self.writer.close()

    def abandon(self) -> None:
        with suppress(OSError):  # the stream that failed (a full disk) fails again
            self.writer.stream.flush()


class AtomicSink(StreamSink):
    """One file in a format that cannot be resumed (json, table): written under
    a temporary name and renamed when complete."""

    def __init__(self, path: Path, fmt: str, records: str) -> None:
        self.stack = ExitStack()
        super().__init__(fmt, records, self.stack.enter_context(atomic_output(path)))
        self.kept = f"{path} was not written (it is written only when complete)"

    def finish(self) -> None:
        super().finish()
        self.stack.close()

    def abandon(self) -> None:
        with suppress(OSError):  # closing a file a full disk failed fails again, once it is removed
            self.stack.__exit__(KeyboardInterrupt, KeyboardInterrupt(), None)  # removes the temporary file


class MirrorSink:
    """One output file per input file, mirroring the input tree under a folder;
    the file in progress when a run is interrupted is discarded."""

    resumable = False

    def __init__(self, root: Path, fmt: str, records: str) -> None:
        self.root, self.fmt, self.records = root, fmt, records
        self.current: tuple[str, AtomicSink] | None = None
        self.written = 0
        self.kept = f"the files of finished inputs are in {root}"
        self.pages = None
        self.streams = streams(fmt)
        if fmt == "html":  # a folder of pages gets an index.html linking them
            from newsx.io.html import PageIndex

            self.pages = PageIndex(root)

    def restore(self, item: InputItem) -> bool:
        return False

    def write(self, doc: Document, parts: Iterable[Document] | None = None) -> None:
        rel = doc.relpath or doc.id or "stdin"
        if self.current is None or self.current[0] != rel:
            self._close_current()
            target = self.root / (str(Path(rel).with_suffix("")) + EXTENSIONS[self.fmt])
            self.current = (rel, AtomicSink(target, self.fmt, self.records))
            if self.pages is not None:
                self.pages.add(target, doc)
        self.current[1].write(doc, parts)
        self.written += 1

    def finish(self) -> None:
        self._close_current()
        if self.pages is not None:
            with atomic_output(self.root / "index.html") as stream:
                self.pages.write(stream)

    def _close_current(self) -> None:
        if self.current is not None:
            self.current[1].finish()
            self.current = None

    def abandon(self) -> None:
        if self.current is not None:
            self.current[1].abandon()
            self.current = None


def is_folder(output: Path) -> bool:
    """An existing folder, or a path written with a trailing slash."""
    return output.is_dir() or str(output).endswith(("/", "\\"))


def open_sink(output: Path | None, fmt: str, records: str, resume: bool = False) -> Sink:
    """The sink for ``-o output -f fmt``; ValueError for a combination that cannot work."""
    if fmt == "sqlite":
        if output is None or is_folder(output):
            raise ValueError("-f sqlite needs a database file: add -o out.db")
        from newsx.io.sqlite import SqliteSink

        return SqliteSink(output, resume)
    if fmt == "parquet":
        if output is None:
            raise ValueError("-f parquet needs -o: a folder (one file per table) or a file ending in .parquet")
        try:
            import pyarrow  # noqa: F401  (checked now: the writer imports it when it starts)
        except ImportError:
            raise ValueError("-f parquet needs pyarrow: pip install 'newsx[parquet]'") from None
        from newsx.io.parquet import ParquetSink

        return ParquetSink(output, output.suffix != ".parquet", records, resume)
    if resume and not (fmt in RESUMABLE_FORMATS and output is not None and not is_folder(output)):
        raise ValueError(f"--resume needs one output file in {', '.join(RESUMABLE_FORMATS)} (-o out.jsonl), "
                         "an SQLite database (-o out.db) or Parquet tables (-f parquet -o tables/)")
    if output is None:
        return StreamSink(fmt, records)
    if is_folder(output):
        return MirrorSink(output, fmt, records)
    if fmt in RESUMABLE_FORMATS:
        return JournalSink(output, fmt, records, resume)
    return AtomicSink(output, fmt, records)


def format_for(output: Path | None, fmt: str | None, terminal: bool) -> str:
    """The output format: as given, else from the output's extension, else
    a table on a terminal and JSON lines otherwise."""
    if fmt:
        return fmt
    if output is None:
        return "table" if terminal else "jsonl"
    by_ext = {ext: f for f, ext in EXTENSIONS.items() if f != "table"}
    by_ext.update({".sqlite": "sqlite", ".sqlite3": "sqlite"})
    return by_ext.get(output.suffix, "jsonl")
