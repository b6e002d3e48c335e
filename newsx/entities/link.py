"""Linker: gives every mention, whichever recogniser found it, its canonical
name and codes from the gazetteer, and splits GPE from LOC for recognisers
whose training data tags countries and cities as LOC."""

from __future__ import annotations

from collections import Counter

from newsx.lang.ar import lexicon as wordlists
from newsx.text.document import Document, Entity
from newsx.entities.gazetteer import Gazetteer
from newsx.lang.ar.clitics import clitic_splits
from newsx.lang.ar.letters import ALEF
from newsx.lang.ar.normalise import normalise
from newsx.lang.ar.translit import romanise

# words between an unknown place and the known place it lies in (قرية كفر قليل جنوب نابلس)
_WITHIN = wordlists.norms("within_place")
_MAX_WITHIN = 5  # words between them at most
_FROM = wordlists.word_for("particles", "from")
_NEAR = wordlists.norms("near_words")
# party names many countries share (الحزب الجمهوري, حزب العمال)
_SHARED = frozenset(tuple(normalise(w) for w in name.split()) for name in wordlists.words("shared_names"))


def link(doc: Document, gazetteer: Gazetteer | None = None) -> Document:
    """Fill ``canonical`` and ``attrs`` (country, code) where the gazetteer knows the name."""
    gaz = gazetteer or Gazetteer.default()
    for ent in doc.entities:
        if ent.canonical and ent.found_by in ("gazetteer", "model+gazetteer"):
            continue  # the gazetteer linked it in context already (العاصمة عمان: Amman)
        entry = gaz.lookup(ent.text)
        if entry is None:
            continue
        if ent.type == "LOC" and entry.type == "GPE":
            ent.type = "GPE"
        if entry.type != ent.type and {entry.type, ent.type} != {"GPE", "LOC"}:
            continue  # same string, different thing (a person named after a city)
        ent.canonical = entry.canonical or ent.canonical
        for key, value in (("country", entry.country), ("code", entry.code)):
            if not ent.attrs.get(key):
                ent.attrs[key] = value or None
    _localise_shared_names(doc.entities)
    _places_within(doc)
    _check_bare_surnames(doc, gaz)
    return doc


def _check_bare_surnames(doc: Document, gaz: Gazetteer) -> None:
    """A person named by one word only (بيريز، العامري) keeps the gazetteer's
    identity only in an article that names that person's country (as a place
    or a nationality) when it names any: بيريز in an article on the US
    Democrats is not Shimon Peres, العامري in one on the Berlin attack not Hadi
    al-Amiri."""
    bare = [e for e in doc.entities if e.type == "PER" and e.canonical and e.attrs.get("country")
            and len(e.text.split()) == 1 and e.found_by != "title-pattern"]
    if not bare:
        return
    named = {e.canonical for e in doc.entities if len(e.text.split()) > 1}
    bare_ids = {id(e) for e in bare}
    countries = {e.attrs.get("country") for e in doc.entities if id(e) not in bare_ids and e.attrs.get("country")}
    norms = doc.norms
    countries |= {nat[1] for i in range(len(norms)) if (nat := gaz.nationality_at(norms, i))}
    if not countries:
        return  # no country context to judge by (a short text): keep the famous bearer
    for ent in bare:
        if ent.canonical not in named and ent.attrs["country"] not in countries:
            ent.canonical = None
            ent.attrs.update(country=None, code=None)


def _places_within(doc: Document) -> None:
    """A place the gazetteer does not know takes the country of the known
    place the text puts it in (قرية دمادولا التي تقع شمال شرقي باكستان, بلدة
    الرشاد جنوب كركوك), through other unknown places between them."""
    places = [e for e in doc.entities if e.type in ("GPE", "LOC")]
    for k, ent in enumerate(places):
        if ent.attrs.get("country"):
            continue
        end = ent.end
        for nxt in places[k + 1 :]:
            words = _between(doc.text[end : nxt.start])
            if (nxt.sentence != ent.sentence or len(words) > _MAX_WITHIN or any(w not in _WITHIN for w in words)
                    or words == ["،"]):
                break  # a comma alone lists places (غوما، كينيا); it does not put one in the other
            if nxt.attrs.get("country"):
                ent.attrs["country"] = nxt.attrs["country"]
                ent.attrs["code"] = ent.attrs.get("code") or nxt.attrs["country"]
                break
            end = nxt.end


def _between(text: str) -> list[str]:
    """The normalised words between two places, with من kept only in بالقرب من
    (من alone is "from": بشمال أفريقيا من المغرب)."""
    words = [normalise(w) for w in text.replace("،", " ، ").split()]
    return [w for i, w in enumerate(words) if not (w == _FROM and i and words[i - 1] in _NEAR)]


def _localise_shared_names(entities: list[Entity]) -> None:
    """A name many countries' parties share (الحزب الجمهوري) is the gazetteer's
    party only in an article that names that country elsewhere; otherwise it
    is the party of the country the article names most, or of none."""
    shared = {id(e): name for e in entities if e.attrs.get("country") and (name := _shared_name(e.text))}
    if not shared:
        return
    countries = Counter(e.attrs["country"] for e in entities if e.attrs.get("country") and id(e) not in shared)
    home = countries.most_common(1)[0][0] if countries else None
    for ent in entities:
        name = shared.get(id(ent))
        if name is None or countries[ent.attrs["country"]]:
            continue
        role = (ent.attrs.get("code") or "")[3:]
        ent.canonical = romanise(" ".join(name))  # one name for the party's every form (للحزب الجمهوري)
        ent.attrs.update(country=home, code=((home or "") + role) or None)


def _shared_name(text: str) -> tuple[str, ...] | None:
    """The shared party name the mention is (without a proclitic), if any."""
    words = [normalise(w) for w in text.split()]
    if not words:
        return None
    firsts = {stem for _, stem in clitic_splits(words[0], False)} | {ALEF + words[0]}  # للحزب written لحزب
    return next((key for first in firsts if (key := (first, *words[1:])) in _SHARED), None)
