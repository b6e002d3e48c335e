"""SQLite output: tables documents, entities, actors and events, keyed by
document id (the other tables reference documents and are deleted with it),
indexed on doc_id, type, country and date.

A document is upserted: a re-run replaces its rows and never duplicates them.
Rows are committed in batches (every two seconds, ``NEWSX_COMMIT_SECONDS``),
so an interrupted or killed run keeps every batch it committed and
``--resume`` skips documents already there with the same content hash. Uses
the standard ``sqlite3`` module: nothing to install.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Iterable, Iterator

from newsx.io.files import commit_seconds
from newsx.io.read import InputItem, read_item_text
from newsx.io.tables import COLUMNS, KEYS, KINDS, content_hash, document_tables
from newsx.text.document import Document

_SQL_TYPES = {"str": "TEXT", "int": "INTEGER", "float": "REAL", "bool": "INTEGER", "date": "TEXT", "json": "TEXT"}
_INDEXES = {
    "documents": ("date",),
    "entities": ("type", "country"),
    "actors": ("type", "country"),
    "events": ("type", "source_country", "target_country", "date_resolved"),
}


def _create(kind: str) -> str:
    cols = [f'"{c}" {_SQL_TYPES[t]}' for c, t in COLUMNS[kind].items()]
    cols.append(f"PRIMARY KEY ({', '.join(KEYS[kind])})")
    if kind != "documents":
        cols.append("FOREIGN KEY (doc_id) REFERENCES documents(doc_id) ON DELETE CASCADE")
    return f"CREATE TABLE IF NOT EXISTS {kind} ({', '.join(cols)})"


@contextmanager
def _database() -> Iterator[None]:
    """sqlite3's errors as the OSError they are (a full disk, a file too large,
    a file that is not a database), so the run stops as for any output failure."""
    try:
        yield
    except sqlite3.Error as exc:
        raise OSError(str(exc)) from exc


def _sql_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class SqliteSink:
    """Writes documents into an SQLite database, committing every ``commit_every`` seconds."""

    resumable = True
    streams = True

    def __init__(self, path: Path, resume: bool = False) -> None:
        self.path, self.resume = path, resume
        self.commit_every = commit_seconds()
        path.parent.mkdir(parents=True, exist_ok=True)
        with _database():
            self.db = sqlite3.connect(path, isolation_level=None)  # transactions are explicit
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA synchronous = NORMAL")
            for kind in KINDS:
                self.db.execute(_create(kind))
                for col in _INDEXES[kind]:
                    self.db.execute(f"CREATE INDEX IF NOT EXISTS {kind}_{col} ON {kind}({col})")
        self._inserts = {
            kind: f"INSERT INTO {kind} ({', '.join(map(repr, COLUMNS[kind]))}) VALUES ({', '.join('?' * len(COLUMNS[kind]))})"
            for kind in KINDS
        }
        self.written = 0
        self._last_commit = time.monotonic()

    @property
    def kept(self) -> str:
        return f"they are in {self.path}"

    def restore(self, item: InputItem) -> bool:
        """With ``--resume``: whether the database already holds this document,
        unchanged and without errors (then it is skipped)."""
        if not self.resume:
            return False
        with _database():
            row = self.db.execute("SELECT content_hash, failed FROM documents WHERE doc_id = ?", (item.id,)).fetchone()
        if row is None or row[1]:
            return False
        read_item_text(item)
        return item.text is not None and row[0] == content_hash(item.text)

    def write(self, doc: Document, parts: Iterable[Document] | None = None) -> None:
        """Replace the document's rows; all of them or none (a savepoint), so a
        failure half-way (a full disk) never leaves half a document. Its
        documents row comes last (foreign keys are checked at commit)."""
        with _database():
            if not self.db.in_transaction:
                self.db.execute("BEGIN")
                self.db.execute("PRAGMA defer_foreign_keys = ON")  # for this transaction
            self.db.execute("SAVEPOINT doc")
            try:
                self.db.execute("DELETE FROM documents WHERE doc_id = ?", (doc.id,))  # cascades to its rows
                for kind, rows in document_tables(doc, parts, KINDS):
                    if rows:
                        self.db.executemany(self._inserts[kind],
                                            [tuple(_sql_value(v) for v in r.values()) for r in rows])
            except BaseException:
                with suppress(sqlite3.Error):  # SQLite may have rolled the transaction back itself
                    self.db.execute("ROLLBACK TO doc")
                raise
            self.db.execute("RELEASE doc")
        self.written += 1
        if time.monotonic() - self._last_commit > self.commit_every:
            self._commit()

    def _commit(self) -> None:
        with _database():
            if self.db.in_transaction:
                self.db.execute("COMMIT")
        self._last_commit = time.monotonic()

    def finish(self) -> None:
        self._commit()
        self.db.close()

    def abandon(self) -> None:
        """Interrupted: keep every finished document (they are complete rows).
        Failed (a full disk): keep the batches committed before; the one the
        disk refused is rolled back, its documents redone by ``--resume``."""
        try:
            self._commit()
        except OSError:
            with suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
        with suppress(sqlite3.Error):
            self.db.close()
