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
from typing import Any, Iterator

from newsx.io.record import actor_records, document_record, entity_records, event_records
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


def content_hash(text: str) -> str:
    """Key of a document's content: a changed input gets a new hash and is redone."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


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


def _raw_rows(doc: Document, kind: str, digest: str, failed: bool) -> Iterator[dict[str, Any]]:
    if kind == "documents":
        rec = document_record(doc)
        yield {"doc_id": rec["id"], "source": rec["source"], "date": rec["date"], **rec["stats"],
               "entities": len(doc.entities), "actors": len(doc.actors), "events": len(doc.events),
               "failed": failed, "content_hash": digest, "newsx": rec["newsx"], "meta": rec["meta"],
               "errors": rec["errors"]}
    elif kind == "entities":
        for n, rec in enumerate(entity_records(doc)):
            yield {"n": n, **rec}
    elif kind == "actors":
        for rec in actor_records(doc):
            yield {**rec, "actor": rec["id"], "mention_count": len(rec["mentions"])}
    else:
        for rec in event_records(doc):
            yield _event_row(rec)


def table_rows(doc: Document, kind: str, digest: str, failed: bool) -> list[dict[str, Any]]:
    """Rows of table ``kind`` for one document, every column present and typed."""
    columns = COLUMNS[kind]
    return [{c: _cell(raw.get(c), t) for c, t in columns.items()} for raw in _raw_rows(doc, kind, digest, failed)]
