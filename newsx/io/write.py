"""Writers: turn processed Documents into table, jsonl, json, csv, conll or html.

A ``Writer`` is opened on a text stream, fed documents one at a time and
closed, so a batch streams its output and never holds every record. Writers
that ``stream`` (jsonl, csv) also take a long document part by part
(``write_parts``), so a 100 MB text never has all its layers in memory.
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from collections import Counter
from contextlib import ExitStack
from typing import Any, Callable, Iterable, TextIO

from newsx.parts import merge_errors
from newsx.text.document import DEFAULT_SEVERITY, Document
from newsx.io.record import LAYERS, document_record, item_records, layer_records, record_head

CSV_FIELDS = ["doc_id", "text", "type", "start", "end", "sentence", "canonical", "country", "role", "code",
              "cluster", "score", "found_by"]
ACTOR_CSV_FIELDS = ["doc_id", "id", "type", "canonical", "country", "role", "code", "generic", "mentions"]
EVENT_CSV_FIELDS = ["doc_id", "id", "type", "status", "cameo", "quad_class", "mode", "negated", "modality", "trigger",
                    "source", "source_code", "target", "target_code", "location", "location_country",
                    "date", "date_resolved", "sentence", "score", "evidence"]


SPOOL_CHARS = 8 << 20  # a long record's actors and events wait in memory up to this, then in a temporary file


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class Writer:
    """Base writer: ``write(doc)`` per document, ``close()`` once at the end."""

    streams = False  # whether write_parts may be given a long document's parts

    def __init__(self, stream: TextIO, records: str = "documents") -> None:
        self.stream = stream
        self.records = records

    def rows(self, doc: Document) -> list[dict[str, Any]]:
        if self.records in LAYERS:
            return list(item_records(doc, self.records))
        return [document_record(doc)]

    def write(self, doc: Document) -> None:
        raise NotImplementedError

    def write_parts(self, doc: Document, parts: Iterable[Document]) -> None:
        """A long document written as its processed parts come
        (``Pipeline.parts``: renumbered, offsets into ``doc.text``), the same
        output as ``write`` of the merged document; here rows of one kind,
        part by part. Only writers that ``stream`` are given parts."""
        for part in parts:
            self.write(part)
            merge_errors(doc, part)

    def close(self) -> None:
        self.stream.flush()


class JsonlWriter(Writer):
    streams = True

    def write(self, doc: Document) -> None:
        for row in self.rows(doc):
            self.stream.write(_dumps(row) + "\n")

    def write_parts(self, doc: Document, parts: Iterable[Document]) -> None:
        if self.records == "documents":
            write_record_in_parts(self.stream, doc, parts)
        else:
            super().write_parts(doc, parts)


def write_record_in_parts(stream: TextIO, doc: Document, parts: Iterable[Document]) -> None:
    """``doc``'s record as one JSON line written as its parts come: the line
    ``_dumps(document_record(doc))`` gives once the parts are merged. Entities
    go out at once; actors and events, which follow every entity in the
    record, wait in spool files; no more than one part's layers is held."""
    stream.write(_dumps(record_head(doc))[:-1])  # the head's fields, its closing brace left off
    with ExitStack() as stack:
        spools = {layer: stack.enter_context(tempfile.SpooledTemporaryFile(SPOOL_CHARS, "w+", encoding="utf-8"))
                  for layer in LAYERS[1:]}
        counts = dict.fromkeys(LAYERS, 0)
        stream.write(f",{_dumps(LAYERS[0])}:[")
        for part in parts:
            for layer in LAYERS:
                out = spools.get(layer, stream)
                for rec in layer_records(part, layer):
                    out.write(("," if counts[layer] else "") + _dumps(rec))
                    counts[layer] += 1
            merge_errors(doc, part)
        for layer, spool in spools.items():
            stream.write(f"],{_dumps(layer)}:[")
            spool.seek(0)
            shutil.copyfileobj(spool, stream)
    stream.write(f"],{_dumps('errors')}:{_dumps(doc.errors)}}}\n")


class JsonWriter(Writer):
    """A JSON array, written incrementally."""

    def __init__(self, stream: TextIO, records: str = "documents") -> None:
        super().__init__(stream, records)
        self.count = 0

    def write(self, doc: Document) -> None:
        for row in self.rows(doc):
            self.stream.write(("[\n" if self.count == 0 else ",\n") + json.dumps(row, ensure_ascii=False, indent=1))
            self.count += 1

    def close(self) -> None:
        self.stream.write("[]\n" if self.count == 0 else "\n]\n")
        super().close()


class CsvWriter(Writer):
    """CSV is flat: one row per entity (the default), actor or event."""

    streams = True

    def __init__(self, stream: TextIO, records: str = "documents") -> None:
        super().__init__(stream, records)
        fields = {"actors": ACTOR_CSV_FIELDS, "events": EVENT_CSV_FIELDS}.get(records, CSV_FIELDS)
        self.writer = csv.DictWriter(stream, fieldnames=fields, extrasaction="ignore")
        self.writer.writeheader()

    def write(self, doc: Document) -> None:
        if self.records == "actors":
            rows = [{**r, "mentions": " | ".join(m["text"] for m in r["mentions"])} for r in item_records(doc, "actors")]
        elif self.records == "events":
            rows = [_flat_event(r) for r in item_records(doc, "events")]
        else:
            rows = list(item_records(doc, "entities"))
        self.writer.writerows(rows)


def _flat_event(rec: dict[str, Any]) -> dict[str, Any]:
    """An event record as one CSV row: nested spans become their text and codes."""
    flat = dict(rec)
    for key in ("trigger", "source", "target", "location", "date"):
        flat[key] = (rec.get(key) or {}).get("text")
    flat["source_code"] = (rec.get("source") or {}).get("code")
    flat["target_code"] = (rec.get("target") or {}).get("code")
    flat["location_country"] = (rec.get("location") or {}).get("country")
    flat["date_resolved"] = (rec.get("date") or {}).get("resolved")
    return flat


class ConllWriter(Writer):
    """``token<TAB>BIO-tag`` lines, a blank line after each sentence."""

    def write(self, doc: Document) -> None:
        tags = bio_tags(doc)
        out = [f"# doc_id = {doc.id}\n"]
        for sent in doc.sentences:
            for k in range(sent.token_start, sent.token_end):
                token = doc.text[doc.token_starts[k] : doc.token_ends[k]]
                out.append(f"{token}\t{tags[k]}\n")
            out.append("\n")
        self.stream.write("".join(out))


def bio_tags(doc: Document) -> list[str]:
    """BIO tag per token from the document's entities (a token partly inside an
    entity, as وروسيا for روسيا, takes the entity's tag)."""
    tags = ["O"] * len(doc)
    ends = doc.token_ends
    k = 0
    for ent in sorted(doc.entities, key=lambda e: e.start):
        while k < len(doc) and ends[k] <= ent.start:
            k += 1
        first = True
        j = k
        while j < len(doc) and doc.token_starts[j] < ent.end:
            tags[j] = ("B-" if first else "I-") + ent.type
            first = False
            j += 1
    return tags


class TableWriter(Writer):
    """A rich table per document, one row per actor: its names as written,
    type, canonical name, code, mention count and first offset."""

    def __init__(self, stream: TextIO, records: str = "documents") -> None:
        super().__init__(stream, records)
        from rich.console import Console

        self.console = Console(file=stream, soft_wrap=False)

    def write(self, doc: Document) -> None:
        from rich.table import Table

        table = Table(title=f"{doc.id or doc.source}", title_justify="left")
        for col, justify in (("text", "right"), ("type", "left"), ("canonical", "left"), ("code", "left"),
                             ("count", "right"), ("first", "right")):
            table.add_column(col, justify=justify)  # type: ignore[arg-type]
        for actor in doc.actors:
            forms = list(dict.fromkeys(m.text for m in actor.mentions))
            first = min(m.start for m in actor.mentions)
            type_ = actor.type if not actor.generic else f"{actor.type}*"
            table.add_row(" / ".join(forms[:3]), type_, actor.canonical or "", actor.code or "",
                          str(len(actor.mentions)), str(first))
        self.console.print(table)
        by_type = Counter(e.type for e in doc.entities)
        summary = ", ".join(f"{n} {t}" for t, n in sorted(by_type.items())) or "no entities"
        self.console.print(
            f"[bold]{len(doc.entities)}[/] entity mentions ({summary}) of [bold]{len(doc.actors)}[/] actors"
            f" (* = generic) in {len(doc.sentences)} sentences, {len(doc)} tokens"
        )
        for err in doc.errors:
            self.console.print(f"[yellow]{err.get('severity', DEFAULT_SEVERITY)}[/]: {err['message']}")


def _html_writer(stream: TextIO, records: str = "documents") -> Writer:
    """The HTML writer, imported only when asked for (it loads Jinja2)."""
    from newsx.io.html import HtmlWriter

    return HtmlWriter(stream, records)


WRITERS: dict[str, Callable[[TextIO, str], Writer]] = {
    "table": TableWriter,
    "jsonl": JsonlWriter,
    "json": JsonWriter,
    "csv": CsvWriter,
    "conll": ConllWriter,
    "html": _html_writer,
}


def open_writer(fmt: str, stream: TextIO, records: str = "documents") -> Writer:
    """A writer for ``fmt`` on ``stream``."""
    return WRITERS[fmt](stream, records)


def streams(fmt: str) -> bool:
    """Whether ``fmt``'s writer takes a long document part by part."""
    return bool(getattr(WRITERS[fmt], "streams", False))


def write_document(writer: Writer, doc: Document, parts: Iterable[Document] | None = None) -> None:
    """``doc`` through ``writer``: whole, or as its ``parts`` come."""
    if parts is None:
        writer.write(doc)
    else:
        writer.write_parts(doc, parts)
