"""Outputs analysts load directly: Parquet tables with typed columns, and an
SQLite database with keys, indexes and upserts; both hold what the JSON lines
of the same run hold."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pyarrow.parquet as pq
import pytest

from .conftest import ROOT, jsonl, run_cli

ARTICLES = ROOT / "tests" / "data" / "articles"


@pytest.fixture(scope="module")
def reference() -> list[dict]:
    proc = run_cli("extract", str(ARTICLES), "-f", "jsonl", "--date", "2018-05-09")
    assert proc.returncode == 0, proc.stderr
    return jsonl(proc.stdout)


def test_parquet_folder_holds_one_typed_table_per_record_kind(tmp_path, reference):
    out = tmp_path / "tables"
    proc = run_cli("extract", str(ARTICLES), "-f", "parquet", "-o", str(out), "--date", "2018-05-09", "-q")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["actors.parquet", "documents.parquet", "entities.parquet",
                                                      "events.parquet"]
    docs = pq.read_table(out / "documents.parquet")
    assert docs.column("doc_id").to_pylist() == [r["id"] for r in reference]
    assert str(docs.schema.field("date").type) == "date32[day]"
    assert docs.column("tokens").to_pylist() == [r["stats"]["tokens"] for r in reference]

    ents = pq.read_table(out / "entities.parquet")
    assert str(ents.schema.field("start").type) == "int64"
    expected = [(r["id"], e["text"], e["type"], e["start"], e["end"], e.get("country")) for r in reference
                for e in r["entities"]]
    assert [(e["doc_id"], e["text"], e["type"], e["start"], e["end"], e["country"])
            for e in ents.to_pylist()] == expected

    events = pq.read_table(out / "events.parquet")
    assert str(events.schema.field("cameo").type) == "string"
    assert str(events.schema.field("date_resolved").type) == "date32[day]"
    rows = events.to_pylist()
    assert [(e["doc_id"], e["event_id"], e["cameo"]) for e in rows] == [
        (r["id"], ev["id"], ev["cameo"]) for r in reference for ev in r["events"]]
    resolved = [e["date_resolved"] for e in rows if e["date_resolved"] is not None]
    assert resolved and all(isinstance(d, dt.date) for d in resolved)
    assert pq.read_table(out / "actors.parquet").num_rows == sum(len(r["actors"]) for r in reference)
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_parquet_file_holds_the_records_kind(tmp_path, reference):
    out = tmp_path / "events.parquet"
    proc = run_cli("extract", str(ARTICLES), "--records", "events", "-o", str(out), "--date", "2018-05-09", "-q")
    assert proc.returncode == 0, proc.stderr
    assert pq.read_table(out).num_rows == sum(len(r["events"]) for r in reference)


def test_parquet_writes_row_groups_as_the_run_goes(tmp_path, monkeypatch, seed_text):
    from newsx.io import parquet
    from newsx.pipeline import Pipeline
    from newsx.text.document import Document

    monkeypatch.setattr(parquet, "ROW_GROUP_ROWS", 10)
    sink = parquet.ParquetSink(tmp_path / "t", True, "documents")
    pipeline = Pipeline()
    for k in range(3):
        sink.write(pipeline(Document(seed_text, id=f"d{k}")))
        assert not sink.docs and len(list(sink.state.glob("*-entities.parquet"))) == k + 1  # a part, written now
    sink.finish()
    meta = pq.ParquetFile(tmp_path / "t" / "entities.parquet").metadata
    assert meta.num_row_groups >= 3  # the table is assembled in row groups, not in one
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == [
        "actors.parquet", "documents.parquet", "entities.parquet", "events.parquet"]


def _db(path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    return db


def test_sqlite_tables_keys_indexes_and_upserts(tmp_path, reference):
    out = tmp_path / "out.db"
    for _ in range(2):  # a re-run replaces rows, never duplicates them
        proc = run_cli("extract", str(ARTICLES), "-o", str(out), "--date", "2018-05-09", "-q")
        assert proc.returncode == 0, proc.stderr
    db = _db(out)
    assert [r["doc_id"] for r in db.execute("select doc_id from documents order by rowid")] == [
        r["id"] for r in reference]
    n_entities = sum(len(r["entities"]) for r in reference)
    assert db.execute("select count(*) from entities").fetchone()[0] == n_entities
    assert db.execute("select count(*) from events").fetchone()[0] == sum(len(r["events"]) for r in reference)
    ev = reference[0]["events"][0]
    row = db.execute("select * from events where event_id = ?", (ev["id"],)).fetchone()
    assert (row["cameo"], row["trigger_start"], row["source_code"]) == (
        ev["cameo"], ev["trigger"]["start"], (ev["source"] or {}).get("code"))
    indexes = {r["name"] for r in db.execute("select name from sqlite_master where type = 'index'")}
    assert {"entities_type", "entities_country", "events_type", "events_date_resolved", "documents_date"} <= indexes
    fks = db.execute("pragma foreign_key_list(events)").fetchall()
    assert [(f["table"], f["from"], f["to"]) for f in fks] == [("documents", "doc_id", "doc_id")]
    per_type = dict(db.execute("select type, count(*) from entities group by type").fetchall())
    assert sum(per_type.values()) == n_entities and per_type["GPE"] > 0


def test_sqlite_rerun_replaces_a_changed_document(tmp_path, seed_text):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(seed_text, encoding="utf-8")
    out = tmp_path / "out.db"
    assert run_cli("extract", str(corpus), "-o", str(out), "-q").returncode == 0
    before = _db(out).execute("select count(*) from entities").fetchone()[0]
    (corpus / "a.txt").write_text(seed_text.split("\n")[0], encoding="utf-8")  # only the opening line left
    assert run_cli("extract", str(corpus), "-o", str(out), "-q").returncode == 0
    db = _db(out)
    assert db.execute("select count(*) from documents").fetchone()[0] == 1
    assert 0 < db.execute("select count(*) from entities").fetchone()[0] < before


def test_formats_that_need_a_file_say_so(tmp_path):
    proc = run_cli("extract", str(ARTICLES), "-f", "sqlite")
    assert proc.returncode == 2
    assert proc.stderr.startswith("newsx: error: -f sqlite needs a database file")
