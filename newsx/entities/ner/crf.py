"""Linear-chain CRF inference on a crfsuite model, with the domain copies folded in.

Why not python-crfsuite's Tagger: every token carries each feature twice (``x``
and ``news|x``, see ``features``), and handing ~60 strings a token to crfsuite
cost more than the rest of the tagger. A label's score at a token is the sum
of the weights of its attributes, and at run time ``x`` and ``<domain>|x``
always fire together, so one row per plain attribute holding w(x) + w(domain|x)
gives the same scores from half the strings, looked up in a Python dict (and
the tagger sums a word's rows once: ``add_sums``).
Decoding mirrors crfsuite's (Viterbi on the log scores, first maximum wins;
marginals by forward-backward on exponentiated scores rescaled at every
position), so tags are its tags and marginals differ from its own by
rounding only (under 1e-14 on the shipped model).
"""

from __future__ import annotations

import struct
from itertools import compress
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from newsx.cache import pack_keys, unpack_keys

_HEADER = struct.Struct("<4sI4sIIIIIIIII")  # crfsuite's "lCRF" file header
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_STATE, _TRANSITION = 0, 1
BATCH = 256  # sentences decoded together at most


def _quarks(buf: bytes, offset: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The strings of a CQDB chunk (crfsuite's string table) in id order, and
    their UTF-8 bytes, NUL-terminated, one after another, with each one's start.
    The chunk's backward array points at each record (id, size, key), so the
    keys are gathered with numpy and decoded in one go."""
    _, _, _, _, count, back = struct.unpack_from("<4sIIIII", buf, offset)
    data = np.frombuffer(buf, np.uint8)
    records = np.frombuffer(buf, "<u4", count, offset + back).astype(np.int64) + offset
    sizes = data[(records + 4)[:, None] + np.arange(4)].astype(np.int64) @ (256 ** np.arange(4))
    starts = np.cumsum(sizes) - sizes
    keys = data[np.arange(int(sizes.sum())) + np.repeat(records + 8 - starts, sizes)]
    return keys.tobytes().decode("utf-8").split("\0")[:-1], keys, starts


def _starting(keys: np.ndarray, starts: np.ndarray, prefix: str) -> np.ndarray:
    """Which of the NUL-terminated ``keys`` begin with ``prefix`` (a shorter key
    stops at its NUL, which no prefix holds)."""
    want = np.frombuffer(prefix.encode("utf-8"), np.uint8)
    at = np.minimum(starts[:, None] + np.arange(len(want)), len(keys) - 1)
    return (keys[at] == want).all(axis=1)


def _sums(table: np.ndarray, groups: list[list[int]]) -> np.ndarray:
    """The sum of the rows of ``table`` in each group (none empty: a token
    always has its bias row, a summed word part two rows or more)."""
    return _run_sums(table, [r for rows in groups for r in rows], [len(rows) for rows in groups])


def _run_sums(table: np.ndarray, rows: Sequence[int], sizes: Sequence[int]) -> np.ndarray:
    """``_sums`` of groups given one after another in ``rows``, ``sizes[k]`` rows each."""
    starts = np.zeros(len(sizes), dtype=np.int64)
    np.cumsum(sizes[:-1], out=starts[1:])
    return np.add.reduceat(table[rows], starts, axis=0)


class _Layout:
    """Where each token of a batch of sentences goes in a padded array of
    positions x sentences, the sentences longest first: a step of the
    decoders then works on a prefix of the rows, the sentences still
    running (half the padded work on news, four fifths on an article's
    sentences of every length)."""

    def __init__(self, lengths: list[int]) -> None:
        self.lengths = lengths
        order = sorted(range(len(lengths)), key=lengths.__getitem__, reverse=True)
        self.inv = np.empty(len(lengths), dtype=np.int64)  # each sentence's column
        self.inv[order] = np.arange(len(lengths))
        n = np.array(lengths)
        self.ends = n[order] - 1  # each column's last position
        self.col = np.repeat(self.inv, n)  # each token's column and position
        self.pos = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
        # the columns still running at each position: a prefix
        self.running = (len(n) - np.searchsorted(np.sort(n), np.arange(int(n.max())), side="right")).tolist()


def _read(path: Path) -> tuple[bytes, tuple]:
    """A crfsuite model file's bytes and header."""
    buf = Path(path).read_bytes()
    head = _HEADER.unpack_from(buf)
    if head[0] != b"lCRF":
        raise ValueError(f"{path}: not a crfsuite model")
    return buf, head


class ChainModel:
    """A crfsuite model's labels and weights, with per-domain folded tables."""

    def __init__(self, path: Path, domains: frozenset[str]) -> None:
        """``domains``: the prefixes of copied attributes (empty: no copies)."""
        self.path, self.domains = Path(path), domains
        buf, head = self._read_raw()
        n_labels, off_features = head[5], head[7]
        count = struct.unpack_from("<I", buf, off_features + 8)[0]
        feats = np.frombuffer(buf, _FEATURE, count, off_features + 12)
        trans = feats[feats["type"] == _TRANSITION]
        self.transitions = np.zeros((n_labels, n_labels))
        self.transitions[trans["src"], trans["dst"]] = trans["weight"]
        self._exp_transitions = np.exp(self.transitions)
        self._tables: dict[str | None, tuple[dict[str, int], np.ndarray]] = {}
        self._used: dict[str | None, int] = {}  # rows of each table in use (the rest is room to grow)
        self._pending: dict[str | None, tuple[list[int], list[int]]] = {}  # rows and group sizes to sum (``add_sums``)

    def _read_raw(self) -> tuple[bytes, tuple]:
        """The labels, attributes and state weights, which folding reads (again
        for a domain first asked for after ``folded``)."""
        buf, head = _read(self.path)
        off_features, off_labels, off_attrs = head[7], head[8], head[9]
        self.labels = _quarks(buf, off_labels)[0]
        self._attrs, keys, starts = _quarks(buf, off_attrs)
        self._copy_of = {d: _starting(keys, starts, d + "|") for d in self.domains}
        self._plain = ~np.logical_or.reduce(list(self._copy_of.values()), axis=0) if self.domains else None
        count = struct.unpack_from("<I", buf, off_features + 8)[0]
        feats = np.frombuffer(buf, _FEATURE, count, off_features + 12)
        self._state = feats[feats["type"] == _STATE]
        return buf, head

    def folded(self, domains: Iterable[str | None]) -> ChainModel:
        """Fold the tables of ``domains`` now and drop the model's raw
        attributes and weights, which only folding reads: the form worth
        keeping in the cache (``newsx.cache``), a third of the file's size.
        Another domain is folded when first asked for, from the file."""
        for domain in domains:
            self.table(domain)
        self._attrs, self._copy_of, self._plain, self._state = [], {}, None, self._state[:0]
        return self

    def __getstate__(self) -> dict:
        """Each table's index pickled as its attributes in row order
        (``pack_keys``): every process loads it from ``newsx.cache``."""
        state = self.__dict__.copy()
        state["_tables"] = {domain: (pack_keys(list(index)), table) for domain, (index, table) in self._tables.items()}
        return state

    def __setstate__(self, state: dict) -> None:
        state["_tables"] = {domain: (dict(zip(unpack_keys(keys), range(len(table)))), table)
                            for domain, (keys, table) in state["_tables"].items()}
        self.__dict__.update(state)

    def table(self, domain: str | None) -> tuple[dict[str, int], np.ndarray]:
        """Row of every plain attribute and the weights (attributes x labels)
        of ``x`` plus ``domain|x``; the last row, all zeros, is for attributes
        the model never saw (row ``len(index)``). ``domain|x`` without a plain
        ``x`` gets a row of its own. ``add_sums`` appends rows."""
        if domain not in self._tables:
            if not len(self._state):
                self._read_raw()
            self._tables[domain] = self._fold(domain)
            self._used[domain] = len(self._tables[domain][1])
        return self._tables[domain]

    def add_sums(self, domain: str | None, rows: Iterable[int], sizes: Sequence[int]) -> int:
        """Number of the first of ``len(sizes)`` new rows of ``domain``'s table
        that will hold the sums of ``rows`` (folded rows), ``sizes[k]`` of them
        at a time, in order: a word's features at one window position, summed
        once, make one row instead of a dozen for every token it is in. The
        sums are made together when ``weights`` next runs (one numpy call)."""
        pending_rows, pending_sizes = self._pending.setdefault(domain, ([], []))
        first = self._used[domain] + len(pending_sizes)
        pending_rows += rows
        pending_sizes += sizes
        return first

    def part_row(self, domain: str | None, feats: Iterable[str], missing: int) -> int:
        """The one row of a group of features that always fire together: its
        only known feature's row, a new row holding the sum of its known
        ones (``add_sums``), or ``missing`` when the model saw none of them."""
        index = self.table(domain)[0]
        rows = [r for r in map(index.get, feats) if r is not None]
        if not rows:
            return missing
        return rows[0] if len(rows) == 1 else self.add_sums(domain, rows, (len(rows),))

    def drop_sums(self, domain: str | None) -> None:
        """Forget the rows ``add_sums`` appended (their numbers are reused)."""
        self._used[domain] = len(self.table(domain)[0]) + 1
        self._pending.pop(domain, None)

    def weights(self, domain: str | None) -> np.ndarray:
        """``domain``'s table with the sums ``add_sums`` promised in place (one
        numpy call for all of them); read it again after the next ``add_sums``."""
        index, table = self.table(domain)
        pending = self._pending.pop(domain, None)
        if pending:
            rows, sizes = pending
            n = self._used[domain]
            end = n + len(sizes)
            if end > len(table):
                table = np.concatenate([table, np.empty((max(end - len(table), n // 2), table.shape[1]))])
                self._tables[domain] = (index, table)
            table[n:end] = _run_sums(table, rows, sizes)
            self._used[domain] = end
        return table

    def _fold(self, domain: str | None) -> tuple[dict[str, int], np.ndarray]:
        plain = np.ones(len(self._attrs), dtype=bool) if self._plain is None else self._plain
        names = list(compress(self._attrs, plain))
        index = dict(zip(names, range(len(names))))
        row_of = np.full(len(self._attrs), -1)
        row_of[plain] = np.arange(len(names))
        if domain in self._copy_of:
            copies = self._copy_of[domain]
            cut = len(domain) + 1
            row_of[copies] = [index.setdefault(a[cut:], len(index)) for a in compress(self._attrs, copies)]
        src, dst, weight = self._state["src"], self._state["dst"], self._state["weight"]
        table = np.zeros((len(index) + 1, len(self.labels)))
        for part in (plain[src], (row_of[src] >= 0) & ~plain[src]):  # x, then domain|x
            table[row_of[src[part]], dst[part]] += weight[part]
        return index, table

    def decode(self, sentences: list[list[list[int]]], domain: str | None) -> list[tuple[list[str], np.ndarray]]:
        """Best label sequence and marginals (tokens x labels) of each sentence,
        given as rows of ``table(domain)`` per token (a token's label scores
        are the sum of its rows). Sentences are run in padded batches (an
        article's at once), so numpy's per-call cost is paid per position, not
        per token; ``BATCH`` bounds the memory of a corpus."""
        weights = self.weights(domain)
        out = []
        for i in range(0, len(sentences), BATCH):
            batch = sentences[i : i + BATCH]
            flat = _sums(weights, [tok for sent in batch for tok in sent])
            out += self.decode_scores(flat, [len(s) for s in batch])
        return out

    def decode_scores(self, scores: np.ndarray, lengths: list[int]) -> list[tuple[list[str], np.ndarray]]:
        """``decode`` from the label scores of the tokens (tokens x labels, the
        sentences' one after another, ``lengths`` tokens each, none empty)
        decoded as one batch: for a caller that sums the rows itself."""
        paths, marginals, _ = self.decode_ids(scores, lengths)
        names = self.labels
        starts = np.cumsum(lengths) - lengths
        return [([names[k] for k in path], marginals[a : a + len(path)]) for path, a in zip(paths, starts.tolist())]

    def decode_ids(self, scores: np.ndarray, lengths: list[int]) -> tuple[list[list[int]], np.ndarray, np.ndarray]:
        """``decode_scores`` as numbers, for a caller that checks its result:
        each sentence's best label ids, the marginals of its tokens (tokens x
        labels, the sentences' one after another) and its Viterbi margin (how
        much less the runner-up of the closest choice on its path scored: a
        near-tie, which summing in another order than crfsuite could flip).
        The sentences are laid out longest first (``_Layout``), so a step of
        either pass works on the ones still running only."""
        lay = _Layout(lengths)
        padded = np.zeros((len(lay.running), len(lengths), scores.shape[1]))
        padded[lay.pos, lay.col] = scores  # positions x sentences (longest first) x labels
        paths, margins = self._viterbi(padded, lay)
        states = np.empty_like(padded)  # the positions past a sentence's end are never read
        states[lay.pos, lay.col] = np.exp(scores)
        return paths, self._marginals(states, lay), margins

    def _viterbi(self, ordered: np.ndarray, lay: _Layout) -> tuple[list[list[int]], np.ndarray]:
        """Best label ids of each sentence (ties: the first label, as crfsuite)
        and its Viterbi margin (see ``decode_ids``). The forward pass keeps
        only the best score into each label, a max over the predecessors laid
        out first (an elementwise maximum of contiguous rows); the predecessor
        is found on the way back, for the path's labels only, by argmax over
        the same sums. Max and argmax do not round, so the paths are those of
        the plain loop."""
        running = lay.running
        into = self.transitions.T  # row y: the scores of moving into label y from each label
        best = np.empty_like(ordered)
        cand = np.empty((ordered.shape[2], *ordered.shape[1:]))  # from x sentences x to
        best[0] = ordered[0]
        for t, k in enumerate(running[1:], 1):
            step = cand[:, :k]
            np.add(best[t - 1, :k].T[:, :, None], self.transitions[:, None, :], out=step)
            step.max(axis=0, out=best[t, :k])
            best[t, :k] += ordered[t, :k]
        cols = np.arange(ordered.shape[1])
        ends = lay.ends
        chosen = np.empty_like(ordered)  # the sums each label on a path was chosen from (at 0: the last position's)
        chosen[0] = best[ends, cols]
        path = np.empty(ordered.shape[:2], dtype=np.int64)  # positions x sentences
        path[ends, cols] = chosen[0].argmax(axis=1)
        for t in range(len(ordered) - 1, 0, -1):
            k = running[t]
            np.add(best[t - 1, :k], into[path[t, :k]], out=chosen[t, :k])
            path[t - 1, :k] = chosen[t, :k].argmax(axis=1)
        top = np.partition(chosen.transpose(1, 0, 2)[np.arange(len(ordered)) < ends[:, None] + 1], -2, axis=1)
        margins = np.minimum.reduceat(top[:, -1] - top[:, -2], np.cumsum(ends + 1) - ends - 1)[lay.inv]
        return [path[:n, j].tolist() for j, n in zip(lay.inv.tolist(), lay.lengths)], margins

    def _marginals(self, states: np.ndarray, lay: _Layout) -> np.ndarray:
        """P(label at position | sentence) of each token (tokens x labels, in
        the sentences' order), by forward-backward with a scale factor per
        position (crfsuite's scheme: no logs, no overflow), from the exp of
        the label scores laid out as ``_viterbi``'s."""
        trans = self._exp_transitions
        trans_t = trans.T
        alpha = np.empty_like(states)
        beta = np.empty_like(states)
        scale = np.ones(states.shape[:2])
        running = lay.running
        alpha[0] = states[0]
        for t, k in enumerate(running):
            cur = alpha[t, :k]
            if t:
                np.matmul(alpha[t - 1, :k], trans, out=cur)
                cur *= states[t, :k]
            total = cur.sum(axis=1)
            if total.all():  # the usual case, without the masked divide's cost
                np.divide(1.0, total, out=scale[t, :k])
            else:
                np.divide(1.0, total, out=scale[t, :k], where=total != 0)
            cur *= scale[t, :k, None]
        row = np.empty(states.shape[1:])
        for t in range(len(states) - 1, -1, -1):
            k, later = running[t], running[t + 1] if t + 1 < len(running) else 0
            cur = beta[t, :k]
            if later:  # the sentences that go on after t
                np.multiply(beta[t + 1, :later], states[t + 1, :later], out=row[:later])
                np.matmul(row[:later], trans_t, out=cur[:later])
                cur[:later] *= scale[t, :later, None]
            cur[later:] = scale[t, later:k, None]  # the sentences that end at t
        pos, col = lay.pos, lay.col
        return alpha[pos, col] * beta[pos, col] / scale[pos, col][:, None]
