"""Subword-aware word vectors learned from unlabelled ANT news (Apache-2.0).

Why: the labelled corpora hold ~700K tokens; news names and their contexts
recur across millions of unlabelled words. gensim's FastText learns a vector
per word plus character n-gram vectors, so a word seen only in the labelled
data (or misspelt) still gets a vector from its n-grams. What ships is pruned:
the vectors of a fixed vocabulary (frequent news words plus every word of the
training corpora), int8 with one scale per row (``save_table``).
Training-time only (gensim, numpy).
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from newsx.entities.ner.clusters import ant_texts
from newsx.lang.ar.normalise import normalise
from newsx.text.tokenise import TOKEN_RE

if TYPE_CHECKING:  # numpy is imported where a vector is made, not with the module
    import numpy as np

DEFAULT_PARAMS = {
    "vector_size": 100, "window": 5, "min_count": 3, "epochs": 5, "min_n": 2, "max_n": 5,
    "bucket": 500_000, "sg": 0, "negative": 5, "sample": 1e-4,
}


def news_archives(shared: Path) -> list[Path]:
    """The ANT tarballs under ``shared/news`` (the bench articles are drawn from them)."""
    return sorted(Path(shared).glob("news/ant-*/*.tar.xz"))


def sentences(texts: Iterable[str]) -> Iterator[list[str]]:
    """Normalised tokens of every non-trivial line: the tagger's view of a word."""
    for text in texts:
        for line in text.splitlines():
            toks = [normalise(w) for w in TOKEN_RE.findall(line)]
            if len(toks) > 2:
                yield toks


def train_vectors(corpus: list[list[str]], params: dict | None = None, seed: int = 1):
    """A gensim FastText model over ``corpus``. One worker thread and a fixed
    seed make it deterministic; the shipped vectors were trained with
    PYTHONHASHSEED=0 as well, in case any step leans on Python's string hash."""
    from gensim.models import FastText

    p = {**DEFAULT_PARAMS, **(params or {})}
    return FastText(sentences=corpus, workers=1, seed=seed, **p)


def choose_vocab(model, extra_words: Iterable[str], n_news: int = 80_000) -> list[str]:
    """The ``n_news`` most frequent news words, then the ``extra_words`` (the
    labelled training corpora's) not among them, most frequent first."""
    news = model.wv.index_to_key[:n_news]
    seen = set(news)
    extra = [w for w, _ in Counter(extra_words).most_common() if w not in seen]
    return list(news) + extra


OWN_VECTOR_MIN_COUNT = 10  # news occurrences for a word's own vector to be trusted


def word_vector(model, word: str) -> np.ndarray:
    """A frequent news word's own vector; fastText's n-gram-based one otherwise.

    Why not fastText's usual sum for frequent words too: with CBOW the n-grams
    dominate it and a name's neighbours become look-alikes (بوتين: بروتين,
    بخطوتين), while the word's own vector keeps the distributional ones (بوتين:
    فلاديمير, الكرملين, ماكرون); the character CNN sees spelling anyway. A rare
    word's own vector is barely trained (norm ~0.2 against ~14), so it keeps the sum."""
    i = model.wv.key_to_index.get(word)
    if i is not None and model.wv.get_vecattr(word, "count") >= OWN_VECTOR_MIN_COUNT:
        return model.wv.vectors_vocab[i]
    return model.wv[word]


def save_table(model, words: list[str], path: Path) -> None:
    """Write ``words`` and their vectors (``word_vector``, scaled to norm
    sqrt(dim) so the two kinds are alike), row-wise int8 with a float32 scale
    per row, as a compressed ``.npz``."""
    import numpy as np

    vec = np.stack([word_vector(model, w) for w in words]).astype(np.float32)
    vec *= np.sqrt(vec.shape[1]) / (np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9)
    scale = np.abs(vec).max(axis=1, keepdims=True) / 127.0 + 1e-12
    q = np.round(vec / scale).astype(np.int8)
    np.savez_compressed(path, words=np.array(words), q=q, scale=scale.astype(np.float32).ravel())


def load_table(path: Path) -> tuple[list[str], np.ndarray]:
    """(words, float32 matrix) from ``save_table``'s file."""
    import numpy as np

    with np.load(path) as z:
        return [str(w) for w in z["words"]], z["q"].astype(np.float32) * z["scale"][:, None]


def build_embeddings(shared: Path, out_path: Path, extra_words: Iterable[str], seed: int = 1,
                     params: dict | None = None, log=print) -> dict:
    """Train vectors on every ANT article and save the pruned table to ``out_path``;
    the full gensim model is saved beside it (``.model``, not shipped)."""
    t0 = time.time()
    corpus = list(sentences(ant_texts(news_archives(shared))))
    n_tokens = sum(map(len, corpus))
    log(f"embeddings: {len(corpus):,} lines, {n_tokens:,} tokens read in {time.time() - t0:.0f}s")
    model = train_vectors(corpus, params, seed)
    log(f"embeddings: trained in {time.time() - t0:.0f}s, {len(model.wv.index_to_key):,} words")
    model.save(str(Path(out_path).with_suffix(".model")))
    words = choose_vocab(model, extra_words)
    save_table(model, words, out_path)
    return {"lines": len(corpus), "tokens": n_tokens, "news_vocab": len(model.wv.index_to_key),
            "table_words": len(words), "seconds": round(time.time() - t0, 1), "seed": seed,
            "params": {**DEFAULT_PARAMS, **(params or {})}}
