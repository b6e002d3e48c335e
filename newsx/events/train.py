"""Train the learned event coder from the event corpus (``newsx train --task events``).

Each training article goes through the pipeline up to the rule coder (NER,
actors, rule events), so the features at training time are the ones the coder
sees at run time. Then: a CRF over BIO trigger tags, a multinomial logistic
model for the status, and binary logistic models for source and target over
candidate mentions; the decoding thresholds are chosen on the dev split, and the
models fitted again on train + dev. The test split is never read here.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from newsx.events.coder import RuleOutput
from newsx.events.corpus import GoldArticle, GoldEvent, Span, read_corpus
from newsx.events.features import SentenceView, argument_features, sentence_views, status_features, token_features
from newsx.events.learned import FILES, Linear, candidates

SEED = 2026


@dataclass
class Prepared:
    """An article run through the pipeline, with its gold events per sentence."""

    article: GoldArticle
    doc: Any
    out: RuleOutput
    views: list[SentenceView] = field(default_factory=list)


def prepare(articles: Iterable[GoldArticle], pipeline: Callable) -> list[Prepared]:
    """Run each article through the pipeline (events by the rules) and keep what the features need."""
    from newsx.events.coder import EventCoder
    from newsx.text.document import Document

    rules = EventCoder()
    prepared = []
    for art in articles:
        doc = pipeline(Document(art.text, id=art.id))
        out = rules.code(doc)
        views = sentence_views(doc, out.triggers, out.events, out.args)
        prepared.append(Prepared(art, doc, out, views))
    return prepared


def _token_span(v: SentenceView, span: Span) -> tuple[int, int] | None:
    """Sentence-relative tokens a gold span covers (None when it lies outside the sentence)."""
    doc, base = v.doc, v.base
    sent = doc.sentences[v.k]
    if not (sent.start <= span.start < sent.end):
        return None
    toks = [t for t in range(sent.token_start, sent.token_end)
            if doc.token_starts[t] < span.end and span.start < doc.token_ends[t]]
    return (toks[0] - base, toks[-1] - base) if toks else None


def _gold_in(v: SentenceView, gold: list[GoldEvent]) -> list[tuple[int, int, GoldEvent]]:
    out = []
    for g in gold:
        span = _token_span(v, g.trigger)
        if span is not None:
            out.append((span[0], span[1], g))
    return out


def bio_tags(v: SentenceView, gold: list[GoldEvent]) -> list[str]:
    tags = ["O"] * len(v.norms)
    for i, j, g in _gold_in(v, gold):
        if any(t != "O" for t in tags[i : j + 1]):
            continue  # two annotated events on one word: the first one read
        tags[i] = "B-" + g.type
        for t in range(i + 1, j + 1):
            tags[t] = "I-" + g.type
    return tags


def _is(cand, gold_span: Span | None, doc) -> bool:
    """A candidate names the gold argument: its mention overlaps the quote, or
    another mention of its actor does."""
    if gold_span is None:
        return False
    if gold_span.overlaps(Span(cand.mention.start, cand.mention.end)):
        return True
    return any(gold_span.overlaps(Span(m.start, m.end)) for m in cand.actor.mentions)


def _rule_at(out: RuleOutput, v: SentenceView, i: int) -> dict[str, Any] | None:
    start = v.doc.token_starts[v.base + i]
    return next((e for e in out.events if e.trigger.start <= start < e.trigger.end), None)


def examples(prepared: list[Prepared]):
    """Training rows: (features, tags) per sentence; (features, status) and
    (features, is source, is target) per gold event."""
    seqs, status_rows, arg_rows = [], [], []
    for p in prepared:
        for v in p.views:
            if not v.norms:
                continue
            seqs.append((token_features(v), bio_tags(v, p.article.events)))
            for i, j, g in _gold_in(v, p.article.events):
                status_rows.append((status_features(v, i, j, g.type), g.status))
                rule = _rule_at(p.out, v, i)
                for cand, prev, order in candidates(v, i, j):
                    f = argument_features(v, i, j, g.type, cand, prev, rule, order)
                    arg_rows.append((f, _is(cand, g.source, p.doc), _is(cand, g.target, p.doc) and not prev))
    return seqs, status_rows, arg_rows


def _fit_linear(rows: list[tuple[list[str], Any]], c: float) -> Linear:
    """A logistic model (scikit-learn, at training time only) exported as a weight table."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1 for f in feats} for feats, _ in rows])
    y = [str(int(label)) if isinstance(label, bool) else label for _, label in rows]
    model = LogisticRegression(C=c, max_iter=2000, random_state=SEED).fit(x, y)
    names = vec.get_feature_names_out()
    coef = model.coef_
    weights = {}
    for col, name in enumerate(names):
        row = [round(float(coef[r, col]), 4) for r in range(coef.shape[0])]
        if any(row):
            weights[str(name)] = row
    return Linear([str(c_) for c_ in model.classes_], weights, [round(float(b), 4) for b in model.intercept_])


def _fit(prepared: list[Prepared], out_dir: Path, c1: float, c2: float, log: Callable[[str], None]) -> None:
    """Fit the trigger CRF and the three logistic models on ``prepared``; write their files."""
    import pycrfsuite

    seqs, status_rows, arg_rows = examples(prepared)
    out_dir.mkdir(parents=True, exist_ok=True)
    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in seqs:
        trainer.append(xseq, yseq)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": 150, "feature.possible_transitions": True})
    tmp = out_dir / "triggers.crfsuite.tmp"
    trainer.train(str(tmp))
    shutil.move(tmp, out_dir / "triggers.crfsuite")
    log(f"triggers: {len(seqs)} sentences, {sum(t != 'O' for _, y in seqs for t in y)} trigger tokens")
    status = _fit_linear(status_rows, 1.0)
    source = _fit_linear([(f, s) for f, s, _ in arg_rows], 1.0)
    target = _fit_linear([(f, t) for f, _, t in arg_rows], 1.0)
    (out_dir / "status.json").write_text(json.dumps(status.to_json(), ensure_ascii=False), encoding="utf-8")
    (out_dir / "arguments.json").write_text(json.dumps({"source": source.to_json(), "target": target.to_json()},
                                                       ensure_ascii=False), encoding="utf-8")


def train(corpus: Path, out_dir: Path, pipeline: Callable, *, c1: float = 0.05, c2: float = 0.01,
          refit: bool = True, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Train on the train split, choose the thresholds on dev, then (``refit``) fit
    again on train + dev with those thresholds: the shipped model sees every
    article but the test split's, and no choice is made on what it is fitted to."""
    t0 = time.time()
    train_arts = list(read_corpus(corpus, "train"))
    dev_arts = list(read_corpus(corpus, "dev"))
    log(f"preparing {len(train_arts)} train and {len(dev_arts)} dev articles")
    train_p, dev_p = prepare(train_arts, pipeline), prepare(dev_arts, pipeline)
    _fit(train_p, out_dir, c1, c2, log)
    config = {"o_threshold": 0.0, "source_threshold": 0.5, "target_threshold": 0.5, "seed": SEED, "c1": c1, "c2": c2,
              "train_articles": len(train_arts), "dev_articles": len(dev_arts), "refit_on_dev": False}
    (out_dir / "config.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    if dev_p:
        config.update(tune_thresholds(out_dir, dev_p, log))
        if refit:
            _fit(train_p + dev_p, out_dir, c1, c2, log)
            config["refit_on_dev"] = True
        (out_dir / "config.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    log(f"trained in {time.time() - t0:.0f}s -> {out_dir} ({', '.join(FILES)})")
    return config


def tune_thresholds(model_dir: Path, dev: list[Prepared], log: Callable[[str], None]) -> dict[str, float]:
    """The thresholds that give the best dev F1, one after the other: the trigger
    marginal (trigger + type), then source (+ source), then target (+ target)."""
    from newsx.eval.event_corpus import Score, score_document, wanted
    from newsx.events.learned import LearnedCoder

    coder = LearnedCoder(model_dir)
    asserted = frozenset({"asserted"})
    best: dict[str, float] = {}
    grid = {"o_threshold": (0.0, 0.5, 0.65, 0.8, 0.9, 0.95, 0.98), "source_threshold": (0.2, 0.3, 0.4, 0.5, 0.6),
            "target_threshold": (0.2, 0.3, 0.4, 0.5, 0.6)}
    for name, level in (("o_threshold", "trigger"), ("source_threshold", "source"), ("target_threshold", "source+target")):
        results = []
        for th in grid[name]:
            coder.config[name] = th
            score = Score()
            for p in dev:
                p.doc.events = [e for e in coder.code(p.doc, p.out) if e.status == "asserted"]
                score_document(score, p.doc, wanted(p.article, asserted))
            results.append((score.levels[level].f1, th))
        f1, th = max(results)
        coder.config[name] = best[name] = th
        log(f"{name} = {th} (dev {level} F1 {f1:.3f})")
    return best


def split_articles(ids: list[str], test: int, dev: int) -> dict[str, str]:
    """A fixed random split by article (seeded), so no article's sentences sit on two sides."""
    order = sorted(ids)
    random.Random(SEED).shuffle(order)
    return {a: ("test" if n < test else "dev" if n < test + dev else "train") for n, a in enumerate(order)}
