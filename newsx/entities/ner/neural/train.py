"""Train the neural tagger with torch (training-time only), choosing the epoch
on the dev sets, and write the run-time model directory (``export``).

Deterministic for a seed on one machine: fixed seeds, a fixed batch order per
epoch, and as many torch threads as asked (2 by default while training)."""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from pathlib import Path

import numpy as np

from newsx.entities.ner.corpora import Sentence
from newsx.entities.ner.evaluate import score
from newsx.entities.ner.neural.crf import viterbi
from newsx.entities.ner.neural.encode import Encoder
from newsx.lang.ar.normalise import normalise

LABELS = ["O"] + [f"{p}-{t}" for t in ("PER", "ORG", "GPE", "LOC", "MISC") for p in ("B", "I")]
DOMAINS = ["news", "wiki", "aqmar"]
SIZES = {"char_dim": 32, "char_filters": 64, "gaz_dim": 16, "domain_dim": 8, "hidden": 128, "dropout": 0.25}
TRAIN = {"epochs": 12, "batch": 32, "lr": 2e-3, "clip": 5.0, "max_minutes": 30.0, "threads": 1}
DEV_DOMAIN = {"aqmar_dev": "aqmar"}  # other dev sets are read in news conventions


def char_inventory(corpora: dict[str, list[Sentence]], min_count: int = 2) -> list[str]:
    """Characters of the normalised training words seen at least ``min_count`` times."""
    c = Counter(ch for sents in corpora.values() for toks, _ in sents for w in toks for ch in normalise(w))
    return sorted(ch for ch, n in c.items() if n >= min_count)


def gaz_inventory(gazetteer_tags) -> list[str]:
    """Every BIO tag the gazetteer can give (its entry types, B- and I-)."""
    from newsx.entities.gazetteer import TYPES

    if gazetteer_tags is None:
        return []
    return ["O"] + [f"{p}-{t}" for t in sorted(TYPES) for p in ("B", "I")]


def _batches(items: list, size: int, rng: random.Random) -> list[list]:
    """Length-sorted batches (little padding) in a shuffled order."""
    order = sorted(range(len(items)), key=lambda i: (len(items[i][0][0]), rng.random()))
    out = [[items[i] for i in order[k : k + size]] for k in range(0, len(order), size)]
    rng.shuffle(out)
    return out


def _tensors(encoder: Encoder, batch: list, torch) -> dict:
    arrays = encoder.batch([enc for enc, _, _ in batch])
    t = {k: torch.from_numpy(v) for k, v in arrays.items()}
    t["domain"] = torch.tensor([d for _, _, d in batch])
    labels = np.zeros(arrays["gaz"].shape, np.int64)
    for i, (_, lab, _) in enumerate(batch):
        labels[i, : len(lab)] = lab
    t["labels"] = torch.from_numpy(labels)
    t["mask"] = torch.arange(labels.shape[1])[None] < t["lengths"][:, None]
    return t


def predict(model, encoder: Encoder, sents: list[list[str]], domain: str, torch, batch: int = 64) -> list[list[str]]:
    """Tags from the torch model (dev scoring during training), decoded as at run time."""
    model.eval()
    trans, start, end = (p.detach().numpy() for p in (model.trans, model.start, model.end))
    out: list[list[str]] = [[] for _ in sents]
    d = DOMAINS.index(domain)
    order = sorted(range(len(sents)), key=lambda i: len(sents[i]))
    with torch.no_grad():
        for k in range(0, len(order), batch):
            idx = [i for i in order[k : k + batch] if sents[i]]
            if not idx:
                continue
            arrays = encoder.batch([encoder.sentence(sents[i]) for i in idx])
            emis = model(torch.from_numpy(arrays["vectors"]), torch.from_numpy(arrays["chars"]),
                         torch.from_numpy(arrays["gaz"]), torch.full((len(idx),), d),
                         torch.from_numpy(arrays["lengths"])).numpy()
            for j, i in enumerate(idx):
                n = len(sents[i])
                out[i] = [LABELS[x] for x in viterbi(emis[j : j + 1, :n], trans, start, end)[0]]
    model.train()
    return out


def dev_scores(model, encoder: Encoder, devs: dict[str, list[Sentence]], torch) -> dict[str, float]:
    """Micro F1 per dev set (GPE folded into LOC except for Wojood, as ``bench_ner``)."""
    res = {}
    for name, sents in devs.items():
        pred = predict(model, encoder, [t for t, _ in sents], DEV_DOMAIN.get(name, "news"), torch)
        sch = "coarse" if name.startswith("wojood") else "loc"
        res[name] = score([t for _, t in sents], pred, sch).micro.f1
    return res


def train_tagger(corpora: dict[str, list[Sentence]], devs: dict[str, list[Sentence]], vectors: Path,
                 gazetteer_tags=None, sizes: dict | None = None, params: dict | None = None,
                 seed: int = 1, log=print):
    """Fit the tagger; returns (model at its best dev epoch, encoder, meta).
    Without ``devs`` the last epoch is kept."""
    import torch

    from newsx.entities.ner.neural.model import Tagger

    p = {**TRAIN, **(params or {})}
    torch.manual_seed(seed)
    torch.set_num_threads(p["threads"])
    rng = random.Random(seed)
    meta = {"chars": char_inventory(corpora), "gaz_tags": gaz_inventory(gazetteer_tags)}
    encoder = Encoder.from_files(vectors, meta, gazetteer_tags)
    s = {**SIZES, **(sizes or {}), "vector_dim": encoder.dim, "n_chars": len(meta["chars"]) + 2,
         "n_gaz": len(meta["gaz_tags"]) + 2, "n_domains": len(DOMAINS), "n_labels": len(LABELS)}
    label_id = {lab: i for i, lab in enumerate(LABELS)}
    items = [(encoder.sentence(toks), [label_id[t] for t in tags], DOMAINS.index(dom))
             for dom, sents in corpora.items() for toks, tags in sents if toks]
    model = Tagger(s)
    opt = torch.optim.Adam([q for q in model.parameters() if q.requires_grad], lr=p["lr"])
    best, best_state, history = -1.0, None, []
    t0 = time.time()
    for epoch in range(1, p["epochs"] + 1):
        total = 0.0
        for batch in _batches(items, p["batch"], rng):
            t = _tensors(encoder, batch, torch)
            emis = model(t["vectors"], t["chars"], t["gaz"], t["domain"], t["lengths"])
            loss = model.nll(emis, t["labels"], t["mask"])
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), p["clip"])
            opt.step()
            total += float(loss.detach())
        dev = dev_scores(model, encoder, devs, torch) if devs else {}
        mean = sum(dev.values()) / len(dev) if dev else float(epoch)
        history.append({"epoch": epoch, "loss": round(total, 1), "minutes": round((time.time() - t0) / 60, 1), **dev})
        log(json.dumps(history[-1]))
        if mean > best:
            best, best_state = mean, {k: v.clone() for k, v in model.state_dict().items()}
            meta["epoch"] = epoch
        if time.time() - t0 > 60 * p["max_minutes"]:
            break
    model.load_state_dict(best_state)
    model.eval()
    meta.update({"sizes": s, "params": p, "seed": seed, "history": history, "labels": LABELS, "domains": DOMAINS,
                 "train_sentences": {d: len(x) for d, x in corpora.items()},
                 "train_tokens": sum(len(t) for x in corpora.values() for t, _ in x),
                 "train_minutes": round((time.time() - t0) / 60, 1)})
    return model, encoder, meta
