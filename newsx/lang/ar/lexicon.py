"""Curated content-word lists the actor and event rules read.

They live in ``data/lexicon/word_lists.tsv`` so that a lexicographer can extend
them without touching code; grammar words (prepositions, complementisers) stay
next to the rules that parse with them.
"""

from __future__ import annotations

from functools import lru_cache

from newsx.resources import read_tsv


@lru_cache(maxsize=1)
def _lists() -> dict[str, tuple[str, ...]]:
    lists: dict[str, list[str]] = {}
    for row in read_tsv("lexicon/word_lists.tsv"):
        lists.setdefault(row["list"], []).append(row["word"])
    return {name: tuple(words) for name, words in lists.items()}


def words(name: str) -> tuple[str, ...]:
    """One list's words or phrases as written, in file order (a KeyError names
    a list that is not shipped)."""
    return _lists()[name]
