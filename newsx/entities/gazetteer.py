"""Gazetteer matcher: longest match of known names over a sentence's tokens.

A permanent component: it recognises entities on its own (``--ner gazetteer``),
supplies features to the trained model, and links any recogniser's mentions to
canonical names and codes. Matching runs on normalised tokens; the first token
of a name may carry proclitics (وروسيا, للأمم) which the reported span leaves out.
People after a title (الرئيس، وزير الخارجية الكازاخي، اللواء ...) are found by a
context pattern even when the name itself is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from newsx.lang.ar import lexicon as wordlists
from newsx.text.document import Document, Entity
from newsx.lang.ar.clitics import ARTICLE, LI, clitic_splits, has_future_prefix, is_definite, stem_offset
from newsx.lang.ar.letters import ALEF, FIRST_LETTER, LAST_LETTER, NISBA, TATWEEL
from newsx.lang.ar.normalise import normalise
from newsx.cache import cached
from newsx.resources import DATA_DIR, read_tsv, read_words
from newsx.text.tokenise import token_offsets

TYPES = ("PER", "ORG", "GPE", "LOC")
# which row wins when one surface has several readings
_TYPE_PRIORITY = {"GPE": 0, "ORG": 1, "PER": 2, "LOC": 3}
_MAX_NAME_TOKENS = 3
_MATCHES_KEPT = 4096  # sentences whose matches ``Gazetteer.match`` keeps (a batch of 16 long articles' worth)
_STARTS_KEPT = 200_000  # tokens whose readings ``Gazetteer._starts`` keeps
# names that are also common words (مالي: Mali, and "financial"): a match only
# after a word that introduces a place (في مالي, شمال مالي, حكومة مالي)
_PLACE_ONLY_IN_CONTEXT = wordlists.norms("place_only_in_context")
_PLACE_CONTEXT = wordlists.norms("place_context")
# name words that take an article-prefixed word after them
_NAME_LINKS = wordlists.norms("name_links")
# words between a title and the name: الرئيس الأمريكي الأسبق جورج بوش
_TITLE_MODIFIERS = wordlists.norms("title_modifiers")
# words that end a name found after a title
_NAME_STOP = wordlists.norms("name_stop")


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One known name: what it is and how to code it."""

    type: str
    canonical: str
    country: str
    code: str
    source: str

    def __reduce__(self) -> tuple[type, tuple[str, ...]]:
        # pickled as its fields: a frozen slots dataclass's own state functions
        # take ten times longer to load the cached gazetteer's 3,300 entries
        return GazEntry, (self.type, self.canonical, self.country, self.code, self.source)


# a country name that is also a capital's (عمان: Oman, and Amman): the city where
# the text says so (العاصمة عمان, عمان الأردنية, a dateline عمان ـ)
_CITY_READING = {
    word: GazEntry("GPE", *value.split(), "curated") for word, value in wordlists.mapping("capital_homographs").items()
}
_CAPITAL_WORDS = wordlists.norms("capital_words")
# an organisation named by a common place noun (الجزيرة: Al Jazeera, and "the island /
# peninsula"): the place after a compass or region word (شرق الجزيرة, ولاية الجزيرة)
_ORG_OR_REGION = wordlists.norms("org_or_region")
# names that fold onto a common word once hamza is normalised: matched only as written
_AS_WRITTEN = {normalise(w): w for w in wordlists.words("as_written")}
_REGION_WORDS = wordlists.norms("region_words")
_DASHES = frozenset(("", TATWEEL, "-", "–", "—"))  # tatweel normalises to ""


def _no_clitics(norm: str) -> set[str]:
    """A token's readings without proclitics (بشرق -> شرق)."""
    return {w for _, w in clitic_splits(norm, False)}


def _before(norms: list[str], i: int) -> set[str]:
    """The readings of the word before token i without proclitics (none at the start)."""
    return _no_clitics(norms[i - 1]) if i else set()


def _city_context(norms: list[str], i: int) -> bool:
    before = _before(norms, i)
    after = norms[i + 1] if i + 1 < len(norms) else ""
    dateline = after in _DASHES and ":" in norms[i + 2 : i + 7]
    return bool(before & _CAPITAL_WORDS) or after in _CAPITAL_WORDS or dateline


def _one_word_reading(
    entry: GazEntry, stem: str, plen: int, norms: list[str], i: int, tokens: list[str]
) -> GazEntry | None:
    """What a one-word name means here: None where its context makes it a
    common word, the city where a country's name is the capital's too."""
    if stem in _PLACE_ONLY_IN_CONTEXT and plen == 0 and not _before(norms, i) & _PLACE_CONTEXT:
        return None  # دعم مالي: financial support, not Mali
    if stem in _AS_WRITTEN and tokens[i] != _AS_WRITTEN[stem]:
        return None  # وأم مغربية ("and a Moroccan mother") is not وام, the UAE news agency
    if stem in _ORG_OR_REGION and _before(norms, i) & _REGION_WORDS:
        return None  # شرق الجزيرة السورية: a region, not the channel
    if stem in _CITY_READING and _city_context(norms, i):
        return _CITY_READING[stem]  # العاصمة عمان, عمان ـ ا ف ب: Amman, not Oman
    return entry


@dataclass(frozen=True, slots=True)
class Match:
    """A gazetteer hit over tokens ``i:j`` of a token list; the first token's
    proclitics take ``skip`` characters of its original text."""

    i: int
    j: int
    skip: int
    entry: GazEntry
    found_by: str = "gazetteer"


@dataclass(frozen=True, slots=True)
class _Starts:
    """The clitic readings of one token that may open an entry, in reading order."""

    names: tuple[tuple[int, str, int], ...]  # (prefix length, stem, tokens of its longest name)
    phrases: tuple[tuple[int, str], ...]  # (prefix length, stem) opening a title or agent phrase
    nationalities: tuple[str, ...]  # stems that are a nationality or its first word


_NO_STARTS = _Starts((), (), ())  # most tokens'


def _phrase_key(surface: str) -> tuple[str, ...]:
    return tuple(normalise(surface[s:e]) for s, e in token_offsets(surface))


class Gazetteer:
    """Names, nationality adjectives and titles, indexed by normalised tokens."""

    def __init__(
        self,
        rows: list[dict[str, str]],
        nationalities: list[dict[str, str]] | None = None,
        titles: list[dict[str, str]] | None = None,
        common_words: frozenset[str] = frozenset(),
    ) -> None:
        self.common_words = common_words
        self.phrases: dict[tuple[str, ...], GazEntry] = {}
        self._max_len: dict[str, int] = {}
        for row in rows:
            if row.get("type") not in TYPES:
                continue
            key = _phrase_key(row["surface"])
            if not key:
                continue
            entry = GazEntry(
                row["type"], row.get("canonical", ""), row.get("country", ""),
                row.get("code", ""), row.get("source", ""),
            )
            old = self.phrases.get(key)
            if old is None or _TYPE_PRIORITY[entry.type] < _TYPE_PRIORITY[old.type]:
                self.phrases[key] = entry
            self._max_len[key[0]] = max(self._max_len.get(key[0], 0), len(key))
        self.nationalities: dict[str, str] = {}
        for row in nationalities or ():
            form = normalise(row["surface"])
            self.nationalities[form] = row["country"]
            if form.endswith(NISBA) and " " not in form and not form.startswith(ARTICLE):
                self.nationalities.setdefault(form + ALEF, row["country"])  # accusative: مدنيا أفغانيا
        self._nationality_firsts = {form.split(" ", 1)[0] for form in self.nationalities}
        # title phrases precede a name (الرئيس); agent phrases are generic actors (الجيش)
        self.titles: dict[tuple[str, ...], str] = {}
        self.agents: dict[tuple[str, ...], str] = {}
        self._phrase_max = 1
        self._phrase_first: set[str] = set()
        for row in titles or ():
            table = self.agents if row.get("kind") == "agent" else self.titles
            key = _phrase_key(row["surface"])
            if key:
                table.setdefault(key, row.get("role", ""))
                self._phrase_max = max(self._phrase_max, len(key))
                self._phrase_first.add(key[0])
        self._matched: dict[tuple[str, ...], list[Match]] = {}
        self._starts_of: dict[str, _Starts] = {}

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "Gazetteer":
        """The shipped gazetteer, loaded once per process (from ``newsx.cache`` after the first)."""
        files = ("entities.tsv", "nationalities.tsv", "titles.tsv", "common_words.txt")
        return cached("gazetteer", [DATA_DIR / "gazetteer" / f for f in files], lambda: cls(
            list(read_tsv("gazetteer/entities.tsv")),
            list(read_tsv("gazetteer/nationalities.tsv")),
            list(read_tsv("gazetteer/titles.tsv")),
            read_words("gazetteer/common_words.txt"),
        ))

    def _starts(self, norm: str) -> _Starts:
        """The token's readings that open a name, a title or agent phrase, or a
        nationality, kept per token: every token of every sentence is asked
        (by the matcher, the actors and the NER features) and most open nothing."""
        found = self._starts_of.get(norm)
        if found is None:
            if len(self._starts_of) >= _STARTS_KEPT:
                self._starts_of.clear()
            readings = clitic_splits(norm, False)
            stems = [stem for _, stem in readings]
            found = _NO_STARTS
            if not (self._max_len.keys().isdisjoint(stems) and self._phrase_first.isdisjoint(stems)
                    and self._nationality_firsts.isdisjoint(stems)):  # set-level tests first: most tokens open nothing
                names = tuple((plen, stem, self._max_len[stem]) for plen, stem in readings if stem in self._max_len)
                phrases = tuple((plen, stem) for plen, stem in readings if stem in self._phrase_first)
                nationalities = tuple(stem for stem in stems if stem in self._nationality_firsts)
                found = _Starts(names, phrases, nationalities)
            self._starts_of[norm] = found
        return found

    def describes(self, norm: str) -> bool:
        """Whether a token may open a title or agent phrase or a nationality
        (a scan for descriptions skips the many that open none)."""
        starts = self._starts(norm)
        return bool(starts.phrases or starts.nationalities)

    # -- lookups ----------------------------------------------------------
    def lookup(self, text: str) -> GazEntry | None:
        """Entry for a whole mention (e.g. a model's span), proclitics allowed."""
        norms = [normalise(text[s:e]) for s, e in token_offsets(text) if text[s:e] != "#"]
        if not norms:
            return None
        firsts = [stem for _, stem in clitic_splits(norms[0], False)]
        if norms[0].startswith(LI):
            firsts.append(ALEF + norms[0])  # لولايات: the span left after للولايات lost its alef
        for stem in firsts:
            entry = self.phrases.get((stem, *norms[1:]))
            if entry is not None:
                return entry
        return None

    def starts_name(self, norm_token: str) -> bool:
        """Whether a known name begins with this (normalised) word."""
        return norm_token in self._max_len

    def nationality(self, norm_token: str) -> str | None:
        """Country code of a nationality adjective (الروسي -> RUS), clitics allowed."""
        hit = self.nationality_at([norm_token], 0)
        return hit[1] if hit else None

    def nationality_at(self, norms: list[str], i: int) -> tuple[int, str] | None:
        """(end, country) of the longest nationality adjective at token i:
        الكوري الشمالي -> PRK before الكوري -> KOR."""
        for stem in self._starts(norms[i]).nationalities:
            if i + 1 < len(norms):
                code = self.nationalities.get(f"{stem} {norms[i + 1]}")
                if code:
                    return i + 2, code
            code = self.nationalities.get(stem)
            if code:
                return i + 1, code
        return None

    def nationality_within(self, norms: list[str], start: int, end: int) -> str | None:
        """The country of the first nationality adjective starting in tokens
        ``start:end`` (العسكريين الروس, حزب العمال الكردستاني)."""
        return next((nat[1] for t in range(start, end) if (nat := self.nationality_at(norms, t))), None)

    # -- matching ---------------------------------------------------------
    def match(self, tokens: list[str]) -> list[Match]:
        """Longest non-overlapping matches over one sentence's token texts.

        Hashtag marks are read through (الرئيس الأميركي دونالد #ترمب). The
        last sentences' matches are kept: the NER tagger's features and the
        known-name merge both ask for the same sentence, one after the other."""
        key = tuple(tokens)
        found = self._matched.get(key)
        if found is None:
            if len(self._matched) >= _MATCHES_KEPT:  # the older half goes: the newest may be asked for again
                for old in list(islice(self._matched, _MATCHES_KEPT // 2)):
                    del self._matched[old]
            found = self._matched[key] = self._match(tokens)
        return list(found)

    def _match(self, tokens: list[str]) -> list[Match]:
        kept = [k for k, t in enumerate(tokens) if t != "#"] if "#" in tokens else None
        words = tokens if kept is None else [tokens[k] for k in kept]
        norms = list(map(normalise, words))
        found: list[Match] = []
        i = 0  # where the next match may start
        for k in self._openers(norms):
            if k < i:
                continue  # inside the last match
            best = self._longest_at(norms, k, words)
            hits = [best] if best is not None else self._title_person(norms, k, words)
            if hits:
                found.extend(hits)
                i = hits[-1].j
        if kept is None:
            return found
        return [Match(kept[m.i], kept[m.j - 1] + 1, m.skip, m.entry, m.found_by) for m in found]

    def _openers(self, norms: list[str]) -> list[int]:
        """Where the tokens that open a name or a title stand: the kept
        readings of the tokens looked up in one pass, most of which open nothing."""
        known = map(self._starts_of.get, norms)
        return [k for k, (norm, starts) in enumerate(zip(norms, known))
                if (starts or self._starts(norm)) is not _NO_STARTS]

    def _longest_at(self, norms: list[str], i: int, tokens: list[str]) -> Match | None:
        best: Match | None = None
        for plen, stem, longest in self._starts(norms[i]).names:
            for size in range(min(longest, len(norms) - i), 0, -1):
                if best is not None and size <= best.j - best.i:
                    break
                entry = self.phrases.get((stem, *norms[i + 1 : i + size]))
                if entry is not None and size == 1:
                    entry = _one_word_reading(entry, stem, plen, norms, i, tokens)
                if entry is not None:
                    best = Match(i, i + size, stem_offset(tokens[i], plen), entry)
                    break
        return best

    def phrase_at(
        self, table: dict[tuple[str, ...], str], norms: list[str], i: int
    ) -> tuple[int, str, int] | None:
        """(end, role, proclitic length) of the longest ``titles``/``agents``
        phrase at token i."""
        for plen, stem in self._starts(norms[i]).phrases:
            for size in range(min(self._phrase_max, len(norms) - i), 0, -1):
                role = table.get((stem, *norms[i + 1 : i + size]))
                if role is not None:
                    return i + size, role, plen
        return None

    def _title_person(self, norms: list[str], i: int, tokens: list[str]) -> list[Match]:
        """A person named right after a title: title [nationality] [org or agent] Name.

        The name is up to three words that are not function words, optionally
        closed by a family name with the article (سفيان القضاة) before a
        function word or punctuation. Without that family name, at least one
        word must be uncommon in news (a verb and its object after الرئيس
        الروسي are not a name). Known names passed on the way (الكرملين in
        الناطق باسم الكرملين) are returned too, before the person."""
        hit = self.phrase_at(self.titles, norms, i)
        if hit is None:
            return []
        k, role, _ = hit
        country = ""
        passed: list[Match] = []
        while k < len(norms):
            nat = self.nationality_at(norms, k)
            if nat:
                k, country = nat[0], country or nat[1]
                continue
            known = self._longest_at(norms, k, tokens)
            if known is not None and known.entry.type in ("ORG", "GPE"):
                country = country or known.entry.country  # الناطق باسم الكرملين -> RUS
                passed.append(known)
                k = known.j
                continue
            agent = self.phrase_at(self.agents, norms, k)
            if agent is not None:
                k = agent[0]
                continue
            if norms[k] in _TITLE_MODIFIERS:
                k += 1
                continue
            break
        start = k
        while k < len(norms) and k - start < _MAX_NAME_TOKENS:
            word = norms[k]
            compound = k > start and norms[k - 1] in _NAME_LINKS  # عبد الله, أبو الغيط
            if not (_name_like(word) or compound and word.startswith(ARTICLE)) or word in self._phrase_first:
                break  # والكاتب: another title, not a name
            if k > start and (has_future_prefix(word) or word in self.common_words):
                break  # جيب بوش سيترشح, مراد كانوا: the name ends where the sentence goes on
            k += 1
        family = k > start and k < len(norms) and _family_name(norms, k) and self.nationality(norms[k]) is None
        if family:
            k += 1
        if k == start:
            return passed
        known = self._longest_at(norms, start, tokens)
        if known is not None:
            return passed + [known] if known.entry.type == "PER" else passed
        if not family and all(w in self.common_words for w in norms[start:k]):
            return passed
        entry = GazEntry("PER", "", country, country + role if country else role, "title")
        return passed + [Match(start, k, 0, entry, found_by="title-pattern")]

    def bio_tags(self, tokens: list[str]) -> list[str]:
        """Longest-match BIO tags for a token list (a feature for taggers)."""
        tags = ["O"] * len(tokens)
        for m in self.match(tokens):
            tags[m.i] = "B-" + m.entry.type
            for k in range(m.i + 1, m.j):
                tags[k] = "I-" + m.entry.type
        return tags


def _family_name(norms: list[str], k: int) -> bool:
    """An article-prefixed family name closing a name (القضاة, الأسد) before a
    function word, punctuation or the sentence end."""
    word = norms[k]
    nxt = norms[k + 1] if k + 1 < len(norms) else ""
    return (
        word.startswith(ARTICLE) and len(word) > 3 and word not in _NAME_STOP
        and all(FIRST_LETTER <= c <= LAST_LETTER for c in word)
        and (not nxt or nxt in _NAME_STOP or not nxt[:1].isalpha())
    )


def _name_like(norm: str) -> bool:
    """Could this token be part of a personal name?"""
    return (
        len(norm) >= 2
        and norm not in _NAME_STOP
        and not is_definite(norm)
        and all(FIRST_LETTER <= c <= LAST_LETTER for c in norm)
    )


class GazetteerRecogniser:
    """``--ner gazetteer``: names from the gazetteer and the title patterns."""

    name = "gazetteer"

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.default()

    def __call__(self, doc: Document) -> list[Entity]:
        out: list[Entity] = []
        starts, ends = doc.token_starts, doc.token_ends
        for k, sent in enumerate(doc.sentences):
            tokens = doc.token_texts(sent.token_start, sent.token_end)
            for m in self.gazetteer.match(tokens):
                start = starts[sent.token_start + m.i] + m.skip
                end = ends[sent.token_start + m.j - 1]
                ent = doc.entity(start, end, m.entry.type, sentence=k, score=1.0, found_by=m.found_by)
                ent.attrs.update(country=m.entry.country or None, code=m.entry.code or None)
                if m.found_by != "title-pattern":
                    ent.canonical = m.entry.canonical or None  # linked here, in context (عمان: Amman or Oman)
                out.append(ent)
        return _one_reading(out)


def _one_reading(found: list[Entity]) -> list[Entity]:
    """A country/capital homograph read as the city once in context (the
    dateline عمان ـ) is the city wherever the article writes it alone."""
    cities = {e.text: entry for e in found for entry in _CITY_READING.values() if e.canonical == entry.canonical}
    for e in found:
        entry = cities.get(e.text)
        if entry is not None and e.canonical != entry.canonical:
            e.canonical = entry.canonical
            e.attrs.update(country=entry.country, code=entry.code)
    return found
