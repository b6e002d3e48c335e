"""Tokens with offsets, splitting as camel-tools' ``simple_word_tokenize`` does:
whitespace separates words, and every Unicode punctuation or symbol character
is a token of its own. One compiled regex gives the same tokens with their
character offsets, which camel-tools' list of strings does not.

The clitic-aware view (proclitics and the article) is ``newsx.lang.ar.clitics``.
"""

from __future__ import annotations

from array import array

import regex

from newsx.text.document import Document
from newsx.lang.ar.char_tables import WHITESPACE
from newsx.lang.ar.normalise import normalise

# Python's str.split() whitespace set, which camel-tools splits on (precomputed).
_WS_CLASS = regex.escape(WHITESPACE)
TOKEN_RE = regex.compile(
    r"[\p{S}\p{P}]|[^" + _WS_CLASS + r"\p{S}\p{P}]+", regex.V0
)
_NORMS: dict[str, str] = {}  # word -> its normalised form, for every document of the process
_NORMS_KEPT = 300_000  # words, then the table starts afresh (a bound for huge inputs)


def token_offsets(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of every token in ``text[start:end]``, as absolute offsets."""
    end = len(text) if end is None else end
    return [m.span() for m in TOKEN_RE.finditer(text, start, end)]


def tokenise(doc: Document) -> Document:
    """Fill ``doc``'s token arrays and normalised forms, sentence by sentence,
    and each sentence's token range. Sentences must already be segmented.

    Each distinct word is normalised once (``_NORMS``, shared by the documents
    of a process): news repeats its words, so the cache saves time and lets
    equal forms share one string."""
    starts, ends, norms = array("q"), array("q"), []
    seen = _NORMS
    finditer, text = TOKEN_RE.finditer, doc.text
    for sent in doc.sentences:
        sent.token_start = len(starts)
        for m in finditer(text, sent.start, sent.end):
            s, e = m.span()
            starts.append(s)
            ends.append(e)
            word = m.group()
            norm = seen.get(word)
            if norm is None:
                if len(seen) >= _NORMS_KEPT:
                    seen.clear()
                norm = seen[word] = normalise(word)
            norms.append(norm)
        sent.token_end = len(starts)
    doc.token_starts, doc.token_ends, doc.norms = starts, ends, norms
    return doc

