"""A Window: one sentence of a Document as the rules read it.

The rule modules used to pass a sentence as a bare ``(norms, base)`` pair and
turn every document token index into a sentence index by hand (``a.first - base``).
A Window holds the sentence once and does the conversion, so rules read as
short predicates over document positions::

    w = Window(doc, k)
    w[trig.token_start - 1] in PREPOSITIONS     # the word before a trigger
    w.before(a.first, 4)                        # up to four words before a mention
    w.has("speech_verbs", i)                    # a lexicon word, with its clitics
    w.clause(i)                                 # the clause around token i

**Positions are document token indices** (as ``Token.i``, ``Arg.first`` and
``TriggerMatch.token_start`` are), never sentence-local ones; ``local`` and
``absolute`` convert for code that indexes ``w.norms`` itself. Reading a
position outside the sentence behaves as indexing the sentence's list of norms
at ``i - w.start`` would (``at`` returns "" there instead). ``before`` and
``after`` take a boundary: ``before(i, n)`` is the n words before token i,
``after(i, n)`` the n words from token i on, so a trigger's own words are
``before(trig.token_end, ...)`` / ``after(trig.token_start, ...)`` and its
neighbours ``before(trig.token_start, n)`` / ``after(trig.token_end, n)``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from itertools import compress

from newsx.lang.ar import lexicon
from newsx.text.document import Document

# punctuation that ends a clause (lexicon list clause_breaks)
CLAUSE_BREAKS = lexicon.norms("clause_breaks")
_COMPLEMENTISERS = lexicon.norms("complementiser_forms")


class Window:
    """Sentence ``k`` of ``doc``: its normalised tokens (``norms``, a slice of
    ``Document.norms``) between document tokens ``start`` and ``end``."""

    __slots__ = ("doc", "k", "start", "end", "norms", "_breaks")

    def __init__(self, doc: Document, k: int) -> None:
        sent = doc.sentences[k]
        self.doc, self.k = doc, k
        self.start, self.end = sent.token_start, sent.token_end
        self.norms: list[str] = doc.norms[self.start : self.end]
        self._breaks: list[int] | None = None  # where the clause breaks stand, found on first use

    def __len__(self) -> int:
        return self.end - self.start

    def __getitem__(self, i: int) -> str:
        """The normalised form of document token ``i``."""
        return self.norms[i - self.start]

    def __contains__(self, i: int) -> bool:
        return self.start <= i < self.end

    # -- positions ----------------------------------------------------------
    def local(self, i: int) -> int:
        """A document token index as an index into ``norms``."""
        return i - self.start

    def absolute(self, j: int) -> int:
        """An index into ``norms`` as a document token index."""
        return j + self.start

    def at(self, i: int) -> str:
        """Token ``i``'s norm, or "" when ``i`` is outside the sentence: a rule
        asking for the word before the first (or after the last) gets nothing."""
        return self.norms[i - self.start] if self.start <= i < self.end else ""

    def span(self, i: int, j: int) -> list[str]:
        """The norms of document tokens ``i`` to ``j`` (exclusive)."""
        return self.norms[i - self.start : j - self.start]

    def positions(self, i: int, j: int | None = None) -> Iterator[tuple[int, str]]:
        """(position, norm) of tokens ``i`` to ``j`` (default: the sentence end): a
        scan that reads the norms without a look-up per token."""
        return enumerate(self.span(i, self.end if j is None else j), i)

    def before(self, i: int, n: int) -> list[str]:
        """Up to ``n`` norms before token ``i``, in text order, not crossing the sentence start."""
        return self.norms[max(0, i - self.start - n) : i - self.start]

    def after(self, i: int, n: int) -> list[str]:
        """Up to ``n`` norms from token ``i`` on, not crossing the sentence end."""
        return self.norms[i - self.start : i - self.start + n]

    # -- words ----------------------------------------------------------------
    def text(self, i: int) -> str:
        """Token ``i`` as written (made on demand: the rules read norms)."""
        return self.doc.text[self.doc.token_starts[i] : self.doc.token_ends[i]]

    def texts(self, i: int, j: int) -> list[str]:
        """Tokens ``i`` to ``j`` (exclusive) as written."""
        return self.doc.token_texts(i, j)

    def chars(self, i: int, j: int) -> tuple[int, int]:
        """Character offsets in ``doc.text`` of tokens ``i`` to ``j`` (exclusive, ``j > i``)."""
        return self.doc.token_starts[i], self.doc.token_ends[j - 1]

    def has(self, name: str, i: int) -> bool:
        """Whether token ``i`` is a word of lexicon list ``name``, with the clitics
        the list tolerates (``lexicon.has``); "" outside the sentence is no word."""
        norm = self.at(i)
        return bool(norm) and lexicon.has(name, norm)

    def last(self, i: int, words: Iterable[str]) -> int | None:
        """The last token before ``i`` whose norm is one of ``words``, if any."""
        norms, start = self.norms, self.start
        return next((k for k in range(i - 1, start - 1, -1) if norms[k - start] in words), None)

    # -- clauses --------------------------------------------------------------
    def _break_positions(self) -> list[int]:
        if self._breaks is None:
            self._breaks = list(compress(range(self.start, self.end), map(CLAUSE_BREAKS.__contains__, self.norms)))
        return self._breaks

    def clause_start(self, i: int) -> int:
        """The first token of the clause holding token ``i``: right after the last
        clause break (، . ؛ : ...) before it, else the sentence start."""
        breaks = self._break_positions()
        k = bisect_left(breaks, i)
        return breaks[k - 1] + 1 if k else self.start

    def clause_end(self, i: int) -> int:
        """Where the clause holding token ``i`` ends: the first clause break after
        it (exclusive), else the sentence end."""
        breaks = self._break_positions()
        k = bisect_left(breaks, i + 1)
        return breaks[k] if k < len(breaks) else self.end

    def clause(self, i: int) -> tuple[int, int]:
        """The clause around token ``i``, between clause breaks, as (start, end)."""
        return self.clause_start(i), self.clause_end(i)

    def clause_before(self, i: int, n: int) -> list[str]:
        """Up to ``n`` norms before token ``i`` inside its clause (a break before
        ``i`` cuts them off)."""
        return self.span(max(self.clause_start(i), i - n), i)

    def complementiser(self, i: int) -> int | None:
        """The last complementiser before token ``i`` (قال X إن Y ...): where a
        reported clause opens."""
        return self.last(i, _COMPLEMENTISERS)

