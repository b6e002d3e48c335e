"""Reading inputs: files, folders, standard input and JSON lines, into
``InputItem``s that each become one Document.

Decoding never guesses silently: UTF-8 (with or without BOM), UTF-16/32 with a
BOM, and legacy encodings (windows-1256 Arabic above all) found by
charset-normalizer, converted with a warning. Mostly valid UTF-8 (more valid
multi-byte sequences than invalid ones) stays UTF-8, its bad bytes replaced
and counted: three broken bytes do not make an article windows-1256.
Problems are recorded on the item (``errors``) instead of raised, so a batch
carries on and the record says what happened.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from newsx.dates.expressions import parse_date
from newsx.text.document import DEFAULT_SEVERITY

_JSON_TYPES = {int: "a number", float: "a number", bool: "true or false", list: "an array", dict: "an object"}
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_ENCODING_NAMES = {"cp1256": "windows-1256", "iso8859_6": "ISO-8859-6", "cp720": "DOS-720", "cp864": "IBM-864"}
_BINARY_MAGIC = (b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF", b"\x1f\x8b")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass
class InputItem:
    """One document to process, or the reason it cannot be."""

    id: str
    source: str
    text: str | None = None
    path: Path | None = None  # read lazily (in a worker) when text is None
    relpath: str | None = None  # where it sits under the input folder, for mirrored output
    meta: dict[str, Any] = field(default_factory=dict)
    date: str | None = None
    errors: list[dict[str, str]] = field(default_factory=list)

    def error(self, code: str, message: str, severity: str = "error") -> None:
        self.errors.append({"code": code, "message": message, "severity": severity})

    @property
    def failed(self) -> bool:
        return any(e.get("severity", DEFAULT_SEVERITY) == "error" for e in self.errors)


def decode(data: bytes) -> tuple[str | None, list[dict[str, str]]]:
    """Text of ``data`` and what was noticed on the way (errors or warnings)."""
    notes: list[dict[str, str]] = []

    def note(code: str, message: str, severity: str = "warning") -> None:
        notes.append({"code": code, "message": message, "severity": severity})

    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), notes
            except UnicodeDecodeError as exc:
                note("bad-encoding", f"starts with a {codec} byte-order mark but does not decode: {exc.reason}", "error")
                return None, notes
    if data.startswith(_BINARY_MAGIC) or _looks_binary(data):
        note("binary", "binary file, not text: give newsx UTF-8 (or UTF-16/windows-1256) text", "error")
        return None, notes
    if b"\x00" in data:
        note("nul-bytes", f"{data.count(0)} NUL bytes removed")
        data = data.replace(b"\x00", b"")
    try:
        return data.decode("utf-8"), notes
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for c in text if c > "\x7f") - bad - data.count("\ufffd".encode())
    if valid < bad:  # more invalid than valid multi-byte sequences: not UTF-8, ask the detector
        legacy = _detected(data)
        if legacy is not None:
            name, decoded = legacy
            note("legacy-encoding", f"decoded as {name} (detected); convert inputs to UTF-8 to silence this")
            return decoded, notes
    note("invalid-utf8", f"{bad} invalid UTF-8 byte sequences replaced with U+FFFD; "
                         f"the rest ({valid} non-ASCII characters) is valid UTF-8")
    return text, notes


def _detected(data: bytes) -> tuple[str, str] | None:
    """(encoding, text) as charset-normalizer reads ``data``, if it finds one
    (imported here: only inputs that are not UTF-8 need it)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    return _ENCODING_NAMES.get(best.encoding, best.encoding), str(best)


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or b > 13)  # not tab, newline, vertical tab, form feed, CR


def _looks_binary(data: bytes) -> bool:
    """Many NULs or control bytes in the first 4 KB: not text."""
    head = data[:4096]
    if not head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))  # counted in C, not byte by byte
    return controls / len(head) > 0.10


def read_item_text(item: InputItem) -> InputItem:
    """Fill ``item.text`` from its path (done in the worker that processes it)."""
    if item.text is not None or item.path is None:
        return item
    try:
        data = item.path.read_bytes()
    except OSError as exc:
        item.error("unreadable", f"cannot read {item.source}: {exc.strerror or exc}; check the path and permissions")
        return item
    _set_text(item, data)
    return item


def _set_text(item: InputItem, data: bytes) -> None:
    """Decode ``data`` into ``item``, noting decoding problems and empty text."""
    item.text, notes = decode(data)
    item.errors.extend(notes)
    if item.text is not None and (not item.text or item.text.isspace()):  # (strip would copy a 100 MB text)
        item.error("empty", "input holds only whitespace" if item.text else "no text in input", "warning")


def _walk(root: Path, pattern: str) -> Iterator[Path]:
    """Files under ``root`` matching ``pattern``, sorted, symlink loops safe."""
    seen: set[tuple[int, int]] = set()

    def visit(folder: Path) -> Iterator[Path]:
        try:
            st = folder.stat()
        except OSError:
            return
        if (st.st_dev, st.st_ino) in seen:
            return
        seen.add((st.st_dev, st.st_ino))
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            yield folder  # reported as unreadable by the caller
            return
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue
            if is_dir:
                yield from visit(path)
            elif path.match(pattern):
                yield path

    yield from visit(root)


def iter_inputs(
    paths: list[str],
    input_format: str = "text",
    text_field: str = "text",
    id_field: str = "id",
    date_field: str = "date",
    stdin: Any = None,
    date_from_name: bool = False,
) -> Iterator[InputItem]:
    """Every input item named by ``paths`` ('-' is standard input). With
    ``date_from_name``, a text file whose name holds a date (news-20170216.txt,
    2017-02-16_article.txt) takes it as its publication date."""
    for item in _iter_inputs(paths, input_format, text_field, id_field, date_field, stdin):
        if date_from_name and item.date is None and item.path is not None:
            item.date = date_in_name(item.path.name)
        yield item


def date_in_name(name: str) -> str | None:
    """The date (YYYY-MM-DD) a file name holds as YYYYMMDD or YYYY-MM-DD, if it is a real date."""
    m = _NAME_DATE.search(name)
    if m is None:
        return None
    iso = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return iso if parse_date(iso) is not None else None


_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_]?(0[1-9]|1[0-2])[-_]?(0[1-9]|[12]\d|3[01])(?!\d)")


def _iter_inputs(
    paths: list[str], input_format: str, text_field: str, id_field: str, date_field: str, stdin: Any
) -> Iterator[InputItem]:
    pattern = "*.jsonl" if input_format == "jsonl" else "*.txt"
    for raw in paths or ["-"]:
        if raw == "-":
            data = (stdin or sys.stdin.buffer).read()
            yield from _items_from_bytes(data, "<stdin>", "stdin", input_format, text_field, id_field, date_field)
            continue
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path, pattern):
                rel = file.relative_to(path).as_posix()
                if file.is_dir():
                    item = InputItem(rel, str(file))
                    item.error("unreadable", f"cannot list folder {file}; check its permissions")
                    yield item
                    continue
                yield from _items_from_file(file, rel, input_format, text_field, id_field, date_field)
        elif path.exists():
            yield from _items_from_file(path, path.name, input_format, text_field, id_field, date_field)
        else:
            item = InputItem(path.stem or raw, raw)
            item.error("not-found", f"no such file or folder: {raw}")
            yield item


def _items_from_file(
    path: Path, rel: str, input_format: str, text_field: str, id_field: str, date_field: str
) -> Iterator[InputItem]:
    doc_id = rel.rsplit(".", 1)[0] if "." in rel else rel
    if input_format == "text":
        yield InputItem(doc_id, str(path), path=path, relpath=rel)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        item = InputItem(doc_id, str(path), relpath=rel)
        item.error("unreadable", f"cannot read {path}: {exc.strerror or exc}; check the path and permissions")
        yield item
        return
    yield from _items_from_bytes(data, str(path), doc_id, input_format, text_field, id_field, date_field, rel)


def _items_from_bytes(
    data: bytes,
    source: str,
    doc_id: str,
    input_format: str,
    text_field: str,
    id_field: str,
    date_field: str,
    rel: str | None = None,
) -> Iterator[InputItem]:
    if input_format == "text":
        item = InputItem(doc_id, source, relpath=rel)
        _set_text(item, data)
        yield item
        return
    text, notes = decode(data)
    if text is None:
        item = InputItem(doc_id, source, relpath=rel)
        item.errors.extend(notes)
        yield item
        return
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        yield _item_from_json_line(line, n, source, doc_id, text_field, id_field, date_field, rel)


def _item_from_json_line(
    line: str, n: int, source: str, doc_id: str, text_field: str, id_field: str, date_field: str, rel: str | None
) -> InputItem:
    where = f"{source}:{n}"
    item = InputItem(f"{doc_id}:{n}", where, relpath=rel)
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        item.error("bad-json", f"line {n} is not valid JSON ({exc.msg}); each line must be one JSON object")
        return item
    if not isinstance(obj, dict):
        item.error("bad-json", f"line {n} is JSON but not an object; each line must be one JSON object")
        return item
    keys = ", ".join(sorted(obj)) or "none"  # every field, the id too: the user looks for the text among them
    if obj.get(id_field) is not None:
        item.id = str(obj.pop(id_field))
    value = obj.pop(text_field, None)
    if not isinstance(value, str):
        what = "no field" if value is None else f"{_JSON_TYPES.get(type(value), 'a value')}, not a string, in field"
        item.error("no-text", f"line {n} has {what} {text_field!r} (fields: {keys}); choose one with --text-field")
        return item
    item.text, lone = _LONE_SURROGATE.subn("\ufffd", value)
    if lone:  # JSON may escape half a surrogate pair; such text cannot be written as UTF-8
        item.error("invalid-utf8", f"line {n}: {lone} lone surrogate escapes replaced with U+FFFD", "warning")
    if obj.get(date_field) is not None:
        item.date = str(obj[date_field])
        if parse_date(item.date) is None:
            item.error("bad-date", f"cannot read the date {item.date!r} in field {date_field!r}; use YYYY-MM-DD", "warning")
    item.meta = obj
    return item
