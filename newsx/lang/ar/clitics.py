"""Clitic peeling for Arabic tokens, in one place.

News writes the conjunctions و ف, the prepositions ب ل ك and the article ال
on the word (وللحكومة = و + ل + ال + حكومة), and pronouns after it
(زيارته = زيارة + ه). Every stage that looks a word up peels them here, on
normalised tokens (``newsx.lang.ar.normalise``), so the rules never spell
a clitic letter; ``stem_offset`` maps a peeled reading back to the original
characters, so spans never point into a normalised copy.
"""

from __future__ import annotations

from functools import lru_cache

from newsx.lang.ar.normalise import normalise_with_map

CONJ = ("و", "ف")
PREP = ("ب", "ل", "ك")  # ل: لل is ل + ال with the alef dropped
ARTICLE = "ال"
# the letters by name, for rules that test one of them (وماكرون: و joins two subjects; بالحكومة, لروسيا)
WA, FA = CONJ
BI, LI, KA = PREP
ALEF = ARTICLE[0]  # للأمم is ل + الأمم with the article's alef dropped
# a preposition on the article: للوزير (ل + ال), بالحكومة
PREP_ARTICLE = (LI + LI, BI + ARTICLE)
DAMMA = "\u064f"  # the vowel that marks a written passive (قُتل)
YA, TA, NUN = "ي", "ت", "ن"
PRESENT_PREFIXES = (YA, TA, NUN)  # the present tense's person prefixes (يقتل، تقتل، نقتل)
SA = "س"  # the future proclitic on an imperfect verb (سيعقد, سيزور)
HA = "ه"  # the pronoun ه, and ة as normalised (زيارته -> زيارت -> زياره)
TA_MARBUTA = "ة"  # as written: a word in ة has no verb reading
PRONOUNS = ("هما", "كما", "هم", "هن", "كم", "كن", "ها", "نا", "ه", "ك", "ي")
# one-letter proclitics a corpus may write as tokens of their own (و غيث)
PROCLITIC_LETTERS = frozenset(CONJ + PREP)
# the proclitic runs a word may start with: و, ب, وب, فل ...
PROCLITIC_RUNS = CONJ + PREP + tuple(c + p for c in CONJ for p in PREP)
# prefixes that make a word definite: the article, after any proclitic run, and لل (ل + ال)
_DEFINITE = ("لل", "ولل", "فلل") + tuple(run + ARTICLE for run in ("",) + PROCLITIC_RUNS if run[-1:] != "ل")


@lru_cache(maxsize=200_000)
def clitic_splits(norm: str, article: bool = True) -> tuple[tuple[int, str], ...]:
    """Possible (prefix length, stem) readings of a normalised token, the token
    itself first: و/ف, then ب/ل/ك, then the article ال (لل = ل + ال).
    ``article=False`` keeps ال on the stem: names are listed as news writes them
    (العراق), and stripping it would read السورية (Syrian) as سورية (Syria).

    Stems shorter than two letters are not offered, so و in ولد stays a letter
    of the word for the matcher that tries the whole form first.

    Cached, and the readings without the article are those with it less the
    ones whose prefix ends in ال (no other reading of a token can be one of
    those), so a token both the NER features and the gazetteer peel is split once."""
    if norm[:1] not in PROCLITIC_LETTERS:  # most words: only the article to try
        if article and len(norm) > 3 and norm.startswith(ARTICLE):
            return ((0, norm), (2, norm[2:]))
        return ((0, norm),)
    if not article:
        return tuple(r for r in clitic_splits(norm) if not (r[0] > 1 and norm.endswith(ARTICLE, 0, r[0])))
    readings: list[tuple[int, str]] = [(0, norm)]
    seen = {norm}
    for s in _proclitic_starts(norm):
        rest = norm[s:]
        stems = [(s, rest)]
        if rest.startswith(LI) and s > 0 and norm[s - 1] == LI:
            stems.append((s, ALEF + rest))  # لل is ل + ال with the alef dropped: للامم -> ل + الامم
        if rest.startswith(ARTICLE):
            stems.append((s + 2, rest[2:]))
        for n, stem in stems:
            if len(stem) >= 2 and stem not in seen:
                seen.add(stem)
                readings.append((n, stem))
    return tuple(readings)


def _proclitic_starts(norm: str) -> list[int]:
    """Where the word may begin after و/ف and then one of ب/ل/ك."""
    starts = [0]
    if norm[:1] in CONJ:
        starts.append(1)
    starts += [s + 1 for s in list(starts) if norm[s : s + 1] in PREP]
    return starts


def readings(norm: str, clitics: frozenset[str]) -> list[str]:
    """A normalised token and the forms left when the tolerated clitics
    (``conj``, ``prep``, ``article``, ``pronoun``: a lexicon list's declaration)
    are peeled off, the token itself first. Stems shorter than two letters are
    not offered."""
    out = [norm]
    starts = [0]
    if "conj" in clitics and norm[:1] in CONJ:
        starts.append(1)
    if "prep" in clitics:
        starts += [s + 1 for s in list(starts) if norm[s : s + 1] in PREP]
    for s in starts:
        rest = norm[s:]
        forms = [rest]
        if "article" in clitics:
            if rest.startswith(ARTICLE):
                forms.append(rest[2:])
            elif s > 0 and norm[s - 1] == "ل" and rest.startswith("ل"):
                forms.append(rest[1:])  # لل = ل + ال with the alef dropped: للحكومة -> حكومة
        if "pronoun" in clitics:
            stems = [f[: -len(p)] for f in list(forms) for p in PRONOUNS if f.endswith(p) and len(f) - len(p) >= 2]
            forms += stems + [f[:-1] + "ة" for f in stems if f.endswith("ت")]  # زيارته -> زيارة
        out += [f for f in forms if len(f) >= 2 and f not in out]
    return out


@lru_cache(maxsize=50_000)
def stem_offset(token_text: str, norm_prefix_len: int) -> int:
    """Character offset inside ``token_text`` where a clitic reading's stem
    begins, given how many normalised characters the proclitics took (cached:
    the gazetteer, triggers and actors ask it of the same words over and over)."""
    if norm_prefix_len == 0:
        return 0
    _, offsets = normalise_with_map(token_text)
    return offsets[min(norm_prefix_len, len(offsets) - 1)]


def without_conjs(norm: str) -> str:
    """A normalised token without every و/ف it opens with (ولم, فولم -> لم)."""
    return norm.lstrip(WA + FA)


def without_conj(norm: str) -> str:
    """A normalised token without the conjunction و/ف on it (وقال -> قال)."""
    return norm[1:] if norm[:1] in CONJ else norm


def conj_before_article(norm: str) -> int:
    """Letters of و/ف before the article (والروسية: 1), else 0."""
    return 1 if norm[:1] in CONJ and norm[1:3] == ARTICLE else 0


def is_definite(norm: str) -> bool:
    """Whether a token carries the article, after any proclitics (الجيش, وبالجيش, للجيش)."""
    return norm.startswith(_DEFINITE)


def from_article(norm: str) -> str:
    """A definite token from its article on (بالجنوب, وبالجنوب -> الجنوب; للجنوب -> الجنوب);
    other tokens as they are."""
    for s in _proclitic_starts(norm)[1:]:
        if norm[s:].startswith(ARTICLE):
            return norm[s:]
        if norm[s - 1] == "ل" and norm[s:].startswith("ل"):
            return ARTICLE + norm[s + 1 :]
    return norm


def has_future_prefix(norm: str) -> bool:
    """سيترشح, ستزور, سنعمل: the future proclitic س on an imperfect verb."""
    return len(norm) >= 5 and norm[0] == SA and norm[1] in PRESENT_PREFIXES


IMPERFECT = PRESENT_PREFIXES + (ALEF,)
ENDINGS = ("ون", "ين", "ان", "وا", "ات", "ها", "هم", "ت", "ة", "ه")


def rough_lemma(stem: str) -> str:
    """A stem without a present-tense prefix or a common ending (يندد, تندد, نددت -> ندد): a
    rough lemma, so that one verb's forms share evidence where each form alone is rare."""
    if len(stem) > 4 and stem[0] in IMPERFECT:
        stem = stem[1:]
    if not stem.endswith(ENDINGS):  # one test for the many stems with none of them
        return stem
    for end in ENDINGS:
        if len(stem) - len(end) >= 3 and stem.endswith(end):
            return stem[: -len(end)]
    return stem
