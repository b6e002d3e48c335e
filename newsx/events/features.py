"""Features of the learned event coder: words, clitics, the NER layer, and the
rule coder's own decisions (its lexicon triggers, the records it kept, the
arguments it chose) as evidence, so the rules become features of a model.

Features are binary and named (``"w=قال"``); the same functions serve training
and tagging, so the two never drift apart.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

from newsx.entities.ner.clusters import load_clusters
from newsx.events.phrases import Arg
from newsx.events.record import Event
from newsx.events.triggers import TriggerMatch
from newsx.lang.ar.clitics import clitic_splits, rough_lemma, without_conj
from newsx.resources import DATA_DIR
from newsx.text.document import Document, Entity
from newsx.text.window import Window

NEIGHBOURS = (-2, -1, 1, 2)  # the window's other positions, in the order their features come


@lru_cache(maxsize=1)
def _clusters() -> dict[str, tuple[str, str]]:
    """newsx's word clusters (built from the ANT news text for the NER model): coarse and fine ids."""
    return load_clusters(DATA_DIR / "ner" / "clusters.tsv.gz")


def cluster(norm: str, stem_: str) -> tuple[str, str]:
    """A word's cluster ids (its own, else its stem's; ("", "") when neither is known)."""
    found = _clusters()
    return found.get(norm) or found.get(stem_) or ("", "")


@lru_cache(maxsize=200_000)
def stem(norm: str) -> str:
    """The token without its proclitics and article (وبالمحادثات -> محادثات);
    cached: every view and word bundle asks, and a hit costs no Python call."""
    return clitic_splits(norm)[-1][1]


@dataclass
class SentenceView:
    """One sentence with what every feature function needs, computed once. The
    per-token lists are the tagger's sequence: indexed by position in the
    sentence (``window.local`` of a document token index)."""

    window: Window
    k: int  # the sentence's index and its norms, as the window has them: read per token by the feature loops
    norms: list[str]
    stems: list[str]
    lex: list[str]  # B-/I- plus the type of the rule lexicon's trigger over each token, or ""
    matches: list[TriggerMatch | None]  # the lexicon trigger over each token
    kept: list[str]  # the type of a record the rule coder kept with its trigger here, or ""
    ner: list[str]  # B-/I- plus the entity type over each token, or ""
    args: list[Arg]
    prev_args: list[Arg]

    @property
    def doc(self) -> Document:
        return self.window.doc

    @property
    def base(self) -> int:
        """The sentence's first document token (position 0 of the lists)."""
        return self.window.start


def sentence_views(doc: Document, triggers: dict[int, list[TriggerMatch]], rule_events: list[Event],
                   args: dict[int, list[Arg]]) -> list[SentenceView]:
    """``sentence_view`` of every sentence, the document's entities and the rule
    coder's events sorted to their sentences once (not scanned for each)."""
    entities: dict[int, list[Entity]] = defaultdict(list)
    for e in doc.entities:
        entities[e.sentence].append(e)
    events: dict[int, list[Event]] = defaultdict(list)
    for ev in rule_events:
        events[ev.sentence].append(ev)
    return [sentence_view(doc, k, triggers.get(k, []), events.get(k, []), args, entities.get(k, []))
            for k in range(len(doc.sentences))]


def sentence_view(doc: Document, k: int, triggers: list[TriggerMatch], rule_events: list[Event],
                  args: dict[int, list[Arg]], entities: list[Entity]) -> SentenceView:
    """Sentence ``k`` as the features read it, from its lexicon triggers, rule
    events and entities (``sentence_views`` sorts them to their sentences)."""
    w = Window(doc, k)
    n = len(w)
    lex, matches, kept, ner = [""] * n, [None] * n, [""] * n, [""] * n
    for m in triggers:
        first = w.local(m.token_start)
        for i in range(first, w.local(m.token_end)):
            lex[i] = ("B-" if i == first else "I-") + m.plover
            matches[i] = m
    for ev in rule_events:
        i = w.local(_token_at(doc, ev.trigger.start))
        if 0 <= i < n:
            kept[i] = ev.type
    starts = doc.token_starts
    for e in entities:
        for t in range(_token_at(doc, e.start), w.end):
            if starts[t] >= e.end:
                break
            ner[w.local(t)] = ("B-" if starts[t] <= e.start else "I-") + e.type
    return SentenceView(w, k, w.norms, list(map(stem, w.norms)), lex, matches, kept, ner, args.get(k, []), args.get(k - 1, []))


def _token_at(doc: Document, offset: int) -> int:
    return max(bisect_right(doc.token_starts, offset) - 1, 0)


def _shape(w: str) -> str:
    if w.isdigit():
        return "digit"
    if not w[:1].isalpha():
        return "punct"
    return "latin" if w.isascii() else "word"


Features = tuple[str, ...]
TokenParts = tuple[Features, ...]  # a token's own features, then its features as each neighbour (NEIGHBOURS)


def word_parts(w: str) -> tuple[Features, tuple[tuple[Features, Features], ...]]:
    """The features a word brings wherever it stands: its own, and for each
    neighbour position (``NEIGHBOURS``) its stem, then its word and coarse
    cluster (the next two positions only)."""
    s = stem(w)
    k = cluster(w, s)
    own = (f"w={w}", f"s={s}", f"p3={s[:3]}", f"x3={s[-3:]}", f"x2={s[-2:]}", f"cl={w[:len(w) - len(s)]}",
           f"sh={_shape(w)}", f"k={k[0]}", f"kk={k[1]}", f"b={rough_lemma(s)}")
    return own, (((f"-2:s={s}",), ()), ((f"-1:s={s}",), (f"-1:w={w}", f"-1:k={k[0]}")),
                 ((f"1:s={s}",), (f"1:w={w}", f"1:k={k[0]}")), ((f"2:s={s}",), ()))  # NEIGHBOURS, in order


def token_parts(w: str, lex: str, ner: str) -> TokenParts:
    """A token's features that depend on it alone: its word's own, then as
    seen from each neighbour position its stem, lexicon and entity tags, word
    and cluster (the tagger sums the weights of a word's and of a pair of
    tags' once: ``TriggerRows``)."""
    own, near = word_parts(w)
    return (own, *[s + t + wk for (s, wk), t in zip(near, tag_parts(lex, ner))])


@lru_cache(maxsize=1024)
def tag_parts(lex: str, ner: str) -> tuple[tuple[str, str], ...]:
    """A token's lexicon and entity tags as seen from each neighbour position (``NEIGHBOURS``)."""
    return tuple((f"{d}:lx={lex[2:]}", f"{d}:ne={ner[2:]}") for d in NEIGHBOURS)


def token_features(v: SentenceView) -> list[list[str]]:
    """Per token: its word, stem, affixes and clitics, the lexicon's and the
    rule coder's reading, its entity tag, and the same for its neighbours."""
    n = len(v.norms)
    tokens = list(map(token_parts, v.norms, v.lex, v.ner))  # tokens[j][1 + p]: token j seen from NEIGHBOURS[p] away
    rules = rule_features(v)
    out: list[list[str]] = []
    for i in range(n):
        f = [*tokens[i][0], *rules[i]]
        if i >= 2:
            f += tokens[i - 2][1]
        if i >= 1:
            f += tokens[i - 1][2]
        if i + 1 < n:
            f += tokens[i + 1][3]
        if i + 2 < n:
            f += tokens[i + 2][4]
        out.append(f)
    return out


def rule_features(v: SentenceView) -> list[Features]:
    """Each token's features that are neither its word's nor its neighbours':
    the lexicon's and the rule coder's reading of it, its entity tag, and
    whether it opens the sentence and the sentence is the title (the tagger
    sums them once per distinct tuple). Made for the sentence at once: most
    tokens have none of the readings and share one tuple, so only the first
    and those with a reading are visited."""
    title: Features = ("title",) if v.k == 0 else ()
    out: list[Features] = [title] * len(v.norms)
    at = range(len(v.norms))
    marked = set(at[:1]).union(compress(at, v.lex), compress(at, v.kept), compress(at, v.ner))
    for i in marked:
        lx, kept, ne = v.lex[i], v.kept[i], v.ner[i]
        f = []
        if lx:
            m = v.matches[i]
            f += [f"lx={lx}", f"lxt={lx[2:]}", f"lxl={m.lemma}", f"lxpos={m.pos}", f"lxrep={m.reported}",
                  f"lxmod={m.modality}", f"lxneg={m.negated}"]
        if kept:
            f.append(f"rk={kept}")
        if ne:
            f.append(f"ne={ne}")
        if i == 0:
            f.append("first")
        out[i] = (*f, *title)
    return out


def status_features(v: SentenceView, i: int, j: int, etype: str) -> list[str]:
    """Whether the event at tokens i..j (sentence-relative) happened, is denied,
    planned, possible or recalled: its words and tense letter, the words just
    before and after, and the rule lexicon's status reading."""
    w = v.norms[i]
    bare = without_conj(w) if len(w) > 3 else w
    f = [f"t={etype}", f"s={v.stems[i]}", f"tense={bare[:1]}", f"cl={w[:len(w) - len(v.stems[i])]}"]
    m = v.matches[i]
    if m is not None:
        f += [f"lxpos={m.pos}", f"lxrep={m.reported}", f"lxmod={m.modality}", f"lxneg={m.negated}"]
    if v.kept[i]:
        f.append("kept")
    if v.k == 0:
        f.append("title")
    for d in range(1, 5):
        if i - d >= 0:
            f.append(f"b={v.stems[i - d]}")
            if d == 1:
                f.append(f"b1={v.norms[i - d]}")
    for d in range(1, 4):
        if j + d < len(v.norms):
            f.append(f"a={v.stems[j + d]}")
    return f


def _bucket(n: int) -> str:
    return str(n) if n <= 3 else ("4-6" if n <= 6 else ("7-12" if n <= 12 else "far"))


def argument_features(v: SentenceView, i: int, j: int, etype: str, cand: Arg, prev: bool,
                      rule: Event | None, order: tuple[int, int]) -> list[str]:
    """How a candidate actor mention stands to the event at tokens i..j: side,
    distance, the word before it, its kind and role, and whether the rule coder
    chose it. ``order`` is its rank among the candidates before / after the trigger."""
    base = v.window.start
    first, last = cand.first - base, cand.last - base
    if prev:
        side, dist = "prev", 99
    elif last < i:
        side, dist = "before", i - last
    elif first > j:
        side, dist = "after", first - j
    else:
        side, dist = "inside", 0
    a, m = cand.actor, cand.mention
    d, rank = _bucket(dist), f"{side}{min(order[0 if side == 'before' else 1], 3)}"
    f = [f"side={side}", f"d={d}", f"t|side={etype}|{side}", f"t|side|d={etype}|{side}|{d}",
         f"at={a.type}", f"kind={m.kind}", f"role={a.role}", f"t|at={etype}|{a.type}", f"t|role={etype}|{a.role}",
         f"gen={a.generic}", f"rank={rank}", f"t|rank={etype}|{rank}"]
    if not prev:
        norms, stems = v.norms, v.stems
        before = norms[first - 1] if first > 0 else "<s>"
        f += [f"b1={before}", f"b1s={stems[first - 1] if first > 0 else '<s>'}", f"t|b1={etype}|{before}",
              f"cl={norms[first][:len(norms[first]) - len(stems[first])]}",
              f"a1={norms[last + 1] if last + 1 < len(norms) else '</s>'}"]
    if rule is not None:
        for role in ("source", "target"):
            r = getattr(rule, role)
            if r is not None and r.actor == a.id:
                f += [f"rule={role}", f"t|rule={etype}|{role}"]
    return f
