"""CRF features for Arabic tokens, built from cached per-word parts.

Why cached parts: feature extraction, not the CRF, is what limits speed. Every
feature that depends on one word only (its normalised form, clitic-stripped
stems, affixes, shape, cluster ids) is computed once per distinct word and kept
as ready-made strings for each window position, so a sentence costs one dict
lookup and a few list concatenations per token.

Groups (switch with ``FeatureConfig.groups``):
  word      normalised form (alef/yeh/teh-marbuta folded, no diacritics)
  clitic    stems after proclitics و ف ب ل ك and the article ال (``clitic_splits``)
  affix     first and last 1-3 letters of the normalised form
  shape     script/digit/punctuation shape and a length bucket
  window    the same parts for neighbours at -2..+2 (words; stems and clusters at -1/+1)
  bigram    previous+current normalised word
  cluster   coarse and fine ids of the word (or its stem) in newsx's clusters
  gazetteer BIO tag of the longest gazetteer match over the sentence, at -1..+1
  domain    a second copy of every feature, prefixed with the text's domain
            ("news", "wiki", "aqmar"): corpora disagree on what to tag (AQMAR's
            MISC is not ANERcorp's), so shared weights learn what they agree on
            and the copies learn each corpus's conventions (Daume 2007,
            "Frustratingly easy domain adaptation"). newsx tags as "news".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence, TypeVar

from newsx.lang.ar.clitics import clitic_splits
from newsx.lang.ar.letters import BLOCK_FIRST, BLOCK_LAST, SUPPLEMENT_FIRST, SUPPLEMENT_LAST
from newsx.lang.ar.normalise import char_class, normalise

ALL_GROUPS = ("word", "clitic", "affix", "shape", "window", "bigram", "cluster", "gazetteer", "domain")
DEFAULT_DOMAIN = "news"
T = TypeVar("T")


@dataclass
class FeatureConfig:
    """Which feature groups are on; saved with the model so tagging matches training."""

    groups: tuple[str, ...] = ALL_GROUPS

    def to_dict(self) -> dict:
        return {"groups": list(self.groups)}

    @classmethod
    def from_dict(cls, d: dict) -> "FeatureConfig":
        return cls(tuple(d.get("groups", ALL_GROUPS)))


def _kind(ch: str) -> str:
    """Character class of one character: A(rabic) L(atin) D(igit) P(unct)."""
    if ch.isdigit():
        return "D"
    if BLOCK_FIRST <= ch <= BLOCK_LAST or SUPPLEMENT_FIRST <= ch <= SUPPLEMENT_LAST:
        return "A"
    if ch.isalpha():
        return "L" if ch.isupper() or ch.islower() else "A"
    return "P"


# the class of every ASCII and Arabic-script character, for str.translate (others are left as they are)
_KIND_OF = {c: _kind(chr(c)) for r in (range(128), range(ord(BLOCK_FIRST), ord(BLOCK_LAST) + 1),
                                        range(ord(SUPPLEMENT_FIRST), ord(SUPPLEMENT_LAST) + 1)) for c in r}
_KINDS = frozenset(_KIND_OF.values())
# a word of the table's characters, all of one kind (most words), matched by one regex
_ONE_KIND = re.compile("|".join(
    f"(?P<{kind}>{char_class(sorted(c for c, k in _KIND_OF.items() if k == kind)).pattern}++)"
    for kind in sorted(_KINDS)
))


def _shape(w: str) -> str:
    """Coarse character class of a token: A(rabic) L(atin) D(igit) P(unct) M(ixed)
    (one regex match for a word of one kind, else one translate for a word of ASCII
    and Arabic script, ``_kind`` a character for others)."""
    one = _ONE_KIND.fullmatch(w)
    if one:
        return one.lastgroup
    kinds = set(w.translate(_KIND_OF))
    if not kinds <= _KINDS:  # a character outside the table, left as itself
        kinds = set(map(_kind, w))
    return kinds.pop() if len(kinds) == 1 else "M"


_SHAPE_FEATURES = {k: "sh=" + k for k in "ADLPM"}
_LENGTH_FEATURES = tuple(f"len={k}" for k in range(9))
_AFFIXES_KEPT = 50_000  # first (last) three letters whose affix features are kept: Arabic has some 36**3


class FeatureExtractor:
    """Turns a sentence's token strings into crfsuite feature lists."""

    def __init__(
        self,
        config: FeatureConfig,
        clusters: dict[str, tuple[str, str]] | None = None,
        gazetteer_tags: Callable[[list[str]], list[str]] | None = None,
    ) -> None:
        self.groups = set(config.groups)
        self.clusters = clusters or {}
        self.gazetteer_tags = gazetteer_tags if "gazetteer" in self.groups else None
        self._cache: dict[str, tuple[list[str], ...]] = {}
        self._cluster_feats: dict[tuple[str, str], tuple[str, ...]] = {}  # bounded by the clusters' ids
        self._heads: dict[str, tuple[str, ...]] = {}  # a word's first three letters -> its p1= p2= p3=
        self._tails: dict[str, tuple[str, ...]] = {}  # its last three -> its x1= x2= x3=

    def word_parts(self, word: str) -> tuple[list[str], ...]:
        """(own features, as -2, as -1, as +1, as +2, normalised form) of one
        word (not cached: ``parts`` is, the tagger keeps weight rows instead)."""
        feats, sizes, norm = self.flat_parts(word)
        out: list[list[str]] = []
        a = 0
        for size in sizes:
            out.append(feats[a : a + size])
            a += size
        return (*out, [norm])

    def flat_parts(self, word: str) -> tuple[list[str], tuple[int, int, int, int, int], str]:
        """``word_parts`` in one list (own features, then as -2, -1, +1, +2),
        the number of features at each of the five positions, and the
        normalised form: what the tagger looks up, without a list a position."""
        g = self.groups
        n = normalise(word) or word
        readings = clitic_splits(n)
        plen, stem = readings[-1]
        feats: list[str] = ["w=" + n] if "word" in g else []
        if "clitic" in g:
            feats.append("s=" + stem)
            feats += ["r=" + r for _, r in readings[1:-1]]
            feats.append("pl=" + n[:plen])
        if "affix" in g:
            feats += self._affix_features(n)
            if stem != n:
                feats += ["sx2=" + stem[-2:], "sp2=" + stem[:2]]
        if "shape" in g:
            feats += [_SHAPE_FEATURES[_shape(n)], _LENGTH_FEATURES[min(len(n), 8)]]
        cl: tuple[str, ...] | None = None
        if "cluster" in g:
            cl = self._cluster_features(n, readings)
            feats += cl[:2] if cl else ["c=?"]
        own = len(feats)
        if "window" not in g:
            return feats, (own, 0, 0, 0, 0), n
        if cl:
            feats += ["-2w=" + n, cl[2], "-1w=" + n, cl[3], "-1s=" + stem, cl[4],
                      "+1w=" + n, cl[5], "+1s=" + stem, cl[6], "+2w=" + n, cl[7]]
            return feats, (own, 2, 4, 4, 2), n
        feats += ["-2w=" + n, "-1w=" + n, "-1s=" + stem, "+1w=" + n, "+1s=" + stem, "+2w=" + n]
        return feats, (own, 1, 2, 2, 1), n

    def _affix_features(self, n: str) -> tuple[str, ...]:
        """p1= p2= p3= x1= x2= x3= of a normalised word, made once per first
        (last) three letters, so words share the strings and their hashes
        (the tagger looks every one up)."""
        head, tail = n[:3], n[-3:]
        p = self._heads.get(head)
        if p is None:
            if len(self._heads) > _AFFIXES_KEPT:
                self._heads.clear()
            p = self._heads[head] = ("p1=" + head[:1], "p2=" + head[:2], "p3=" + head)
        x = self._tails.get(tail)
        if x is None:
            if len(self._tails) > _AFFIXES_KEPT:
                self._tails.clear()
            x = self._tails[tail] = ("x1=" + tail[-1:], "x2=" + tail[-2:], "x3=" + tail)
        return p + x

    def _cluster_features(self, n: str, readings: tuple[tuple[int, str], ...]) -> tuple[str, ...] | None:
        """The cluster features of the word (or of its longest-peeled stem in
        the clusters): c=, f=, then -2c=, -1c=, -1f=, +1c=, +1f=, +2c=. Made
        once per cluster (a thousand at most), so words of a cluster share
        the strings and their hashes."""
        cl = self.clusters.get(n)
        if cl is None:
            for _, r in reversed(readings):
                cl = self.clusters.get(r)
                if cl is not None:
                    break
            else:
                return None
        feats = self._cluster_feats.get(cl)
        if feats is None:
            c, f = cl
            feats = self._cluster_feats[cl] = ("c=" + c, "f=" + f, "-2c=" + c, "-1c=" + c, "-1f=" + f,
                                               "+1c=" + c, "+1f=" + f, "+2c=" + c)
        return feats

    def parts(self, word: str) -> tuple[list[str], ...]:
        p = self._cache.get(word)
        if p is None:
            if len(self._cache) > 300_000:
                self._cache.clear()
            p = self._cache[word] = self.word_parts(word)
        return p

    def sentence(self, tokens: Sequence[str], domain: str = DEFAULT_DOMAIN) -> list[list[str]]:
        """Feature lists for each token of one sentence written in ``domain``
        (what the model is trained on: ``plain`` plus the domain copies)."""
        out = self.plain(tokens)
        if "domain" in self.groups:
            pre = domain + "|"
            out = [f + [pre + x for x in f] for f in out]
        return out

    def plain(self, tokens: Sequence[str]) -> list[list[str]]:
        """Feature lists for each token without the domain copies (tagging
        folds the copies' weights into the plain ones: ``crf.ChainModel``)."""
        return self.assemble(tokens, self.parts, str)

    def assemble(
        self, tokens: Sequence[str], parts: Callable[[str], tuple[list[T], ...]], extra: Callable[[str], T]
    ) -> list[list[T]]:
        """Each token's features: the word parts of it and its neighbours
        (``parts``: ``self.parts``, or weight rows for them) and the
        sentence-level features (bias, ends, bigram, gazetteer) through
        ``extra``. The order is the tagger's too (``tagger.TokenRows`` lays out
        the rows with numpy; ``tests/test_crf.py`` checks it against this)."""
        parts_ = [parts(w) for w in tokens]
        n = len(parts_)
        bigram = "bigram" in self.groups
        gaz = self.gazetteer_tags(list(tokens)) if self.gazetteer_tags else None
        bias, bos, eos = extra("bias"), extra("BOS"), extra("EOS")
        out: list[list[T]] = []
        for i in range(n):
            f = [bias] + parts_[i][0]
            if i >= 2:
                f += parts_[i - 2][1]
            if i >= 1:
                f += parts_[i - 1][2]
                if bigram:
                    f.append(extra("b=" + parts_[i - 1][5][0] + "|" + parts_[i][5][0]))
            else:
                f.append(bos)
            if i + 1 < n:
                f += parts_[i + 1][3]
            else:
                f.append(eos)
            if i + 2 < n:
                f += parts_[i + 2][4]
            if gaz is not None:
                f.append(extra("g=" + gaz[i]))
                f.append(extra("g-1=" + (gaz[i - 1] if i else "BOS")))
                f.append(extra("g+1=" + (gaz[i + 1] if i + 1 < n else "EOS")))
            out.append(f)
        return out

