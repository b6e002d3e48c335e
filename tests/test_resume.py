"""Interrupted runs: real batches are killed (SIGINT, SIGTERM, SIGKILL) at
random points and resumed with ``--resume``; the final output must equal an
uninterrupted run's, byte for byte (no document lost, none twice), a changed
input is redone, and complete output is never damaged by a later failure."""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, SEED, run_cli

ARTICLES = ROOT / "tests" / "data" / "articles"
N_DOCS = 36
RNG = random.Random(os.urandom(8))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """36 articles: the five test articles and the seed, six times each."""
    root = tmp_path_factory.mktemp("corpus")
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))] + [SEED.read_text(encoding="utf-8")]
    for k in range(N_DOCS):
        (root / f"{k:03d}.txt").write_text(texts[k % len(texts)], encoding="utf-8")
    return root


def _reference(corpus: Path, out: Path, *extra: str) -> bytes:
    proc = run_cli("extract", str(corpus), "-o", str(out), "-q", *extra)
    assert proc.returncode == 0, proc.stderr
    return out.read_bytes()


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> bytes:
    return _reference(corpus, tmp_path_factory.mktemp("ref") / "out.jsonl")


def _start(*args: str) -> subprocess.Popen:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
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
    first, second = RNG.randrange(1, N_DOCS // 2), RNG.randrange(1, N_DOCS // 2 - 4)
    for k, flags in ((first, ()), (second, ("--resume",))):
        code, err = _kill_after(_start(str(corpus), "-o", str(out), "--jobs", jobs, *flags), journal, k, sig)
        assert not out.exists(), (first, second)
        if sig == signal.SIGKILL:
            assert code == -signal.SIGKILL
            continue
        assert code == 128 + sig, err
        line = err.strip()
        assert "\n" not in line, err
        m = re.fullmatch(r"newsx: error: .*out\.jsonl: interrupted by (SIG\w+) after (\d+) of 36 documents; "
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
    k = RNG.randrange(2, N_DOCS - 4)
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
    with sink.journal.open("a") as f:
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
    out = tmp_path / "out.json"
    proc = _start(str(corpus), "-o", str(out))
    deadline = time.time() + 60
    while not list(tmp_path.glob(".out.json.*.tmp")) and time.time() < deadline:
        time.sleep(0.01)
    time.sleep(RNG.uniform(0.1, 1.0))
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "was not written (it is written only when complete); rerun to finish" in err
    assert list(tmp_path.iterdir()) == []


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
    import json

    records = [json.loads(line) for line in reference.decode("utf-8").splitlines()]
    assert db.execute("select count(*) from entities").fetchone()[0] == sum(len(r["entities"]) for r in records)
    assert db.execute("select count(*) from events").fetchone()[0] == sum(len(r["events"]) for r in records)


def test_resume_needs_an_output_it_can_resume(tmp_path, corpus):
    proc = run_cli("extract", str(corpus), "-o", str(tmp_path / "out.json"), "--resume")
    assert proc.returncode == 2
    assert proc.stderr.startswith("newsx: error: --resume needs one output file in jsonl, csv, conll")
