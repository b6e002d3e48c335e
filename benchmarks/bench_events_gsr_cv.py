"""PROTEST / ASSAULT detection on the GSR development part, 5-fold cross-validated by sentence.

    python benchmarks/bench_events_gsr_cv.py [--gsr ../shared/data/arabic-event-gsr] [--folds 5]

Rows per type, all on the same sentences:
- `rules`: the rule coder (a reported, asserted record of the type in the sentence), no training;
- `learned`: the shipped learned coder (trained on the newsx corpus only; the GSR never seen);
- `cv: coders`: a sentence classifier (logistic regression, balanced classes) over the two coders' outputs
  (type found, status, confidence, source), trained on four folds and scored on the fifth, for every fold;
  no fold sees its own rows. F1 is pooled over the five test folds.
- `cv: coders+words`: the same with the sentence's word stems as features too.
Rows labelled neither yes / easy no / difficult no are skipped, as in `newsx eval`.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsx.events.features import stem  # noqa: E402
from newsx.lang.ar.normalise import normalise  # noqa: E402
from newsx.pipeline import Pipeline  # noqa: E402
from newsx.text.document import Document  # noqa: E402


def _f1(pairs: list[tuple[bool, bool]]) -> tuple[float, float, float]:
    tp = sum(p and g for p, g in pairs)
    fp = sum(p and not g for p, g in pairs)
    fn = sum(g and not p for p, g in pairs)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def features(etype: str, rules_doc: Document, learned_doc: Document, words: bool) -> dict[str, float]:
    f: dict[str, float] = {}
    for name, doc in (("rules", rules_doc), ("learned", learned_doc)):
        mine = [e for e in doc.events if e.type == etype]
        f[f"{name}:any"] = float(bool(mine))
        f[f"{name}:asserted"] = float(any(e.status == "asserted" for e in mine))
        f[f"{name}:score"] = max((e.score for e in mine), default=0.0)
        f[f"{name}:source"] = float(any(e.source for e in mine))
        for e in mine:
            f[f"{name}:status={e['status']}"] = 1.0
    if words:
        for tok in rules_doc.token_texts():
            f["w=" + stem(normalise(tok))] = 1.0
    return f


def main() -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gsr", type=Path, default=ROOT.parent / "shared" / "data" / "arabic-event-gsr")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    rules, learned = Pipeline(coder="rules", all_events=True), Pipeline(coder="learned", all_events=True)
    for name in ("protest_gsr_dev.csv", "assault_gsr_dev.csv"):
        with (args.gsr / name).open(encoding="utf-8", newline="") as f:
            rows = [r for r in csv.DictReader(f) if r["label"].strip() in ("yes", "easy no", "difficult no")]
        etype = rows[0]["event_type"]
        docs, gold, found_r, found_l = [], [], [], []
        for r in rows:
            rd, ld = rules(Document(r["text"])), learned(Document(r["text"]))
            docs.append((rd, ld))
            gold.append(r["label"].strip() == "yes")
            found_r.append(any(e.type == etype and e.status == "asserted" for e in rd.events))
            found_l.append(any(e.type == etype and e.status == "asserted" for e in ld.events))
        order = list(range(len(rows)))
        random.Random(2026).shuffle(order)
        results = []
        for words in (False, True):
            feats = [features(etype, rd, ld, words) for rd, ld in docs]
            predicted = [False] * len(rows)
            for k in range(args.folds):
                test = sorted(order[k :: args.folds])
                train = [i for i in order if i not in set(test)]
                vec = DictVectorizer()
                x = vec.fit_transform([feats[i] for i in train])
                model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
                model.fit(x, [gold[i] for i in train])
                for i, p in zip(test, model.predict(vec.transform([feats[i] for i in test]))):
                    predicted[i] = bool(p)
            results.append(("cv: coders+words" if words else "cv: coders", predicted))
        print(f"{etype}: {len(rows)} sentences, {sum(gold)} yes")
        for label, pred in (("rules", found_r), ("learned", found_l), *results):
            p, r, f1 = _f1(list(zip(pred, gold)))
            print(f"  {label:16s} P {p:.3f} R {r:.3f} F1 {f1:.3f}")


if __name__ == "__main__":
    main()
