"""Resumable outputs. A ``Journal`` holds one JSON line per finished document:
its id, content hash, whether it failed, and where its output lies. The line
is written only after the document's output is complete, so whatever kills
the run (Ctrl-C, SIGKILL, a crash, a full disk), every journalled document is
whole. ``--resume`` reads the journal and skips every input whose id and
content hash it holds; a changed input is redone, and only its new output is
used when the run completes, in input order.

``JournalSink`` is a resumable output file (jsonl, csv, conll): every finished
document is appended to ``OUT.newsx-partial`` and journalled (its byte range)
in ``OUT.newsx-journal``. When the run completes, the output is assembled in
input order from the ranges (or the partial file is renamed, when it already
is in order) and both files are removed. Parquet tables keep a journal of
their own (``newsx.io.parquet``).
"""

from __future__ import annotations

import io
import json
import os
from array import array
from collections import defaultdict
from contextlib import suppress
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator

from newsx.io.files import output_mode, temp_beside
from newsx.io.read import InputItem, read_item_text
from newsx.io.tables import content_hash
from newsx.io.record import failed
from newsx.io.write import open_writer, write_document
from newsx.text.document import Document

RESUMABLE_FORMATS = ("jsonl", "csv", "conll")
_COPY_BLOCK = 1 << 20
Place = tuple[int, ...]  # where a document's output lies: the journal's numeric fields, in order


class Journal:
    """The journal of a resumable output, and every document's place in input
    order. ``restore`` is called for each input in order before any ``record``,
    so the documents this run writes fill the places kept for them."""

    def __init__(self, path: Path, header: dict[str, Any], fields: tuple[str, ...], resume: bool,
                 usable: Callable[[Place], bool] = lambda place: True) -> None:
        self.path, self.fields = path, fields
        line = json.dumps(header) + "\n"
        self.done: dict[tuple[str, str], list[Place]] = {}
        if resume and path.exists():
            self.done, good = self._read(line, usable)
        self.fresh = not self.done
        if self.fresh:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(line, encoding="utf-8")
        else:
            os.truncate(path, good)  # a torn last line goes, so lines added now are read next time
        self._ids = {key[0] for key in self.done}
        self._log = path.open("a", encoding="utf-8")
        self.places = array("q")  # len(fields) numbers a document, in input order; -1 first: not written yet
        self._pending = array("q")  # the places of the documents this run writes, in order
        self.restored = self.recorded = 0

    def _read(self, header: str, usable: Callable[[Place], bool]) -> tuple[dict[tuple[str, str], list[Place]], int]:
        """Complete, successful, usable documents by (id, content hash), and
        the size of the journal's whole lines; a torn last line (the run was
        killed, or the disk filled, while writing it) is dropped, and a
        journal of another format or record kind holds nothing to reuse."""
        done: dict[tuple[str, str], list[Place]] = defaultdict(list)
        with self.path.open("rb") as f:
            if f.readline().decode("utf-8", "replace") != header:
                return {}, 0
            good = f.tell()
            for line in f:
                try:
                    e = json.loads(line)
                except ValueError:
                    break
                if not line.endswith(b"\n"):
                    break
                good += len(line)
                place = tuple(e[k] for k in self.fields)
                if e["ok"] and usable(place):
                    done[(e["id"], e["hash"])].append(place)
        return done, good

    def restore(self, item: InputItem) -> bool:
        """Whether a finished copy of ``item`` is journalled (then its place is
        kept and the item skipped); else a place is kept for this run's copy."""
        place = None
        if item.id in self._ids:
            read_item_text(item)
            if item.text is not None:
                places = self.done.get((item.id, content_hash(item.text)))
                place = places.pop(0) if places else None
        if place is None:
            self._pending.append(len(self.places) // len(self.fields))
            place = (-1,) * len(self.fields)
        self.places.extend(place)
        self.restored += place[0] >= 0
        return place[0] >= 0

    def record(self, doc_id: str | None, digest: str, ok: bool, place: Place) -> None:
        """A document of this run is complete at ``place``: keep it there and journal it."""
        width = len(self.fields)
        if self.recorded < len(self._pending):  # the place restore() kept for it
            at = self._pending[self.recorded] * width
            self.places[at:at + width] = array("q", place)
        else:
            self.places.extend(place)
        entry = {"id": doc_id, "hash": digest, "ok": ok, **dict(zip(self.fields, place))}
        self._log.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._log.flush()
        self.recorded += 1

    def in_input_order(self) -> Iterator[Place]:
        """Every written document's place, in input order."""
        width = len(self.fields)
        for at in range(0, len(self.places), width):
            if self.places[at] >= 0:
                yield tuple(self.places[at:at + width])

    @property
    def holds_work(self) -> bool:
        """Whether anything here is worth keeping for ``--resume``."""
        return bool(self.recorded or self.restored or any(self.done.values()))

    def kept_in(self, where: Path) -> str:
        """What a run that stops early says of its finished documents."""
        return f"they are kept in {where}" if self.holds_work else "no document was finished"

    def close(self) -> None:
        """Close the journal; a full disk that failed a line already made the
        run fail, and the torn line is dropped when the journal is read."""
        with suppress(OSError):
            self._log.close()


def _contiguous(ranges: list[Place], first: int, last: int) -> bool:
    """Whether the byte ranges follow each other from ``first`` to ``last``."""
    at = first
    for start, end in ranges:
        if start != at:
            return False
        at = end
    return at == last


class _ByteCounter(io.TextIOBase):
    """The writer's stream: text encoded as UTF-8 into ``target`` (the partial
    file), counted, so a long document goes to disk as it is written; while
    ``target`` is None (a CSV header, an epilogue) the bytes are kept."""

    def __init__(self) -> None:
        self.target: BinaryIO | None = None
        self.kept = bytearray()
        self.count = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        if self.target is None:
            self.kept += data
        else:
            self.target.write(data)
        self.count += len(data)
        return len(text)

    def take(self) -> bytes:
        """The kept bytes, and keep no more."""
        out = bytes(self.kept)
        self.kept.clear()
        return out


class JournalSink:
    """Appends rendered documents to a partial file, journals them, and
    assembles the output in input order when the run completes."""

    resumable = True

    def __init__(self, path: Path, fmt: str, records: str, resume: bool = False) -> None:
        self.path = path
        self.partial = path.with_name(path.name + ".newsx-partial")
        self._buf = _ByteCounter()
        self._writer = open_writer(fmt, self._buf, records)
        self.streams = self._writer.streams
        self._preamble = self._buf.take()  # a CSV header: written once, before any document
        size = self.partial.stat().st_size if resume and self.partial.exists() else -1
        self.journal = Journal(path.with_name(path.name + ".newsx-journal"), {"format": fmt, "records": records},
                               ("start", "end"), resume, usable=lambda place: place[1] <= size)
        if self.journal.fresh:
            self.partial.parent.mkdir(parents=True, exist_ok=True)
            self.partial.write_bytes(self._preamble)
        end = max((p[1] for places in self.journal.done.values() for p in places), default=len(self._preamble))
        os.truncate(self.partial, end)  # bytes after the last journalled document are a torn write
        self._out = self.partial.open("ab")
        self._buf.target = self._out
        self.size = end
        self.written = 0

    @property
    def kept(self) -> str:
        return self.journal.kept_in(self.partial)

    def restore(self, item: InputItem) -> bool:
        """Whether a finished copy of ``item`` is already in the partial file
        (then it is used and the item skipped)."""
        return self.journal.restore(item)

    def write(self, doc: Document, parts: Iterable[Document] | None = None) -> None:
        start, before = self.size, self._buf.count
        write_document(self._writer, doc, parts)  # a failure leaves torn bytes after self.size: abandon cuts them
        self._out.flush()
        self.size += self._buf.count - before
        self.journal.record(doc.id, content_hash(doc.text), not failed(doc), (start, self.size))
        self.written += 1

    def finish(self) -> None:
        """Put the complete output in place and remove the partial state."""
        self._buf.target = None  # the epilogue is kept: it goes after the documents, wherever they end up
        self._writer.close()
        epilogue = self._buf.take()
        self._out.close()
        self.journal.close()
        ranges = list(self.journal.in_input_order())
        if _contiguous(ranges, len(self._preamble), self.size):
            with self.partial.open("ab") as out:
                out.write(epilogue)
            os.chmod(self.partial, output_mode())
            os.replace(self.partial, self.path)
        else:
            self._assemble(ranges, epilogue)
        self.journal.path.unlink()

    def _assemble(self, ranges: list[Place], epilogue: bytes) -> None:
        tmp = temp_beside(self.path)
        try:
            with self.partial.open("rb") as src, tmp.open("wb") as out:
                out.write(self._preamble)
                for start, end in ranges:
                    src.seek(start)
                    left = end - start
                    while left:
                        block = src.read(min(left, _COPY_BLOCK))
                        out.write(block)
                        left -= len(block)
                out.write(epilogue)
            os.replace(tmp, self.path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        self.partial.unlink()

    def abandon(self) -> None:
        """Interrupted or failed: keep the partial file and journal for
        ``--resume`` (or remove them when they hold nothing). A write a full
        disk cut short is cut off, so the partial file holds whole documents
        (closing it retries the write and fails again: that is expected)."""
        with suppress(OSError):
            self._out.close()
        with suppress(OSError):
            os.truncate(self.partial, self.size)
        self.journal.close()
        if not self.journal.holds_work:
            self.partial.unlink(missing_ok=True)
            self.journal.path.unlink(missing_ok=True)
