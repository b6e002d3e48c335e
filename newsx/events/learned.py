"""The learned event coder: a CRF finds triggers and their types, a logistic
model sets each one's status, and two more choose its source and target among
the sentence's actor mentions. Trained on the newsx event corpus
(``newsx train --task events``); the rule coder runs first and its decisions are
features (``newsx.events.features``).

Prediction needs no numerical library: the logistic models are weight tables
scored in plain Python, the CRF is python-crfsuite, fed only the features its
model has weights for, in UTF-8 (``_parts``: crfsuite skips the others, so its
tags and marginals are the same, and converting and looking up strings is most
of its cost).
"""

from __future__ import annotations

import json
import math
import struct
import threading
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

from newsx.events.coder import EventCoder, RuleOutput, nearest_date
from newsx.cache import cached
from newsx.entities.ner.crf import attributes
from newsx.events.features import (SentenceView, TokenParts, argument_features, sentence_view, status_features,
                                   token_features, token_parts)
from newsx.events import types
from newsx.events.phrases import Arg, argument_record
from newsx.events.record import Argument, Event
from newsx.events.triggers import TriggerMatch
from newsx.dates.expressions import find_dates
from newsx.resources import DATA_DIR
from newsx.text.document import Document

MODEL_DIR = DATA_DIR / "events" / "model"
FILES = ("triggers.crfsuite", "status.json", "arguments.json", "config.json")


class EventModelError(RuntimeError):
    """The event model's files are missing or unreadable."""


@dataclass
class Linear:
    """A logistic model as a weight table: one row of weights per class."""

    classes: list[str]
    weights: dict[str, list[float]]
    bias: list[float]

    def __post_init__(self) -> None:
        # a binary model has one weight per feature (class 1's log-odds): kept as a flat table, the hot path
        self._flat = {f: row[0] for f, row in self.weights.items()} if len(self.bias) == 1 else None

    def scores(self, features: list[str]) -> list[float]:
        z = list(self.bias)
        for f in features:
            row = self.weights.get(f)
            if row is not None:
                for c, w in enumerate(row):
                    z[c] += w
        return z

    def p(self, features: list[str]) -> float:
        """A binary model's probability of its second class ("1"): ``proba`` without the dict."""
        return 1 / (1 + math.exp(-(self.bias[0] + sum(map(self._flat.get, features, repeat(0.0))))))

    def proba(self, features: list[str]) -> dict[str, float]:
        if self._flat is not None:
            p = self.p(features)
            return {self.classes[0]: 1 - p, self.classes[1]: p}
        z = self.scores(features)
        top = max(z)
        e = [math.exp(x - top) for x in z]
        total = sum(e)
        return {c: x / total for c, x in zip(self.classes, e)}

    def to_json(self) -> dict[str, Any]:
        return {"classes": self.classes, "bias": self.bias, "weights": self.weights}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Linear:
        return cls(obj["classes"], obj["weights"], obj["bias"])


def _weights(model_dir: Path) -> tuple[Linear, Linear, Linear, frozenset[str]]:
    """The status and argument models and the trigger CRF's attribute names:
    read from JSON and the model file once, then from ``newsx.cache`` (0.1 s a process)."""
    status = Linear.from_json(json.loads((model_dir / "status.json").read_text(encoding="utf-8")))
    args = json.loads((model_dir / "arguments.json").read_text(encoding="utf-8"))
    return (status, Linear.from_json(args["source"]), Linear.from_json(args["target"]),
            frozenset(attributes(model_dir / "triggers.crfsuite")))


class LearnedCoder:
    """Codes a document's events with the trained models; build once, call on many documents."""

    def __init__(self, model_dir: Path = MODEL_DIR, rules: EventCoder | None = None) -> None:
        import pycrfsuite

        missing = [f for f in FILES if not (model_dir / f).is_file()]
        if missing:
            raise EventModelError(f"event model in {model_dir} lacks {', '.join(missing)}; "
                                  "rebuild it with 'newsx train --task events' or use --coder rules")
        try:
            self.config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
            self.status, self.source, self.target, self._known = cached(
                "event-weights", [model_dir / f for f in FILES], lambda: _weights(model_dir))
            self.tagger = pycrfsuite.Tagger()
            self.tagger.open(str(model_dir / "triggers.crfsuite"))
        except (OSError, ValueError, KeyError, struct.error) as err:
            raise EventModelError(f"event model in {model_dir} is unreadable ({err}); "
                                  "rebuild it with 'newsx train --task events'") from err
        self._trigger_labels = [lab for lab in self.tagger.labels() if lab != "O"]
        self._tokens: dict[tuple[str, str, str], TokenParts] = {}  # see _parts
        self._lock = threading.Lock()  # one crfsuite tagger is not safe across threads
        self.rules = rules or EventCoder()

    def __call__(self, doc: Document) -> Document:
        out = self.rules.code(doc)
        doc.events = self.code(doc, out)
        return doc

    def code(self, doc: Document, out: RuleOutput) -> list[Event]:
        events: list[Event] = []
        stamp = doc.dateline.date.to_record() if doc.dateline and doc.dateline.date else {}
        for k, sent in enumerate(doc.sentences):
            if sent.token_end <= sent.token_start:
                continue
            v = sentence_view(doc, k, out.triggers.get(k, []), out.events, out.args)
            feats = token_features(v, self._parts)
            with self._lock:
                self.tagger.set(feats)
                tags = self._decode(self.tagger.tag())
                spans = trigger_spans(tags)
                confidence = [min(self.tagger.marginal(tags[t], t) for t in range(i, j + 1)) for i, j, _ in spans]
            if not spans:
                continue
            dates = [d for d in find_dates(doc.text, doc.date, sent.start, sent.end) if d.start != stamp.get("start")]
            for (i, j, etype), conf in zip(spans, confidence):
                status = max(self.status.proba(status_features(v, i, j, etype)).items(), key=lambda kv: kv[1])[0]
                trig = self._trigger(v, i, j, etype, status)
                rule = _rule_event(out.events, trig)
                source, target = self.arguments(v, i, j, etype, rule)
                if source is not None and source.mention.sentence != k:
                    src = _mention_record(doc, source)  # an unwritten subject, named in the sentence before
                else:
                    src = argument_record(v.window, source, trig)
                tgt = argument_record(v.window, target, trig, target=True)
                place = self.rules.place(v.window, trig, v.args, (source, target))
                rec = self.rules.make_event(doc, len(events) + 1, k, trig, src, tgt, place, nearest_date(dates, trig))
                rec.status, rec.score = status, round(conf, 2)
                events.append(rec)
        return events

    def _parts(self, w: str, lex: str, ner: str) -> TokenParts:
        """``token_parts`` as crfsuite is handed them, kept per word and tags:
        only the features the model has weights for (crfsuite skips the
        others), in the UTF-8 it would encode them to, so neither is done at
        every token."""
        key = (w, lex, ner)
        p = self._tokens.get(key)
        if p is None:
            if len(self._tokens) > 100_000:
                self._tokens.clear()
            keep = self._known.__contains__
            p = self._tokens[key] = tuple([tuple(map(str.encode, filter(keep, fs))) for fs in token_parts(w, lex, ner)])
        return p

    def _decode(self, tags: list[str]) -> list[str]:
        """The Viterbi tags, with each O the model doubts (its marginal below the
        trained threshold) read as the likeliest trigger tag: the CRF alone is
        conservative, and the threshold sets recall on the dev split."""
        floor = self.config.get("o_threshold", 0.0)
        if floor <= 0:
            return tags
        labels = self._trigger_labels
        marginal = self.tagger.marginal
        out = list(tags)
        for t, tag in enumerate(tags):
            if tag == "O" and marginal("O", t) < floor:
                row = [marginal(lab, t) for lab in labels]
                best = labels[row.index(max(row))]  # the first of equals, as max(labels, key=...) takes
                prev = out[t - 1] if t else "O"
                inside = "I-" + best[2:]
                out[t] = inside if prev != "O" and prev[2:] == best[2:] and inside in labels else "B-" + best[2:]
        return out

    def arguments(self, v: SentenceView, i: int, j: int, etype: str,
                  rule: Event | None) -> tuple[Arg | None, Arg | None]:
        """The likeliest source (above the trained threshold), then the likeliest
        other actor as target."""
        cands = candidates(v, i, j)
        if not cands:
            return None, None
        feats = [argument_features(v, i, j, etype, c, prev, rule, order) for c, prev, order in cands]
        ps = [self.source.p(f) for f in feats]
        best = max(range(len(cands)), key=ps.__getitem__)
        source = cands[best][0] if ps[best] >= self.config["source_threshold"] else None
        pt = [self.target.p(f) if c is not source and (source is None or c.actor is not source.actor)
              and not prev else 0.0 for (c, prev, _), f in zip(cands, feats)]
        best_t = max(range(len(cands)), key=pt.__getitem__)
        target = cands[best_t][0] if pt[best_t] >= self.config["target_threshold"] else None
        return source, target

    def _trigger(self, v: SentenceView, i: int, j: int, etype: str, status: str) -> TriggerMatch:
        """The trigger as the rule coder's record needs it; CAMEO code and mode
        from the lexicon's entry where it reads the same type here."""
        doc, base = v.doc, v.base
        start, end = doc.token_starts[base + i], doc.token_ends[base + j]
        m = v.matches[i]
        if m is not None and m.plover == etype:
            cameo, quad, mode, pos, lemma = m.cameo, m.quad_class, m.mode, m.pos, m.lemma
        else:
            kind = types.get(etype)
            cameo, quad, mode, pos, lemma = kind.cameo, kind.quad_class, None, "noun", v.stems[i]
        modality = status if status in ("planned", "possible") else "asserted"
        return TriggerMatch(start, end, doc.text[start:end], base + i, base + j + 1, etype, cameo, quad, mode, pos,
                            status == "negated", modality, lemma, "learned", status != "background")


def trigger_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(first, last, type) of each B-/I- run of a tag sequence (an I- after O opens a run)."""
    spans: list[tuple[int, int, str]] = []
    for t, tag in enumerate(tags):
        if tag == "O":
            continue
        kind, etype = tag[:1], tag[2:]
        if kind == "I" and spans and spans[-1][1] == t - 1 and spans[-1][2] == etype:
            spans[-1] = (spans[-1][0], t, etype)
        else:
            spans.append((t, t, etype))
    return spans


def candidates(v: SentenceView, i: int, j: int) -> list[tuple[Arg, bool, tuple[int, int]]]:
    """The sentence's actor mentions outside the trigger (not the byline's author),
    then the previous sentence's (for an unwritten subject), with each one's rank on its side."""
    base = v.base
    args = [a for a in v.args if not _byline(a)]
    before = [a for a in args if a.last - base < i]
    after = [a for a in args if a.first - base > j]
    out = [(a, False, (len(before) - n, 0)) for n, a in enumerate(before)]
    out += [(a, False, (0, n + 1)) for n, a in enumerate(after)]
    out += [(a, True, (0, 0)) for a in v.prev_args if a.actor.type in ("PER", "ORG", "GPE") and not _byline(a)]
    return out


def _byline(arg: Arg) -> bool:
    """The article's author, named in its dateline: who wrote the report, never an actor in it."""
    return arg.mention.entity is not None and arg.mention.entity.found_by == "dateline"


def _rule_event(events: list[Event], trig: TriggerMatch) -> Event | None:
    return next((e for e in events if e.trigger.start < trig.end and trig.start < e.trigger.end), None)


def _mention_record(doc: Document, arg: Arg) -> Argument:
    a, m = arg.actor, arg.mention
    return Argument(doc.text[m.start:m.end], m.start, m.end, a.id, a.canonical, a.code, a.country, a.role)
