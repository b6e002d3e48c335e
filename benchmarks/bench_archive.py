"""Archive runs: start-up times, whole-process throughput, Dask with 1 and 2
local workers against the ``--jobs 2`` process pool, resume after SIGKILL (jsonl
and Parquet), and the write speed and peak memory of the jsonl, Parquet and
SQLite writers.

    python benchmarks/bench_archive.py [--articles 300] [--dask-articles 600]
                                       [--write-articles 6000] [--repeat 3] [--baseline a5dfa18]

Every figure is the median of ``--repeat`` runs of the real command line
(subprocesses: start-up included); CPU seconds are the children's user+sys
time, steadier than wall time on this shared 2-core machine. Each tree's
modules are byte-compiled first, as a normal install does. ``--baseline REV``
also times the start-up and throughput of that revision (exported with ``git
archive``; throughput runs of the two alternate).
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = next((p / "shared" / "data" / "news" / "bench" for p in (ROOT.parent, ROOT.parent.parent)
              if (p / "shared").is_dir()), ROOT.parent / "shared" / "data" / "news" / "bench")
SEED = ROOT / "seeds" / "000_6a0ec1e029379d25.txt"
ENV = {**os.environ, "OMP_NUM_THREADS": "1"}


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd: list[str], cwd: Path = ROOT, env: dict | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of ``cmd``."""
    c0, t0 = _cpu(), time.perf_counter()
    subprocess.run(cmd, check=True, cwd=cwd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0, _cpu() - c0


def median_run(cmd: list[str], repeat: int, **kw) -> tuple[float, float]:
    runs = [timed(cmd, **kw) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def newsx(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsx", *args]


def corpus(tmp: Path, n: int, name: str) -> Path:
    folder = tmp / name
    folder.mkdir()
    for f in sorted(BENCH.glob("*.txt"))[:n]:
        os.symlink(f, folder / f.name)
    return folder


def words(folder: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in folder.iterdir())


def row(name: str, value: str) -> None:
    print(f"{name:58s} {value:>22s}")


def trees(args: argparse.Namespace, tmp: Path) -> list[tuple[str, Path]]:
    """This tree, then the ``--baseline`` revision exported once with ``git archive``."""
    out = [("this tree", ROOT)]
    if args.baseline:
        base = tmp / "baseline"
        if not base.is_dir():
            base.mkdir()
            subprocess.run(f"git archive {args.baseline} | tar -x -C {base}", shell=True, check=True, cwd=ROOT)
        out.append((args.baseline, base))
    for _, tree in out:  # .pyc files, as pip writes at install (this workplace sets PYTHONDONTWRITEBYTECODE)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "newsx")], check=True,
                       stdout=subprocess.DEVNULL)
    return out


def startup(args: argparse.Namespace, tmp: Path) -> None:
    print("\n## start-up (median wall s, CPU s)")
    for label, tree in trees(args, tmp):
        env = {**ENV, "PYTHONPATH": str(tree)}
        for what, cmd in (("--version", newsx("--version")), ("--help", newsx("--help")),
                          ("extract seed -f jsonl", newsx("extract", str(SEED), "-f", "jsonl"))):
            wall, cpu = median_run(cmd, args.repeat, cwd=tree, env=env)
            row(f"{label}: newsx {what}", f"{wall:.2f} s ({cpu:.2f} CPU)")


def throughput(args: argparse.Namespace, tmp: Path) -> None:
    """Words/s of whole runs (start-up included); with ``--baseline``, runs of
    the two trees alternate, so both see the same load on a shared machine."""
    folder = corpus(tmp, args.articles, "through")
    n_words = words(folder)
    print(f"\n## whole process, {args.articles} articles, {n_words:,} words, start-up included")
    cmd = newsx("extract", str(folder), "-o", str(tmp / "t.jsonl"), "-q")
    runs: dict[str, list[tuple[float, float]]] = {}
    for _ in range(args.repeat):
        for label, tree in trees(args, tmp):
            runs.setdefault(label, []).append(timed(cmd, cwd=tree, env={**ENV, "PYTHONPATH": str(tree)}))
    cpu_of = {}
    for label, r in runs.items():
        wall, cpu_of[label] = statistics.median(x[0] for x in r), statistics.median(x[1] for x in r)
        row(f"{label}: words/s (wall)", f"{n_words / wall:,.0f}")
        row(f"{label}: words per CPU second", f"{n_words / cpu_of[label]:,.0f}")
    if args.baseline:
        row(f"CPU time {args.baseline} / this tree", f"{cpu_of[args.baseline] / cpu_of['this tree']:.2f}x")


def dask(args: argparse.Namespace, tmp: Path) -> None:
    folder = corpus(tmp, args.dask_articles, "dask")
    n = args.dask_articles
    print(f"\n## Dask (local cluster on 127.0.0.1) against the process pool, {n} articles, docs/s (wall, median)")
    runs = {}
    for label, extra in (("--jobs 1 (one process)", ["--jobs", "1"]), ("--jobs 2 (process pool)", ["--jobs", "2"]),
                         ("--engine dask, 1 worker", ["--engine", "dask", "--jobs", "1"]),
                         ("--engine dask, 2 workers", ["--engine", "dask", "--jobs", "2"])):
        out = tmp / "d.jsonl"
        runs[label] = median_run(newsx("extract", str(folder), "-o", str(out), "-q", *extra), args.repeat)[0]
        row(label, f"{n / runs[label]:,.1f} docs/s ({runs[label]:.1f} s)")
    row("Dask speed-up, 2 workers / 1 worker", f"{runs['--engine dask, 1 worker'] / runs['--engine dask, 2 workers']:.2f}x")
    row("Dask 2 workers time / --jobs 2 time (overhead)", f"{runs['--engine dask, 2 workers'] / runs['--jobs 2 (process pool)']:.2f}x")


def _tables(folder: Path) -> list:
    import pyarrow.parquet as pq

    return [pq.read_table(folder / f"{kind}.parquet") for kind in ("documents", "entities", "actors", "events")]


def resume(args: argparse.Namespace, tmp: Path) -> None:
    """For jsonl and Parquet: an uninterrupted run, then a run SIGKILLed once half
    the documents are journalled and the same command with --resume."""
    folder = corpus(tmp, args.articles, "resume")
    print(f"\n## resume after SIGKILL at half-way, {args.articles} articles (wall s)")
    for fmt, name, journal, same in (
        ("jsonl", "r.jsonl", "r.jsonl.newsx-journal", lambda a, b: a.read_bytes() == b.read_bytes()),
        ("parquet", "tables", "tables/.newsx-partial/journal",
         lambda a, b: all(x.equals(y) for x, y in zip(_tables(a), _tables(b)))),
    ):
        ref, out = tmp / f"ref-{name}", tmp / name
        full = timed(newsx("extract", str(folder), "-f", fmt, "-o", str(ref), "-q"))[0]
        t0 = time.perf_counter()
        proc = subprocess.Popen(newsx("extract", str(folder), "-f", fmt, "-o", str(out), "-q"), cwd=ROOT, env=ENV)
        done = tmp / journal
        while (done.read_text().count("\n") - 1 if done.exists() else 0) < args.articles // 2:
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        killed = time.perf_counter() - t0
        kept = done.read_text().count("\n") - 1
        rest = timed(newsx("extract", str(folder), "-f", fmt, "-o", str(out), "-q", "--resume"))[0]
        row(f"{fmt}: uninterrupted run", f"{full:.1f}")
        row(f"{fmt}: killed run ({kept} kept) + resumed run", f"{killed:.1f} + {rest:.1f} = {killed + rest:.1f}")
        row(f"{fmt}: resumed output equals the uninterrupted one", str(same(out, ref)))


def _write(fmt: str, docs_path: str, out: str) -> None:
    """In a child process: read pickled Documents, write them with ``fmt``; print docs/s and peak RSS."""
    from newsx.io.sink import open_sink

    sink = open_sink(Path(out) if fmt != "none" else None, fmt if fmt != "none" else "jsonl", "documents")
    n, t0 = 0, time.perf_counter()
    with open(docs_path, "rb") as f, open(os.devnull, "w") as null:
        sys.stdout = null if fmt == "none" else sys.stdout
        while True:
            try:
                doc = pickle.load(f)
            except EOFError:
                break
            if fmt != "none":
                sink.write(doc)
            n += 1
        if fmt != "none":
            sink.finish()
    seconds = time.perf_counter() - t0
    sys.stdout = sys.__stdout__
    print(n, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def writers(args: argparse.Namespace, tmp: Path) -> None:
    from newsx.io.batch import process_all
    from newsx.io.read import iter_inputs
    from newsx.pipeline import Pipeline

    folder = corpus(tmp, args.write_articles, "write")
    docs_path = tmp / "docs.pickle"
    with open(docs_path, "wb") as f:
        for doc in process_all(list(iter_inputs([str(folder)])), Pipeline(), jobs=2):
            pickle.dump(doc, f, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"\n## writers on {args.write_articles} processed articles (pickled documents read back and written)")
    base_rss = None
    for fmt, out in (("none", ""), ("jsonl", tmp / "w.jsonl"), ("parquet", tmp / "tables"), ("sqlite", tmp / "w.db")):
        runs = []
        for _ in range(args.repeat):
            shutil.rmtree(out, ignore_errors=True) if fmt == "parquet" else Path(str(out) or os.devnull).unlink(missing_ok=True) if fmt != "none" else None
            res = subprocess.run([sys.executable, __file__, "--write-child", fmt, str(docs_path), str(out)],
                                 check=True, capture_output=True, text=True, env=ENV)
            n, seconds, rss = res.stdout.split()
            runs.append((float(seconds), int(rss)))
        seconds = statistics.median(r[0] for r in runs)
        rss_mb = statistics.median(r[1] for r in runs) / 1024
        if fmt == "none":
            base_rss = rss_mb
            row("reading the documents back only", f"{int(n) / seconds:,.0f} docs/s, {rss_mb:.0f} MB")
            continue
        size = sum(p.stat().st_size for p in Path(out).rglob("*")) if Path(out).is_dir() else Path(out).stat().st_size
        row(f"{fmt}: write speed, peak RSS (above reading only), size",
            f"{int(n) / seconds:,.0f} docs/s, {rss_mb:.0f} MB (+{rss_mb - base_rss:.0f}), {size / 1e6:.0f} MB")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--write-child":
        _write(*sys.argv[2:5])
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--dask-articles", type=int, default=600)
    ap.add_argument("--write-articles", type=int, default=6000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline", default=None, help="a git revision to compare start-up and throughput with")
    ap.add_argument("--only", default="startup,throughput,dask,resume,writers")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for part in args.only.split(","):
            globals()[part](args, Path(tmp))


if __name__ == "__main__":
    main()
