"""Cost per 1,000 tokens as one document grows: 1 kB, 100 kB, 1 MB, 10 MB
documents through ``Pipeline`` (whole Document, layers merged), and a 100 MB
file through the real command line (``newsx extract big.txt -o out.jsonl``,
which writes a long document's record part by part); peak memory (max RSS)
of each run.

The text is bench articles (sorted by name, cycled) joined by blank lines and
cut to the size in UTF-8 bytes. Each size runs in its own process so that its
peak memory is its own; small sizes run several documents so that every size
times at least ``--min-bytes`` of text. The command-line row is wall time of
the whole command (start-up, reading, writing included) and the peak RSS of
that process.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_long_documents.py \\
        --bench /work/shared/data/news/bench [--sizes 1e3,1e5,1e6,1e7,1e8]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent


def make_text(bench: Path, size: int, skip: int = 0) -> str:
    """Bench articles, cycled from the ``skip``-th, joined and cut to ``size`` bytes."""
    files = sorted(bench.glob("*.txt"))
    parts, n, i = [], 0, skip
    while n < size:
        t = files[i % len(files)].read_text(encoding="utf-8")
        parts.append(t)
        n += len(t.encode()) + 2
        i += 1
    return "\n\n".join(parts).encode()[:size].decode("utf-8", "ignore")


def run_one(bench: Path, size: int, min_bytes: int) -> dict:
    """Time ``Pipeline`` on documents of ``size`` bytes (in this process)."""
    from newsx.pipeline import Pipeline
    from newsx.text.document import Document

    pipe = Pipeline()
    pipe.load()
    pipe(Document(make_text(bench, 2000)))  # warm: lexicons and gazetteers load once per process
    docs = max(1, min_bytes // size)
    tokens = entities = events = 0
    seconds = cpu = 0.0
    for k in range(docs):
        doc = Document(make_text(bench, size, skip=k * 7))
        t, c = time.perf_counter(), time.process_time()
        pipe(doc)
        seconds += time.perf_counter() - t
        cpu += time.process_time() - c
        tokens += len(doc)
        entities += len(doc.entities)
        events += len(doc.events)
    return _row(size, docs, tokens, entities, events, seconds, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def run_cli(bench: Path, size: int) -> dict:
    """Time ``newsx extract file -o out.jsonl`` on one file of ``size`` bytes:
    wall time of the command, its peak RSS, and the counts in its record."""
    with tempfile.TemporaryDirectory(prefix="newsx-long-") as tmp:
        src, out = Path(tmp) / "big.txt", Path(tmp) / "out.jsonl"
        src.write_text(make_text(bench, size), encoding="utf-8")
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "newsx", "extract", str(src), "-o", str(out), "-q"], check=True,
                       cwd=ROOT, env={**os.environ, "OMP_NUM_THREADS": "1"})
        seconds = time.perf_counter() - t
        child = resource.getrusage(resource.RUSAGE_CHILDREN)
        counts = _record_counts(out)
    return _row(size, 1, counts["tokens"], counts["entities"], counts["events"], seconds,
                child.ru_utime + child.ru_stime, child.ru_maxrss)


def _record_counts(path: Path) -> dict[str, int]:
    """Tokens (from the record's stats) and entities and events (counted keys)
    of a one-record JSONL file too large to parse whole."""
    counts = {"entities": 0, "events": 0}
    keys = {"entities": b'"found_by":', "events": b'"quad_class":'}
    with path.open("rb") as f:
        head = f.read(1 << 16)
        counts["tokens"] = int(re.search(rb'"tokens":(\d+)', head).group(1))
        f.seek(0)
        tail = b""
        while block := f.read(1 << 24):
            for name, key in keys.items():
                counts[name] += (tail + block).count(key) - tail.count(key)
            tail = block[-32:]
    return counts


def _row(size: int, docs: int, tokens: int, entities: int, events: int, seconds: float, cpu: float,
         peak_kb: int) -> dict:
    """A size's figures: wall and CPU time per 1,000 tokens (CPU time is what
    a shared machine's load changes least)."""
    return {"bytes": size, "docs": docs, "tokens": tokens, "entities": entities, "events": events,
            "seconds": round(seconds, 2), "ms_per_1k_tokens": round(1e6 * seconds / tokens, 2),
            "cpu_ms_per_1k_tokens": round(1e6 * cpu / tokens, 2), "peak_mb": round(peak_kb / 1024)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=Path("/work/shared/data/news/bench"))
    ap.add_argument("--sizes", default="1e3,1e5,1e6,1e7,1e8")
    ap.add_argument("--min-bytes", type=int, default=1_000_000)
    ap.add_argument("--cli-from", type=float, default=1e8, help="sizes from this one run through the command line")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        row = run_cli(args.bench, args.one) if args.one >= args.cli_from else run_one(args.bench, args.one, args.min_bytes)
        print(json.dumps(row))
        return
    rows = []
    for size in (int(float(s)) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--bench", str(args.bench), "--one", str(size),
                              "--min-bytes", str(args.min_bytes), "--cli-from", str(args.cli_from)],
                             check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        r = rows[-1]
        print(f"{r['bytes']:>11,} B x{r['docs']:<4} {r['tokens']:>10,} tokens {r['seconds']:>8.1f} s "
              f"{r['ms_per_1k_tokens']:>7.2f} ms/1k tokens (CPU {r['cpu_ms_per_1k_tokens']:>7.2f})  "
              f"peak {r['peak_mb']:>5} MB  {json.dumps(r)}", flush=True)
    for r in rows:
        print(f"{r['bytes']:>11,} B: {r['ms_per_1k_tokens'] / rows[0]['ms_per_1k_tokens']:.2f}x the smallest per "
              f"token (CPU {r['cpu_ms_per_1k_tokens'] / rows[0]['cpu_ms_per_1k_tokens']:.2f}x)")


if __name__ == "__main__":
    main()
