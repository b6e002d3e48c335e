"""Actors: clustering on hand-annotated articles, and country/role agreement
with the CAMEO-coded actors of the Arabic event GSR (development part).

    python benchmarks/bench_actors.py [--ner model|gazetteer]
"""

from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GSR = ROOT.parent / "shared" / "data" / "arabic-event-gsr"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ner", default=None)
    args = ap.parse_args()

    from newsx.text.document import Document
    from newsx.eval.actors import PairScores, load_gold, score_clusters
    from newsx.eval.events import score_spans
    from newsx.names import DEFAULT_NER
    from newsx.pipeline import Pipeline

    pipeline = Pipeline(ner=args.ner or DEFAULT_NER)
    print(f"recogniser: {pipeline.ner}")
    print("\nClustering, pairs of gold mentions (hand-annotated; development articles)")
    print(f"{'article':48s} {'mentions':>8s} {'found':>6s} {'P':>6s} {'R':>6s}")
    total = PairScores()
    for path in sorted((ROOT / "tests" / "data" / "clusters").glob("*.json")):
        text, clusters = load_gold(path, ROOT)
        s = score_clusters(pipeline(Document(text)), clusters)
        total.add(s)
        print(f"{path.stem:48s} {s.mentions:8d} {s.found:6d} {s.precision:6.3f} {s.recall:6.3f}")
    print(f"{'all (pooled pairs)':48s} {total.mentions:8d} {total.found:6d} {total.precision:6.3f} {total.recall:6.3f}")

    if not GSR.is_dir():
        print(f"\n(GSR not found at {GSR}: skipped)")
        return
    print("\nGSR span records (dev): the actor newsx finds at each gold source/target span")
    print("(strict: an actor found with the gold country/role; lenient: no actor found counts as no country/role)")
    print(f"{'file':28s} {'spans':>6s} {'found':>6s} {'country':>8s} {'role':>6s} {'country~':>9s} {'role~':>6s}")
    for name in ("assault_spans_dev.json", "protest_spans_dev.json"):
        s = score_spans(GSR / name, pipeline)
        r = s.rates()
        print(f"{name:28s} {s.actor_spans:6d} {r['actor_found']:6.3f} {r['country']:8.3f} {r['role']:6.3f}"
              f" {r['country_lenient']:9.3f} {r['role_lenient']:6.3f}")


if __name__ == "__main__":
    main()
