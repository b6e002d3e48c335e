"""Interrupted runs: real batches are killed (SIGINT, SIGTERM, SIGKILL) at
random points and resumed with ``--resume``; the final output must equal an
uninterrupted run's, byte for byte (no document lost, none twice), a changed
input is redone, and complete output is never damaged by a later failure."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from .conftest import N_DOCS, ROOT, TABLES, read_tables, run_cli

RNG = random.Random(os.urandom(8))
# Documents are processed 16 at a time (newsx.pipeline.PIPE_BATCH) and journalled in bursts: a run is killed
# once its journal holds k more; k is drawn so that a whole batch is still to do then, and the signal lands
# before the run could finish. First runs: k <= 40 of 72 (a burst at 48 at most); second runs: first <= 20
# then second <= 16 (one burst more).
FIRST, SECOND, ONCE = (1, 21), (1, 17), (2, 41)


def _reference(corpus: Path, out: Path, *extra: str) -> bytes:
    proc = run_cli("extract", str(corpus), "-o", str(out), "-q", *extra)
    assert proc.returncode == 0, proc.stderr
    return out.read_bytes()


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> bytes:
    return _reference(corpus, tmp_path_factory.mktemp("ref") / "out.jsonl")


def _start(*args: str, commit_seconds: str = "2") -> subprocess.Popen:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "NEWSX_COMMIT_SECONDS": commit_seconds}
    return subprocess.Popen([sys.executable, "-m", "newsx", "extract", *args, "-q"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _journalled(journal: Path) -> int:
    """Documents in the journal (its first line names the format)."""
    return max(journal.read_text(encoding="utf-8").count("\n") - 1, 0) if journal.exists() else 0


def _kill_after(proc: subprocess.Popen, journal: Path, docs: int, sig: int) -> tuple[int, str]:
    """Send ``sig`` once this run has journalled ``docs`` more documents; the exit code and stderr."""
    docs += _journalled(journal)
    deadline = time.time() + 120
    while _journalled(journal) < docs and proc.poll() is None and time.time() < deadline:
        time.sleep(0.01)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".newsx-partial", ".newsx-journal")))


@pytest.mark.parametrize("sig,jobs", [(signal.SIGKILL, "1"), (signal.SIGINT, "1"), (signal.SIGTERM, "2")])
def test_killed_twice_then_resumed_equals_an_uninterrupted_run(tmp_path, corpus, reference, sig, jobs):
    out = tmp_path / "out.jsonl"
    journal = tmp_path / "out.jsonl.newsx-journal"
    first, second = RNG.randrange(*FIRST), RNG.randrange(*SECOND)
    for k, flags in ((first, ()), (second, ("--resume",))):
        code, err = _kill_after(_start(str(corpus), "-o", str(out), "--jobs", jobs, *flags), journal, k, sig)
        assert not out.exists(), (first, second)
        if sig == signal.SIGKILL:
            assert code == -signal.SIGKILL
            continue
        assert code == 128 + sig, err
        line = err.strip()
        assert "\n" not in line, err
        m = re.fullmatch(rf"newsx: error: .*out\.jsonl: interrupted by (SIG\w+) after (\d+) of {N_DOCS} documents; "
                         r"they are kept in .*out\.jsonl\.newsx-partial; run the same command with --resume to "
                         r"finish", line)
        assert m, line
        assert m[1] == signal.Signals(sig).name
        assert int(m[2]) == _journalled(journal)  # every counted document is kept, none more
        assert _leftovers(tmp_path) == ["out.jsonl.newsx-journal", "out.jsonl.newsx-partial"]
    proc = run_cli("extract", str(corpus), "-o", str(out), "--resume", "--jobs", jobs)
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"newsx: (\d+) documents \((\d+) already done\)", proc.stderr)
    assert out.read_bytes() == reference, (first, second)
    assert _leftovers(tmp_path) == []


def test_resumed_csv_events_equal_an_uninterrupted_run(tmp_path, corpus):
    expected = _reference(corpus, tmp_path / "ref.csv", "--records", "events")
    out = tmp_path / "out.csv"
    journal = tmp_path / "out.csv.newsx-journal"
    k = RNG.randrange(*ONCE)
    _kill_after(_start(str(corpus), "-o", str(out), "--records", "events"), journal, k, signal.SIGKILL)
    proc = run_cli("extract", str(corpus), "-o", str(out), "--records", "events", "--resume")
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == expected, k
    assert out.read_text(encoding="utf-8").count("doc_id,id,type") == 1  # one header


def test_a_changed_input_is_redone_on_resume(tmp_path, corpus):
    changed = tmp_path / "corpus"
    changed.mkdir()
    for p in corpus.iterdir():
        (changed / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "out.jsonl"
    journal = tmp_path / "out.jsonl.newsx-journal"
    _kill_after(_start(str(changed), "-o", str(out)), journal, 4, signal.SIGKILL)
    first = changed / "000.txt"
    first.write_text(first.read_text(encoding="utf-8").split("\n")[0], encoding="utf-8")  # done, then changed
    proc = run_cli("extract", str(changed), "-o", str(out), "--resume")
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == _reference(changed, tmp_path / "ref.jsonl")


def test_torn_writes_after_the_last_journalled_document_are_dropped(tmp_path, seed_text):
    from newsx.io.journal import JournalSink
    from newsx.io.read import InputItem
    from newsx.pipeline import Pipeline
    from newsx.text.document import Document

    pipeline = Pipeline()
    docs = [pipeline(Document(seed_text[: 400 * (k + 1)], id=f"d{k}")) for k in range(3)]
    out = tmp_path / "out.jsonl"
    sink = JournalSink(out, "jsonl", "documents")
    for doc in docs[:2]:
        sink.write(doc)
    sink.abandon()
    with sink.partial.open("ab") as f:
        f.write(b'{"id":"d2","sou')  # killed while writing a document ...
    with sink.journal.path.open("a") as f:
        f.write('{"id": "d1", "ha')  # ... or its journal line
    sink = JournalSink(out, "jsonl", "documents", resume=True)
    items = [InputItem(d.id, d.id, text=d.text) for d in docs]
    assert [sink.restore(it) for it in items] == [True, True, False]
    sink.write(docs[2])
    sink.finish()
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [line[:10] for line in lines] == ['{"id":"d0"', '{"id":"d1"', '{"id":"d2"']


def test_resuming_with_another_record_kind_starts_afresh(tmp_path, corpus):
    out = tmp_path / "out.csv"
    _kill_after(_start(str(corpus), "-o", str(out)), tmp_path / "out.csv.newsx-journal", 3, signal.SIGKILL)
    proc = run_cli("extract", str(corpus), "-o", str(out), "--records", "events", "--resume")
    assert proc.returncode == 0, proc.stderr
    assert "(0 already done)" in proc.stderr
    assert out.read_bytes() == _reference(corpus, tmp_path / "ref.csv", "--records", "events")


def test_an_interrupted_run_leaves_complete_output_untouched(tmp_path, corpus, reference):
    out = tmp_path / "out.jsonl"
    out.write_bytes(reference)
    journal = tmp_path / "out.jsonl.newsx-journal"
    code, err = _kill_after(_start(str(corpus), "-o", str(out)), journal, RNG.randrange(1, 20), signal.SIGINT)
    assert code == 130, err
    assert out.read_bytes() == reference


def test_an_interrupted_json_run_writes_nothing_and_leaves_no_temporary_file(tmp_path, corpus):
    many = tmp_path / "many"  # five times the corpus: a run that lasts well past the signal
    many.mkdir()
    for k, f in enumerate(sorted(corpus.iterdir()) * 5):
        (many / f"{k:04d}.txt").symlink_to(f)
    out = tmp_path / "out" / "out.json"
    out.parent.mkdir()
    proc = _start(str(many), "-o", str(out))
    deadline = time.time() + 60
    while not list(out.parent.glob(".out.json.*.tmp")) and time.time() < deadline:
        time.sleep(0.01)
    time.sleep(RNG.uniform(0.1, 1.0))
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "was not written (it is written only when complete); rerun to finish" in err
    assert list(out.parent.iterdir()) == []


def test_killed_sqlite_run_resumes_without_duplicates(tmp_path, corpus, reference):
    out = tmp_path / "out.db"
    proc = _start(str(corpus), "-o", str(out))
    time.sleep(RNG.uniform(1.0, 3.0))
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    done = 0
    if out.exists():
        done = sqlite3.connect(out).execute("select count(*) from documents").fetchone()[0]
    proc = run_cli("extract", str(corpus), "-o", str(out), "--resume")
    assert proc.returncode == 0, proc.stderr
    assert f"({done} already done)" in proc.stderr
    db = sqlite3.connect(out)
    assert db.execute("select count(*) from documents").fetchone()[0] == N_DOCS
    records = [json.loads(line) for line in reference.decode("utf-8").splitlines()]
    assert db.execute("select count(*) from entities").fetchone()[0] == sum(len(r["entities"]) for r in records)
    assert db.execute("select count(*) from events").fetchone()[0] == sum(len(r["events"]) for r in records)


def test_resume_needs_an_output_it_can_resume(tmp_path, corpus):
    proc = run_cli("extract", str(corpus), "-o", str(tmp_path / "out.json"), "--resume")
    assert proc.returncode == 2
    assert proc.stderr.startswith("newsx: error: --resume needs one output file in jsonl, csv, conll")


@pytest.fixture(scope="module")
def parquet_reference(corpus, tmp_path_factory) -> dict[str, pa.Table]:
    out = tmp_path_factory.mktemp("ref") / "tables"
    proc = run_cli("extract", str(corpus), "-f", "parquet", "-o", f"{out}/", "-q")
    assert proc.returncode == 0, proc.stderr
    return read_tables(out)


def _journalled_parts(journal: Path) -> set[int]:
    return {json.loads(line)["part"] for line in journal.read_text(encoding="utf-8").splitlines()[1:]}


@pytest.mark.parametrize("sig,jobs", [(signal.SIGKILL, "1"), (signal.SIGINT, "1"), (signal.SIGTERM, "2")])
def test_killed_parquet_run_resumes_to_the_uninterrupted_tables(tmp_path, corpus, parquet_reference, sig, jobs):
    out = tmp_path / "tables"
    state = out / ".newsx-partial"
    journal = state / "journal"
    command = (str(corpus), "-f", "parquet", "-o", f"{out}/", "--jobs", jobs)
    first, second = RNG.randrange(*FIRST), RNG.randrange(*SECOND)
    for k, flags in ((first, ()), (second, ("--resume",))):
        # a part a document, as jsonl journals each one: the run is killed between documents, as there
        code, err = _kill_after(_start(*command, *flags, commit_seconds="0"), journal, k, sig)
        assert [p.name for p in out.iterdir()] == [".newsx-partial"], (first, second)  # no table before the end
        for part in _journalled_parts(journal):  # every journalled part is a whole Parquet file
            assert all(pq.read_table(state / f"{part:06d}-{kind}.parquet") is not None for kind in TABLES)
        if sig == signal.SIGKILL:
            assert code == -signal.SIGKILL
            continue
        assert code == 128 + sig, err
        m = re.fullmatch(rf"newsx: error: .*tables: interrupted by SIG\w+ after (\d+) of {N_DOCS} documents; they are kept "
                         r"in .*tables/\.newsx-partial; run the same command with --resume to finish", err.strip())
        assert m, err
        assert int(m[1]) == _journalled(journal)  # the documents in hand were written as a last part
    proc = run_cli("extract", *command, "--resume")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"newsx: (\d+) documents \((\d+) already done\)", proc.stderr)
    tables = read_tables(out)
    for kind in TABLES:  # same typed columns, same rows, same (input) order
        assert tables[kind].equals(parquet_reference[kind]), (kind, first, second)
    assert sorted(p.name for p in out.iterdir()) == [f"{kind}.parquet" for kind in sorted(TABLES)]


def test_a_changed_input_is_redone_in_a_resumed_parquet_file(tmp_path, corpus):
    changed = tmp_path / "corpus"
    shutil.copytree(corpus, changed)
    out = tmp_path / "events.parquet"
    command = (str(changed), "--records", "events", "-o", str(out))
    _kill_after(_start(*command, commit_seconds="0"), tmp_path / "events.parquet.newsx-partial" / "journal", 4,
                signal.SIGKILL)
    first = changed / "000.txt"
    first.write_text(first.read_text(encoding="utf-8").split("\n")[0], encoding="utf-8")  # done, then changed
    proc = run_cli("extract", *command, "--resume")
    assert proc.returncode == 0, proc.stderr
    assert "(0 already done)" not in proc.stderr
    ref = tmp_path / "ref.parquet"
    assert run_cli("extract", str(changed), "--records", "events", "-o", str(ref)).returncode == 0
    assert pq.read_table(out).equals(pq.read_table(ref))  # the old rows of 000.txt are gone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "events.parquet", "ref.parquet"]


def test_a_bad_commit_interval_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSX_COMMIT_SECONDS", "soon")
    proc = run_cli("extract", str(ROOT / "seeds"), "-f", "parquet", "-o", str(tmp_path / "t.parquet"))
    assert proc.returncode == 2
    assert proc.stderr == "newsx: error: NEWSX_COMMIT_SECONDS='soon': give a number of seconds, 0 or more\n"
    assert list(tmp_path.iterdir()) == []
