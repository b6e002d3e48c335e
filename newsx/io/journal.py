"""A resumable output file (jsonl, csv, conll): every finished document is
appended to ``OUT.newsx-partial`` and then recorded in ``OUT.newsx-journal``
(its id, content hash and byte range). The journal line is written only after
the document's bytes, so whatever kills the run (Ctrl-C, SIGKILL, a crash, a
full disk), every journalled range is complete.

When the run completes, the output is assembled in input order from the
ranges (or the partial file is renamed, when it already is in order) and
both files are removed. ``--resume`` reads the journal and skips every input
whose id and content hash it holds; a changed input is redone, and only the
new range is used.
"""

from __future__ import annotations

import io
import json
import os
from array import array
from collections import defaultdict
from pathlib import Path
from typing import BinaryIO, Iterable

from newsx.io.files import output_mode, temp_beside
from newsx.io.read import InputItem, read_item_text
from newsx.io.tables import content_hash
from newsx.io.record import failed
from newsx.io.write import open_writer, write_document
from newsx.text.document import Document

RESUMABLE_FORMATS = ("jsonl", "csv", "conll")
_COPY_BLOCK = 1 << 20


def _journal_entries(journal: Path, size: int, header: str) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """Complete, successful documents in the journal, by (id, content hash);
    a torn last line (the run was killed while writing it) is ignored, and a
    journal of another format or record kind holds nothing to reuse."""
    done: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    with journal.open(encoding="utf-8") as f:
        if f.readline() != header:
            return done
        for line in f:
            try:
                e = json.loads(line)
            except json.JSONDecodeError:
                break
            if e["ok"] and e["end"] <= size:
                done[(e["id"], e["hash"])].append((e["start"], e["end"]))
    return done


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
        self.journal = path.with_name(path.name + ".newsx-journal")
        self._buf = _ByteCounter()
        self._writer = open_writer(fmt, self._buf, records)
        self.streams = self._writer.streams
        self._preamble = self._buf.take()  # a CSV header: written once, before any document
        header = json.dumps({"format": fmt, "records": records}) + "\n"
        self.done: dict[tuple[str, str], list[tuple[int, int]]] = {}
        if resume and self.partial.exists() and self.journal.exists():
            self.done = _journal_entries(self.journal, self.partial.stat().st_size, header)
        if not self.done:  # a fresh start
            self.partial.parent.mkdir(parents=True, exist_ok=True)
            self.partial.write_bytes(self._preamble)
            self.journal.write_text(header, encoding="utf-8")
        end = max((r[1] for ranges in self.done.values() for r in ranges), default=len(self._preamble))
        os.truncate(self.partial, end)  # bytes after the last journalled document are a torn write
        self._ids = {key[0] for key in self.done}
        self._out = self.partial.open("ab")
        self._buf.target = self._out
        self._log = self.journal.open("a", encoding="utf-8")
        self.size = end
        self.starts, self.ends = array("q"), array("q")  # the output's documents, in input order
        self._pending = array("q")  # positions of the documents this run writes
        self.written = self.restored = 0

    @property
    def kept(self) -> str:
        return f"they are kept in {self.partial}"

    def restore(self, item: InputItem) -> bool:
        """Whether a finished copy of ``item`` is already in the partial file
        (then it is used and the item skipped). Called for every item in input
        order before any ``write``, so each item keeps its place."""
        ranges = None
        if item.id in self._ids:
            read_item_text(item)
            if item.text is not None:
                ranges = self.done.get((item.id, content_hash(item.text)))
        start, end = ranges.pop(0) if ranges else (-1, -1)  # -1: to be written by this run
        if start < 0:
            self._pending.append(len(self.starts))
        self.starts.append(start)
        self.ends.append(end)
        self.restored += start >= 0
        return start >= 0

    def write(self, doc: Document, parts: Iterable[Document] | None = None) -> None:
        start, before = self.size, self._buf.count
        try:
            write_document(self._writer, doc, parts)
            self._out.flush()
        finally:  # bytes of a document cut short lie outside every journalled range
            self.size += self._buf.count - before
        if self.written < len(self._pending):  # the place restore() kept for it
            self.starts[self._pending[self.written]], self.ends[self._pending[self.written]] = start, self.size
        else:
            self.starts.append(start)
            self.ends.append(self.size)
        entry = {"id": doc.id, "hash": content_hash(doc.text), "ok": not failed(doc), "start": start, "end": self.size}
        self._log.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._log.flush()
        self.written += 1

    def finish(self) -> None:
        """Put the complete output in place and remove the partial state."""
        self._buf.target = None  # the epilogue is kept: it goes after the documents, wherever they end up
        self._writer.close()
        epilogue = self._buf.take()
        self._out.close()
        self._log.close()
        in_order = len(self._preamble) == (self.starts[0] if self.starts else self.size) and all(
            self.ends[k] == self.starts[k + 1] for k in range(len(self.starts) - 1)
        ) and (self.ends[-1] if self.ends else self.size) == self.size
        if in_order:
            with self.partial.open("ab") as out:
                out.write(epilogue)
            os.chmod(self.partial, output_mode())
            os.replace(self.partial, self.path)
        else:
            self._assemble(epilogue)
        self.journal.unlink()

    def _assemble(self, epilogue: bytes) -> None:
        tmp = temp_beside(self.path)
        try:
            with self.partial.open("rb") as src, tmp.open("wb") as out:
                out.write(self._preamble)
                for start, end in zip(self.starts, self.ends):
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
        ``--resume`` (or remove them when they hold nothing)."""
        self._out.close()
        self._log.close()
        if not self.written and not self.restored and not any(self.done.values()):
            self.partial.unlink(missing_ok=True)
            self.journal.unlink(missing_ok=True)
