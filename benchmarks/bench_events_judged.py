"""Event records on ordinary news, against a hand-judged sample: 40 records
newsx wrote on bench articles, with the judged type and the words that name
each record's source and target (``benchmarks/data/judged_events.json``).

    .venv/bin/python benchmarks/bench_events_judged.py [--bench-dir DIR] [--show] [--coder rules|learned]

A record is matched by its article and trigger offset. An argument is right when
newsx's span holds the judged words, or when none is named and newsx gives none.
Reads the articles from ../shared at run time; they are not shipped.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from newsx.eval.events import _inside
from newsx.pipeline import Pipeline
from newsx.io.process import process_item
from newsx.io.read import InputItem

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "data" / "news" / "bench"


def judge(gold: str, span: dict | None) -> str:
    """right / wrong / missing / spurious for one argument."""
    if not gold:
        return "right" if span is None else "spurious"
    if span is None:
        return "missing"
    return "right" if _inside(gold, span) else "wrong"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench-dir", type=Path, default=BENCH)
    ap.add_argument("--show", action="store_true", help="print every record that is not right")
    ap.add_argument("--coder", default="rules", choices=("rules", "learned"),
                    help="rules: the coder the sample was drawn from (its figures compare across versions)")
    args = ap.parse_args()
    data = json.loads((ROOT / "benchmarks" / "data" / "judged_events.json").read_text(encoding="utf-8"))
    pipeline = Pipeline(coder=args.coder, all_events=True)  # the sample's records, whatever status they now get
    found = type_ok = 0
    verdicts: dict[str, Counter] = {"source": Counter(), "target": Counter()}
    for rec in data["records"]:
        doc = process_item(pipeline, InputItem(rec["doc"], rec["doc"], path=args.bench_dir / f"{rec['doc']}.txt"))
        ev = next((e for e in doc.events if e.trigger.start == rec["trigger_start"] and e.type == rec["type"]), None)
        if ev is None:
            verdicts["source"]["no record"] += 1
            verdicts["target"]["no record"] += 1
            continue
        found += 1
        type_ok += rec["type_ok"]
        for side in ("source", "target"):
            v = judge(rec[f"{side}_gold"], ev[side])
            verdicts[side][v] += 1
            if args.show and v != "right":
                print(f"{side:6} {v:8} gold={rec[side + '_gold']!r} got={ev[side] and ev[side]['text']!r} | {rec['sentence'][:90]}")
    n = len(data["records"])
    print(f"records judged: {n}; still written with the judged type at the same trigger: {found}")
    print(f"type right: {type_ok}/{found} = {type_ok / max(found, 1):.3f}")
    for side, c in verdicts.items():
        named = sum(1 for r in data["records"] if r[f"{side}_gold"])
        right_named = c["right"] - (n - named - c["spurious"])  # a right "none" is no named argument
        given = right_named + c["wrong"] + c["spurious"]
        print(f"{side}: " + ", ".join(f"{k} {c[k]}" for k in ("right", "wrong", "missing", "spurious", "no record"))
              + f"; precision {right_named}/{given} = {right_named / max(given, 1):.3f},"
              f" recall {right_named}/{named} = {right_named / max(named, 1):.3f}")


if __name__ == "__main__":
    main()
