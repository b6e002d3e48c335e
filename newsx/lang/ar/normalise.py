"""Matching forms of Arabic text, with a map back to the original offsets.

Every stage that compares strings (gazetteer, model features, triggers) works on
these folded forms; every span it reports is mapped back to the original text
through the offset map, so output never points into a normalised copy.

Folding: Unicode compatibility forms (presentation forms, ligatures), removal of
diacritics, tatweel and bidi/format controls, alef/alef-maksura/teh-marbuta
folding (camel-tools' ``normalize_*`` rules), and runs of three or more identical
letters collapsed (news elongation such as وجيييه).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)

TATWEEL = "\u0640"
_FORMAT_CONTROLS = "".join(
    chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"
)


def _fold_char(ch: str) -> str:
    """Fold one character with camel-tools' rules (used once, to build the table)."""
    if ch in _FORMAT_CONTROLS or ch == TATWEEL:
        return ""
    out = unicodedata.normalize("NFKC", ch)
    out = dediac_ar(out)
    out = normalize_alef_ar(out)
    out = normalize_alef_maksura_ar(out)
    out = normalize_teh_marbuta_ar(out)
    return out.replace(TATWEEL, "")


def _build_table() -> dict[int, str]:
    """Translation table for every BMP character whose folded form differs."""
    table: dict[int, str] = {}
    for code in range(0x10000):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        folded = _fold_char(ch)
        if folded != ch:
            table[code] = folded
    for ch in _FORMAT_CONTROLS:
        table[ord(ch)] = ""
    return table


_TABLE = _build_table()
_ELONGATION = re.compile(r"([\u0621-\u064A])\1{2,}")


@lru_cache(maxsize=200_000)
def normalise(s: str) -> str:
    """Matching form of a token or phrase (cached: news repeats its words)."""
    return _ELONGATION.sub(r"\1", s.translate(_TABLE))


def normalise_with_map(s: str) -> tuple[str, list[int]]:
    """Matching form plus ``offsets``: ``offsets[i]`` is the index in ``s`` of
    normalised character ``i``; ``offsets[len(norm)] == len(s)``."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(s):
        for r in _TABLE.get(ord(ch), ch):
            chars.append(r)
            offsets.append(i)
    folded = "".join(chars)
    drop: set[int] = set()
    for m in _ELONGATION.finditer(folded):
        drop.update(range(m.start() + 1, m.end()))
    if drop:
        chars = [c for k, c in enumerate(chars) if k not in drop]
        offsets = [o for k, o in enumerate(offsets) if k not in drop]
    offsets.append(len(s))
    return "".join(chars), offsets


def __getattr__(name: str) -> object:
    """``clitic_splits`` lives in ``newsx.lang.ar.clitics``; this keeps the old import path working."""
    if name == "clitic_splits":
        from newsx.lang.ar.clitics import clitic_splits

        return clitic_splits
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
