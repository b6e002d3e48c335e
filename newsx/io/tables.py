"""Typed, flat tables of the output: one per record kind (documents, entities,
actors, events), for the column stores analysts load directly (Parquet, SQLite).

Each column has one type (offsets as integers, dates as dates, codes as
strings); nested values (a document's meta and errors, an actor's mentions)
are kept as JSON text. The column lists here are the one definition both
writers use, so a Parquet file and an SQLite table of a run agree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any, Iterable, Iterator

from newsx.io.record import LAYERS, failed, item_records, record_head
from newsx.parts import merge_errors
from newsx.text.document import Document

KINDS = ("documents", "entities", "actors", "events")

# column name -> type: str, int, float, bool, date, json (text)
COLUMNS: dict[str, dict[str, str]] = {
    "documents": {
        "doc_id": "str", "source": "str", "date": "date", "chars": "int", "sentences": "int", "tokens": "int",
        "entities": "int", "actors": "int", "events": "int", "failed": "bool", "content_hash": "str",
        "newsx": "str", "meta": "json", "errors": "json",
    },
    "entities": {
        "doc_id": "str", "n": "int", "text": "str", "type": "str", "start": "int", "end": "int",
        "sentence": "int", "canonical": "str", "country": "str", "role": "str", "code": "str",
        "cluster": "int", "score": "float", "found_by": "str",
    },
    "actors": {
        "doc_id": "str", "actor": "int", "type": "str", "canonical": "str", "country": "str", "role": "str",
        "code": "str", "generic": "bool", "place": "str", "mention_count": "int", "mentions": "json",
    },
    "events": {
        "doc_id": "str", "event_id": "str", "type": "str", "status": "str", "cameo": "str", "quad_class": "int",
        "mode": "str", "negated": "bool", "modality": "str", "reported": "bool",
        "trigger": "str", "trigger_start": "int", "trigger_end": "int",
        "source": "str", "source_actor": "int", "source_canonical": "str", "source_code": "str",
        "source_country": "str", "source_role": "str",
        "target": "str", "target_actor": "int", "target_canonical": "str", "target_code": "str",
        "target_country": "str", "target_role": "str",
        "location": "str", "location_canonical": "str", "location_country": "str",
        "date": "str", "date_resolved": "date", "date_granularity": "str",
        "sentence": "int", "score": "float", "evidence": "str",
    },
}
KEYS = {"documents": ("doc_id",), "entities": ("doc_id", "n"), "actors": ("doc_id", "actor"),
        "events": ("doc_id", "event_id")}


_HASH_CHARS = 1 << 20


def content_hash(text: str) -> str:
    """Key of a document's content: a changed input gets a new hash and is
    redone (the text is encoded a block at a time: no copy of a 100 MB text)."""
    digest = hashlib.blake2b(digest_size=16)
    for k in range(0, len(text), _HASH_CHARS):
        digest.update(text[k : k + _HASH_CHARS].encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date) or value is None:
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:  # a partial date (2019-11) has no day: the text column keeps it
        return None


def _cell(value: Any, kind: str) -> Any:
    """``value`` as the column's type (None stays None)."""
    if value is None:
        return None
    if kind == "json":
        return _json(value)
    if kind == "date":
        return _date(value)
    if kind == "str" and not isinstance(value, str):
        return str(value)
    return value


def _event_row(rec: dict[str, Any]) -> dict[str, Any]:
    row = {k: rec.get(k) for k in ("doc_id", "type", "status", "cameo", "quad_class", "mode", "negated", "modality",
                                   "reported", "sentence", "score", "evidence")}
    row["event_id"] = rec.get("id")
    trigger = rec.get("trigger") or {}
    row.update(trigger=trigger.get("text"), trigger_start=trigger.get("start"), trigger_end=trigger.get("end"))
    for side in ("source", "target"):
        span = rec.get(side) or {}
        row[side] = span.get("text")
        for field in ("actor", "canonical", "code", "country", "role"):
            row[f"{side}_{field}"] = span.get(field)
    place = rec.get("location") or {}
    row.update(location=place.get("text"), location_canonical=place.get("canonical"),
               location_country=place.get("country"))
    when = rec.get("date") or {}
    row.update(date=when.get("text"), date_resolved=when.get("resolved"), date_granularity=when.get("granularity"))
    return row


def _raw_rows(doc: Document, kind: str, first: int) -> Iterator[dict[str, Any]]:
    """Rows of a layer table for one document or part (``first``: the number
    of that document's entities in the parts before)."""
    if kind == "entities":
        for n, rec in enumerate(item_records(doc, "entities"), first):
            yield {"n": n, **rec}
    elif kind == "actors":
        for rec in item_records(doc, "actors"):
            yield {**rec, "actor": rec["id"], "mention_count": len(rec["mentions"])}
    else:
        for rec in item_records(doc, "events"):
            yield _event_row(rec)


def _typed(kind: str, raws: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    columns = COLUMNS[kind]
    return [{c: _cell(raw.get(c), t) for c, t in columns.items()} for raw in raws]


def document_tables(doc: Document, parts: Iterable[Document] | None,
                    kinds: Iterable[str]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(table, rows) of one document for each of ``kinds``, every column
    present and typed: the layer tables' rows part by part as ``parts`` come
    (None: the document is whole), then the documents row, which counts them
    all and knows whether the document failed."""
    kinds = tuple(kinds)
    counts = dict.fromkeys(LAYERS, 0)
    for part in (doc,) if parts is None else parts:
        for kind in kinds:
            if kind != "documents":
                yield kind, _typed(kind, _raw_rows(part, kind, counts["entities"]))
        for layer in LAYERS:
            counts[layer] += len(getattr(part, layer))
        if part is not doc:
            merge_errors(doc, part)
    if "documents" in kinds:
        head = record_head(doc)
        yield "documents", _typed("documents", [{
            "doc_id": head["id"], "source": head["source"], "date": head["date"], **head["stats"], **counts,
            "failed": failed(doc), "content_hash": content_hash(doc.text), "newsx": head["newsx"],
            "meta": head["meta"], "errors": doc.errors}])
