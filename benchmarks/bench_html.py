"""HTML view cost: render time and page size for the seed and a 2 MB article made
of real bench articles, and (where Debian's chromium is installed) how long
headless Chromium takes to load each page, against an empty page's start-up.

    python benchmarks/bench_html.py [--bench DIR] [--mb 2] [--repeat 3]

The 2 MB article is the bench articles in name order, joined by blank lines, run
once through the pipeline (its time is printed too); every other figure is the
median of ``--repeat`` runs, because the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import newsx  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "data" / "news" / "bench"
SEED = ROOT / "seeds" / "000_6a0ec1e029379d25.txt"


def median_seconds(fn, repeat: int) -> float:
    """Median wall time of ``fn()`` over ``repeat`` calls."""
    return statistics.median(timeit.repeat(fn, number=1, repeat=repeat))


def long_article(bench: Path, size: int) -> str:
    """Bench articles in name order, joined until the text passes ``size`` UTF-8 bytes."""
    parts, total = [], 0
    for path in sorted(bench.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        parts.append(text)
        total += len(text.encode("utf-8")) + 2
        if total >= size:
            break
    return "\n\n".join(parts)


def browser_load(chromium: str, page: Path) -> None:
    """Load ``page`` in headless Chromium and wait for its DOM (``--dump-dom`` returns after load)."""
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=BENCH)
    ap.add_argument("--mb", type=float, default=2.0, help="size of the long article in MB")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    docs = {"seed": newsx.extract(SEED.read_text(encoding="utf-8"), id="seed")}
    text = long_article(args.bench, int(args.mb * 1_000_000))
    t0 = time.perf_counter()
    docs["long"] = newsx.extract(text, id="long")
    print(f"long article: {len(text.encode('utf-8')) / 1e6:.2f} MB, {len(docs['long']):,} tokens, "
          f"pipeline {time.perf_counter() - t0:.1f} s (once)")
    chromium = shutil.which("chromium")
    with tempfile.TemporaryDirectory() as tmp:
        blank = Path(tmp) / "blank.html"
        blank.write_text("<!DOCTYPE html><title>blank</title>", encoding="utf-8")
        startup = median_seconds(lambda: browser_load(chromium, blank), args.repeat) if chromium else None
        if startup is not None:
            print(f"chromium start-up on an empty page: {startup:.2f} s (median of {args.repeat})")
        for name, doc in docs.items():
            seconds = median_seconds(lambda: newsx.render_html(doc), args.repeat)
            html = newsx.render_html(doc)
            page = Path(tmp) / f"{name}.html"
            page.write_text(html, encoding="utf-8")
            line = (f"{name}: {len(doc.text.encode('utf-8')) / 1e6:.3f} MB text, {len(doc.entities):,} entities, "
                    f"{len(doc.events):,} events -> page {len(html.encode('utf-8')) / 1e6:.2f} MB "
                    f"({len(html.encode('utf-8')) / len(doc.text.encode('utf-8')):.1f}x the text); "
                    f"render {seconds:.3f} s (median of {args.repeat}), {len(doc) / seconds:,.0f} tokens/s")
            if chromium and startup is not None:
                load = median_seconds(lambda: browser_load(chromium, page), args.repeat)
                line += f"; chromium load {load:.2f} s ({load - startup:+.2f} s over an empty page)"
            print(line)
    if not chromium:
        print("no chromium on PATH: browser load not measured", file=sys.stderr)


if __name__ == "__main__":
    main()
