"""The network (torch, training and export only): per token, the frozen news
vector, a character CNN, a gazetteer-tag embedding and a domain embedding
(news / wiki / aqmar conventions, as the CRF's domain copies), through one
BiLSTM layer; the domain joins again before the output layer; a CRF scores
label sequences.

``forward`` returns emission scores only, which is what is exported to ONNX;
the CRF's transitions are plain parameters read out at export and decoded by
``crf.py`` in numpy."""

from __future__ import annotations

import torch
from torch import nn


class CharCNN(nn.Module):
    """Max-pooled width-3 convolution over a word's characters."""

    def __init__(self, n_chars: int, dim: int, filters: int) -> None:
        super().__init__()
        self.emb = nn.Embedding(n_chars, dim, padding_idx=0)
        self.conv = nn.Conv1d(dim, filters, 3, padding=1)

    def forward(self, chars: torch.Tensor) -> torch.Tensor:
        b, t, c = chars.shape
        x = self.emb(chars.reshape(b * t, c)).transpose(1, 2)
        return torch.relu(self.conv(x)).max(dim=2).values.reshape(b, t, -1)


class Tagger(nn.Module):
    """The BiLSTM-CRF; ``sizes`` (stored in ``neural.json``) fixes every dimension."""

    def __init__(self, sizes: dict) -> None:
        super().__init__()
        self.sizes = dict(sizes)
        s = sizes
        self.use_vectors = s.get("use_vectors", True)
        self.chars = CharCNN(s["n_chars"], s["char_dim"], s["char_filters"])
        self.gaz = nn.Embedding(s["n_gaz"], s["gaz_dim"], padding_idx=0)
        self.domain = nn.Embedding(s["n_domains"], s["domain_dim"])
        n_in = s["char_filters"] + s["gaz_dim"] + s["domain_dim"] + (s["vector_dim"] if self.use_vectors else 0)
        self.drop = nn.Dropout(s["dropout"])
        self.lstm = nn.LSTM(n_in, s["hidden"], batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * s["hidden"] + s["domain_dim"], s["n_labels"])
        n = s["n_labels"]
        self.trans = nn.Parameter(torch.zeros(n, n))
        self.start = nn.Parameter(torch.zeros(n))
        self.end = nn.Parameter(torch.zeros(n))

    def forward(self, vectors: torch.Tensor, chars: torch.Tensor, gaz: torch.Tensor,
                domain: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        """Emission scores [B,T,L]. ``lengths`` packs padded training batches;
        at run time every batch has one length, so none is passed."""
        d = self.domain(domain)[:, None, :].expand(-1, gaz.shape[1], -1)
        parts = [self.chars(chars), self.gaz(gaz), d]
        if self.use_vectors:
            parts.insert(0, vectors)
        x = self.drop(torch.cat(parts, dim=2))
        if lengths is not None:
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
        else:
            h, _ = self.lstm(x)
        return self.out(torch.cat([self.drop(h), d], dim=2))

    def nll(self, emis: torch.Tensor, labels: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Mean negative log-likelihood of the gold label sequences under the CRF."""
        b, t, _ = emis.shape
        idx = torch.arange(b)
        m = mask.float()
        gold = self.start[labels[:, 0]] + emis[idx, 0, labels[:, 0]]
        for k in range(1, t):
            step = self.trans[labels[:, k - 1], labels[:, k]] + emis[idx, k, labels[:, k]]
            gold = gold + step * m[:, k]
        last = labels[idx, mask.sum(1) - 1]
        gold = gold + self.end[last]
        alpha = self.start[None] + emis[:, 0]
        for k in range(1, t):
            nxt = torch.logsumexp(alpha[:, :, None] + self.trans[None], dim=1) + emis[:, k]
            alpha = torch.where(mask[:, k, None], nxt, alpha)
        logz = torch.logsumexp(alpha + self.end[None], dim=1)
        return (logz - gold).mean()
