"""The learned event coder: a CRF finds triggers and their types, a logistic
model sets each one's status, and two more choose its source and target among
the sentence's actor mentions. Trained on the newsx event corpus
(``newsx train --task events``); the rule coder runs first and its decisions are
features (``newsx.events.features``).

Prediction needs no crfsuite but for near-ties: the logistic models are weight
tables scored in plain Python, the CRF's Viterbi path and marginals are
computed with numpy (``newsx.entities.ner.crf``) from label scores summed from
cached rows (``TriggerRows``), many sentences at once (``code_many``).
"""

from __future__ import annotations

import json
import math
import struct
import threading
from dataclasses import dataclass
from itertools import chain, repeat
from pathlib import Path
from typing import Any

import numpy as np

from newsx.events.coder import EventCoder, RuleOutput, nearest_date
from newsx.cache import cached, pack_keys, unpack_keys
from newsx.entities.ner.crf import ChainModel
from newsx.events.features import (NEIGHBOURS, SentenceView, argument_features, rule_features, sentence_views,
                                   status_features, tag_parts, token_features, word_parts)
from newsx.events import types
from newsx.events.phrases import Arg, argument_record
from newsx.events.record import Argument, Event
from newsx.events.triggers import TriggerMatch
from newsx.dates.expressions import find_dates
from newsx.resources import DATA_DIR
from newsx.text.document import Document

MODEL_DIR = DATA_DIR / "events" / "model"
FILES = ("triggers.crfsuite", "status.json", "arguments.json", "config.json")
WORD_ROWS = 100_000  # (word, tags) keys and rule-feature lists whose summed rows are kept
DECODED = 64  # sentences decoded together, of similar lengths (a Viterbi step's sums, 10 kB a sentence, stay in cache)
NEAR = 1e-9  # a trigger decision this close to going the other way is left to crfsuite (``LearnedCoder._tag``)


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

    def __getstate__(self) -> dict[str, Any]:
        """The weights pickled as their features (``pack_keys``) and one array
        of rows: every process loads them from ``newsx.cache``, and a dict of
        20,000 lists of floats is slow to unpickle."""
        return {"classes": self.classes, "bias": self.bias, "features": pack_keys(list(self.weights)),
                "rows": np.array(list(self.weights.values()), dtype=float).reshape(len(self.weights), -1)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.classes, self.bias = state["classes"], state["bias"]
        self.weights = dict(zip(unpack_keys(state["features"]), state["rows"].tolist()))
        self.__post_init__()

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


def _weights(model_dir: Path) -> tuple[Linear, Linear, Linear, ChainModel]:
    """The status and argument models and the trigger CRF's weight table:
    read from JSON and the model file once, then from ``newsx.cache``."""
    status = Linear.from_json(json.loads((model_dir / "status.json").read_text(encoding="utf-8")))
    args = json.loads((model_dir / "arguments.json").read_text(encoding="utf-8"))
    return (status, Linear.from_json(args["source"]), Linear.from_json(args["target"]),
            ChainModel(model_dir / "triggers.crfsuite", frozenset()).folded([None]))


class TriggerRows:
    """Label scores of tokens from the trigger CRF's weights, without feature
    strings. A token's features are its word's own, its rule features
    (``rule_features``) and, from each neighbour (``NEIGHBOURS``), a bundle
    of that word's features and one of its lexicon and entity tags
    (``token_parts``, made of ``word_parts`` and ``tag_parts``). The weight
    rows of each bundle are summed once per word, or per pair of tags, into a
    row of the table (``ChainModel.part_row``), and each distinct list of rule
    features into another, so a token's scores are the sum of ten rows (the
    table's zero row where a neighbour is missing). The floats differ from
    crfsuite's, which adds feature by feature, in the last bits only (see
    ``LearnedCoder._tag``)."""

    def __init__(self, chain: ChainModel) -> None:
        chain.drop_sums(None)
        self.chain = chain
        self.unseen = len(chain.table(None)[0])  # the zero row
        self.words: dict[str, int] = {}  # word -> its row of ``parts``
        self.parts = np.empty((1024, 1 + len(NEIGHBOURS)), dtype=np.int64)  # own row, then one per neighbour
        self.tags: dict[tuple[str, str], int] = {}  # (lexicon tag, entity tag) -> its row of ``tag_rows``
        self.tag_rows = np.empty((0, len(NEIGHBOURS)), dtype=np.int64)
        self.rules: dict[tuple[str, ...], int] = {(): self.unseen}  # rule features -> their row

    def __len__(self) -> int:
        return len(self.words) + len(self.rules)

    def _row(self, feats: tuple[str, ...]) -> int:
        return self.chain.part_row(None, feats, self.unseen)

    def _add_words(self, new: list[str]) -> None:
        """Rows in ``parts`` for words seen for the first time (distinct), made
        together: the features of all their bundles looked up in one pass
        (a word's bundles lie side by side in a row of ``found``, -1 where
        the model lacks a feature), and the bundles of several known features
        summed by one ``add_sums`` (in bundle order, as ``part_row`` would one
        by one: the same floats)."""
        index = self.chain.table(None)[0]
        first, end = len(self.words), len(self.words) + len(new)
        while end > len(self.parts):
            self.parts = np.concatenate([self.parts, np.empty_like(self.parts)])
        feats: list[str] = []
        for word in new:
            own, near = word_parts(word)
            feats += own
            for s, wk in near:
                feats += s
                feats += wk
        own, near = word_parts(new[0])
        widths = [len(own), *[len(s) + len(wk) for s, wk in near]]  # the same for every word
        found = np.fromiter(map(index.get, feats, repeat(-1)), dtype=np.int64, count=len(feats)).reshape(len(new), -1)
        known = found >= 0
        starts = np.cumsum([0, *widths[:-1]])
        count = np.add.reduceat(known.astype(np.int64), starts, axis=1)  # words x bundles
        slots = np.where(count == 0, self.unseen, np.maximum.reduceat(found, starts, axis=1))  # a lone row as it is
        summed = count > 1
        if summed.any():
            rows = found[np.repeat(summed, widths, axis=1) & known]  # word by word, bundle by bundle, in order
            slots[summed] = self.chain.add_sums(None, rows.tolist(), count[summed].tolist()) + np.arange(summed.sum())
        self.parts[first:end] = slots
        self.words.update(zip(new, range(first, end)))

    def _tag(self, tags: tuple[str, str]) -> int:
        k = self.tags.get(tags)
        if k is None:
            k = self.tags[tags] = len(self.tag_rows)
            self.tag_rows = np.concatenate([self.tag_rows, [[self._row(t) for t in tag_parts(*tags)]]])
        return k

    def _rule(self, feats: tuple[str, ...]) -> int:
        row = self.rules.get(feats)
        if row is None:
            row = self.rules[feats] = self._row(feats)
        return row

    def scores(self, views: list[SentenceView]) -> np.ndarray:
        """Label scores (tokens x labels) of the tokens of ``views`` (none empty), one sentence after another."""
        flat = chain.from_iterable  # the views' per-token lists, end to end (no Python step per token)
        words = list(flat(v.norms for v in views))
        ids = list(map(self.words.get, words))
        if None in ids:
            self._add_words(list(dict.fromkeys(w for w, k in zip(words, ids) if k is None)))
            ids = list(map(self.words.__getitem__, words))
        tags = list(flat(zip(v.lex, v.ner) for v in views))
        tag_ids = list(map(self.tags.get, tags))
        if None in tag_ids:
            tag_ids = [self._tag(t) if k is None else k for k, t in zip(tag_ids, tags)]
        rules = list(flat(map(rule_features, views)))
        rows = list(map(self.rules.get, rules))
        if None in rows:
            rows = [self._rule(f) if r is None else r for r, f in zip(rows, rules)]
        lengths = np.array([len(v.norms) for v in views])
        pos = np.arange(len(words)) - np.repeat(np.cumsum(lengths) - lengths, lengths)  # in its sentence
        after = np.repeat(lengths, lengths) - pos - 1  # tokens after it in its sentence
        part, tag = self.parts[ids], self.tag_rows[tag_ids]
        weights = self.chain.weights(None)
        out = weights[part[:, 0]] + weights[rows]
        near = np.empty(len(words), dtype=np.int64)
        for col, d in enumerate(NEIGHBOURS, 1):
            has = (pos + d >= 0) & (after - d >= 0)
            near.fill(self.unseen)
            at = np.flatnonzero(has) + d
            near[has] = part[at, col]
            out += weights[near]
            near[has] = tag[at, col - 1]
            out += weights[near]
        return out


class LearnedCoder:
    """Codes a document's events with the trained models; build once, call on many documents."""

    def __init__(self, model_dir: Path = MODEL_DIR, rules: EventCoder | None = None) -> None:
        missing = [f for f in FILES if not (model_dir / f).is_file()]
        if missing:
            raise EventModelError(f"event model in {model_dir} lacks {', '.join(missing)}; "
                                  "rebuild it with 'newsx train --task events' or use --coder rules")
        try:
            self.config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
            self.status, self.source, self.target, self.chain = cached(
                "event-weights", [model_dir / f for f in FILES], lambda: _weights(model_dir))
        except (OSError, ValueError, KeyError, struct.error) as err:
            raise EventModelError(f"event model in {model_dir} is unreadable ({err}); "
                                  "rebuild it with 'newsx train --task events'") from err
        self.model_dir = model_dir
        self._tagger: Any = None  # crfsuite's, opened for the first near-tie (none in most runs)
        self._rows = TriggerRows(self.chain)
        self._lock = threading.Lock()  # the rows, the table they extend and the crfsuite tagger are shared
        self.rules = rules or EventCoder()

    def __call__(self, doc: Document) -> Document:
        self.code_many([doc])
        return doc

    def code_many(self, docs: list[Document]) -> None:
        """Code the events of ``docs``, their sentences' triggers decoded
        together (numpy's cost per call is paid per position of a batch, not
        per sentence)."""
        outs = [self.rules.code(doc) for doc in docs]
        for doc, events in zip(docs, self._code([(doc, out) for doc, out in zip(docs, outs)])):
            doc.events = events

    def code(self, doc: Document, out: RuleOutput) -> list[Event]:
        """The events of one document, given the rule coder's output on it."""
        return self._code([(doc, out)])[0]

    def _code(self, coded: list[tuple[Document, RuleOutput]]) -> list[list[Event]]:
        views = [[v for v, sent in zip(sentence_views(doc, out.triggers, out.events, out.args), doc.sentences)
                  if sent.token_end > sent.token_start]
                 for doc, out in coded]
        found = iter(self._tag([v for vs in views for v in vs]))
        return [self._events(doc, out, [(v, next(found)) for v in vs]) for (doc, out), vs in zip(coded, views)]

    def _events(self, doc: Document, out: RuleOutput,
                tagged: list[tuple[SentenceView, list[tuple[int, int, str, float]]]]) -> list[Event]:
        events: list[Event] = []
        stamp = doc.dateline.date.to_record() if doc.dateline and doc.dateline.date else {}
        for v, spans in tagged:
            if not spans:
                continue
            k, sent = v.k, doc.sentences[v.k]
            dates = [d for d in find_dates(doc.text, doc.date, sent.start, sent.end) if d.start != stamp.get("start")]
            for i, j, etype, conf in spans:
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

    def _tag(self, views: list[SentenceView]) -> list[list[tuple[int, int, str, float]]]:
        """Each sentence's triggers (first, last, type, confidence: the least
        marginal of its tags), the Viterbi path and marginals computed with
        numpy for many sentences at once (``DECODED`` of similar lengths: the
        shorter are not padded to the longest). The scores are sums of
        cached rows (``TriggerRows``), which may differ from crfsuite's in
        the last bits (1e-15), so a sentence where one of the decisions is
        within ``NEAR`` of going the other way (a Viterbi choice, a marginal
        against the O threshold, the likeliest of trigger labels, a
        confidence against a rounding edge of two decimals) is decoded by
        crfsuite instead, on its feature strings: the output is crfsuite's."""
        found: list[list[tuple[int, int, str, float]]] = [[] for _ in views]
        order = sorted(range(len(views)), key=lambda b: len(views[b].norms))
        with self._lock:
            if len(self._rows) > WORD_ROWS:
                self._rows = TriggerRows(self.chain)
            for i in range(0, len(order), DECODED):
                batch = order[i : i + DECODED]
                scores = self._rows.scores([views[b] for b in batch])
                lengths = [len(views[b].norms) for b in batch]
                paths, marginals, margins = self.chain.decode_ids(scores, lengths)
                at = 0
                for b, path, n, margin in zip(batch, paths, lengths, margins.tolist()):
                    spans = None if margin < NEAR else self._spans(path, marginals[at : at + n], True)
                    found[b] = spans if spans is not None else self._crfsuite(views[b])
                    at += n
        return found

    def _crfsuite(self, v: SentenceView) -> list[tuple[int, int, str, float]]:
        """``_tag`` of one sentence by crfsuite (for a near-tie: see ``_tag``)."""
        if self._tagger is None:
            import pycrfsuite

            self._tagger = pycrfsuite.Tagger()
            self._tagger.open(str(self.model_dir / "triggers.crfsuite"))
        self._tagger.set(token_features(v))
        label = {name: k for k, name in enumerate(self.chain.labels)}
        marginal = self._tagger.marginal
        path = [label[tag] for tag in self._tagger.tag()]
        return self._spans(path, np.array([[marginal(lab, t) for lab in self.chain.labels] for t in range(len(path))]),
                           False)

    def _spans(self, path: list[int], marginals: np.ndarray, check: bool) -> list[tuple[int, int, str, float]] | None:
        """The triggers of a sentence given its Viterbi path and marginals
        (tokens x labels), or None when ``check`` finds a decision within
        ``NEAR`` of going the other way. Each O the model doubts (its marginal
        below the trained threshold) is read as the likeliest trigger tag: the
        CRF alone is conservative, and the threshold sets recall on the dev split."""
        labels = self.chain.labels
        o = labels.index("O")
        floor = self.config.get("o_threshold", 0.0)
        tags = [labels[k] for k in path]
        if floor > 0:
            p_o = marginals[:, o]
            if check and np.any(np.abs(p_o - floor) < NEAR):
                return None
            for t in np.flatnonzero(p_o < floor).tolist():
                if tags[t] != "O":
                    continue
                row = marginals[t].copy()
                row[o] = -1.0
                best = int(row.argmax())  # the first of equals
                if check and row[best] - np.partition(row, -2)[-2] < NEAR:
                    return None
                etype, prev = labels[best][2:], tags[t - 1] if t else "O"
                inside = "I-" + etype
                tags[t] = inside if prev != "O" and prev[2:] == etype and inside in labels else "B-" + etype
        spans = []
        for i, j, etype in trigger_spans(tags):
            conf = min(marginals[t, labels.index(tags[t])] for t in range(i, j + 1))
            if check and abs(conf * 100 - math.floor(conf * 100) - 0.5) * 0.01 < NEAR:
                return None
            spans.append((i, j, etype, float(conf)))
        return spans

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
