"""Pipeline speed on real news: tokens/s in one process and with --jobs 2, the
ratio against camel-tools' simple_word_tokenize alone over the same texts in the
same run, peak RSS, and the wall time of ``newsx extract`` on one article.

    python benchmarks/bench_pipeline.py [--limit N] [--ner model|gazetteer] [--repeat 3]

Machines here are noisy: every timing is the median of ``--repeat`` runs, and
ratios (measured in the same run) are the figures to compare across machines.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "data" / "news" / "bench"


def _median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=BENCH)
    ap.add_argument("--limit", type=int, default=0, help="first N articles (0 = all)")
    ap.add_argument("--ner", default=None, help="recogniser (default: the pipeline's default)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from camel_tools.tokenizers.word import simple_word_tokenize

    from newsx.io.batch import process_all
    from newsx.text.document import Document
    from newsx.names import DEFAULT_NER
    from newsx.pipeline import Pipeline
    from newsx.io.read import InputItem

    files = sorted(args.bench.glob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    if not files:
        sys.exit(f"no articles in {args.bench}")
    texts = [f.read_text(encoding="utf-8") for f in files]
    ner = args.ner or DEFAULT_NER
    pipeline = Pipeline(ner=ner)
    pipeline(Document(texts[0]))  # load models and caches once, outside the timings

    tokens = sum(len(pipeline(Document(t))) for t in texts)
    camel_s = _median_time(lambda: [simple_word_tokenize(t) for t in texts], args.repeat)
    one_s = _median_time(lambda: [pipeline(Document(t)) for t in texts], args.repeat)
    items = [InputItem(f.stem, str(f), text=t) for f, t in zip(files, texts)]
    two_s = _median_time(lambda: list(process_all(items, pipeline, jobs=2)), args.repeat)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    seed = ROOT / "seeds" / "000_6a0ec1e029379d25.txt"
    cli_runs = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "newsx", "extract", str(seed), "-f", "jsonl", "--ner", ner],
                       check=True, capture_output=True, cwd=ROOT)
        cli_runs.append(time.perf_counter() - t0)

    words = sum(len(t.split()) for t in texts)
    print(f"articles: {len(texts)}  words: {words:,}  tokens: {tokens:,}  recogniser: {ner}")
    print(f"{'measure':44s} {'value':>14s}")
    print(f"{'pipeline, 1 process (tokens/s)':44s} {tokens / one_s:14,.0f}")
    print(f"{'pipeline, --jobs 2 (tokens/s)':44s} {tokens / two_s:14,.0f}")
    print(f"{'jobs 2 / jobs 1 speed-up':44s} {one_s / two_s:14.2f}")
    print(f"{'camel simple_word_tokenize alone (tokens/s)':44s} {tokens / camel_s:14,.0f}")
    print(f"{'newsx time / simple_word_tokenize time':44s} {one_s / camel_s:14.1f}")
    print(f"{'peak RSS of this process (MB)':44s} {peak_mb:14,.0f}")
    print(f"{'newsx extract on the seed, wall (s, median)':44s} {statistics.median(cli_runs):14.2f}")


if __name__ == "__main__":
    main()
