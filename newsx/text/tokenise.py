"""Tokens with offsets, splitting as camel-tools' ``simple_word_tokenize`` does:
whitespace separates words, and every Unicode punctuation or symbol character
is a token of its own. One compiled regex gives the same tokens with their
character offsets, which camel-tools' list of strings does not.

The clitic-aware view (proclitics and the article) is ``newsx.lang.ar.clitics``.
"""

from __future__ import annotations

from array import array

import regex

from newsx.lang.ar.clitics import stem_offset  # noqa: F401 (the event rules import it from here)
from newsx.text.document import Document

# Python's str.split() whitespace set, which camel-tools splits on.
_WS = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
_WS_CLASS = regex.escape(_WS)
TOKEN_RE = regex.compile(
    r"[\p{S}\p{P}]|[^" + _WS_CLASS + r"\p{S}\p{P}]+", regex.V0
)


def token_offsets(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of every token in ``text[start:end]``, as absolute offsets."""
    end = len(text) if end is None else end
    return [m.span() for m in TOKEN_RE.finditer(text, start, end)]


def tokenise(doc: Document) -> Document:
    """Fill ``doc``'s token arrays, sentence by sentence, and each sentence's
    token range. Sentences must already be segmented."""
    starts, ends = array("q"), array("q")
    finditer, text = TOKEN_RE.finditer, doc.text
    for sent in doc.sentences:
        sent.token_start = len(starts)
        for m in finditer(text, sent.start, sent.end):
            s, e = m.span()
            starts.append(s)
            ends.append(e)
        sent.token_end = len(starts)
    doc.token_starts, doc.token_ends = starts, ends
    return doc

