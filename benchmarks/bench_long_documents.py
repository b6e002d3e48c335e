"""Cost per 1,000 tokens as one document grows: 1 kB, 100 kB, 1 MB, 10 MB
documents through ``Pipeline`` (whole Document, layers merged) and a 100 MB
file streamed through ``Pipeline.parts``; peak memory (max RSS) of each run.

The text is bench articles (sorted by name, cycled) joined by blank lines and
cut to the size in UTF-8 bytes. Each size runs in its own process so that its
peak memory is its own; small sizes run several documents so that every size
times at least ``--min-bytes`` of text.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_long_documents.py \\
        --bench /work/shared/data/news/bench [--sizes 1e3,1e5,1e6,1e7,1e8]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")


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


def run_one(bench: Path, size: int, min_bytes: int, stream: bool) -> dict:
    """Time ``Pipeline`` on documents of ``size`` bytes (in this process)."""
    from newsx.pipeline import Pipeline
    from newsx.text.document import Document
    from newsx.text.segment import segment
    from newsx.text.tokenise import tokenise

    pipe = Pipeline()
    pipe.load()
    pipe(Document(make_text(bench, 2000)))  # warm: lexicons and gazetteers load once per process
    docs = max(1, min_bytes // size)
    tokens = entities = events = 0
    seconds = 0.0
    for k in range(docs):
        if stream:
            with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
                f.write(make_text(bench, size, skip=k * 7))
            t = time.perf_counter()
            doc = Document(Path(f.name).read_text(encoding="utf-8"))
            os.unlink(f.name)
            segment(doc)
            tokenise(doc)
            for part in pipe.parts(doc):  # each part's layers are dropped once counted
                entities += len(part.entities)
                events += len(part.events)
        else:
            doc = Document(make_text(bench, size, skip=k * 7))
            t = time.perf_counter()
            pipe(doc)
            entities += len(doc.entities)
            events += len(doc.events)
        seconds += time.perf_counter() - t
        tokens += len(doc)
    return {"bytes": size, "docs": docs, "tokens": tokens, "entities": entities, "events": events,
            "seconds": round(seconds, 2), "ms_per_1k_tokens": round(1000 * seconds / tokens * 1000, 2),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=Path("/work/shared/data/news/bench"))
    ap.add_argument("--sizes", default="1e3,1e5,1e6,1e7,1e8")
    ap.add_argument("--min-bytes", type=int, default=1_000_000)
    ap.add_argument("--stream-from", type=float, default=1e8, help="sizes from this one stream through parts")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.bench, args.one, args.min_bytes, args.one >= args.stream_from)))
        return
    rows = []
    for size in (int(float(s)) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--bench", str(args.bench), "--one", str(size),
                              "--min-bytes", str(args.min_bytes), "--stream-from", str(args.stream_from)],
                             check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        r = rows[-1]
        print(f"{r['bytes']:>11,} B x{r['docs']:<4} {r['tokens']:>10,} tokens {r['seconds']:>8.1f} s "
              f"{r['ms_per_1k_tokens']:>7.2f} ms/1k tokens  peak {r['peak_mb']:>5} MB", flush=True)
    base = rows[0]["ms_per_1k_tokens"]
    for r in rows:
        print(f"{r['bytes']:>11,} B: {r['ms_per_1k_tokens'] / base:.2f}x the smallest per token")


if __name__ == "__main__":
    main()
