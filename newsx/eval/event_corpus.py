"""Scoring event records against the event corpus, mention by mention.

A predicted event matches a gold one when their triggers overlap and their
types agree (``trigger``); ``source`` also needs the sources to agree, and
``source+target`` both arguments. ``document`` counts each article's distinct
(type, source actor) pairs, wherever they are written: who did what, as an
analyst reads an article's records. Two arguments agree when both are absent, or
when the predicted one overlaps the gold span or is another mention of the
actor the gold span names (the annotator quotes the nearest mention, the coder
may name the actor where the sentence does). Each gold event is matched once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from newsx.eval.counts import Counts
from newsx.events.corpus import GoldArticle, GoldEvent, Span
from newsx.events.record import Argument, Event
from newsx.text.document import Document

LEVELS = ("trigger", "source", "source+target", "document")


@dataclass
class Score:
    levels: dict[str, Counts] = field(default_factory=lambda: {lv: Counts() for lv in LEVELS})
    by_type: dict[str, dict[str, Counts]] = field(default_factory=dict)
    gold_types: Counter = field(default_factory=Counter)

    def add(self, level: str, etype: str, kind: str) -> None:
        setattr(self.levels[level], kind, getattr(self.levels[level], kind) + 1)
        counts = self.by_type.setdefault(etype, {lv: Counts() for lv in LEVELS})[level]
        setattr(counts, kind, getattr(counts, kind) + 1)


def _actor_spans(doc: Document) -> dict[int, list[Span]]:
    return {a.id: [Span(m.start, m.end) for m in a.mentions] for a in doc.actors}


def _agrees(pred: Argument | None, gold: Span | None, actors: dict[int, list[Span]]) -> bool:
    if pred is None or gold is None:
        return pred is None and gold is None
    if gold.overlaps(Span(pred.start, pred.end)):
        return True
    return any(gold.overlaps(m) for m in actors.get(pred.actor, ()))


def _match(level: str, pred: Event, gold: GoldEvent, actors: dict[int, list[Span]]) -> bool:
    if pred.type != gold.type or not gold.trigger.overlaps(Span(pred.trigger.start, pred.trigger.end)):
        return False
    if level == "trigger":
        return True
    if not _agrees(pred.source, gold.source, actors):
        return False
    return level == "source" or _agrees(pred.target, gold.target, actors)


def _who(span: Span | None, actors: dict[int, list[Span]], text: str) -> object:
    """The actor a gold source span names (its id), else its words; None when absent."""
    if span is None:
        return None
    hit = next((a for a, ms in actors.items() if any(span.overlaps(m) for m in ms)), None)
    return hit if hit is not None else text[span.start : span.end]


def _score_pairs(score: Score, doc: Document, gold: list[GoldEvent], actors: dict[int, list[Span]]) -> None:
    wanted_pairs = {(g.type, _who(g.source, actors, doc.text)) for g in gold}
    found = {(e.type, None if e.source is None else e.source.actor) for e in doc.events}
    for pair in found:
        score.add("document", pair[0], "tp" if pair in wanted_pairs else "fp")
    for pair in wanted_pairs - found:
        score.add("document", pair[0], "fn")


def score_document(score: Score, doc: Document, gold: Iterable[GoldEvent]) -> None:
    """Add one document's matches to ``score`` (greedy, in text order)."""
    gold = list(gold)
    score.gold_types.update(g.type for g in gold)
    actors = _actor_spans(doc)
    _score_pairs(score, doc, gold, actors)
    for level in LEVELS[:3]:
        free = list(gold)
        for pred in doc.events:
            hit = next((g for g in free if _match(level, pred, g, actors)), None)
            if hit is None:
                score.add(level, pred.type, "fp")
            else:
                free.remove(hit)
                score.add(level, pred.type, "tp")
        for g in free:
            score.add(level, g.type, "fn")


def wanted(article: GoldArticle, statuses: frozenset[str]) -> list[GoldEvent]:
    """The article's gold events a coder should write (by default what happened or was said)."""
    return [g for g in article.events if g.status in statuses]


def evaluate_corpus(corpus, split: str, coders: dict[str, Any], pipeline: Any,
                    statuses: frozenset[str] = frozenset({"asserted"})) -> dict[str, Score]:
    """Score each coder (a callable filling ``doc.events``) on one split, on the
    same pipeline output: only events with a wanted status count on either side
    (records carry ``status``; a rule record without one counts when reported)."""
    import copy

    from newsx.events.corpus import read_corpus
    from newsx.text.document import Document

    scores = {name: Score() for name in coders}
    for art in read_corpus(corpus, split):
        doc = pipeline(Document(art.text, id=art.id))
        for name, coder in coders.items():
            d = copy.copy(doc)
            coder(d)
            d.events = [e for e in d.events if e.status in statuses]
            score_document(scores[name], d, wanted(art, statuses))
    return scores


def report(scores: dict[str, Score], min_gold: int = 20) -> str:
    """A table: each level's P/R/F1 per coder, then per type with at least ``min_gold`` gold events."""
    lines = [f"{'coder':10s} {'level':14s} {'P':>6s} {'R':>6s} {'F1':>6s} {'tp':>5s} {'fp':>5s} {'fn':>5s}"]
    for name, s in scores.items():
        for level, c in s.levels.items():
            lines.append(f"{name:10s} {level:14s} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.tp:5d} {c.fp:5d} {c.fn:5d}")
    first = next(iter(scores.values()))
    for etype, n in first.gold_types.most_common():
        if n < min_gold:
            continue
        row = [f"{etype:10s} gold {n:4d}"]
        for name, s in scores.items():
            c = s.by_type.get(etype, {}).get("source") or Counts()
            t = s.by_type.get(etype, {}).get("trigger") or Counts()
            row.append(f"{name}: trigger F1 {t.f1:.3f}, +source F1 {c.f1:.3f}")
        lines.append("  ".join(row))
    return "\n".join(lines)
