"""The long fuzz run: tests/test_fuzz.py's properties with many examples
(random, not the CI's fixed ones), timed; prints examples run and failed (as
hypothesis counts them) and examples per second.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_fuzz.py --examples 20000
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples", type=int, default=20000, help="per property (three properties)")
    args = ap.parse_args()
    env = {**os.environ, "NEWSX_FUZZ_EXAMPLES": str(args.examples), "OMP_NUM_THREADS": "1"}
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fuzz.py",
                           "--hypothesis-show-statistics"], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    print(proc.stdout[-6000:])
    counts = re.findall(r"(\d+) passing, (\d+) failing", proc.stdout)  # per property and phase
    passing, failing = (sum(int(c[k]) for c in counts) for k in (0, 1))
    print(f"{passing + failing:,} examples ({args.examples:,} asked per property), {failing} failing, in "
          f"{seconds:,.0f} s: {(passing + failing) / seconds:.1f} examples/s; "
          f"pytest exit {proc.returncode} (0: no property failed)")
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
