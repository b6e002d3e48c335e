"""Dask for real: a scheduler and two workers started as processes on
127.0.0.1; a folder run through them gives the single-process records, and a
worker killed mid-run loses and duplicates no document (Dask reruns its tasks)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, SEED, jsonl, run_cli

ARTICLES = ROOT / "tests" / "data" / "articles"
HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def cluster():
    """``tcp://127.0.0.1:PORT`` of a scheduler with two single-threaded workers
    (no nanny: a killed worker stays dead), and the worker processes."""
    from distributed import Client

    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    address = f"tcp://{HOST}:{_free_port()}"
    procs = [subprocess.Popen([sys.executable, "-m", "dask", "scheduler", "--host", HOST, "--port",
                               address.rsplit(":", 1)[1], "--no-dashboard", "--dashboard-address", f"{HOST}:0"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        time.sleep(1.0)
        for _ in range(2):
            procs.append(subprocess.Popen([sys.executable, "-m", "dask", "worker", address, "--nthreads", "1",
                                           "--no-nanny", "--host", HOST, "--no-dashboard", "--dashboard-address", f"{HOST}:0"], env=env,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address, procs[1:]
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))] + [SEED.read_text(encoding="utf-8")]
    for k in range(24):
        (root / f"{k:03d}.txt").write_text(texts[k % len(texts)], encoding="utf-8")
    return root


def test_a_folder_through_the_cluster_equals_the_single_process_run(cluster, corpus, tmp_path):
    address, _ = cluster
    single = run_cli("extract", str(corpus), "-f", "jsonl")
    assert single.returncode == 0, single.stderr
    out = tmp_path / "out.jsonl"
    proc = run_cli("extract", str(corpus), "-o", str(out), "--engine", "dask", "--scheduler", address, "-q")
    assert proc.returncode == 0, proc.stderr
    assert jsonl(out.read_text(encoding="utf-8")) == jsonl(single.stdout)


def test_the_python_api_maps_over_a_bag(cluster):
    import dask.bag as db
    from distributed import Client

    from newsx.dask import extract_bag

    address, _ = cluster
    texts = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(ARTICLES.glob("*.txt"))]
    with Client(address):
        events = extract_bag(db.from_sequence(texts, npartitions=2), records="events").compute()
    from newsx.pipeline import extract

    expected = [(t["id"], ev.cameo) for t in texts for ev in extract(t["text"], id=t["id"]).events]
    assert [(e["doc_id"], e["cameo"]) for e in events] == expected and expected


def test_ctrl_c_on_a_local_cluster_run_keeps_finished_work_for_resume(cluster, corpus, tmp_path):
    """Ctrl-C reaches the whole process group (client and local workers): the
    run stops with 130 and one line, and --resume on a cluster finishes it."""
    address, _ = cluster
    out = tmp_path / "out.jsonl"
    journal = tmp_path / "out.jsonl.newsx-journal"
    proc = subprocess.Popen([sys.executable, "-m", "newsx", "extract", str(corpus), "-o", str(out), "-q",
                             "--engine", "dask", "--jobs", "2"], cwd=ROOT, start_new_session=True,
                            env={**os.environ, "OMP_NUM_THREADS": "1"}, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and (not journal.exists() or journal.read_text().count("\n") < 3):
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert err.strip().startswith("newsx: error: ") and "\n" not in err.strip(), err
    assert "run the same command with --resume to finish" in err
    done = journal.read_text().count("\n") - 1  # the first line names the format
    resumed = run_cli("extract", str(corpus), "-o", str(out), "--engine", "dask", "--scheduler", address,
                      "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert f"({done} already done)" in resumed.stderr
    single = run_cli("extract", str(corpus), "-f", "jsonl")
    assert jsonl(out.read_text(encoding="utf-8")) == jsonl(single.stdout)


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(cluster, corpus):
    """Runs last in this module: it kills one of the two workers."""
    from distributed import Client

    from newsx.dask import process_stream
    from newsx.io.read import iter_inputs
    from newsx.pipeline import Pipeline

    address, workers = cluster
    items = list(iter_inputs([str(corpus)]))
    ids = []
    with Client(address) as client:
        for doc in process_stream(items, Pipeline(), batch_size=2, client=client):
            assert not doc.errors, doc.errors
            ids.append(doc.id)
            if len(ids) == 4:
                workers[0].send_signal(signal.SIGKILL)  # its running and queued batches are lost with it
                workers[0].wait(timeout=30)
    assert ids == [item.id for item in items]


def test_a_scheduler_that_cannot_be_reached_is_a_usage_error(tmp_path):
    """Nothing listens at the address: one line saying so, exit 2, no output file."""
    address = f"tcp://{HOST}:{_free_port()}"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"}
    proc = subprocess.run([sys.executable, "-m", "newsx", "extract", str(SEED), "-o", str(tmp_path / "out.jsonl"),
                           "--engine", "dask", "--scheduler", address], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith(f"newsx: error: {address}: cannot reach the Dask scheduler at {address}")
    assert proc.stderr.count("\n") == 1
    assert not (tmp_path / "out.jsonl").exists()
