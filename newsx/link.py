"""Linker: gives every mention, whichever recogniser found it, its canonical
name and codes from the gazetteer, and splits GPE from LOC for recognisers
whose training data tags countries and cities as LOC."""

from __future__ import annotations

from newsx.document import Document
from newsx.gazetteer import Gazetteer


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
    return doc
