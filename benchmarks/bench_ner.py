"""Benchmark newsx's NER models, the CRF and the neural tagger side by side in
one run: F1 on held-out test sets, speed, size; ``--dev`` adds the dev-set
scores of the neural model against a CRF trained on the same data, and
``--ablation`` what each CRF feature group adds on the dev sets.

    python benchmarks/bench_ner.py [--shared ../shared/data] [--articles 500] [--ner crf,neural] [--dev] [--ablation]

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


def _tag(model, sents, domain: str) -> list[list[str]]:
    return [tags for tags, _ in model.tag_batch([toks for toks, _ in sents], domain)]


def _tag_windows(model, sents, domain: str, window: int = WINDOW) -> list[list[str]]:
    """Tag with document-level consistency, taking each run of ``window``
    consecutive sentences as a document (the corpora keep no article breaks)."""
    common_words = surname_stoplist()
    out: list[list[str]] = []
    for i in range(0, len(sents), window):
        chunk = [toks for toks, _ in sents[i : i + window]]
        norms, sentence_of, mentions, starts = [], [], [], []
        for k, (toks, (_, spans)) in enumerate(zip(chunk, model.tag_batch(chunk, domain))):
            starts.append(len(norms))
            mentions += [(len(norms) + s, len(norms) + e, t, sc, k) for s, e, t, sc in spans]
            norms += [normalise(w) for w in toks]
            sentence_of += [k] * len(toks)
        kept = consistent_mentions(norms, mentions, sentence_of, common_words)
        for k, toks in enumerate(chunk):
            spans = [(s - starts[k], e - starts[k], t) for s, e, t, _, j in kept if j == k]
            out.append(spans_to_tags(len(toks), spans))
    return out


def test_scores(shared: Path, model) -> dict[str, Report]:
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


def pipeline_speed(shared: Path, n_articles: int, model) -> tuple[float, int, float]:
    """(tokens/s of segment + tokenise + model NER, tokens, tokens/s of the tagger alone)."""
    files = sorted((shared / "news/bench").glob("*.txt"))[:n_articles]
    texts = [f.read_text(encoding="utf-8") for f in files]
    rec = ModelRecogniser(model)
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
    by_doc = [[doc.token_texts(s.token_start, s.token_end) for s in doc.sentences] for doc in docs]
    if hasattr(model, "forget_words"):
        model.forget_words()  # the CRF's word rows, warm from the run above
    t0 = time.perf_counter()
    for sents in by_doc:
        model.tag_batch(sents)
    return n_tokens / total, n_tokens, n_tokens / (time.perf_counter() - t0)


def model_size(model_dir: Path) -> int:
    """Bytes of the files of a model directory (not of its subfolders)."""
    return sum(p.stat().st_size for p in model_dir.iterdir() if p.is_file())


def load_models(names: list[str]) -> dict[str, tuple[object, Path]]:
    """name -> (shipped model, its directory), for "crf" and "neural"."""
    out: dict[str, tuple[object, Path]] = {}
    for name in names:
        if name == "crf":
            out[name] = (NerModel(MODEL_DIR), MODEL_DIR)
        else:
            from newsx.entities.ner.neural.runtime import NEURAL_DIR, NeuralModel

            out[name] = (NeuralModel(NEURAL_DIR), NEURAL_DIR)
    return out


def dev_scores(shared: Path, neural) -> list[tuple[str, dict[str, float]]]:
    """Dev-set micro F1 of the neural model (trained without the dev sets, which
    chose its epoch) and of a CRF trained on the same data (80 iterations, the
    ablation's setting), each with and without document consistency."""
    from newsx.entities.gazetteer import Gazetteer

    corpora, devs = ablation_data(shared)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        train_sentences(corpora, Path(tmp), params=ABLATION_PARAMS, gazetteer_tags=Gazetteer.default().bio_tags)
        for label, model in (("CRF (same training data, 80 iterations)", NerModel(Path(tmp))), ("neural", neural)):
            for how, tag in (("", _tag), (f", consistency over {WINDOW}-sentence windows", _tag_windows)):
                res = {}
                for name, sents in devs.items():
                    dom = "aqmar" if name.startswith("aqmar") else "news"
                    sch = "coarse" if name.startswith("wojood") else "loc"
                    res[name] = score([t for _, t in sents], tag(model, sents, dom), sch).micro.f1
                rows.append((label + how, res))
                print(rows[-1], file=sys.stderr, flush=True)
    return rows


def _table(rows: list[tuple[str, dict[str, float]]], first: str) -> str:
    names = list(rows[0][1])
    out = [f"| {first} | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    out += [f"| {label} | " + " | ".join(f"{res[k]:.2f}" for k in names) + " |" for label, res in rows]
    return "\n".join(out)


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
    ap.add_argument("--ner", default="crf,neural", help="models to compare, comma-separated")
    ap.add_argument("--dev", action="store_true", help="dev-set scores, neural against a CRF on the same data (trains a CRF)")
    ap.add_argument("--ablation", action="store_true", help="retrain one CRF per left-out group (slow)")
    ap.add_argument("--speed-only", action="store_true", help="skip the test sets")
    args = ap.parse_args()
    models = load_models(args.ner.split(","))
    for label, (model, model_dir) in models.items():
        if args.speed_only:
            break
        for name, rep in test_scores(args.shared, model).items():
            print(f"\n## {label}: {name}\n{rep}")
    for label, (model, model_dir) in models.items():
        tps, n, tag_tps = pipeline_speed(args.shared, args.articles, model)
        print(f"\n{label}: segment + tokenise + NER {tps:,.0f} tokens/s over {n:,} tokens; "
              f"tagger alone {tag_tps:,.0f} tokens/s; model files {model_size(model_dir) / 1e6:.1f} MB in {model_dir}")
    if args.dev and "neural" in models:
        print("\n" + _table(dev_scores(args.shared, models["neural"][0]), "model"))
    if args.ablation:
        print("\n" + _table(ablation(args.shared), "features"))


if __name__ == "__main__":
    main()
