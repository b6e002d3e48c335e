"""Linear-chain CRF decoding in numpy: Viterbi paths and per-token marginals
for a batch of equal-length sentences. Run time needs no torch: the network
gives emission scores, these functions the tags and their confidence (the
marginal is what document consistency and the entity ``score`` read)."""

from __future__ import annotations

import numpy as np


def viterbi(emis: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Best label ids [B,T] for emissions [B,T,L] (``trans[i, j]``: i -> j)."""
    b, t, _ = emis.shape
    score = start + emis[:, 0]
    back = np.empty((t, b, emis.shape[2]), np.int64)
    for k in range(1, t):
        cand = score[:, :, None] + trans[None]
        back[k] = cand.argmax(1)
        score = cand.max(1) + emis[:, k]
    best = np.empty((b, t), np.int64)
    best[:, -1] = (score + end).argmax(1)
    idx = np.arange(b)
    for k in range(t - 1, 0, -1):
        best[:, k - 1] = back[k][idx, best[:, k]]
    return best


def marginals(emis: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """P(label at token) [B,T,L] by forward-backward, in probability space with
    each step rescaled (matrix products, several times faster than log space)."""
    b, t, _ = emis.shape
    tr = np.exp(trans - trans.max())
    ex = np.exp(emis - emis.max(axis=2, keepdims=True))
    alpha = np.empty_like(emis)
    beta = np.empty_like(emis)
    a = np.exp(start - start.max()) * ex[:, 0]
    alpha[:, 0] = a = a / a.sum(1, keepdims=True)
    for k in range(1, t):
        a = (a @ tr) * ex[:, k]
        alpha[:, k] = a = a / a.sum(1, keepdims=True)
    bb = np.broadcast_to(np.exp(end - end.max()), (b, emis.shape[2]))
    beta[:, -1] = bb
    for k in range(t - 2, -1, -1):
        bb = (ex[:, k + 1] * bb) @ tr.T
        beta[:, k] = bb = bb / bb.sum(1, keepdims=True)
    p = alpha * beta
    return p / p.sum(2, keepdims=True)
