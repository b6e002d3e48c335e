"""Parquet output (pyarrow, the ``parquet`` extra): one file per record kind,
typed columns. A folder output holds documents.parquet, entities.parquet,
actors.parquet and events.parquet; a file output holds the ``--records`` kind.

A Parquet file cannot be appended to once closed, and a writer killed
mid-file leaves no footer, so the run writes parts: every two seconds
(``NEWSX_COMMIT_SECONDS``) or row group's worth of rows, the documents
finished since the last part are written as one small Parquet file per table
in a state folder (``tables/.newsx-partial/``, or
``events.parquet.newsx-partial/`` beside a file output), and only then
journalled. A part the run was killed (or the disk filled) while writing is
not in the journal and is deleted; a journalled part is complete.
``--resume`` skips the journalled documents (same id and content) and writes
the rest as new parts. When the run completes, each table is assembled from
its parts in input order, in row groups, under a temporary name in the state
folder; the tables are renamed into place together and the state folder
removed, so readers only ever see whole tables, and memory stays flat: one
part and one row group per table at a time.
"""

from __future__ import annotations

import os
import shutil
import time
from contextlib import suppress
from pathlib import Path
from typing import Any, Iterable, Iterator

from newsx.io.files import commit_seconds, output_mode
from newsx.io.journal import Journal, Place
from newsx.io.read import InputItem
from newsx.io.record import failed
from newsx.io.tables import COLUMNS, KINDS, content_hash, document_tables
from newsx.text.document import Document

ROW_GROUP_ROWS = 20_000


def _schema(kind: str) -> Any:
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "date": pa.date32(), "json": pa.string()}
    return pa.schema([(c, types[t]) for c, t in COLUMNS[kind].items()])


class ParquetSink:
    """Writes the tables of ``kinds`` under ``folder`` (or one table to ``file``),
    by journalled parts that ``--resume`` continues."""

    resumable = True
    streams = True

    def __init__(self, target: Path, folder: bool, records: str, resume: bool = False) -> None:
        self.commit_every = commit_seconds()
        self.kinds = KINDS if folder else (records,)
        self.target = target
        self.tables = {kind: target / f"{kind}.parquet" if folder else target for kind in self.kinds}
        self.state = target / ".newsx-partial" if folder else target.with_name(target.name + ".newsx-partial")
        self.state.mkdir(parents=True, exist_ok=True)
        self.schemas = {kind: _schema(kind) for kind in self.kinds}
        whole = self._whole_parts()
        # a document's place: its part, then the first row and the row count in each table's part file
        fields = ("part",) + tuple(f"{kind}_{x}" for kind in self.kinds for x in ("start", "rows"))
        self.journal = Journal(self.state / "journal", {"format": "parquet", "tables": list(self.kinds)}, fields,
                               resume, usable=lambda place: place[0] in whole)
        used = {place[0] for places in self.journal.done.values() for place in places}
        for path in self.state.iterdir():
            if path.suffix == ".tmp" or (path.suffix == ".parquet" and _part_number(path) not in used):
                path.unlink()  # torn, of a run not resumed, or a table a killed run was assembling
        self.next_part = max(used, default=-1) + 1
        self.rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in self.kinds}
        self.docs: list[tuple[str | None, str, bool, Place]] = []  # written since the last part
        self.written = 0
        self._last_commit = time.monotonic()

    @property
    def kept(self) -> str:
        return self.journal.kept_in(self.state)

    def _part(self, number: int, kind: str) -> Path:
        return self.state / f"{number:06d}-{kind}.parquet"

    def _whole_parts(self) -> set[int]:
        """Parts with a file for every table (the journal names only those)."""
        found: dict[int, int] = {}
        for part in self.state.glob("*.parquet"):
            found[_part_number(part)] = found.get(_part_number(part), 0) + 1
        return {n for n, files in found.items() if files == len(self.kinds)}

    def restore(self, item: InputItem) -> bool:
        return self.journal.restore(item)

    def write(self, doc: Document, parts: Iterable[Document] | None = None) -> None:
        """Buffer the document's rows (a long one's part by part) for the next
        part file: a document lies in one part, so its rows are held until then."""
        first = {kind: len(self.rows[kind]) for kind in self.kinds}
        for kind, rows in document_tables(doc, parts, self.kinds):
            self.rows[kind].extend(rows)
        place = [self.next_part]
        for kind in self.kinds:
            place += (first[kind], len(self.rows[kind]) - first[kind])
        self.docs.append((doc.id, content_hash(doc.text), not failed(doc), tuple(place)))
        self.written += 1
        if (time.monotonic() - self._last_commit > self.commit_every
                or max(len(rows) for rows in self.rows.values()) >= ROW_GROUP_ROWS):
            self._commit()

    def _commit(self) -> None:
        """Write the documents since the last part as a new part, then journal them."""
        if not self.docs:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        files = [self._part(self.next_part, kind) for kind in self.kinds]
        try:
            for kind, path in zip(self.kinds, files):
                pq.write_table(pa.Table.from_pylist(self.rows[kind], schema=self.schemas[kind]), path,
                               compression="zstd")
        except BaseException:
            for path in files:
                path.unlink(missing_ok=True)
            raise
        docs, self.docs = self.docs, []
        self.rows = {kind: [] for kind in self.kinds}
        self.next_part += 1  # before journalling: a failure there must not write this part again
        self._last_commit = time.monotonic()
        for doc_id, digest, ok, place in docs:
            self.journal.record(doc_id, digest, ok, place)

    def _runs(self, kind: str) -> Iterator[tuple[int, int, int]]:
        """(part, first row, rows) of ``kind``'s table in input order, adjacent rows of a part joined."""
        col = 1 + 2 * self.kinds.index(kind)
        run: tuple[int, int, int] | None = None
        for place in self.journal.in_input_order():
            part, start, rows = place[0], place[col], place[col + 1]
            if run and run[0] == part and run[1] + run[2] == start:
                run = (part, run[1], run[2] + rows)
                continue
            if run and run[2]:
                yield run
            run = (part, start, rows)
        if run and run[2]:
            yield run

    def _assemble(self, kind: str, tmp: Path) -> None:
        """Write ``kind``'s table from its parts, in row groups of about ROW_GROUP_ROWS."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        part: tuple[int, Any] = (-1, None)
        group: list[Any] = []
        grouped = 0
        with pq.ParquetWriter(tmp, self.schemas[kind], compression="zstd") as writer:
            for number, start, rows in self._runs(kind):
                if part[0] != number:
                    part = (number, pq.read_table(self._part(number, kind), schema=self.schemas[kind]))
                group.append(part[1].slice(start, rows))
                grouped += rows
                if grouped >= ROW_GROUP_ROWS:
                    writer.write_table(pa.concat_tables(group))
                    group, grouped = [], 0
            if group:
                writer.write_table(pa.concat_tables(group))

    def finish(self) -> None:
        """Write the last part, assemble every table, rename them into place
        together (an earlier run's tables stay whole until then) and remove the state."""
        self._commit()
        self.journal.close()
        temps = {kind: self.state / f"{kind}.parquet.tmp" for kind in self.kinds}  # a SIGKILL leaves them here
        try:
            for kind in self.kinds:
                self._assemble(kind, temps[kind])
                os.chmod(temps[kind], output_mode())
        except BaseException:
            for tmp in temps.values():
                tmp.unlink(missing_ok=True)
            raise
        for kind, tmp in temps.items():
            os.replace(tmp, self.tables[kind])
        shutil.rmtree(self.state)

    def abandon(self) -> None:
        """Interrupted or failed: write what is finished as a last part (a full
        disk may refuse it: those documents are redone by ``--resume``) and keep
        the state folder, or remove it when it holds nothing."""
        with suppress(OSError):
            self._commit()
        self.journal.close()
        if not self.journal.holds_work:
            shutil.rmtree(self.state, ignore_errors=True)


def _part_number(path: Path) -> int:
    return int(path.name.split("-", 1)[0])
