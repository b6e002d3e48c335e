"""Token lists to the tagger's input arrays (numpy only; shared by training and run time).

A word is looked up by its normalised form, then by its clitic-stripped
readings (وبالعراق -> العراق): the vector table holds ~100K words, and news
glues و ف ب ل ك ال onto names. A word with no vector gets zeros and is left to
the character CNN. Characters are those of the normalised word, at most
``MAX_CHARS`` (names are rarely longer; the cap bounds the CNN's work).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from newsx.lang.ar.normalise import clitic_splits, normalise

MAX_CHARS = 16
PAD, UNK = 0, 1  # ids 0 and 1 of every small vocabulary (characters, gazetteer tags)


def small_vocab(items: list[str]) -> dict[str, int]:
    """Ids from 2 up (0 padding, 1 unknown)."""
    return {x: i + 2 for i, x in enumerate(items)}


class Encoder:
    """Maps sentences to (vectors, char ids, gazetteer-tag ids) arrays."""

    def __init__(self, words: list[str], q: np.ndarray, scale: np.ndarray, chars: list[str],
                 gaz_tags: list[str], gazetteer_tags=None) -> None:
        self.row = {w: i for i, w in enumerate(words)}
        # one zero row at the end for words without a vector
        self.q = np.vstack([q, np.zeros((1, q.shape[1]), np.int8)])
        self.scale = np.append(scale, np.float32(0)).astype(np.float32)
        self.chars = small_vocab(chars)
        self.gaz = small_vocab(gaz_tags)
        self.gazetteer_tags = gazetteer_tags
        self._rows: dict[str, int] = {}

    @classmethod
    def from_files(cls, vectors: Path, meta: dict, gazetteer_tags=None) -> "Encoder":
        with np.load(vectors) as z:
            words = z["words"].tolist()
            return cls(words, z["q"], z["scale"], meta["chars"], meta["gaz_tags"], gazetteer_tags)

    @property
    def dim(self) -> int:
        return self.q.shape[1]

    def word_row(self, norm: str) -> int:
        """Vector row of a normalised word (its first clitic reading that has one)."""
        r = self._rows.get(norm)
        if r is None:
            r = next((self.row[s] for _, s in clitic_splits(norm) if s in self.row), len(self.scale) - 1)
            if len(self._rows) < 500_000:
                self._rows[norm] = r
        return r

    def sentence(self, tokens: list[str]) -> tuple[np.ndarray, list[list[int]], list[int]]:
        """(vector rows, char ids per token, gazetteer-tag ids) of one sentence."""
        norms = [normalise(t) for t in tokens]
        rows = np.fromiter((self.word_row(n) for n in norms), np.int64, len(norms))
        chars = [[self.chars.get(c, UNK) for c in n[:MAX_CHARS]] or [UNK] for n in norms]
        gaz = self.gazetteer_tags(list(tokens)) if self.gazetteer_tags else ["O"] * len(tokens)
        return rows, chars, [self.gaz.get(g, UNK) for g in gaz]

    def batch(self, encoded: list[tuple[np.ndarray, list[list[int]], list[int]]]) -> dict[str, np.ndarray]:
        """Padded arrays for encoded sentences: ``vectors`` [B,T,D] float32,
        ``chars`` [B,T,C], ``gaz`` [B,T] int64, and ``lengths`` [B]."""
        b = len(encoded)
        t = max(len(g) for _, _, g in encoded)
        c = max(len(w) for _, ch, _ in encoded for w in ch)
        rows = np.full((b, t), len(self.scale) - 1, np.int64)
        chars = np.zeros((b, t, c), np.int64)
        gaz = np.zeros((b, t), np.int64)
        for i, (r, ch, g) in enumerate(encoded):
            rows[i, : len(r)] = r
            gaz[i, : len(g)] = g
            for j, w in enumerate(ch):
                chars[i, j, : len(w)] = w
        vectors = self.q[rows].astype(np.float32) * self.scale[rows][..., None]
        lengths = np.array([len(g) for _, _, g in encoded], np.int64)
        return {"vectors": vectors, "chars": chars, "gaz": gaz, "lengths": lengths}
