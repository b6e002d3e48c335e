"""Writers: turn processed Documents into table, jsonl, json, csv or conll.

A ``Writer`` is opened on a text stream, fed documents one at a time and
closed, so a batch streams its output and never holds every record.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from typing import Any, Callable, TextIO

from newsx.document import Document
from newsx.record import document_record, entity_record, entity_records

FORMATS = ("table", "jsonl", "json", "csv", "conll")
RECORD_KINDS = ("documents", "entities")
CSV_FIELDS = ["doc_id", "text", "type", "start", "end", "sentence", "canonical", "country", "code", "score", "found_by"]
EXTENSIONS = {"table": ".txt", "jsonl": ".jsonl", "json": ".json", "csv": ".csv", "conll": ".conll"}


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class Writer:
    """Base writer: ``write(doc)`` per document, ``close()`` once at the end."""

    def __init__(self, stream: TextIO, records: str = "documents") -> None:
        self.stream = stream
        self.records = records

    def rows(self, doc: Document) -> list[dict[str, Any]]:
        return list(entity_records(doc)) if self.records == "entities" else [document_record(doc)]

    def write(self, doc: Document) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.stream.flush()


class JsonlWriter(Writer):
    def write(self, doc: Document) -> None:
        for row in self.rows(doc):
            self.stream.write(_dumps(row) + "\n")


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
    """One row per entity, whatever ``records`` says: CSV is flat."""

    def __init__(self, stream: TextIO, records: str = "documents") -> None:
        super().__init__(stream, records)
        self.writer = csv.DictWriter(stream, fieldnames=CSV_FIELDS, extrasaction="ignore")
        self.writer.writeheader()

    def write(self, doc: Document) -> None:
        for row in entity_records(doc):
            self.writer.writerow(row)


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
    """A rich table per document: each entity once, with count and first offset."""

    def __init__(self, stream: TextIO, records: str = "documents") -> None:
        super().__init__(stream, records)
        from rich.console import Console

        self.console = Console(file=stream, soft_wrap=False)

    def write(self, doc: Document) -> None:
        from rich.table import Table

        groups: dict[tuple[str, str], dict[str, Any]] = {}
        counts: Counter[tuple[str, str]] = Counter()
        for ent in doc.entities:
            key = (ent.type, ent.canonical or ent.text)
            counts[key] += 1
            groups.setdefault(key, entity_record(ent))
        table = Table(title=f"{doc.id or doc.source}", title_justify="left")
        for col, justify in (("text", "right"), ("type", "left"), ("canonical", "left"), ("code", "left"),
                             ("count", "right"), ("first", "right")):
            table.add_column(col, justify=justify)  # type: ignore[arg-type]
        for key, rec in sorted(groups.items(), key=lambda kv: kv[1]["start"]):
            table.add_row(rec["text"], rec["type"], rec["canonical"] or "", rec.get("code") or "",
                          str(counts[key]), str(rec["start"]))
        self.console.print(table)
        by_type = Counter(e.type for e in doc.entities)
        summary = ", ".join(f"{n} {t}" for t, n in sorted(by_type.items())) or "no entities"
        self.console.print(
            f"[bold]{len(doc.entities)}[/] mentions of [bold]{len(groups)}[/] entities ({summary}) "
            f"in {len(doc.sentences)} sentences, {len(doc)} tokens"
        )
        for err in doc.errors:
            self.console.print(f"[yellow]{err.get('severity', 'error')}[/]: {err['message']}")


WRITERS: dict[str, Callable[[TextIO, str], Writer]] = {
    "table": TableWriter,
    "jsonl": JsonlWriter,
    "json": JsonWriter,
    "csv": CsvWriter,
    "conll": ConllWriter,
}


def open_writer(fmt: str, stream: TextIO, records: str = "documents") -> Writer:
    """A writer for ``fmt`` on ``stream``."""
    return WRITERS[fmt](stream, records)
