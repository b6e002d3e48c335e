"""Benchmark newsx's NER model: F1 on held-out test sets, pipeline speed, size,
and (``--ablation``) what each feature group adds on the dev sets.

    python benchmarks/bench_ner.py [--shared ../shared/data] [--articles 500] [--ablation]

ANERcorp figures are on the *approximate* CAMeL-boundary test split
(``ANERCorp_approx-CAMeL-boundary_test.txt``), not the official CAMeL files.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from newsx.text.document import Document
from newsx.entities.ner.corpora import read_anercorp, spans_to_tags, stanza_split
from newsx.entities.ner.evaluate import Report, score
from newsx.entities.ner.features import ALL_GROUPS, FeatureConfig
from newsx.entities.ner.tagger import MODEL_DIR, ModelRecogniser, NerModel, consistent_mentions, surname_stoplist
from newsx.entities.ner.train import ablation_data, train_sentences
from newsx.lang.ar.normalise import normalise
from newsx.text.segment import segment
from newsx.text.tokenise import tokenise

ROOT = Path(__file__).resolve().parent.parent
ABLATIONS = ("gazetteer", "cluster", "domain", "clitic", "affix", "bigram")
WINDOW = 20  # sentences taken as one document for the consistency step
ABLATION_PARAMS = {"max_iterations": 80}  # shorter than the shipped model's 150, to fit an hour


def _tag(model: NerModel, sents, domain: str) -> list[list[str]]:
    return [model.tag(toks, domain) for toks, _ in sents]


def _tag_windows(model: NerModel, sents, domain: str, window: int = WINDOW) -> list[list[str]]:
    """Tag with document-level consistency, taking each run of ``window``
    consecutive sentences as a document (the corpora keep no article breaks)."""
    common_words = surname_stoplist()
    out: list[list[str]] = []
    for i in range(0, len(sents), window):
        chunk = [toks for toks, _ in sents[i : i + window]]
        norms, sentence_of, mentions, starts = [], [], [], []
        for k, toks in enumerate(chunk):
            starts.append(len(norms))
            _, spans = model.tag_with_scores(toks, domain)
            mentions += [(len(norms) + s, len(norms) + e, t, sc, k) for s, e, t, sc in spans]
            norms += [normalise(w) for w in toks]
            sentence_of += [k] * len(toks)
        kept = consistent_mentions(norms, mentions, sentence_of, common_words)
        for k, toks in enumerate(chunk):
            spans = [(s - starts[k], e - starts[k], t) for s, e, t, _, j in kept if j == k]
            out.append(spans_to_tags(len(toks), spans))
    return out


def test_scores(shared: Path, model: NerModel) -> dict[str, Report]:
    """F1 on ANERcorp test (approx. CAMeL boundary) and AQMAR test (Stanza split)."""
    aner = read_anercorp(shared / "anercorp/derived/ANERCorp_approx-CAMeL-boundary_test.txt")
    aq_test = stanza_split(shared / "aqmar")[2]
    gold = lambda sents: [t for _, t in sents]  # noqa: E731
    return {
        "ANERcorp test (approx. CAMeL boundary), news conventions": score(gold(aner), _tag(model, aner, "news"), "loc"),
        f"ANERcorp test (approx. CAMeL boundary), news conventions, document consistency over {WINDOW}-sentence windows":
            score(gold(aner), _tag_windows(model, aner, "news"), "loc"),
        "AQMAR test (Stanza split), aqmar conventions": score(gold(aq_test), _tag(model, aq_test, "aqmar"), "loc"),
        "AQMAR test (Stanza split), news conventions": score(gold(aq_test), _tag(model, aq_test, "news"), "loc"),
    }


def pipeline_speed(shared: Path, n_articles: int) -> tuple[float, int, float]:
    """(tokens/s of segment + tokenise + model NER, tokens, tokens/s of the tagger alone)."""
    files = sorted((shared / "news/bench").glob("*.txt"))[:n_articles]
    texts = [f.read_text(encoding="utf-8") for f in files]
    rec = ModelRecogniser()
    rec(tokenise(segment(Document(texts[0]))))  # load and warm up
    t0 = time.perf_counter()
    n_tokens = 0
    docs = []
    for text in texts:
        doc = tokenise(segment(Document(text)))
        doc.entities = rec(doc)
        n_tokens += len(doc)
        docs.append(doc)
    total = time.perf_counter() - t0
    sents = [doc.token_texts(s.token_start, s.token_end) for doc in docs for s in doc.sentences]
    rec.model.features._cache.clear()
    t0 = time.perf_counter()
    for toks in sents:
        rec.model.tag(toks)
    return n_tokens / total, n_tokens, n_tokens / (time.perf_counter() - t0)


def model_size(model_dir: Path = MODEL_DIR) -> int:
    return sum(p.stat().st_size for p in model_dir.iterdir() if p.is_file())


def ablation(shared: Path) -> list[tuple[str, dict[str, float]]]:
    """Dev-set micro F1 of the full feature set and of each group left out."""
    corpora, devs = ablation_data(shared)
    from newsx.entities.gazetteer import Gazetteer

    rows = []
    for left_out in ("", *ABLATIONS):
        groups = tuple(g for g in ALL_GROUPS if g != left_out)
        gaz = Gazetteer.default().bio_tags if "gazetteer" in groups else None
        with tempfile.TemporaryDirectory() as tmp:
            train_sentences(corpora, Path(tmp), FeatureConfig(groups), params=ABLATION_PARAMS, gazetteer_tags=gaz)
            model = NerModel(Path(tmp))
            taggers = [("all features" if not left_out else f"- {left_out}", _tag)]
            if not left_out:
                taggers.append((f"all features + document consistency ({WINDOW}-sentence windows)", _tag_windows))
            for label, tag in taggers:
                res = {}
                for name, sents in devs.items():
                    dom = "aqmar" if name.startswith("aqmar") else "news"
                    sch = "coarse" if name.startswith("wojood") else "loc"
                    res[name] = score([t for _, t in sents], tag(model, sents, dom), sch).micro.f1
                rows.append((label, res))
                print(rows[-1], file=sys.stderr, flush=True)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--ablation", action="store_true", help="retrain one model per left-out group (slow)")
    args = ap.parse_args()
    model = ModelRecogniser().model
    for name, rep in test_scores(args.shared, model).items():
        print(f"\n## {name}\n{rep}")
    tps, n, tag_tps = pipeline_speed(args.shared, args.articles)
    print(f"\npipeline (segment + tokenise + model NER): {tps:,.0f} tokens/s over {n:,} tokens; "
          f"tagger alone {tag_tps:,.0f} tokens/s")
    print(f"model files: {model_size() / 1e6:.1f} MB in {MODEL_DIR}")
    if args.ablation:
        rows = ablation(args.shared)
        names = list(rows[0][1])
        print("\n| features | " + " | ".join(names) + " |\n|---|" + "---|" * len(names))
        for label, res in rows:
            print(f"| {label} | " + " | ".join(f"{res[k]:.2f}" for k in names) + " |")


if __name__ == "__main__":
    main()
