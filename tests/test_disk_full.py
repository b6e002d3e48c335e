"""A full disk, for real and without root: the run's file size limit
(RLIMIT_FSIZE, set in the child, SIGXFSZ ignored) makes every write past it
fail with EFBIG, as a full disk fails it with ENOSPC; ``/dev/full`` does the
same to stdout. newsx must stop with exit 3 and one line on stderr saying what
failed and what to do, leave what it wrote valid and no temporary file, keep
an earlier complete output whole, and, once there is room, finish with
``--resume`` equal to an uninterrupted run."""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from .conftest import N_DOCS, ROOT, TABLES, read_tables, run_cli

LINE = re.compile(r"newsx: error: (?P<output>\S+): cannot write the output \((?P<why>[^)]+)\); (?P<kept>[^;]+); "
                  r"free some disk space \(or fix the permissions\), then (?P<then>.+)")
RESUME = "run the same command with --resume to finish"


def _extract(*args: str, limit: int | None = None,
             stdout: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess:
    """``newsx extract ARGS -q``; with ``limit``, no file it writes may grow past ``limit`` bytes."""
    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "newsx", "extract", *args, "-q"], cwd=ROOT, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, env={**os.environ, "OMP_NUM_THREADS": "1"},
                          preexec_fn=limit_file_size if limit is not None else None, timeout=300)


def _failed(proc: subprocess.CompletedProcess) -> re.Match:
    """The run stopped on the write failure with exit 3 and one line, no traceback."""
    assert proc.returncode == 3, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
    m = LINE.fullmatch(proc.stderr.strip())
    assert m, proc.stderr
    return m


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_jsonl_run_on_a_full_disk_keeps_whole_documents_and_resumes(tmp_path, corpus):
    out = tmp_path / "out.jsonl"
    assert run_cli("extract", str(corpus), "-o", str(out), "-q").returncode == 0
    reference = out.read_bytes()  # an earlier complete run's output
    m = _failed(_extract(str(corpus), "-o", str(out), limit=len(reference) // 2))
    assert (m["why"], m["then"]) == ("File too large", RESUME)
    assert m["kept"] == f"they are kept in {out}.newsx-partial"
    assert out.read_bytes() == reference  # never damaged by the failed run
    partial = Path(f"{out}.newsx-partial").read_bytes()
    assert partial and partial.endswith(b"\n") and reference.startswith(partial)  # whole documents only
    journalled = Path(f"{out}.newsx-journal").read_text(encoding="utf-8").count("\n") - 1
    assert journalled == partial.count(b"\n")
    assert _names(tmp_path) == ["out.jsonl", "out.jsonl.newsx-journal", "out.jsonl.newsx-partial"]
    proc = run_cli("extract", str(corpus), "-o", str(out), "--resume")
    assert proc.returncode == 0, proc.stderr
    assert f"({journalled} already done)" in proc.stderr
    assert out.read_bytes() == reference
    assert _names(tmp_path) == ["out.jsonl"]


def _rows(db: sqlite3.Connection, table: str) -> list[tuple]:
    return sorted(db.execute(f"select * from {table}").fetchall(), key=repr)


def test_sqlite_run_on_a_full_disk_stays_consistent_and_resumes(tmp_path, corpus):
    ref = tmp_path / "ref.db"
    assert run_cli("extract", str(corpus), "-o", str(ref), "-q").returncode == 0
    out = tmp_path / "out.db"
    m = _failed(_extract(str(corpus), "-o", str(out), limit=ref.stat().st_size // 2))
    assert m["then"] == RESUME
    assert _names(tmp_path) == ["out.db", "ref.db"]  # no rollback journal left behind
    db, whole = sqlite3.connect(out), sqlite3.connect(ref)
    assert db.execute("pragma integrity_check").fetchone() == ("ok",)
    assert db.execute("pragma foreign_key_check").fetchall() == []
    done = {r[0] for r in db.execute("select doc_id from documents")}
    assert len(done) < 36
    for table in TABLES:  # each document it holds is there whole: every row, as in the complete run
        kept = [r for r in _rows(whole, table) if r[0] in done]
        assert _rows(db, table) == kept, table
    db.close()
    proc = run_cli("extract", str(corpus), "-o", str(out), "--resume")
    assert proc.returncode == 0, proc.stderr
    assert f"({len(done)} already done)" in proc.stderr
    db = sqlite3.connect(out)
    for table in TABLES:
        assert _rows(db, table) == _rows(whole, table), table


@pytest.fixture(scope="module")
def ref(corpus, tmp_path_factory) -> Path:
    """The tables of an uninterrupted Parquet run."""
    ref = tmp_path_factory.mktemp("ref") / "tables"
    assert run_cli("extract", str(corpus), "-f", "parquet", "-o", f"{ref}/", "-q").returncode == 0
    return ref


def _parquet_failed(proc: subprocess.CompletedProcess, out: Path, ref: Path) -> re.Match:
    """The failed run left the earlier tables whole, every part it kept whole, and no temporary file."""
    m = _failed(proc)
    assert (m["why"], m["then"]) == ("File too large", RESUME)
    for kind in TABLES:
        assert (out / f"{kind}.parquet").read_bytes() == (ref / f"{kind}.parquet").read_bytes()
    state = out / ".newsx-partial"
    if state.exists():
        assert m["kept"] == f"they are kept in {state}"
        parts = [p for p in state.iterdir() if p.name != "journal"]
        assert parts and all(p.suffix == ".parquet" and pq.read_table(p) is not None for p in parts)
    assert not [p for p in out.rglob("*") if ".tmp" in p.name]
    return m


def _resumed(corpus: Path, out: Path, ref: Path) -> str:
    proc = run_cli("extract", str(corpus), "-f", "parquet", "-o", f"{out}/", "--resume")
    assert proc.returncode == 0, proc.stderr
    tables, expected = read_tables(out), read_tables(ref)
    for kind in TABLES:
        assert tables[kind].equals(expected[kind]), kind
    assert _names(out) == sorted(f"{kind}.parquet" for kind in TABLES)
    return proc.stderr


def test_parquet_run_failing_at_its_first_part_keeps_nothing_and_resumes(tmp_path, corpus, ref):
    out = tmp_path / "tables"
    shutil.copytree(ref, out)  # an earlier complete run's tables
    m = _parquet_failed(_extract(str(corpus), "-f", "parquet", "-o", f"{out}/", limit=2_000), out, ref)
    assert m["kept"] == "no document was finished" and not (out / ".newsx-partial").exists()
    _resumed(corpus, out, ref)


def test_parquet_run_failing_while_assembling_or_mid_run_resumes(tmp_path, corpus, ref, monkeypatch):
    """A part a document (NEWSX_COMMIT_SECONDS=0), so where the disk fills is
    known: first past the largest table, when every part is written and the
    tables are assembled; then, started afresh, at the first document with a
    part larger than any before it, once the documents before are journalled."""
    monkeypatch.setenv("NEWSX_COMMIT_SECONDS", "0")
    out = tmp_path / "tables"
    shutil.copytree(ref, out)
    command = (str(corpus), "-f", "parquet", "-o", f"{out}/")
    limit = max(p.stat().st_size for p in ref.iterdir()) - 1
    _parquet_failed(_extract(*command, limit=limit), out, ref)
    state = out / ".newsx-partial"
    journal = (state / "journal").read_text(encoding="utf-8").splitlines()[1:]
    assert len(journal) == N_DOCS  # every document was written: the assembly failed
    largest = [max(p.stat().st_size for p in state.glob(f"{n:06d}-*.parquet")) for n in range(36)]
    k = next(k for k in range(1, 36) if largest[k] > max(largest[:k]))
    _parquet_failed(_extract(*command, limit=max(largest[:k])), out, ref)
    assert len((state / "journal").read_text(encoding="utf-8").splitlines()) == 1 + k
    assert f"({k} already done)" in _resumed(corpus, out, ref)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_stdout_on_a_full_device_says_so_in_one_line(corpus):
    with open("/dev/full", "w") as full:
        m = _failed(_extract(str(corpus), "-f", "jsonl", stdout=full.fileno()))
    assert (m["output"], m["why"], m["then"]) == ("stdout", "No space left on device", "rerun to finish")


def test_a_file_written_only_when_complete_is_not_written_and_leaves_nothing(tmp_path, corpus):
    out = tmp_path / "out.json"
    m = _failed(_extract(str(corpus), "-o", str(out), limit=30_000))
    assert m["kept"] == f"{out} was not written (it is written only when complete)"
    assert (m["why"], m["then"]) == ("File too large", "rerun to finish")
    assert _names(tmp_path) == []
