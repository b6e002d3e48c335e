"""Event triggers: the words that make a sentence report an event, with their
PLOVER type, CAMEO code, mode, negation and modality.

The lexicon (``data/events/triggers.tsv``, built by ``tools/build_triggers.py``
from newsx's curated triggers and the UniversalPetrarch Arabic CAMEO patterns)
lists surface forms as news writes them. Matching is on normalised,
clitic-aware text: nouns take و ف ب ل ك + ال and attached pronouns, verbs take
و ف, the future prefix س and لـ, and attached pronouns. A row may need a context
word nearby (``اطلق`` + نار) or be blocked by one (``مسيرة`` + طائرة), because a
bare word is often not the event.

Spans exclude proclitics: ``وقصفت`` gives a trigger over ``قصفت``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from operator import itemgetter

from newsx.events import reporting as eventive
from newsx.events import types
from newsx.lang.ar import lexicon
from newsx.text.document import Document
from newsx.lang.ar.normalise import clitic_splits, normalise
from newsx.text.segment import segment
from newsx.lang.ar.clitics import (ALEF, ARTICLE, CONJ, HA, IMPERFECT, LI, PREP, SA, TA, TA_MARBUTA, WA, YA,
                                   stem_offset, without_conjs)
from newsx.text.tokenise import tokenise
from newsx.text.window import Window

PRONOUN_SUFFIXES = lexicon.words("trigger_pronouns")  # tried in file order
_LOOSE_SUFFIXES = lexicon.words("loose_endings")
_FEMININE_PLURAL = lexicon.word_for("noun_endings", "feminine_plural")
_OPEN_QUOTES = {"«": "»", "“": "”"}
_QUOTES = eventive.QUOTES | {"(", ")"}

# Words before a trigger that change its status (newsx/data/lexicon: negations, events.tsv).
_NEG_NEAR = {w: int(reach) for w, reach in lexicon.mapping("negations").items()}  # how far back a negation reaches
_DENY = lexicon.norms("denials")
_NOT_EXCLUDE = lexicon.norms("not_excluded")
_POSSIBLE = lexicon.norms("possibility")
_PLANNED = lexicon.norms("plans")
_FUTURE, _MAY, _DONE = (lexicon.word_for("event_words", r) for r in ("future", "may", "done"))
# Tokens either side of an event noun searched for its anchor (a phrase, not the whole sentence).
ANCHOR_WINDOW = 6
# Words that anchor an event noun as a reported occurrence, not a mention:
# its outcome (قتل، أسفر), its taking place (وقع، شن، نفذ) or a recent time.
_ANCHORS = lexicon.norms("anchors") | lexicon.norms("weekdays")
_MENTION_FRAMES = lexicon.norms("mention_frames")
_MASDAR_BEFORE = lexicon.norms("masdar_before")
_LEGAL_FRAMES = lexicon.norms("legal_frames")
_LIGHT_VERBS = lexicon.norms("future_light_verbs")
_UPCOMING = lexicon.norms("upcoming")
_TITLE_WORDS = lexicon.norms("title_words")
_SPORT_WORDS = lexicon.norms("sport_words")


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """One trigger in a document (offsets into ``doc.text``)."""

    start: int
    end: int
    text: str
    token_start: int
    token_end: int
    plover: str
    cameo: str | None
    quad_class: int | None
    mode: str | None
    pos: str
    negated: bool
    modality: str
    lemma: str = ""
    source: str = ""
    reported: bool = True  # reported as an occurrence, not mentioned (see _reported)


@dataclass(frozen=True, slots=True)
class _Entry:
    """A lexicon row for one head form."""

    rest: tuple[str, ...]
    lemma: str
    pos: str
    plover: str
    cameo: str
    quad_class: int
    mode: str
    context: tuple[str, ...]
    exclude: tuple[str, ...]
    sense: str  # a sense check (reporting.SENSES); "check:CAMEO" recodes the word when the check holds
    report: str  # gathering | crowd: how a chant or a crowd noun is reported
    source: str
    present: bool


def _loose(w: str) -> str:
    """Word key ignoring the article and a gender/number/nisba ending."""
    if w.startswith(ARTICLE) and len(w) > 4:
        w = w[len(ARTICLE):]
    if not w.endswith(_LOOSE_SUFFIXES):  # one test for the many words with none of them
        return w
    for suf in _LOOSE_SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


@lru_cache(maxsize=100_000)
def _noun_readings(norm: str) -> tuple[tuple[int, str], ...]:
    """(prefix length, stem) readings of a noun token, pronoun suffixes peeled.
    A token without a pronoun ending has none to peel on any stem (each is
    one of its ends, or ا before one long enough to hold the suffix)."""
    splits = clitic_splits(norm)
    if not norm.endswith(PRONOUN_SUFFIXES):
        return splits
    out: list[tuple[int, str]] = []
    for plen, stem in splits:
        out.append((plen, stem))
        out.extend((plen, b) for b in _strip_pronoun(stem))
    return tuple(out)


def _verb_readings(norm: str) -> tuple[tuple[int, str, bool], ...]:
    """(prefix length, stem, future) readings of a verb token: و/ف, then لـ or
    the future س before a present prefix; pronoun suffixes peeled."""
    if norm[:1] not in _VERB_PROCLITICS:  # most tokens: the token and its pronoun-less bases only
        bases = _strip_pronoun(norm)
        return ((0, norm, False), *((0, b, False) for b in bases)) if bases else ((0, norm, False),)
    out: list[tuple[int, str, bool]] = []
    starts = [0] + ([1] if norm[:1] in CONJ and len(norm) > 3 else [])
    for s in starts:
        cands = [(s, False)]
        if norm[s : s + 1] == LI and len(norm) - s > 3:
            cands.append((s + 1, False))
        if norm[s : s + 1] == SA and norm[s + 1 : s + 2] in IMPERFECT and len(norm) - s > 3:
            cands.append((s + 1, True))
        for p, fut in cands:
            stem = norm[p:]
            out.append((p, stem, fut))
            # و + a hollow verb + ه is mostly a noun in ة: وزارة is not و + زار + ه
            out.extend((p, b, fut) for b in _strip_pronoun(stem) if p == 0 or not (len(b) == 3 and b[1] == ALEF))
    return tuple(out)


_VERB_PROCLITICS = frozenset((*CONJ, LI, SA))  # the letters a verb reading may peel


def _strip_pronoun(stem: str) -> list[str]:
    """Bases under an attached pronoun (هجومه -> هجوم; زيارته -> زياره)."""
    out: list[str] = []
    if not stem.endswith(PRONOUN_SUFFIXES):  # one test for the many stems with none of them
        return out
    for suf in PRONOUN_SUFFIXES:
        if stem.endswith(suf) and len(stem) - len(suf) >= 3:
            base = stem[: -len(suf)]
            out.append(base)
            if base.endswith(TA):
                out.append(base[:-1] + HA)
            break
    return out


@lru_cache(maxsize=20_000)  # about 900 bytes an entry; only the words around context-checked triggers come here
def _context_keys(token_norm: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """What a context word must equal to occur in a token (cached per token):
    one of its clitic readings; a reading less up to three final letters (a
    prefix of it); or a reading's ``_loose`` key."""
    stems = [stem for _, stem in clitic_splits(token_norm)]
    prefixes = frozenset(stem[: len(stem) - d] for stem in stems for d in range(min(3, len(stem)) + 1))
    return frozenset(stems), prefixes, frozenset(map(_loose, stems))


@lru_cache(maxsize=10_000)
def _word_keys(words: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """A row's context words keyed as ``_context_keys`` keys tokens: each word;
    the word as a prefix (less a final ه); its ``_loose`` key."""
    prefixes = frozenset(w[:-1] if w.endswith(HA) and len(w) > 3 else w for w in words)
    return frozenset(words), prefixes, frozenset(map(_loose, words))


_Candidate = tuple[int, bool, _Entry]  # (prefix length, future, entry) of a reading the index holds
_Readings = tuple[tuple[_Candidate, ...], tuple[_Candidate, ...]]  # a token's (noun, verb) candidates
_NO_READINGS: _Readings = ((), ())  # most tokens' (one object, so a test of identity skips them)
_READINGS_KEPT = 200_000  # tokens whose candidates a lexicon keeps
_STEM = itemgetter(1)  # of a (prefix length, stem[, future]) reading


class TriggerLexicon:
    """Trigger forms indexed by their first word."""

    def __init__(self, index: dict[str, list[_Entry]]) -> None:
        self._index = index
        self._candidates: dict[str, _Readings] = {}

    @classmethod
    def from_tsv(cls, text: str) -> TriggerLexicon:
        index: dict[str, list[_Entry]] = {}
        lines = [l for l in text.splitlines() if l and not l.startswith("#")]
        header = lines[0].split("\t")
        for line in lines[1:]:
            row = dict(zip(header, line.split("\t")))
            present = set(row["present"].split(",")) if row["present"] else set()
            ctx = tuple(w for w in row["context"].split("|") if w)
            exc = tuple(w for w in row["exclude"].split("|") if w)
            for form in row["forms"].split(","):
                words = form.split()
                if not words:
                    continue
                index.setdefault(words[0], []).append(_Entry(
                    tuple(_loose(w) for w in words[1:]), row["lemma"], row["pos"], row["plover"], row["cameo"],
                    int(row["quad_class"]), row["mode"], ctx, exc, row["sense"], row["report"], row["source"], form in present,
                ))
        return cls(index)

    @classmethod
    def default(cls) -> TriggerLexicon:
        """The shipped lexicon, loaded once."""
        return _default_lexicon()

    # -- matching ---------------------------------------------------------
    def find(self, doc: Document, sentence_index: int) -> list[TriggerMatch]:
        """Triggers in one sentence of a segmented, tokenised document, left to
        right; a token belongs to at most one trigger (the longest phrase, then
        curated over UP, then the entry with context)."""
        w = Window(doc, sentence_index)
        if any(map(_sporty, w.norms)):
            blocked = types.having("sport_blocked")
        else:
            blocked = frozenset()
        out: list[TriggerMatch] = []
        k = w.start  # the first token no trigger has taken yet
        kept = self._candidates.get  # most tokens were seen before: a look-up, not a call of _readings_in_index
        for i, norm in enumerate(w.norms, w.start):
            readings = kept(norm) or self._readings_in_index(norm)
            if readings is _NO_READINGS or i < k:
                continue
            found = self._match_at(w, i, readings)
            if found is None:
                continue
            entry, plen, fut, end = found
            if not (entry.plover in blocked or _in_title(w, i) or _simile(w, i) or _other_sense(w, i, end, entry)):
                out.append(self._make(w, i, end, entry, plen, fut))
            k = end
        return _coordinated(out, w)

    def _match_at(self, w: Window, k: int, readings: _Readings) -> tuple[_Entry, int, bool, int] | None:
        """Best entry starting at token ``k``, among the token's ``readings``:
        (entry, prefix len, future, end). A token in ta marbuta has no verb
        reading (قتلة "killers" is not قتل + ه; تظاهرة is the noun, though
        تظاهر + ه has a context word nearby)."""
        nouns, verbs = readings
        if verbs and not w.text(k).endswith(TA_MARBUTA):
            nouns += verbs
        best: tuple[tuple[int, int, int], tuple[_Entry, int, bool, int]] | None = None
        for plen, fut, e in nouns:
            end = k + 1 + len(e.rest)
            if end > w.end or any(_phrase_word(w[k + 1 + i]) != r for i, r in enumerate(e.rest)):
                continue
            if e.context and not _near(w, k, end, e.context, 4, 8 if e.pos == "verb" else 5):
                continue
            if e.exclude and _near(w, k, end, e.exclude, 3, 4):
                continue
            rank = (len(e.rest), e.source == "curated", bool(e.context))
            if best is None or rank > best[0]:
                best = (rank, (e, plen, fut, end))
        return best[1] if best else None

    def _readings_in_index(self, norm: str) -> _Readings:
        """The (noun, verb) readings of a token that head an entry of their part
        of speech, in the order ``_match_at`` tries them; kept per token, since
        most tokens have none and the same words come back sentence after sentence."""
        found = self._candidates.get(norm)
        if found is None:
            if len(self._candidates) >= _READINGS_KEPT:
                self._candidates.clear()
            index = self._index
            noun_readings, verb_readings = _noun_readings(norm), _verb_readings(norm)
            found = _NO_READINGS  # no stem heads an entry: most tokens
            if not (index.keys().isdisjoint(map(_STEM, noun_readings)) and index.keys().isdisjoint(map(_STEM, verb_readings))):
                nouns = tuple((p, False, e) for p, s in noun_readings for e in index.get(s, ()) if e.pos != "verb")
                verbs = tuple((p, f, e) for p, s, f in verb_readings
                              for e in index.get(s, ()) if e.pos == "verb" and (e.present or not f))
                if nouns or verbs:
                    found = (nouns, verbs)
            self._candidates[norm] = found
        return found

    def _make(self, w: Window, k: int, end: int, e: _Entry, plen: int, fut: bool) -> TriggerMatch:
        doc = w.doc
        start = doc.token_starts[k] + stem_offset(w.text(k), plen)
        stop = doc.token_ends[end - 1]
        plover, cameo, quad = e.plover, e.cameo, e.quad_class
        check, _, recode = e.sense.partition(":")
        if recode and eventive.SENSES[check](w, k, end):
            other = types.of_cameo(recode)  # شن هجوما لاذعا على، هاجم تصريحات: a verbal attack, ACCUSE 111
            plover, cameo, quad = other.name, recode, other.quad_class
        negated, modality = _status(w, k, end, e.present, fut, e.pos)
        mode = e.mode or None
        if types.get(plover).modes and not mode:
            mode = _mode(w, k, end, types.get(plover).modes)
        reported = _reported(w, k, end, e, plen)
        return TriggerMatch(start, stop, doc.text[start:stop], k, end, plover, cameo or None, quad, mode,
                            "verb" if e.pos == "verb" else "noun", negated, modality, e.lemma, e.source, reported)


def _other_sense(w: Window, k: int, end: int, e: _Entry) -> bool:
    """A trigger word in a sense that is no event of its type: its row's check
    (لقاء مبلغ "in exchange for", لا داعي "no need"), else its type's (a death in
    a traffic accident)."""
    check = e.sense if e.sense and ":" not in e.sense else types.get(e.plover).sense
    return bool(check) and eventive.SENSES[check](w, k, end)


def _coordinated(ms: list[TriggerMatch], w: Window) -> list[TriggerMatch]:
    """A bare verb form or an event noun joined by و to the event noun or
    masdar just before it (من قتل وذبح وخطف، تهمة ... وقتل واغتصاب وتعذيب) is
    in the same list: it shares that word's status instead of reporting on its own."""
    out: list[TriggerMatch] = []
    for m in ms:
        prev = out[-1] if out else None
        gap = m.token_start - prev.token_end if prev is not None else -1
        if (prev is not None and m.reported and w[m.token_start][:1] == WA
                and (gap == 0 or (gap == 1 and w[prev.token_end][:1] == WA))
                and (m.pos == "noun" or m.text == m.lemma) and not prev.reported and (prev.pos == "noun" or prev.text == prev.lemma)):
            m = replace(m, reported=False)
        out.append(m)
    return out


@lru_cache(maxsize=100_000)
def _phrase_word(n: str) -> str:
    """A later word of a phrase as the lexicon keys it: its article and ending dropped (cached per token)."""
    return _loose(_strip_article(n))


def _strip_article(n: str) -> str:
    """A later word of a phrase without its article (اطلاق النار -> نار)."""
    for _, stem in clitic_splits(n)[1:]:
        if n.endswith(stem) and n[: len(n) - len(stem)].endswith(ARTICLE):
            return stem
    return n


@lru_cache(maxsize=100_000)
def _sporty(norm: str) -> bool:
    """Whether a token reads as a sport word (its sentence blocks some types)."""
    return not _SPORT_WORDS.isdisjoint(map(_STEM, clitic_splits(norm)))


def _near(w: Window, k: int, end: int, words: tuple[str, ...], before: int, after: int) -> bool:
    """Whether one of ``words`` occurs in a token up to ``before`` tokens before
    the trigger or ``after`` tokens after it: as a clitic reading of it, as the
    start of a reading at most three letters longer, or with the same loose key."""
    whole, prefixes, loose = _word_keys(words)
    for n in w.before(k, before) + w.after(end, after):
        stems, starts, keys = _context_keys(n)
        if not (stems.isdisjoint(whole) and starts.isdisjoint(prefixes) and keys.isdisjoint(loose)):
            return True
    return False


def _in_title(w: Window, k: int) -> bool:
    """Inside the title of a book, film, song...: a title word just before the
    trigger, or before the quotation that holds it."""
    if any(n in _TITLE_WORDS or n[1:] in _TITLE_WORDS for n in w.before(k, 3)):
        return True
    q = _open_quote_before(w, k)
    return q is not None and any(n in _TITLE_WORDS or n[1:] in _TITLE_WORDS for n in w.before(q, 3))


def _simile(w: Window, k: int) -> bool:
    """كأن ("as if") just before: وكأن قنبلة انفجرت describes, it does not report."""
    return any(without_conjs(t).startswith(lexicon.words("as_if")) for t in w.texts(max(w.start, k - 3), k))


def _open_quote_before(w: Window, k: int) -> int | None:
    """The quotation mark still open at token ``k``, if any."""
    ascii_open: int | None = None
    stack: list[int] = []
    for i, n in enumerate(w.span(w.start, k), start=w.start):
        if n in _OPEN_QUOTES:
            stack.append(i)
        elif n in ("»", "”") and stack:
            stack.pop()
        elif n == '"':
            ascii_open = None if ascii_open is not None else i
    if stack:
        return stack[-1]
    return ascii_open


def _status(w: Window, k: int, end: int, present: bool, future: bool, pos: str) -> tuple[bool, str]:
    """(negated, modality) from the words around the trigger."""
    far = [_peel(n) for n in w.before(k, 12)]  # لم يستبعد scopes over a clause with commas
    wide = far[len(far) - len(w.clause_before(k, 10)):]  # the clause's part of ``far`` (peeled once)
    near = wide[-4:]
    for a, b in pairwise(far):
        if lexicon.has("ruling_out_negations", a) and b in _NOT_EXCLUDE:
            return False, "possible"  # لم يستبعد: not ruled out
    hesitation = next((i for i, (a, b) in enumerate(pairwise(near)) if lexicon.has("hesitation_negations", a) and b in eventive.NOT_HESITATE), None)
    if hesitation is not None:
        near = near[hesitation + 2 :]  # لم يتورع أحد عن إحراق نفسه: he did it
    for dist, n in enumerate(reversed(near), start=1):
        if _NEG_NEAR.get(n, 0) >= dist:
            return True, "denied"
    if any(n in _DENY for n in wide[-6:]):
        return True, "denied"
    if future or _FUTURE in near or any(_future_light_verb(n) for n in near):
        return False, "planned"
    if near and near[-1] == _MAY and present:
        return False, "possible"
    if near and lexicon.has("subjunctive_particles", near[-1]) and present and pos == "verb":
        return False, "planned"  # أن + present is the subjunctive: على أن ينظم، تخشى أن تؤدي
    if any(n in _POSSIBLE for n in wide[-6:]) or eventive.conditional(w, k):
        return False, "possible"
    if any(n in _PLANNED for n in wide):
        return False, "planned"
    if pos != "verb":
        after = [_peel(n) for n in _clause_after(w, end, 6)]
        for a, b in zip(after, after[1:] + [""]):
            if a == _FUTURE or (a == _MAY and b[:1] in (YA, TA)):
                return False, "planned" if a == _FUTURE else "possible"
            if b[:2] in (SA + YA, SA + TA) and lexicon.has("future_complementisers", a):  # أن + سـ: أن سيعقد
                return False, "planned"
        if any(a in _UPCOMING for a in after[:3]):
            return False, "planned"
    return False, "asserted"


def _future_light_verb(n: str) -> bool:
    """س + a light verb before an event noun, also after و/ف (وسيعقد اجتماعا)."""
    if n[:1] in CONJ and n[1:2] == SA:
        n = n[1:]
    return n[:1] == SA and n[1:] in _LIGHT_VERBS


def _clause_after(w: Window, end: int, n: int) -> list[str]:
    """Up to ``n`` tokens from ``end``, quotes dropped, stopping at a clause break."""
    out: list[str] = []
    for t in w.after(end, n):
        if t in eventive.CLAUSE_BREAKS:
            break
        if t not in eventive.QUOTES:
            out.append(t)
    return out


def _reported(w: Window, k: int, end: int, e: _Entry, plen: int) -> bool:
    """Whether the sentence reports this event rather than mentions it.

    Not when a mention frame stands just before it or a legal frame in its
    clause. A past or passive verb reports (unless it is a masdar after a
    preposition). A definite plural noun (الهجمات) names a class unless a verb
    right before reports it (تجددت المظاهرات). Any other noun, and a present
    verb, needs an anchor (outcome, occurrence verb, time) within
    ``ANCHOR_WINDOW`` tokens."""
    prev = [_peel_conj(n) for n in w.clause_before(k, 6) if n not in _QUOTES]
    if any(stem in _MENTION_FRAMES for n in prev[-2:] for _, stem in _noun_readings(n)):
        return False
    if any(stem in _LEGAL_FRAMES for n in prev for _, stem in _noun_readings(n)):
        return False
    if eventive.far_frame(w, k) or eventive.historic(w, k, end) or eventive.cumulative(w, end):
        return False
    if eventive.in_relative_clause(w, k):
        return False
    if e.report == "gathering":  # a chant: what a crowd does at a protest told elsewhere
        return eventive.gathering_near(w, k, end)
    if eventive.accomplished(w, k, plen):
        return True  # قام بإطلاق، نجح في قتل: the masdar is what was done
    head = w[k]
    definite = head[:plen].endswith((ARTICLE, LI + LI))
    if e.pos == "verb":
        bare = head[plen:] == normalise(e.lemma.split()[0])
        # a bare form after a preposition or with ب/ل/ك on it is a masdar (في قتل، لقتله، بخطف)
        is_masdar = bare and ((prev[-1:] and prev[-1] in _MASDAR_BEFORE) or any(c in PREP for c in head[:plen]))
        if not is_masdar and not e.present:
            return True
    elif not eventive.clause_subject(w, k, plen) and (
        eventive.relative_head(w, k, end, definite) or eventive.demonstrative(w, k)
    ):
        return False
    elif e.report == "crowd":
        return eventive.crowd_reported(w, k, end)
    elif definite and head.endswith(_FEMININE_PLURAL):
        return any(_is_anchor(n) for n in prev[-2:])
    if prev[-1:] == [_DONE]:
        return True  # تم + masdar is a passive verb (تم اختطافه)
    window = w.before(k, ANCHOR_WINDOW) + w.after(end, ANCHOR_WINDOW)
    return any(_is_anchor(n) for n in window)


@lru_cache(maxsize=100_000)
def _is_anchor(n: str) -> bool:
    """An anchor word, possibly with و/ف before it or a pronoun after it (شنتها);
    cached, as every trigger's window of words is tested."""
    return _peel_conj(n) in _ANCHORS or any(b in _ANCHORS for _, stem in clitic_splits(n)[:2] for b in _strip_pronoun(stem))


def _peel_conj(n: str) -> str:
    """Drop و/ف before an anchor or frame word (وقتل -> قتل)."""
    return n[1:] if n[:1] in CONJ and (n[1:] in _ANCHORS or n[1:] in _MENTION_FRAMES) else n


def _peel(n: str) -> str:
    """Drop a leading و/ف conjunction from a function word (ولم -> لم)."""
    return n[1:] if n[:1] in CONJ and len(n) > 2 and n[1:] in _FUNCTION_WORDS else n


_FUNCTION_WORDS = set(_NEG_NEAR) | _DENY | _POSSIBLE | _PLANNED | {_MAY, _FUTURE} | _NOT_EXCLUDE


def _mode(w: Window, k: int, end: int, modes: str) -> str:
    """The mode a type's mode list (``consult_modes``: هاتف telephone, زيار visit ...) gives
    the first of its stems in the trigger or just after it; ``meeting`` when none is there."""
    around = w.span(k, end + 3)
    return next((mode for stem, mode in lexicon.mapping(modes).items() if any(stem in n for n in around)), "meeting")


@lru_cache(maxsize=1)
def _default_lexicon() -> TriggerLexicon:
    text = resources.files("newsx").joinpath("data/events/triggers.tsv").read_text(encoding="utf-8")
    return TriggerLexicon.from_tsv(text)


def find_all(doc: Document, lexicon: TriggerLexicon | None = None) -> list[TriggerMatch]:
    """Triggers in every sentence of a segmented, tokenised document."""
    lex = lexicon or TriggerLexicon.default()
    return [m for s in range(len(doc.sentences)) for m in lex.find(doc, s)]


def detect(text: str) -> set[str]:
    """PLOVER types of the events a raw sentence reports: asserted, not negated,
    not merely planned or possible."""
    doc = tokenise(segment(Document(text)))
    return {m.plover for m in find_all(doc) if m.reported and not m.negated and m.modality == "asserted"}
