"""Tag Documents with the shipped CRF model.

``NerModel`` tags token lists (with per-token marginals); ``ModelRecogniser``
is the pipeline component: it tags each sentence of a segmented and tokenised
Document, scores every mention with the CRF marginal of its labels averaged over
its tokens, and then makes the document consistent: a name tagged with
confidence once is given the same type wherever else it occurs in the article.
"""

from __future__ import annotations

import json
import threading
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import compress, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import numpy as np

from newsx.resources import DATA_DIR
from newsx.text.document import Document, Entity
from newsx.entities.ner.clusters import load_clusters
from newsx.entities.ner.corpora import tags_to_spans
from newsx.cache import cached
from newsx.entities.ner.crf import BATCH, ChainModel
from newsx.entities.ner.features import DEFAULT_DOMAIN, FeatureConfig, FeatureExtractor
from newsx.lang.ar import lexicon
from newsx.lang.ar.clitics import PROCLITIC_RUNS

if TYPE_CHECKING:
    from newsx.entities.ner.neural.runtime import NeuralModel

MODEL_DIR = DATA_DIR / "ner"
CONFIDENT = 0.85  # a mention this sure fixes its name's type in the document
MIN_SURNAME = 4  # letters; shorter last names are not propagated alone (علي = على)
PROPAGATED_SCORE = 0.6  # discount for mentions found only by consistency
WORD_ROWS = 100_000  # words whose summed weight rows are kept (5 rows of 11 floats each)
NO_ROW = -1  # a word part none of whose features the model saw


def _int64(values: list[int]) -> np.ndarray:
    """A list of ints as an array: ``fromiter`` skips the shape and type
    discovery ``np.array`` and indexing spend on every item of a list."""
    return np.fromiter(values, np.int64, len(values))


class NerModel:
    """A trained model directory: ``model.crfsuite``, ``config.json``, clusters."""

    def __init__(self, model_dir: Path = MODEL_DIR, gazetteer_tags: Callable | None = None) -> None:
        model_dir = Path(model_dir)
        meta = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.config = FeatureConfig.from_dict(meta["features"])
        # domains the model was trained with; others are tagged as DEFAULT_DOMAIN
        self.domains = frozenset(meta.get("train_sentences", ())) or frozenset((DEFAULT_DOMAIN,))
        cpath = model_dir / "clusters.tsv.gz"
        clusters = load_clusters(cpath) if "cluster" in self.config.groups and cpath.exists() else {}
        if "gazetteer" in self.config.groups and gazetteer_tags is None:
            from newsx.entities.gazetteer import Gazetteer

            gazetteer_tags = Gazetteer.default().bio_tags
        self.features = FeatureExtractor(self.config, clusters, gazetteer_tags)
        copies = self.domains if "domain" in self.config.groups else frozenset()
        model = model_dir / "model.crfsuite"
        # the cache holds the default domain's table: another, when asked for, is folded from the file
        self.chain = cached("ner-weights", [model], lambda: ChainModel(model, copies).folded({DEFAULT_DOMAIN}))
        self._token_rows: dict[str, TokenRows] = {}
        self._lock = threading.Lock()  # the word rows and the table they extend are shared

    def tag(self, tokens: list[str], domain: str = DEFAULT_DOMAIN) -> list[str]:
        """IOB2 tags for one sentence (``domain``: whose conventions, see ``features``)."""
        return self.tag_with_scores(tokens, domain)[0]

    def _domain(self, domain: str) -> str:
        return domain if domain in self.domains else DEFAULT_DOMAIN

    def _layout(self, domain: str) -> TokenRows:
        """``domain``'s word rows, started afresh (the sums they added to the
        table dropped) when there are none or more than ``WORD_ROWS`` words:
        called once a batch."""
        rows = self._token_rows.get(domain)
        if rows is None or len(rows) > WORD_ROWS:
            self.chain.drop_sums(domain)
            rows = self._token_rows[domain] = TokenRows(self.chain, domain, self.features)
        return rows

    def forget_words(self) -> None:
        """Drop every word's rows, as if no text had been tagged (benchmarks time a cold tagger)."""
        with self._lock:
            self._token_rows.clear()

    def tag_with_scores(
        self, tokens: list[str], domain: str = DEFAULT_DOMAIN
    ) -> tuple[list[str], list[tuple[int, int, str, float]]]:
        """Tags plus mentions (start, end, type, mean marginal of their labels)."""
        return self.tag_batch([tokens], domain)[0]

    def tag_batch(
        self, sentences: list[list[str]], domain: str = DEFAULT_DOMAIN
    ) -> list[tuple[list[str], list[tuple[int, int, str, float]]]]:
        """``tag_with_scores`` for each sentence, decoded together (up to
        ``BATCH`` at once: see ``ChainModel.decode``)."""
        domain = self._domain(domain)
        todo = [toks for toks in sentences if toks]
        results: list[tuple[list[str], np.ndarray]] = []
        with self._lock:
            rows = self._layout(domain)
            for i in range(0, len(todo), BATCH):
                batch = todo[i : i + BATCH]
                results += self.chain.decode_scores(rows.scores(batch), [len(toks) for toks in batch])
        decoded = iter(results)
        label = {name: k for k, name in enumerate(self.chain.labels)}
        out: list[tuple[list[str], list[tuple[int, int, str, float]]]] = []
        for toks in sentences:
            if not toks:
                out.append(([], []))
                continue
            tags, marginals = next(decoded)
            found = tags_to_spans(tags)
            spans = []
            if found:  # each token's marginal of its own label, as floats: the sums are those of a list
                probs = marginals[np.arange(len(tags)), list(map(label.__getitem__, tags))].tolist()
                spans = [(s, e, typ, sum(probs[s:e]) / (e - s)) for s, e, typ in found]
            out.append((tags, spans))
        return out


class TokenRows:
    """Label scores of tokens from one domain's weight table, the rows laid
    out with numpy. A word's own features, and its features at each window
    position, are summed into one row once (``ChainModel.add_sums``) and kept
    as five row numbers per word; features the model never saw are left out
    (their weights are zero). A token then has ten slots, in the order of
    ``FeatureExtractor.assemble``: bias, own part, the parts of the words at
    -2 and -1, the bigram (BOS first), the +1 part (EOS last), the +2 part
    and the gazetteer tags at 0, -1 and +1. Its score is the sum of its rows
    by ``np.add.reduceat`` (its rounding depends on how many rows a token has),
    over the same rows in the same order as ``ChainModel.decode``, so the
    floats are those of summing ``assemble``'s lists; only the Python work of
    building a list per token is gone."""

    def __init__(self, chain: ChainModel, domain: str, features: FeatureExtractor) -> None:
        self.chain, self.domain, self.features = chain, domain, features
        self.index = index = chain.table(domain)[0]
        self.unseen = unseen = len(index)
        self.ids: dict[str, int] = {}  # word -> its row in ``parts``
        self.norms: list[str] = []  # normalised form of each word
        self.parts = np.empty((1024, 5), dtype=np.int64)  # own, -2, -1, +1, +2 row of each word
        self.bias, self.bos, self.eos = (index.get(a, unseen) for a in ("bias", "BOS", "EOS"))
        self.bigram = "bigram" in features.groups
        self.gaz_bos, self.gaz_eos = index.get("g-1=BOS", unseen), index.get("g+1=EOS", unseen)
        self.tag_ids: dict[str, int] = {}  # gazetteer tag -> its row in ``tag_rows``
        self.tag_rows = np.empty((0, 3), dtype=np.int64)  # g=, g-1=, g+1= row of each tag

    def __len__(self) -> int:
        return len(self.norms)

    def _add_words(self, words: list[str]) -> None:
        """Rows for ``words`` (new, distinct), made together: their features
        looked up in one pass and the parts of several rows summed by one
        ``add_sums`` (in part order, each part's rows in feature order, as
        the part-by-part sums were), so a batch pays numpy's cost once, not
        per word part."""
        feats: list[str] = []
        sizes: list[int] = []
        first = len(self.norms)
        for k, word in enumerate(words, first):
            f, n, norm = self.features.flat_parts(word)
            feats += f
            sizes += n
            self.ids[word] = k
            self.norms.append(norm)
        found = np.fromiter(map(self.index.get, feats, repeat(NO_ROW)), np.int64, len(feats))
        known = found != NO_ROW
        rows = found[known]
        owner = np.repeat(np.arange(len(sizes)), _int64(sizes))[known]  # the part of each row
        counts = np.bincount(owner, minlength=len(sizes))
        out = np.full(len(sizes), NO_ROW)
        one = counts == 1
        out[one] = rows[(np.cumsum(counts) - 1)[one]]
        many = counts > 1
        if many.any():
            start = self.chain.add_sums(self.domain, rows[many[owner]].tolist(), counts[many].tolist())
            out[many] = np.arange(start, start + np.count_nonzero(many))
        end = len(self.norms)
        while end > len(self.parts):
            self.parts = np.concatenate([self.parts, np.empty_like(self.parts)])
        self.parts[first:end] = out.reshape(-1, 5)

    def _add_tags(self, tags: list[str]) -> None:
        """Number the gazetteer tags of ``tags`` not seen before and give them
        their rows in ``tag_rows`` (a handful of tags, added once each)."""
        for tag in set(tags).difference(self.tag_ids):
            self.tag_ids[tag] = len(self.tag_rows)
            rows = [self.index.get(p + tag, self.unseen) for p in ("g=", "g-1=", "g+1=")]
            self.tag_rows = np.concatenate([self.tag_rows, [rows]])

    def scores(self, sentences: list[list[str]]) -> np.ndarray:
        """Label scores (tokens x labels) of the tokens of ``sentences`` (none
        empty), one sentence after another."""
        words = [w for toks in sentences for w in toks]
        ids = list(map(self.ids.get, words))
        if None in ids:
            self._add_words(list(dict.fromkeys(w for k, w in zip(ids, words) if k is None)))
            ids = list(map(self.ids.__getitem__, words))
        lengths = np.array([len(toks) for toks in sentences])
        pos = np.arange(len(words)) - np.repeat(np.cumsum(lengths) - lengths, lengths)  # in its sentence
        after = np.repeat(lengths, lengths) - pos - 1  # tokens after it in its sentence
        part = self.parts[_int64(ids)]
        slots = np.full((len(words), 10), NO_ROW)
        slots[:, 0] = self.bias
        slots[:, 1] = part[:, 0]
        slots[2:, 2] = part[:-2, 1]
        slots[1:, 3] = part[:-1, 2]
        slots[pos < 2, 2] = NO_ROW
        slots[pos < 1, 3] = NO_ROW
        if self.bigram:
            norms, get, unseen = [self.norms[k] for k in ids], self.index.get, self.unseen
            slots[1:, 4] = _int64([get(f"b={a}|{b}", unseen) for a, b in zip(norms, norms[1:])])
        slots[pos == 0, 4] = self.bos
        slots[:-1, 5] = part[1:, 3]
        slots[:-2, 6] = part[2:, 4]
        slots[after < 1, 5] = self.eos
        slots[after < 2, 6] = NO_ROW
        gazetteer = self.features.gazetteer_tags
        if gazetteer is None:
            slots = slots[:, :7]
        else:
            found = [t for toks in sentences for t in gazetteer(list(toks))]
            self._add_tags(found)
            tags = self.tag_rows[_int64(list(map(self.tag_ids.__getitem__, found)))]
            slots[:, 7] = tags[:, 0]
            slots[1:, 8] = tags[:-1, 1]
            slots[:-1, 9] = tags[1:, 2]
            slots[pos == 0, 8] = self.gaz_bos
            slots[after == 0, 9] = self.gaz_eos
        used = slots != NO_ROW
        counts = used.sum(axis=1)
        starts = np.cumsum(counts) - counts
        return np.add.reduceat(self.chain.weights(self.domain)[slots[used]], starts, axis=0)


@lru_cache(maxsize=1)
def default_model() -> NerModel:
    """The shipped model, loaded once."""
    return NerModel(MODEL_DIR)


Mention = tuple[int, int, str, float, int]  # token start, end, type, score, sentence


def consistent_mentions(
    norms: list[str], mentions: list[Mention], sentence_of: list[int], common_words: frozenset[str] | None = None
) -> list[Mention]:
    """Document-level consistency: unsure mentions of a string that was tagged
    confidently elsewhere take that type, and untagged repeats of a confident
    name (of three letters or more) in the same document are added. With
    ``common_words``, a person named in full once is also found by surname
    alone (``surname_mentions``)."""
    votes: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for s, e, t, sc, _ in mentions:
        if sc >= CONFIDENT:
            votes[tuple(norms[s:e])][t] += sc
    if not votes:
        return mentions
    best = {key: c.most_common(1)[0][0] for key, c in votes.items()}
    covered = bytearray(len(norms))
    out: list[Mention] = []
    for s, e, t, sc, k in mentions:
        t2 = best.get(tuple(norms[s:e]), t)
        out.append((s, e, t2 if sc < CONFIDENT else t, sc, k))
        covered[s:e] = b"\x01" * (e - s)
    first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key in best:
        if len(key) > 1 or len(key[0]) >= 3:
            first[key[0]].append(key)
    for i in compress(range(len(norms)), map(first.__contains__, norms)):  # the tokens that open a name, found in C
        for key in first[norms[i]]:
            n = len(key)
            if (not any(covered[i : i + n]) and tuple(norms[i : i + n]) == key
                    and sentence_of[i] == sentence_of[i + n - 1]):
                out.append((i, i + n, best[key], PROPAGATED_SCORE, sentence_of[i]))
                covered[i : i + n] = b"\x01" * n
    if common_words is not None:
        out += surname_mentions(norms, out, sentence_of, covered, common_words)
    out.sort()
    return out


_NAME_LINKS = lexicon.norms("name_links")


def surname_mentions(
    norms: list[str], mentions: list[Mention], sentence_of: list[int], covered: bytearray, common_words: frozenset[str]
) -> list[Mention]:
    """PER mentions of a surname alone (لحود, ولاريجاني, لسولانا) after the
    person was tagged confidently with two or more words in the same document.
    Only the last word of such a name counts (first names recur in other
    people's names), and not when it is in ``common_words`` (see
    ``surname_stoplist``) or shorter than ``MIN_SURNAME`` letters (علي, also the
    preposition على once normalised); a proclitic run before it is allowed, as
    the tokeniser keeps it on the word, unless the whole token is a common word
    (لصالح). ``covered`` (tokens already in a mention) is updated."""
    surnames = set()
    for s, e, t, sc, _ in mentions:
        last = norms[e - 1]
        if (t == "PER" and e - s >= 2 and sc >= CONFIDENT and len(last) >= MIN_SURNAME
                and last not in common_words and last not in _NAME_LINKS):
            surnames.add(last)
    out: list[Mention] = []
    if not surnames:
        return out
    prefixed = {run + name for run in PROCLITIC_RUNS for name in surnames}
    found = surnames | prefixed
    for i in compress(range(len(norms)), map(found.__contains__, norms)):  # one set lookup a token, in C
        w = norms[i]
        if not covered[i] and (w in surnames or w not in common_words):  # a prefixed surname: not a common word
            out.append((i, i + 1, "PER", PROPAGATED_SCORE, sentence_of[i]))
            covered[i] = 1
    return out


def surname_stoplist() -> frozenset[str]:
    """Words never taken for a surname: the gazetteer's common words (which
    leave out every word of a known person's name) and one-word titles (الشيخ)."""
    from newsx.entities.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    return gaz.common_words | {key[0] for key in gaz.titles if len(key) == 1}


class ModelRecogniser:
    """Pipeline component: entities from one of newsx's own models (the CRF's
    ``NerModel`` or the neural ``NeuralModel``: anything with ``tag_batch``)."""

    name = "model"

    def __init__(self, model: "NerModel | NeuralModel | None" = None, consistency: bool = True) -> None:
        self.model = model or default_model()
        self.consistency = consistency
        self.common_words = surname_stoplist() if consistency else None

    def __call__(self, doc: Document) -> list[Entity]:
        return self.many([doc])[0]

    def many(self, docs: list[Document]) -> list[list[Entity]]:
        """Each document's entities, their sentences tagged in one batch (the
        decoder's per-position numpy calls paid once for all of them)."""
        sentences = [doc.token_texts(s.token_start, s.token_end) for doc in docs for s in doc.sentences]
        tagged = iter(self.model.tag_batch(sentences))
        return [self._entities(doc, [next(tagged)[1] for _ in doc.sentences]) for doc in docs]

    def _entities(self, doc: Document, spans_of: list[list[tuple[int, int, str, float]]]) -> list[Entity]:
        mentions: list[Mention] = []
        for k, (sent, spans) in enumerate(zip(doc.sentences, spans_of)):
            a = sent.token_start
            mentions += [(a + s, a + e, t, sc, k) for s, e, t, sc in spans]
        if self.consistency and mentions:
            norms = doc.norms
            mentions = consistent_mentions(norms, mentions, _sentence_index(doc), self.common_words)
        starts, ends = doc.token_starts, doc.token_ends
        return [
            doc.entity(starts[s], ends[e - 1], t, sentence=k, score=round(sc, 4), found_by="model")
            for s, e, t, sc, k in mentions
        ]


def _sentence_index(doc: Document) -> list[int]:
    """Sentence number of every token."""
    idx = [0] * len(doc)
    for k, s in enumerate(doc.sentences):
        idx[s.token_start : s.token_end] = [k] * (s.token_end - s.token_start)
    return idx
