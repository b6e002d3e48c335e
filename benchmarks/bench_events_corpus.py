"""Event coders on the newsx event corpus: the learned coder beside the rule coder, same pipeline output.

    python benchmarks/bench_events_corpus.py [--split test] [--model DIR] [--min-gold 20]

Prints, for each coder, P/R/F1 at three levels (trigger+type; + source; + source and target) over the
events a user wants by default (status asserted), then one row per type with enough gold events.
Rule coder rows: `rules-all` counts every record it writes (as a user sees them without filtering),
`rules-reported` only records it marks reported and not negated. Then speed: tokens/s of the whole
pipeline in one process with each coder, on the corpus split's articles (median of --repeat runs).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsx.eval.event_corpus import evaluate_corpus, report  # noqa: E402
from newsx.events.coder import EventCoder  # noqa: E402
from newsx.events.corpus import read_corpus  # noqa: E402
from newsx.events.learned import MODEL_DIR, LearnedCoder  # noqa: E402
from newsx.pipeline import Pipeline  # noqa: E402
from newsx.text.document import Document  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "events" / "events.jsonl")
    ap.add_argument("--split", default="test")
    ap.add_argument("--model", type=Path, default=MODEL_DIR)
    ap.add_argument("--min-gold", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    rules, learned = EventCoder(), LearnedCoder(args.model)

    def rules_all(doc: Document) -> None:
        rules(doc)
        for e in doc.events:
            e.status = "negated" if e.negated else "asserted"

    def rules_reported(doc: Document) -> None:
        rules(doc)
        for e in doc.events:
            e.status = "asserted" if e.reported and not e.negated else "other"

    pipe = Pipeline(events=False)
    scores = evaluate_corpus(args.corpus, args.split, {"rules-all": rules_all, "rules-reported": rules_reported,
                                                       "learned": learned}, pipe)
    n_docs = sum(1 for _ in read_corpus(args.corpus, args.split))
    print(f"split {args.split}: {n_docs} articles, {sum(next(iter(scores.values())).gold_types.values())} "
          "asserted gold events")
    print(report(scores, args.min_gold))
    texts = [a.text for a in read_corpus(args.corpus, args.split)]
    for name, coder in (("rules", "rules"), ("learned", "learned")):
        p = Pipeline(coder=coder)
        p(Document(texts[0]))  # load models outside the timing
        runs = []
        for _ in range(args.repeat):
            t0, tokens = time.perf_counter(), 0
            for t in texts:
                tokens += len(p(Document(t)))
            runs.append(tokens / (time.perf_counter() - t0))
        print(f"speed {name:8s} whole pipeline: {statistics.median(runs):,.0f} tokens/s (median of {args.repeat})")


if __name__ == "__main__":
    main()
