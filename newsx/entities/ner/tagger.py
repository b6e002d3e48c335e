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
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from newsx.resources import DATA_DIR
from newsx.text.document import Document, Entity
from newsx.entities.ner.clusters import load_clusters
from newsx.entities.ner.corpora import tags_to_spans
from newsx.cache import cached
from newsx.entities.ner.crf import ChainModel
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
        self.chain = cached("ner-weights", [model], lambda: ChainModel(model, copies).folded(self.domains | {DEFAULT_DOMAIN}))
        self._word_rows: dict[str, dict[str, tuple[list, ...]]] = {}
        self._lock = threading.Lock()  # the word rows and the table they extend are shared

    def tag(self, tokens: list[str], domain: str = DEFAULT_DOMAIN) -> list[str]:
        """IOB2 tags for one sentence (``domain``: whose conventions, see ``features``)."""
        return self.tag_with_scores(tokens, domain)[0]

    def _domain(self, domain: str) -> str:
        return domain if domain in self.domains else DEFAULT_DOMAIN

    def _rows(self, domain: str) -> Callable[[list[str]], list[list[int]]]:
        """Each token's rows in the weight table folded for ``domain``. A
        word's own features, and its features at each window position, are
        summed into one row once (``ChainModel.add_sum``) and kept for
        ``WORD_ROWS`` words; features the model never saw are left out (their
        weights are zero). Called once a batch: the rows are dropped only here."""
        chain = self.chain
        index = chain.table(domain)[0]
        unseen = len(index)
        words = self._word_rows.setdefault(domain, {})
        if len(words) > WORD_ROWS:
            words.clear()
            chain.drop_sums(domain)

        def summed(feats: list[str]) -> list[int]:
            rows = [r for r in map(index.get, feats) if r is not None]
            return rows if len(rows) < 2 else [chain.add_sum(domain, rows)]

        def word_rows(word: str) -> tuple[list, ...]:
            p = words.get(word)
            if p is None:
                parts = self.features.parts(word)
                p = words[word] = (*(summed(feats) for feats in parts[:5]), parts[5])
            return p

        return lambda tokens: self.features.assemble(tokens, word_rows, lambda a: index.get(a, unseen))

    def tag_with_scores(
        self, tokens: list[str], domain: str = DEFAULT_DOMAIN
    ) -> tuple[list[str], list[tuple[int, int, str, float]]]:
        """Tags plus mentions (start, end, type, mean marginal of their labels)."""
        return self.tag_batch([tokens], domain)[0]

    def tag_batch(
        self, sentences: list[list[str]], domain: str = DEFAULT_DOMAIN
    ) -> list[tuple[list[str], list[tuple[int, int, str, float]]]]:
        """``tag_with_scores`` for each sentence, decoded together (see ``ChainModel.decode``)."""
        domain = self._domain(domain)
        with self._lock:
            rows_of = self._rows(domain)
            decoded = iter(self.chain.decode([rows_of(toks) for toks in sentences if toks], domain))
        label = {name: k for k, name in enumerate(self.chain.labels)}
        out: list[tuple[list[str], list[tuple[int, int, str, float]]]] = []
        for toks in sentences:
            if not toks:
                out.append(([], []))
                continue
            tags, marginals = next(decoded)
            probs = marginals.tolist()
            spans = []
            for s, e, typ in tags_to_spans(tags):
                score = sum(probs[k][label[tags[k]]] for k in range(s, e)) / (e - s)
                spans.append((s, e, typ, score))
            out.append((tags, spans))
        return out


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
    for i, w in enumerate(norms):
        for key in first.get(w, ()):
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
    for i, w in enumerate(norms):
        if covered[i]:
            continue
        if w in surnames or (w not in common_words
                             and any(w.startswith(p) and w[len(p):] in surnames for p in PROCLITIC_RUNS)):
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
        mentions: list[Mention] = []
        tagged = self.model.tag_batch([doc.token_texts(s.token_start, s.token_end) for s in doc.sentences])
        for k, (sent, (_, spans)) in enumerate(zip(doc.sentences, tagged)):
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
