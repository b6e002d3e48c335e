"""The newsx event corpus: articles with their events as character spans.

One JSON object per article per line (``corpus/events/events.jsonl``, format in
``corpus/events/README.md``): ``id``, ``split`` (train, dev, test), ``text`` and
``events``, each with ``type``, ``status`` and ``trigger`` / ``source`` / ``target`` /
``date`` / ``place`` as ``{"start", "end", "text"}`` or null.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

STATUSES = ("asserted", "negated", "planned", "possible", "background")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def overlaps(self, other: Span | None) -> bool:
        return other is not None and self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class GoldEvent:
    type: str
    status: str
    trigger: Span
    source: Span | None = None
    target: Span | None = None


@dataclass
class GoldArticle:
    id: str
    text: str
    split: str
    events: list[GoldEvent] = field(default_factory=list)


def _span(obj: dict | None, text: str, where: str) -> Span | None:
    if not obj:
        return None
    span = Span(int(obj["start"]), int(obj["end"]))
    if text[span.start : span.end] != obj["text"]:
        raise ValueError(f"{where}: span {span} does not hold {obj['text']!r}")
    return span


def read_corpus(path: Path, split: str | None = None) -> Iterator[GoldArticle]:
    """Articles of the corpus (of one split if named); a span that does not hold
    its quoted text is an error, so a corrupted corpus never trains a model."""
    with Path(path).open(encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if split is not None and row["split"] != split:
                continue
            text, where = row["text"], f"{path}:{line_no}"
            events = [GoldEvent(ev["type"], ev["status"], _span(ev["trigger"], text, where),
                                _span(ev.get("source"), text, where), _span(ev.get("target"), text, where))
                      for ev in row["events"]]
            yield GoldArticle(row["id"], text, row["split"], events)
