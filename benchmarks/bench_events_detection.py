"""Event detection on the Arabic event GSR development part: for PROTEST and
ASSAULT separately, precision / recall / F1 of "this sentence reports an event
of that type" (label ``yes`` positive; ``easy no`` and ``difficult no``
negative; ``ambiguous`` left out). Reads ../shared at run time only; the
sentences are not shipped.

    .venv/bin/python benchmarks/bench_events_detection.py [--gsr DIR] [--errors]
    .venv/bin/python benchmarks/bench_events_detection.py --bench-dir DIR --sample 300
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from pathlib import Path

from newsx.text.document import Document
from newsx.text.segment import segment
from newsx.text.tokenise import tokenise
from newsx.events.triggers import detect, find_all

GSR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "arabic-event-gsr"
FILES = {"PROTEST": "protest_gsr_dev.csv", "ASSAULT": "assault_gsr_dev.csv"}


def score(path: Path, plover: str, show_errors: bool, skip: tuple[str, ...] = ("ambiguous",)) -> dict[str, float]:
    """Counts and P/R/F1 for one type over one detection CSV, leaving out rows
    whose label is in ``skip``."""
    tp = fp = fn = tn = 0
    errors: list[str] = []
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["label"] in skip:
                continue
            gold = row["label"] == "yes"
            pred = plover in detect(row["text"])
            tp += gold and pred
            fp += pred and not gold
            fn += gold and not pred
            tn += not gold and not pred
            if show_errors and gold != pred:
                errors.append(f"{'FP' if pred else 'FN'} [{row['label']}] {row['text'][:160]}")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    for e in errors:
        print("  ", e)
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "p": p, "r": r, "f1": f1}


def gsr_table(gsr: Path, show_errors: bool) -> None:
    """The task's table, then a diagnostic one without the 'difficult no' rows
    (one annotator of three accepted them; many are event reports)."""
    print(f"{'type':<8} {'negatives':<22} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for skip, label in ((("ambiguous",), "easy + difficult no"), (("ambiguous", "difficult no"), "easy no (diagnostic)")):
        for plover, name in FILES.items():
            s = score(gsr / name, plover, show_errors and len(skip) == 1, skip)
            print(f"{plover:<8} {label:<22} {s['tp']:>4} {s['fp']:>4} {s['fn']:>4} {s['tn']:>4} "
                  f"{s['p']:>6.3f} {s['r']:>6.3f} {s['f1']:>6.3f}")


def bench_sample(bench: Path, n: int, seed: int, show: int) -> None:
    """Run the matcher over ``n`` bench articles: throughput, counts per type
    and ``show`` random detections for eyeballing."""
    files = sorted(bench.glob("*.txt"))
    random.Random(seed).shuffle(files)
    rows: list[tuple[str, str, str]] = []
    counts: dict[str, int] = {}
    reported: dict[str, int] = {}  # what detection counts: reported, asserted, not negated
    t = time.perf_counter()
    chars = 0
    for f in files[:n]:
        doc = tokenise(segment(Document(f.read_text(encoding="utf-8", errors="replace"))))
        chars += len(doc.text)
        for m in find_all(doc):
            counts[m.plover] = counts.get(m.plover, 0) + 1
            if m.reported and not m.negated and m.modality == "asserted":
                reported[m.plover] = reported.get(m.plover, 0) + 1
            s = next(x for x in doc.sentences if x.start <= m.start < x.end)
            rows.append((m.plover, m.text, doc.text[max(s.start, m.start - 60) : m.end + 60].replace("\n", " ")))
    dt = time.perf_counter() - t
    print(f"{n} articles, {chars / 1e6:.2f} M chars, {dt:.1f} s, {len(rows)} triggers")
    print("  ".join(f"{k}:{v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])))
    print("detected (reported, asserted):", "  ".join(f"{k}:{v}" for k, v in sorted(reported.items(), key=lambda kv: -kv[1])))
    for plover, text, ctx in random.Random(seed).sample(rows, min(show, len(rows))):
        print(f"{plover:<9} {text:<14} … {ctx}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gsr", type=Path, default=GSR)
    ap.add_argument("--errors", action="store_true", help="print every misclassified sentence")
    ap.add_argument("--bench-dir", type=Path, help="also run on bench articles")
    ap.add_argument("--sample", type=int, default=300)
    ap.add_argument("--show", type=int, default=30)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    if (args.gsr / FILES["PROTEST"]).exists():
        gsr_table(args.gsr, args.errors)
    else:
        print(f"no GSR data at {args.gsr}")
    if args.bench_dir:
        bench_sample(args.bench_dir, args.sample, args.seed, args.show)


if __name__ == "__main__":
    main()
