"""Linker: gives every mention, whichever recogniser found it, its canonical
name and codes from the gazetteer, and splits GPE from LOC for recognisers
whose training data tags countries and cities as LOC."""

from __future__ import annotations

from collections import Counter

from newsx import wordlists
from newsx.document import Document, Entity
from newsx.gazetteer import Gazetteer
from newsx.normalise import clitic_splits, normalise
from newsx.translit import romanise

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
    return doc


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
    firsts = {stem for _, stem in clitic_splits(words[0], False)} | {"ا" + words[0]}  # للحزب written لحزب
    return next((key for first in firsts if (key := (first, *words[1:])) in _SHARED), None)
