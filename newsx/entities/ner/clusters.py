"""Word clusters newsx learns itself from unlabelled news (ANT corpus, Apache-2.0).

Why: the labelled corpora are small (~700K tokens); a name the tagger never saw
in training still lands in the cluster of names it did see, because news uses
them in the same contexts. Clusters are built once, by ``build_clusters``, from
left/right neighbour counts: PPMI, a truncated SVD, then a two-level k-means
(coarse ``k1`` groups, each split into ``k2``), so a word has a coarse and a fine
id, like prefixes of a Brown-cluster path. Shipped as a small gzipped TSV
``word<TAB>coarse<TAB>fine``; loading it needs no numpy.
"""

from __future__ import annotations

import gzip
import re
import tarfile
from array import array
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from newsx.cache import cached
from newsx.lang.ar.normalise import normalise
from newsx.text.tokenise import TOKEN_RE

_TEXT_RE = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)


def ant_texts(archives: Iterable[Path]) -> Iterator[str]:
    """Article bodies (the ``<TEXT>`` element) of every file in the ANT tarballs."""
    for archive in archives:
        with tarfile.open(archive, "r:xz") as tar:
            for member in tar:
                if not member.isfile() or not member.name.endswith(".txt"):
                    continue
                raw = tar.extractfile(member).read().decode("utf-8", "replace")
                for m in _TEXT_RE.finditer(raw):
                    yield m.group(1)


def _lines_as_ids(texts: Iterable[str], vocab: dict[str, int]) -> Iterator[list[int]]:
    """Each text line as a list of vocabulary ids (-1 for rare words)."""
    for text in texts:
        for line in text.splitlines():
            ids = [vocab.get(normalise(w), -1) for w in TOKEN_RE.findall(line)]
            if len(ids) > 1:
                yield ids


def build_clusters(
    texts: list[str],
    n_words: int = 60_000,
    n_context: int = 6_000,
    dims: int = 100,
    k1: int = 64,
    k2: int = 16,
    seed: int = 1,
) -> dict[str, tuple[int, int]]:
    """Cluster the ``n_words`` most frequent normalised words of ``texts``:
    returns word -> (coarse id, fine id). Needs numpy, scipy and scikit-learn
    (training-time only)."""
    import numpy as np
    from scipy import sparse
    from sklearn.cluster import KMeans
    from sklearn.utils.extmath import randomized_svd

    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(normalise(w) for w in TOKEN_RE.findall(text))
    words = [w for w, c in counts.most_common(n_words) if c >= 3]
    vocab = {w: i for i, w in enumerate(words)}
    n = len(words)
    rows, cols = array("i"), array("i")
    for ids in _lines_as_ids(texts, vocab):
        for a, b in zip(ids, ids[1:]):
            if a >= 0 and 0 <= b < n_context:
                rows.append(a)
                cols.append(b)  # right neighbour
            if b >= 0 and 0 <= a < n_context:
                rows.append(b)
                cols.append(n_context + a)  # left neighbour
    data = np.ones(len(rows), dtype=np.float32)
    m = sparse.csr_matrix((data, (np.frombuffer(rows, np.int32), np.frombuffer(cols, np.int32))), shape=(n, 2 * n_context))
    m.sum_duplicates()
    total = m.sum()
    row_sum = np.asarray(m.sum(axis=1)).ravel()
    col_sum = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    col_sum *= total / col_sum.sum()
    m = m.tocoo()
    pmi = np.log(m.data * total / (row_sum[m.row] * col_sum[m.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape)
    u, s, _ = randomized_svd(ppmi, dims, random_state=seed)
    vec = u * np.sqrt(s)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    coarse = KMeans(k1, n_init=2, random_state=seed).fit_predict(vec)
    fine = np.zeros(n, dtype=int)
    for c in range(k1):
        idx = np.where(coarse == c)[0]
        k = min(k2, len(idx))
        if k > 1:
            fine[idx] = KMeans(k, n_init=1, random_state=seed).fit_predict(vec[idx])
    return {w: (int(coarse[i]), int(coarse[i]) * k2 + int(fine[i])) for w, i in vocab.items()}


def save_clusters(clusters: dict[str, tuple[int, int]], path: Path) -> None:
    """Write the gzipped ``word<TAB>coarse<TAB>fine`` file."""
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as f:
        for w, (c, d) in clusters.items():
            f.write(f"{w}\t{c}\t{d}\n")


@lru_cache(maxsize=4)
def load_clusters(path: Path) -> dict[str, tuple[str, str]]:
    """word -> (coarse id, fine id) as strings, ready to be feature values.

    Loaded once per file and process: the NER tagger and the learned event
    coder both read the shipped file (60,000 words, 0.3 s to load), and neither
    changes the table it gets; a later process reads it from ``newsx.cache``."""
    return cached(f"clusters-{path.stem}", [path], lambda: _read_clusters(path))


def _read_clusters(path: Path) -> dict[str, tuple[str, str]]:
    """The table, each distinct (coarse, fine) pair one shared tuple: a few
    hundred objects instead of one per word, so the cached pickle loads in
    half the time."""
    out: dict[str, tuple[str, str]] = {}
    pairs: dict[tuple[str, str], tuple[str, str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            w, c, d = line.rstrip("\n").split("\t")
            out[w] = pairs.setdefault((c, d), (c, d))
    return out


if __name__ == "__main__":  # python -m newsx.entities.ner.clusters OUT.tsv.gz ARCHIVE...
    import sys

    out_path, *archives = sys.argv[1:]
    save_clusters(build_clusters(list(ant_texts(Path(a) for a in archives))), Path(out_path))
