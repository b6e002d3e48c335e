"""The Arabic lexicon: every word list the rules read, as data, through one API.

Lists live in ``newsx/data/lexicon/*.tsv`` (columns ``list``, ``word``, and an
optional ``value`` for lists that map a word to something: a weekday to its
number, a relative day to its offset), written as
news writes them; ``newsx/data/lexicon/LISTS.tsv`` declares each list once: its
file, whether it holds grammar words or content words, which clitics a token may
carry and still count as the word, and what the list is for. Words are
normalised here, at load, so no rule spells a word pre-normalised by hand::

    from newsx.lang.ar import lexicon
    lexicon.has("speech_verbs", "وقال")   # True: the list tolerates the conjunction
    lexicon.norms("prepositions")          # frozenset of normalised forms
    lexicon.words("phrase_heads")          # as written, in file order
    lexicon.mapping("weekdays")            # normalised word -> its value (a string)

Clitics a list may tolerate (``clitics`` column, comma-separated): ``conj`` (و ف),
``prep`` (ب ل ك), ``article`` (ال, with لل = ل + ال), ``pronoun`` (attached
pronoun suffixes). A list tolerating none matches the whole token only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from newsx.lang.ar.clitics import readings
from newsx.lang.ar.normalise import normalise
from newsx.resources import read_tsv

CLITICS = frozenset({"conj", "prep", "article", "pronoun"})
KINDS = frozenset({"grammar", "content"})


@dataclass(frozen=True)
class WordList:
    name: str
    kind: str
    clitics: frozenset[str]
    words: tuple[str, ...]
    norms: frozenset[str]
    values: dict[str, str]  # normalised word -> value, for lists that give one


@lru_cache(maxsize=1)
def _lists() -> dict[str, WordList]:
    declared = {row["list"]: row for row in read_tsv("lexicon/LISTS.tsv")}
    words: dict[str, list[str]] = {}
    values: dict[str, dict[str, str]] = {}
    for file in sorted({row["file"] for row in declared.values()}):
        for row in read_tsv(f"lexicon/{file}"):
            if row["list"] not in declared:
                raise ValueError(f"lexicon/{file}: list {row['list']!r} is not declared in lexicon/LISTS.tsv")
            words.setdefault(row["list"], []).append(row["word"])
            if row.get("value"):
                values.setdefault(row["list"], {})[normalise(row["word"])] = row["value"]
    out = {}
    for name, row in declared.items():
        clitics = frozenset(c for c in row["clitics"].split(",") if c)
        if row["kind"] not in KINDS or not clitics <= CLITICS:
            raise ValueError(f"lexicon/LISTS.tsv: list {name!r} has kind {row['kind']!r}, clitics {row['clitics']!r}")
        ws = tuple(words.get(name, ()))
        out[name] = WordList(name, row["kind"], clitics, ws, frozenset(normalise(w) for w in ws), values.get(name, {}))
    return out


def word_list(name: str) -> WordList:
    """One declared list (a KeyError names a list that is not shipped)."""
    return _lists()[name]


def words(name: str) -> tuple[str, ...]:
    """A list's words or phrases as written, in file order."""
    return word_list(name).words


def norms(name: str) -> frozenset[str]:
    """A list's words, normalised."""
    return word_list(name).norms


def mapping(name: str) -> dict[str, str]:
    """A list's normalised words with their values (a list without values maps nothing)."""
    return word_list(name).values


def word_for(name: str, value: str) -> str:
    """The normalised word a list gives ``value``: a function word named by its role
    (``word_for("particles", "in")``), so rules spell no Arabic word."""
    return next(w for w, v in mapping(name).items() if v == value)


def has(name: str, token: str) -> bool:
    """Whether a token (raw or normalised) is a word of the list, allowing the clitics the list tolerates."""
    wl = word_list(name)
    norm = normalise(token)
    if norm in wl.norms:
        return True
    return bool(wl.clitics) and any(r in wl.norms for r in readings(norm, wl.clitics)[1:])


def names() -> list[str]:
    return sorted(_lists())
