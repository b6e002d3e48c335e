"""Parquet output (pyarrow, the ``parquet`` extra): one file per record kind,
typed columns, written in row groups as the run goes so memory stays flat on
any corpus size. A folder output holds documents.parquet, entities.parquet,
actors.parquet and events.parquet; a file output holds the ``--records`` kind.

Each file is written under a temporary name and renamed when the run
completes: an interrupted run leaves any earlier output untouched.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

from newsx.io.files import temp_beside
from newsx.io.read import InputItem
from newsx.io.tables import COLUMNS, KINDS, document_tables
from newsx.text.document import Document

ROW_GROUP_ROWS = 20_000


def _schema(kind: str) -> Any:
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "date": pa.date32(), "json": pa.string()}
    return pa.schema([(c, types[t]) for c, t in COLUMNS[kind].items()])


class _TableFile:
    """One Parquet file being written: rows buffered up to a row group."""

    def __init__(self, path: Path, kind: str) -> None:
        import pyarrow.parquet as pq

        self.path, self.kind, self.schema = path, kind, _schema(kind)
        self.tmp = temp_beside(path)
        self.writer = pq.ParquetWriter(self.tmp, self.schema, compression="zstd")
        self.rows: list[dict[str, Any]] = []

    def add(self, rows: list[dict[str, Any]]) -> None:
        self.rows.extend(rows)
        if len(self.rows) >= ROW_GROUP_ROWS:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def finish(self) -> None:
        self.flush()
        self.writer.close()
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        self.writer.close()
        self.tmp.unlink(missing_ok=True)


class ParquetSink:
    """Writes the tables of ``kinds`` under ``folder`` (or one table to ``file``)."""

    resumable = False
    streams = True

    def __init__(self, target: Path, folder: bool, records: str) -> None:
        kinds = KINDS if folder else (records,)
        self.target = target
        self.files = [_TableFile(target / f"{kind}.parquet" if folder else target, kind) for kind in kinds]
        self.written = 0

    @property
    def kept(self) -> str:
        return f"{self.target} was not written (Parquet is written only when complete)"

    def restore(self, item: InputItem) -> bool:
        return False

    def write(self, doc: Document, parts: Iterable[Document] | None = None) -> None:
        files = {f.kind: f for f in self.files}
        for kind, rows in document_tables(doc, parts, files):
            files[kind].add(rows)
        self.written += 1

    def finish(self) -> None:
        for f in self.files:
            f.finish()

    def abandon(self) -> None:
        for f in self.files:
            f.discard()
