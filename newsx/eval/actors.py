"""Scoring actor clusters against hand-annotated articles (``tests/data/clusters``).

A gold file lists clusters as strings; every occurrence of a string in the
article is a mention of that cluster (longer strings first, so the الإيراني
inside نظيره الإيراني belongs to the longer mention). Each gold mention is
given the newsx actor whose mention overlaps it most (none: a cluster of its
own). Precision and recall are over pairs of gold mentions: pairs newsx puts
together that the gold also does, and gold pairs newsx puts together.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from newsx.lang.ar.clitics import PROCLITIC_LETTERS
from newsx.text.document import Document


@dataclass
class PairScores:
    gold_pairs: int = 0
    system_pairs: int = 0
    correct: int = 0
    mentions: int = 0
    found: int = 0  # gold mentions newsx gave to some actor

    @property
    def precision(self) -> float:
        return self.correct / self.system_pairs if self.system_pairs else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold_pairs if self.gold_pairs else 0.0

    def add(self, other: "PairScores") -> None:
        for key in ("gold_pairs", "system_pairs", "correct", "mentions", "found"):
            setattr(self, key, getattr(self, key) + getattr(other, key))


def _word_at(text: str, start: int, end: int) -> bool:
    """The string stands as a word: no letter after it, and before it a
    non-letter or one proclitic letter that begins the word (وسورية, لروسيا;
    not the سورية inside السورية)."""
    if end < len(text) and text[end].isalpha():
        return False
    if start == 0 or not text[start - 1].isalpha():
        return True
    return text[start - 1] in PROCLITIC_LETTERS and (start == 1 or not text[start - 2].isalpha())


def gold_mentions(text: str, clusters: list[list[str]]) -> list[tuple[int, int, int]]:
    """(start, end, gold cluster) of every word occurrence, longest strings first."""
    strings = sorted(((s, c) for c, group in enumerate(clusters) for s in group), key=lambda x: -len(x[0]))
    taken: list[tuple[int, int, int]] = []
    for string, cluster in strings:
        pos = text.find(string)
        while pos >= 0:
            end = pos + len(string)
            if _word_at(text, pos, end) and not any(s < end and pos < e for s, e, _ in taken):
                taken.append((pos, end, cluster))
            pos = text.find(string, end)
    return sorted(taken)


def score_clusters(doc: Document, clusters: list[list[str]]) -> PairScores:
    """Pairwise precision/recall of ``doc.actors`` against gold clusters."""
    spans = [(m.start, m.end, a.id) for a in doc.actors for m in a.mentions]
    out = PairScores()
    assigned: list[tuple[int, object]] = []
    for k, (start, end, gold) in enumerate(gold_mentions(doc.text, clusters)):
        overlaps = [(min(end, e) - max(start, s), actor) for s, e, actor in spans if s < end and start < e]
        system: object = max(overlaps, key=lambda x: x[0])[1] if overlaps else ("none", k)
        out.mentions += 1
        out.found += bool(overlaps)
        assigned.append((gold, system))
    for (g1, s1), (g2, s2) in combinations(assigned, 2):
        out.gold_pairs += g1 == g2
        out.system_pairs += s1 == s2
        out.correct += g1 == g2 and s1 == s2
    return out


def load_gold(path: Path, root: Path) -> tuple[str, list[list[str]]]:
    """Article text and clusters of one gold file (article path relative to ``root``)."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    return (root / gold["article"]).read_text(encoding="utf-8"), gold["clusters"]
