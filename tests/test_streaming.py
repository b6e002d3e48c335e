"""A long document written part by part (the CLI's path for a text longer
than one part) gives the same output as the document processed whole and
merged, with every offset into the original text; a failure or a signal
half-way still leaves a valid record that says so, and --resume redoes it."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from newsx.io.process import failed, open_item, process_item
from newsx.io.read import InputItem
from newsx.io.signals import StopRequest
from newsx.io.sqlite import SqliteSink
from newsx.io.tables import KINDS
from newsx.io.write import open_writer, write_document
from newsx.parts import part_ranges
from newsx.pipeline import Pipeline
from newsx.stages import Stage

from .conftest import ROOT, SEED, jsonl, run_cli

ARTICLES = sorted((ROOT / "tests" / "data" / "articles").glob("*.txt")) + [SEED]


def long_text(chars: int) -> str:
    """Real articles, cycled and joined by blank lines, to at least ``chars``."""
    texts = [p.read_text(encoding="utf-8") for p in ARTICLES]
    out, k = [], 0
    while sum(map(len, out)) < chars:
        out.append(texts[k % len(texts)])
        k += 1
    return "\n\n".join(out)


TEXT = long_text(60_000)
PIPE = Pipeline(part_chars=6_000)  # ten parts and more


def _item() -> InputItem:
    return InputItem("long", "long.txt", text=TEXT)


@pytest.fixture(scope="module")
def whole():
    doc = process_item(PIPE, _item())
    assert len(doc.entities) > 300 and len(doc.events) > 20 and not doc.errors
    return doc


def _written(fmt: str, records: str, doc, parts=None) -> str:
    out = io.StringIO()
    writer = open_writer(fmt, out, records)
    write_document(writer, doc, parts)
    writer.close()
    return out.getvalue()


@pytest.mark.parametrize("fmt,records", [("jsonl", "documents"), ("jsonl", "events"), ("csv", "entities")])
def test_a_record_written_part_by_part_is_the_whole_documents(whole, fmt, records):
    doc, parts = open_item(PIPE, _item(), stream=True)
    assert parts is not None and not doc.entities  # nothing processed yet: the parts come as they are written
    streamed = _written(fmt, records, doc, parts)
    assert streamed == _written(fmt, records, whole)
    assert not doc.entities  # the layers went to the output, not onto the document


def test_offsets_of_a_streamed_record_are_into_the_original_text():
    doc, parts = open_item(PIPE, _item(), stream=True)
    [rec] = jsonl(_written("jsonl", "documents", doc, parts))
    spans = rec["entities"] + [ev["trigger"] for ev in rec["events"]] + [m for a in rec["actors"] for m in a["mentions"]]
    assert all(TEXT[s["start"] : s["end"]] == s["text"] for s in spans)
    assert max(s["start"] for s in rec["entities"]) > len(TEXT) - 3_000  # the last part's entities are there
    assert [a["id"] for a in rec["actors"]] == list(range(1, len(rec["actors"]) + 1))
    assert {e["cluster"] for e in rec["entities"]} <= {a["id"] for a in rec["actors"]}


def _tables(path) -> dict[str, list[tuple]]:
    db = sqlite3.connect(path)
    tables = {kind: db.execute(f"SELECT * FROM {kind} ORDER BY rowid").fetchall() for kind in KINDS}
    db.close()
    return tables


def test_sqlite_rows_written_part_by_part_are_the_whole_documents(whole, tmp_path):
    doc, parts = open_item(PIPE, _item(), stream=True)
    for name, args in (("parts.db", (doc, parts)), ("whole.db", (whole,))):
        sink = SqliteSink(tmp_path / name)
        sink.write(*args)
        sink.finish()
    streamed, merged = _tables(tmp_path / "parts.db"), _tables(tmp_path / "whole.db")
    assert streamed == merged
    assert len(merged["entities"]) == len(whole.entities) and merged["documents"][0][6] == len(whole.entities)


def test_a_failure_half_way_leaves_a_valid_record_that_says_so():
    calls = []

    def third_part_fails(doc, res):
        calls.append(doc)
        if len(calls) == 3:
            raise RuntimeError("boom")

    pipe = Pipeline(part_chars=PIPE.part_chars, resources=PIPE.resources,
                    extra=(Stage("fails", third_part_fails, frozenset({"entities"}), frozenset()),))
    doc, parts = open_item(pipe, _item(), stream=True)
    [rec] = jsonl(_written("jsonl", "documents", doc, parts))
    assert rec["errors"][-1]["code"] == "internal" and "RuntimeError: boom" in rec["errors"][-1]["message"]
    assert rec["entities"] and max(e["end"] for e in rec["entities"]) <= calls[1].sentences[-1].end  # two parts kept


def test_a_signal_ends_a_long_document_between_parts_with_a_record_that_says_so():
    stop = StopRequest()
    doc, parts = open_item(PIPE, _item(), stream=True, stop=stop)

    def signalled_after_the_first(parts):
        for part in parts:
            stop.signum = signal.SIGTERM  # what the handler records when a scheduler sends SIGTERM
            yield part

    [rec] = jsonl(_written("jsonl", "documents", doc, signalled_after_the_first(parts)))
    assert rec["errors"][-1]["code"] == "interrupted" and "SIGTERM" in rec["errors"][-1]["message"]
    assert failed(doc)  # journalled as not done: --resume redoes it
    first_end = doc.sentences[next(part_ranges(doc, PIPE.part_chars))[1] - 1].end
    assert rec["entities"] and max(e["end"] for e in rec["entities"]) <= first_end


def test_a_signal_after_the_last_part_leaves_the_record_whole(whole):
    stop = StopRequest()
    doc, parts = open_item(PIPE, _item(), stream=True, stop=stop)

    def signalled_at_the_end(parts):
        for part in parts:
            if part.sentences[-1].end == doc.sentences[-1].end:
                stop.signum = signal.SIGINT
            yield part

    assert _written("jsonl", "documents", doc, signalled_at_the_end(parts)) == _written("jsonl", "documents", whole)
    assert not failed(doc)


def test_ctrl_c_in_a_long_file_keeps_a_record_that_resume_redoes(tmp_path):
    text = long_text(310_000)  # four parts of the default size
    src, out = tmp_path / "big.txt", tmp_path / "out.jsonl"
    src.write_text(text, encoding="utf-8")
    partial = tmp_path / "out.jsonl.newsx-partial"
    proc = subprocess.Popen([sys.executable, "-m", "newsx", "extract", str(src), "-o", str(out), "-q"], cwd=ROOT,
                            env={**os.environ, "OMP_NUM_THREADS": "1"}, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while not (partial.exists() and partial.stat().st_size > 20_000) and time.time() < deadline:
        time.sleep(0.01)  # the first part's entities are being written
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "stopped by SIGINT after" in err and "interrupted by SIGINT after 1 of 1 documents" in err
    [cut] = jsonl(partial.read_text(encoding="utf-8"))
    assert cut["errors"][-1]["code"] == "interrupted" and cut["entities"] and not out.exists()
    done = run_cli("extract", str(src), "-o", str(out), "-q", "--resume")
    assert done.returncode == 0, done.stderr
    whole = process_item(Pipeline(), InputItem(cut["id"], cut["source"], text=text))
    assert out.read_text(encoding="utf-8") == _written("jsonl", "documents", whole)  # streamed by the CLI: the same
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt", "out.jsonl"]  # no partial file or journal left
