"""Every kind of bad input: one clear stderr line, an ``errors`` entry in the
record, the right exit code, no traceback, and the good inputs still processed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsx.io.read import decode

from .conftest import ROOT, SEED, jsonl, run_cli

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 64
ARABIC = "أعلنت روسيا أن الرئيس فلاديمير بوتين سيزور سوريا الأسبوع المقبل."


def _one(tmp_path: Path, name: str, data: bytes, *extra: str):
    path = tmp_path / name
    path.write_bytes(data)
    proc = run_cli("extract", str(path), "-f", "jsonl", *extra)
    assert "Traceback" not in proc.stderr
    recs = jsonl(proc.stdout)
    assert len(recs) == 1
    return proc, recs[0]


def _codes(rec: dict) -> set[str]:
    return {e["code"] for e in rec["errors"]}


def _texts(rec: dict) -> set[str]:
    return {e["text"] for e in rec["entities"]}


def test_empty_file(tmp_path):
    proc, rec = _one(tmp_path, "empty.txt", b"")
    assert proc.returncode == 0
    assert _codes(rec) == {"empty"} and rec["entities"] == []
    assert proc.stderr.count("\n") == 1 and "empty.txt" in proc.stderr


def test_whitespace_only(tmp_path):
    proc, rec = _one(tmp_path, "blank.txt", b" \n\t\r\n  \n")
    assert proc.returncode == 0 and _codes(rec) == {"empty"}
    assert rec["stats"]["tokens"] == 0


def test_binary_png(tmp_path):
    proc, rec = _one(tmp_path, "image.txt", PNG)
    assert proc.returncode == 1
    assert _codes(rec) == {"binary"}
    assert proc.stderr.strip().count("\n") == 0 and "binary" in proc.stderr


def test_nul_bytes_are_removed_and_text_kept(tmp_path):
    proc, rec = _one(tmp_path, "nul.txt", ARABIC.encode().replace(" ".encode(), b" \x00", 3))
    assert proc.returncode == 0 and "nul-bytes" in _codes(rec)
    assert "روسيا" in _texts(rec)


def test_utf16_with_bom(tmp_path):
    _, plain = _one(tmp_path, "plain.txt", ARABIC.encode("utf-8"))
    proc, rec = _one(tmp_path, "utf16.txt", ARABIC.encode("utf-16"))
    assert proc.returncode == 0 and rec["errors"] == []
    assert rec["entities"] == plain["entities"]


def test_utf8_with_bom(tmp_path):
    proc, rec = _one(tmp_path, "bom.txt", "\ufeff".encode() + ARABIC.encode())
    assert rec["errors"] == [] and "روسيا" in _texts(rec)
    assert all(not e["text"].startswith("\ufeff") for e in rec["entities"])


def test_windows_1256_is_detected_and_converted(tmp_path):
    proc, rec = _one(tmp_path, "legacy.txt", ARABIC.encode("cp1256"))
    assert proc.returncode == 0
    assert _codes(rec) == {"legacy-encoding"} and "windows-1256" in proc.stderr
    assert "روسيا" in _texts(rec)


def test_invalid_utf8_bytes_inside_utf8_text(tmp_path):
    data = ARABIC.encode() + b" \xff\xfe " + ARABIC.encode()
    proc, rec = _one(tmp_path, "mixed.txt", data)
    assert proc.returncode == 0 and _codes(rec) == {"invalid-utf8"}
    assert len([e for e in rec["entities"] if e["text"] == "روسيا"]) == 2


def test_latin_only_text(tmp_path):
    proc, rec = _one(tmp_path, "latin.txt", b"The quick brown fox jumps over the lazy dog. Twice!")
    assert proc.returncode == 0 and rec["errors"] == []
    assert rec["stats"]["sentences"] == 2


def test_diacritics_tatweel_and_elongation_keep_original_offsets(tmp_path):
    text = "أعلنت رُوسْــيَا أنَّ الرئيسَ فلاديمير بوتيـــن وجيييه إلى سُورِيَا."
    proc, rec = _one(tmp_path, "marks.txt", text.encode())
    found = {e["text"]: e for e in rec["entities"]}
    assert "رُوسْــيَا" in found and "سُورِيَا" in found
    for e in rec["entities"]:
        assert text[e["start"] : e["end"]] == e["text"]


def test_bidi_controls(tmp_path):
    text = "\u202bأعلنت\u200f روسيا\u200f أن بوتين\u202c سيزور سوريا."
    proc, rec = _one(tmp_path, "bidi.txt", text.encode())
    assert {"روسيا", "سوريا"} <= _texts(rec)
    for e in rec["entities"]:
        assert text[e["start"] : e["end"]] == e["text"]


def test_folder_with_unreadable_file_and_symlink_loop(tmp_path):
    root = tmp_path / "corpus"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "one.txt").write_text(ARABIC, encoding="utf-8")
    (root / "a" / "b" / "two.txt").write_text(ARABIC, encoding="utf-8")
    (root / "a" / "b" / "loop").symlink_to(root / "a", target_is_directory=True)
    (root / "gone.txt").symlink_to(root / "nowhere.txt")  # dangling: cannot be read, even by root
    locked = root / "locked.txt"
    locked.write_text(ARABIC, encoding="utf-8")
    locked.chmod(0)
    proc = run_cli("extract", str(root), "-f", "jsonl")
    recs = {r["id"]: r for r in jsonl(proc.stdout)}
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert recs["gone"]["errors"][0]["code"] == "unreadable"
    assert "روسيا" in _texts(recs["a/one"]) and "روسيا" in _texts(recs["a/b/two"])
    assert sorted(recs) == ["a/b/two", "a/one", "gone", "locked"]  # the loop adds nothing
    if os.geteuid() != 0:
        assert recs["locked"]["errors"][0]["code"] == "unreadable"


def test_malformed_json_lines(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"id": "a", "text": "%s", "date": "2019-11-26", "url": "http://x"}\n'
        "{not json\n"
        "[1, 2]\n"
        '{"id": "c", "body": "no text field"}\n'
        '{"id": "d", "text": "%s"}\n' % (ARABIC, ARABIC),
        encoding="utf-8",
    )
    proc = run_cli("extract", str(path), "--input-format", "jsonl", "-f", "jsonl")
    recs = jsonl(proc.stdout)
    assert proc.returncode == 1
    assert [r["id"] for r in recs] == ["a", "in:2", "in:3", "c", "d"]
    assert recs[0]["meta"] == {"date": "2019-11-26", "url": "http://x"} and recs[0]["date"] == "2019-11-26"
    assert [_codes(r) for r in recs[1:4]] == [{"bad-json"}, {"bad-json"}, {"no-text"}]
    assert "روسيا" in _texts(recs[4])
    assert len(proc.stderr.strip().splitlines()) == 3


def test_path_that_does_not_exist(tmp_path):
    proc = run_cli("extract", str(tmp_path / "missing.txt"), str(SEED), "-f", "jsonl")
    recs = jsonl(proc.stdout)
    assert proc.returncode == 1
    assert _codes(recs[0]) == {"not-found"} and recs[1]["entities"]
    assert "missing.txt" in proc.stderr and "Traceback" not in proc.stderr


def test_unknown_option_is_a_usage_error():
    proc = run_cli("extract", "--format", "xml", str(SEED))
    assert proc.returncode == 2
    proc = run_cli("extract", str(SEED), "--types", "PER,FOO")
    assert proc.returncode == 2 and "FOO" in proc.stderr and "Traceback" not in proc.stderr


def test_decode_detects_encodings():
    assert decode(ARABIC.encode("utf-16-be"))[0] is None  # no BOM: binary-looking, not guessed as UTF-16
    assert decode(b"\xef\xbb\xbf" + ARABIC.encode())[0] == ARABIC
    assert decode(ARABIC.encode("utf-32"))[0] == ARABIC
    text, notes = decode(ARABIC.encode("cp1256"))
    assert text == ARABIC and notes[0]["code"] == "legacy-encoding"


def test_short_utf8_with_three_invalid_bytes_stays_utf8(tmp_path):
    # the case: three broken bytes made a short UTF-8 article read as windows-1256 (mojibake)
    data = "التقى بوتين ".encode() + b"\xff " + "ماكرون ".encode() + b"\xfe\xc3 " + "في موسكو.".encode()
    proc, rec = _one(tmp_path, "three.txt", data)
    assert proc.returncode == 0 and _codes(rec) == {"invalid-utf8"}
    assert "3 invalid UTF-8 byte sequences" in proc.stderr
    assert {"بوتين", "موسكو"} <= _texts(rec) and "\ufffd" not in "".join(_texts(rec))


def test_bom_that_does_not_decode(tmp_path):
    proc, rec = _one(tmp_path, "badbom.txt", b"\xff\xfe\x00\xd8")
    assert proc.returncode == 1 and _codes(rec) == {"bad-encoding"}
    assert "starts with a utf-16 byte-order mark but does not decode" in proc.stderr


def test_json_line_with_a_date_that_cannot_be_read(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "t", "text": "%s", "date": "yesterday"}\n' % ARABIC, encoding="utf-8")
    proc = run_cli("extract", str(path), "--input-format", "jsonl", "-f", "jsonl")
    rec = jsonl(proc.stdout)[0]
    assert proc.returncode == 0 and _codes(rec) == {"bad-date"} and rec["date"] is None
    assert "cannot read the date 'yesterday' in field 'date'; use YYYY-MM-DD" in proc.stderr
    assert "روسيا" in _texts(rec)


def test_iso_8859_6_is_detected():
    text, notes = decode(ARABIC.encode("iso8859_6"))
    assert text == ARABIC and notes[0]["code"] == "legacy-encoding" and "ISO-8859-6" in notes[0]["message"]


def test_json_line_without_text_names_its_fields(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id":"c"}\n{"id":"d","text":5,"body":"x"}\n', encoding="utf-8")
    proc = run_cli("extract", str(path), "--input-format", "jsonl", "-f", "jsonl")
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1 and len(lines) == 2
    assert "line 1 has no field 'text' (fields: id); choose one with --text-field" in lines[0]
    assert "line 2 has a number, not a string, in field 'text' (fields: body, id, text)" in lines[1]
    assert [r["id"] for r in jsonl(proc.stdout)] == ["c", "d"]


def test_json_line_with_lone_surrogates(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id":"s","text":"\\ud800 %s \\udfff"}\n' % ARABIC, encoding="utf-8")
    proc = run_cli("extract", str(path), "--input-format", "jsonl", "-f", "jsonl")
    rec = jsonl(proc.stdout)[0]
    assert proc.returncode == 0 and _codes(rec) == {"invalid-utf8"} and "2 lone surrogate" in proc.stderr
    assert "روسيا" in _texts(rec)
    text = "\ufffd %s \ufffd" % ARABIC
    assert all(text[e["start"] : e["end"]] == e["text"] for e in rec["entities"])


@pytest.mark.slow
def test_100mb_without_newline_or_punctuation_finishes_in_bounded_memory(tmp_path):
    path = tmp_path / "huge.txt"
    chunk = ("ب" * 5000).encode()
    with path.open("wb") as f:
        for _ in range(100 * 1024 * 1024 // len(chunk)):
            f.write(chunk)
    size = path.stat().st_size
    code = (
        "import resource, subprocess, sys;"
        f"p = subprocess.run([sys.executable, '-m', 'newsx', 'extract', {str(path)!r}, '-f', 'jsonl', '-o', {str(tmp_path / 'out.jsonl')!r}, '-q']);"
        "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=900, cwd=ROOT)
    rc, maxrss_kb = out.stdout.split()
    assert rc == "0", out.stderr
    # the text itself (UTF-8 bytes + str) plus bounded working memory
    assert int(maxrss_kb) * 1024 < 6 * size, maxrss_kb
    rec = jsonl((tmp_path / "out.jsonl").read_text(encoding="utf-8"))[0]
    assert rec["stats"]["chars"] == size // 2
    assert rec["stats"]["sentences"] >= rec["stats"]["chars"] // 2000
