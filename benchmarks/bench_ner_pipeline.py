"""NER through the whole recognition stage (the recogniser merged with the
gazetteer's known names, proclitics dropped, linking), on the gold tokens of the
held-out test sets, beside the gazetteer alone. `bench_ner.py` scores the CRF
tagger by itself; this shows what `newsx extract` delivers.

    python benchmarks/bench_ner_pipeline.py [--recognisers model gazetteer]
"""

from __future__ import annotations

import argparse
from array import array
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


def tag_gold_tokens(sentences, recogniser) -> list[list[str]]:
    """BIO tags the recognition stage gives each gold token (GPE folded into LOC)."""
    from newsx.text.document import Document, Sentence
    from newsx.entities.link import link
    from newsx.entities.recognise import recognise
    from newsx.io.write import bio_tags

    out = []
    for tokens, _ in sentences:
        starts, ends, parts, pos = array("q"), array("q"), [], 0
        for tok in tokens:
            starts.append(pos)
            ends.append(pos + len(tok))
            parts.append(tok)
            pos += len(tok) + 1
        doc = Document(" ".join(parts))
        doc.token_starts, doc.token_ends = starts, ends
        doc.sentences = [Sentence(0, len(doc.text), 0, len(tokens))]
        recognise(doc, recogniser)
        link(doc)
        out.append([t.replace("GPE", "LOC") for t in bio_tags(doc)])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--recognisers", nargs="+", default=["model", "gazetteer"])
    args = ap.parse_args()

    from seqeval.metrics import f1_score, precision_score, recall_score

    from newsx.entities.ner.corpora import read_corpus, stanza_split
    from newsx.entities.recognise import load_recogniser

    sets = {
        "ANERcorp test (approx. CAMeL boundary)": read_corpus(
            DATA / "anercorp" / "derived" / "ANERCorp_approx-CAMeL-boundary_test.txt"),
        "AQMAR test (Stanza's split)": stanza_split(DATA / "aqmar")[2],
    }
    print(f"{'test set':40s} {'recogniser':10s} {'P':>6s} {'R':>6s} {'F1':>6s}")
    for name, sentences in sets.items():
        gold = [[t.replace("GPE", "LOC").replace("PERS", "PER") for t in tags] for _, tags in sentences]
        for rec_name in args.recognisers:
            pred = tag_gold_tokens(sentences, load_recogniser(rec_name))
            p, r, f = (100 * m(gold, pred) for m in (precision_score, recall_score, f1_score))
            print(f"{name:40s} {rec_name:10s} {p:6.2f} {r:6.2f} {f:6.2f}")


if __name__ == "__main__":
    main()
