"""Sentence segmentation for Arabic news, as spans into the original text.

A sentence ends at . ! ? ؟ ؛ … (with any closing quotes or brackets that
follow) or at a line break. A full stop inside a number (3.5), after a one-letter
abbreviation (د. م. U.S.) or a listed abbreviation does not end a sentence, and
neither does a terminator inside an open quotation (« » “ ” or ASCII ") unless
the quotation runs past ``MAX_QUOTE`` characters. No sentence is longer than
``max_chars``: longer runs are cut at the last space (or anywhere, if there is
none), so a 100 MB line without punctuation still yields bounded pieces.
"""

from __future__ import annotations

import re

import regex

from newsx.lang.ar import lexicon
from newsx.text.document import Document, Sentence

MAX_CHARS = 2000
MAX_QUOTE = 600
_BREAK_RE = regex.compile(r"[.!?؟؛…]+[\"»”’'\)\]]*|[\n\r\u2028\u2029\x0b\x0c\x85]+")
_ABBREVIATIONS = frozenset(lexicon.words("abbreviations"))
_OPEN_QUOTES = {"«": "»", "“": "”"}
_QUOTE_RE = re.compile("[«»“”]")  # Python's re: its search skips to one of a set, a third of regex's cost
_WORD_BEFORE = regex.compile(r"[\p{L}\p{M}.]+$")


def _is_false_stop(text: str, i: int, j: int) -> bool:
    """True when the full stop at ``text[i:j]`` is not a sentence end."""
    if text[i:j] != ".":
        return False
    before = text[i - 1] if i > 0 else ""
    after = text[j] if j < len(text) else ""
    if before.isdigit() and after.isdigit():
        return True
    m = _WORD_BEFORE.search(text, max(0, i - 20), i)
    if not m:
        return False
    word = m.group().lstrip(".")
    letters = word.replace(".", "")
    return len(letters) == 1 or word in _ABBREVIATIONS or "." in word and len(letters) <= 4


def _quote_open(text: str, start: int, end: int) -> bool:
    """Whether a quotation opened in ``text[start:end]`` is still open at ``end``."""
    if end - start > MAX_QUOTE:
        start = end - MAX_QUOTE
    depth = 0
    for ch in _QUOTE_RE.findall(text, start, end):  # the quotes alone, not every character in Python
        if ch in _OPEN_QUOTES:
            depth += 1
        elif ch in ("»", "”") and depth:
            depth -= 1
    ascii_open = text.count('"', start, end) % 2 == 1
    return depth > 0 or ascii_open


def sentence_spans(text: str, max_chars: int = MAX_CHARS) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed, none empty."""
    spans: list[tuple[int, int]] = []

    def emit(s: int, e: int) -> None:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        while e - s > max_chars:
            cut = text.rfind(" ", s + 1, s + max_chars)
            cut = cut if cut > s else s + max_chars
            spans.append((s, cut))
            s = cut
            while s < e and text[s].isspace():
                s += 1
        if e > s:
            spans.append((s, e))

    start = 0
    for m in _BREAK_RE.finditer(text):
        i, j = m.span()
        linebreak = text[i] in "\n\r\u2028\u2029\x0b\x0c\x85"
        if not linebreak:
            if _is_false_stop(text, i, j):
                continue
            if _quote_open(text, start, j):
                continue  # inside a quotation (one the terminator's own closing quote closes ends here)
        emit(start, j)
        start = j
    emit(start, len(text))
    return spans


def segment(doc: Document, max_chars: int = MAX_CHARS) -> Document:
    """Fill ``doc.sentences``."""
    doc.sentences = [Sentence(s, e) for s, e in sentence_spans(doc.text, max_chars)]
    return doc
