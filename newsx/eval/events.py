"""Scoring events and actors against the Arabic event gold standard (GSR).

Two file kinds, as distributed (openeventdata/arabic_event_gsr, MIT):

* detection CSVs (``*_gsr_dev.csv``): is there an event of the file's type in
  this sentence? ``yes`` is positive, ``easy no`` / ``difficult no`` negative,
  ``ambiguous`` left out. newsx says yes when it codes an event of that type
  that the sentence reports (not merely names) as asserted (not negated,
  planned or possible).
* span JSON (``*_spans_dev.json``): gold source and target words with
  CAMEO-style codes. Reported: the share of gold events for which newsx codes
  an event of the gold type whose source and target contain the source_gold and
  target_gold words, with the gold countries (an empty gold side asks nothing:
  the gold says no more than that), and how often the actor newsx finds at the
  gold span has the gold country and role (actors).
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsx.actors.cluster import ROLE_NAMES
from newsx.eval.counts import Counts
from newsx.events.record import Argument
from newsx.text.document import Document
from newsx.lang.ar.clitics import clitic_splits
from newsx.lang.ar.normalise import normalise
from newsx.pipeline import Pipeline


@dataclass
class Detection(Counts):
    type: str = "?"
    tn: int = 0
    skipped: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (fp|fn, text)


def _process(pipeline: Pipeline, text: str) -> Document:
    return pipeline(Document(text))


def score_detection(path: Path, pipeline: Pipeline | None = None) -> Detection:
    """Sentence-level detection P/R/F1 for the event type a GSR CSV holds."""
    pipeline = pipeline or Pipeline()
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    result = Detection(type=rows[0]["event_type"] if rows else "?")
    for row in rows:
        label = row["label"].strip()
        if label not in ("yes", "easy no", "difficult no"):
            result.skipped += 1
            continue
        doc = _process(pipeline, row["text"])
        found = any(e.type == result.type and e.status == "asserted" for e in doc.events)
        gold = label == "yes"
        if found and gold:
            result.tp += 1
        elif found:
            result.fp += 1
            result.errors.append(("fp", row["text"]))
        elif gold:
            result.fn += 1
            result.errors.append(("fn", row["text"]))
        else:
            result.tn += 1
    return result


@dataclass
class SpanScores:
    events: int = 0
    event_match: int = 0  # source and target inside newsx's, countries equal
    actor_spans: int = 0
    actor_found: int = 0
    country_match: int = 0
    role_match: int = 0
    country_none: int = 0  # gold has no country and newsx found no actor
    role_none: int = 0

    def rates(self) -> dict[str, float]:
        n = max(self.actor_spans, 1)
        return {
            "event_actor_match": self.event_match / max(self.events, 1),
            "actor_found": self.actor_found / n,
            "country": self.country_match / n,
            "role": self.role_match / n,
            # reading "no actor found" as "no country, no role" (gold None = None)
            "country_lenient": (self.country_match + self.country_none) / n,
            "role_lenient": (self.role_match + self.role_none) / n,
        }


NON_STATE = frozenset({"IGO", "NGO", "IMG", "MNC"})


def cameo_main(code: str | None, country: str | None, role: str | None) -> tuple[str | None, str | None]:
    """The CAMEO primary code and role the GSR's ``main``/``role`` record: the
    country, or for a non-state actor its first-level code (NATO, IGONAT ->
    IGO with no role; Amnesty, NGOHRI -> NGO, HRI)."""
    code = code or ""
    if country or code[:3] not in NON_STATE:
        return country, role
    rest = code[3:6]
    return code[:3], (rest if rest in ROLE_NAMES else None)


def _words(text: str) -> list[str]:
    return [normalise(w) for w in text.split() if w]


def _main(arg: Argument | None) -> str | None:
    """An argument's CAMEO primary code (none for a missing argument)."""
    return None if arg is None else cameo_main(arg.code, arg.country, arg.role)[0]


def _inside(gold: str, span: Argument | None) -> bool:
    """All gold words occur in newsx's span (an empty gold side asks nothing)."""
    if not gold.strip():
        return True
    if span is None:
        return False
    have = set(_words(span.text))
    return all(any(w == h or h.endswith(w) or w.endswith(h) for h in have) for w in _words(gold))


def _gold_code(record: dict[str, Any], side: str) -> tuple[str | None, str | None]:
    """Majority (country, role) of the coders' readings of a side's actor."""
    votes = Counter()
    for span in record.get("spans", []):
        code = span.get(f"{side}_role") or {}
        if isinstance(code, dict) and code:  # a few readings say only "UNKNOWN"
            main, role = code.get("main"), code.get("role")
            votes[(None if main in (None, "None", "") else main, None if role in (None, "None", "") else role)] += 1
    return votes.most_common(1)[0][0] if votes else (None, None)


def _readings(text: str) -> set[str]:
    """Every word of ``text`` with and without its proclitics (والمتظاهرين)."""
    return {stem for w in _words(text) for _, stem in clitic_splits(w, False)}


def _actor_at(doc: Document, gold: str):
    """The newsx actor with a mention covering the gold words."""
    gold_words = _readings(gold)
    best, best_overlap = None, 0
    for actor in doc.actors:
        for m in actor.mentions:
            overlap = len(gold_words & set(_words(m.text)))
            if overlap > best_overlap:
                best, best_overlap = actor, overlap
    return best


def score_spans(path: Path, pipeline: Pipeline | None = None) -> SpanScores:
    """Event-argument and actor-code agreement on a GSR span file."""
    pipeline = pipeline or Pipeline()
    records = json.loads(path.read_text(encoding="utf-8"))
    out = SpanScores()
    for rec in records:
        doc = _process(pipeline, rec["text"])
        out.events += 1
        src_code, tgt_code = _gold_code(rec, "source"), _gold_code(rec, "target")
        for ev in (e for e in doc.events if e.type == rec["event_type"]):
            if all(
                _inside(gold, arg) and (not gold.strip() or _main(arg) == code[0])
                for gold, arg, code in ((rec["source_gold"], ev.source, src_code),
                                        (rec["target_gold"], ev.target, tgt_code))
            ):
                out.event_match += 1
                break
        for gold, (country, role) in ((rec["source_gold"], src_code), (rec["target_gold"], tgt_code)):
            if not gold.strip():
                continue
            out.actor_spans += 1
            actor = _actor_at(doc, gold)
            if actor is None:
                out.country_none += country is None
                out.role_none += role is None
                continue
            out.actor_found += 1
            main, agent = cameo_main(actor.code, actor.country, actor.role)
            out.country_match += main == country
            out.role_match += agent == role
    return out


def evaluate_events(path: Path, pipeline: Pipeline | None = None) -> dict[str, Any]:
    """Scores for one gold file, whichever kind it is: a GSR detection CSV, a GSR
    span JSON, or the newsx event corpus (JSON lines; its test split)."""
    if path.suffix == ".jsonl":
        from newsx.eval.event_corpus import evaluate_corpus

        pipeline = pipeline or Pipeline()
        coder = pipeline.coder
        plain = Pipeline(ner=pipeline.ner, model=pipeline.model, events=False)
        score = evaluate_corpus(path, "test", {coder: pipeline.coder_fn()}, plain)[coder]
        out: dict[str, Any] = {"file": path.name, "task": "corpus (test split)", "coder": coder}
        for level, c in score.levels.items():
            out.update({f"{level} P": c.precision, f"{level} R": c.recall, f"{level} F1": c.f1})
        return out
    if path.suffix == ".csv":
        d = score_detection(path, pipeline)
        return {"file": path.name, "task": "detection", "type": d.type, "tp": d.tp, "fp": d.fp, "fn": d.fn,
                "tn": d.tn, "skipped": d.skipped, "precision": d.precision, "recall": d.recall, "f1": d.f1}
    # arguments are scored on every record the coder writes, whatever its status (as before statuses existed)
    s = score_spans(path, dataclasses.replace(pipeline or Pipeline(), all_events=True))
    return {"file": path.name, "task": "spans", "events": s.events, "actor_spans": s.actor_spans, **s.rates()}
