"""Matching forms of Arabic text, with a map back to the original offsets.

Every stage that compares strings (gazetteer, model features, triggers) works on
these folded forms; every span it reports is mapped back to the original text
through the offset map, so output never points into a normalised copy.

Folding: Unicode compatibility forms (presentation forms, ligatures), removal of
diacritics, tatweel and bidi/format controls, alef/alef-maksura/teh-marbuta
folding (camel-tools' ``normalize_*`` rules), and runs of three or more identical
letters collapsed (news elongation such as وجيييه).

The character table is built from camel-tools' rules by
``tools/build_char_tables.py`` and shipped precomputed: building it scans every
code point, which cost a second at every start-up.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsx.lang.ar.char_tables import FOLD
from newsx.lang.ar.letters import BLOCK_FIRST, BLOCK_LAST

# FOLD lists only the characters that change. str.translate pays for a character
# missing from its table with a KeyError raised and cleared, so the ones news is
# written in (Latin-1 and the Arabic block) map to themselves too (a word folds in a
# third of the time, a sentence in 70%)
_TABLE: dict[int, int | str] = {
    c: c for r in (range(0x100), range(ord(BLOCK_FIRST), ord(BLOCK_LAST) + 1)) for c in r
} | FOLD

# a letter and at least two more of it; \1\1+ rather than \1{2,}: the same matches, and a
# search fails at a letter not repeated before setting up a repeat (half the work)
_ELONGATION = re.compile(r"([\u0621-\u064A])\1\1+")


@lru_cache(maxsize=200_000)
def normalise(s: str) -> str:
    """Matching form of a token or phrase (cached: news repeats its words).
    Few words are elongated, and a search costs a fifth of a substitution."""
    folded = _fold(s)
    return _ELONGATION.sub(r"\1", folded) if _ELONGATION.search(folded) else folded


def char_class(codes: list[int]) -> re.Pattern[str]:
    """A regex character class of sorted code points written as ranges (a
    class of single astral characters is scanned ten times slower)."""
    ranges: list[list[int]] = []
    for c in codes:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]")


# characters that fold to no character or to several: the offset map's exceptions
_UNEVEN = char_class(sorted(c for c, r in FOLD.items() if len(r) != 1))
# the characters folding changes, as a group so that a split keeps them
_CHANGING = re.compile(f"({char_class(sorted(FOLD)).pattern})")
_SPLIT_FROM = 100  # characters: a text this long is folded by a split at the characters that change


def _fold(s: str) -> str:
    """``s`` through the folding table. str.translate looks every character
    up; a sentence, where few change, is split at those and they alone are
    looked up (a third less work than translate over a news sentence)."""
    if len(s) < _SPLIT_FROM:
        return s.translate(_TABLE)
    parts = _CHANGING.split(s)
    parts[1::2] = map(FOLD.__getitem__, map(ord, parts[1::2]))
    return "".join(parts)


def normalise_with_map(s: str) -> tuple[str, list[int]]:
    """Matching form plus ``offsets``: ``offsets[i]`` is the index in ``s`` of
    normalised character ``i``; ``offsets[len(norm)] == len(s)``. Most
    characters fold to one, so the map is built from runs between the
    others, not character by character."""
    folded = _fold(s)
    offsets: list[int] = []
    done = 0
    for m in _UNEVEN.finditer(s):
        i = m.start()
        offsets += range(done, i)
        offsets += [i] * len(FOLD[ord(s[i])])
        done = i + 1
    offsets += range(done, len(s))
    drop: set[int] = set()
    for m in _ELONGATION.finditer(folded):
        drop.update(range(m.start() + 1, m.end()))
    if drop:
        folded = "".join(c for k, c in enumerate(folded) if k not in drop)
        offsets = [o for k, o in enumerate(offsets) if k not in drop]
    offsets.append(len(s))
    return folded, offsets


# hamza on its seats folded away, for orthographic variants of one name (مسؤول / مسئول / مسوول)
_HAMZA_SEATS = str.maketrans({"ؤ": "و", "ئ": "ي", "ء": None})


def fold_hamza_seats(norm: str) -> str:
    """A normalised form with ؤ ئ written و ي and ء dropped (spellings of one name differ there)."""
    return norm.translate(_HAMZA_SEATS)


def __getattr__(name: str) -> object:
    """``clitic_splits`` lives in ``newsx.lang.ar.clitics``; this keeps the old import path working."""
    if name == "clitic_splits":
        from newsx.lang.ar.clitics import clitic_splits

        return clitic_splits
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
