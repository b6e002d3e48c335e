"""The command line end to end on the seed article: formats, records, batch
jobs, mirrored output, stdin, the schema, and the acceptance list of entities."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import jsonschema
import pytest

from .conftest import ROOT, SEED, jsonl, run_cli


@pytest.fixture(scope="module")
def seed_record() -> dict:
    proc = run_cli("extract", str(SEED), "-f", "jsonl")
    assert proc.returncode == 0, proc.stderr
    (rec,) = jsonl(proc.stdout)
    return rec


def test_seed_record_validates_against_the_schema(seed_record, schema):
    jsonschema.validate(seed_record, schema)


def test_seed_offsets_point_into_the_original(seed_record, seed_text):
    for e in seed_record["entities"]:
        assert seed_text[e["start"] : e["end"]] == e["text"]


@pytest.mark.parametrize(
    "canonical,type_",
    [
        ("Vladimir Putin", "PER"), ("Emmanuel Macron", "PER"), ("Recep Tayyip Erdogan", "PER"),
        ("Dmitry Peskov", "PER"), ("Russia", "GPE"), ("France", "GPE"), ("Syria", "GPE"),
        ("Kazakhstan", "GPE"), ("Turkey", "GPE"), ("Iran", "GPE"), ("Idlib", "GPE"), ("Aleppo", "GPE"),
        ("Astana", "GPE"), ("Geneva", "GPE"), ("Washington", "GPE"), ("Kremlin", "ORG"), ("United Nations", "ORG"),
    ],
)
def test_seed_entities(seed_record, canonical, type_):
    found = {(e["canonical"], e["type"]) for e in seed_record["entities"]}
    assert (canonical, type_) in found


def test_seed_dateline(seed_record):
    dl = seed_record["meta"]["dateline"]
    assert dl["place"]["text"] == "دمشق" and dl["place"]["country"] == "SYR"
    assert dl["author"]["text"] == "نورا خوام"


def test_stdin_gives_jsonl_when_piped(seed_text):
    proc = run_cli("extract", stdin=seed_text.encode())
    (rec,) = jsonl(proc.stdout)
    assert rec["source"] == "<stdin>" and rec["entities"]
    proc2 = run_cli("extract", "-", stdin=seed_text.encode())
    assert jsonl(proc2.stdout)[0]["entities"] == rec["entities"]


def test_table_format_lists_entities_and_a_summary():
    proc = run_cli("extract", str(SEED), "-f", "table")
    assert proc.returncode == 0
    assert "Vladimir Putin" in proc.stdout and "بوتين" in proc.stdout
    assert "actors" in proc.stdout.splitlines()[-1] and "entity mentions" in proc.stdout


def test_entity_records_csv_and_conll(seed_record):
    ents = jsonl(run_cli("extract", str(SEED), "--records", "entities").stdout)
    assert len(ents) == len(seed_record["entities"]) and all(e["doc_id"] == seed_record["id"] for e in ents)
    rows = list(csv.DictReader(io.StringIO(run_cli("extract", str(SEED), "-f", "csv").stdout)))
    assert [r["text"] for r in rows] == [e["text"] for e in seed_record["entities"]]
    conll = run_cli("extract", str(SEED), "-f", "conll").stdout
    lines = [l for l in conll.splitlines() if l and not l.startswith("#")]
    assert len(lines) == seed_record["stats"]["tokens"]
    assert sum(l.endswith(("\tB-PER", "\tB-GPE", "\tB-ORG", "\tB-LOC", "\tB-MISC")) for l in lines) == len(ents)


def test_json_format_is_one_array():
    data = json.loads(run_cli("extract", str(SEED), "-f", "json").stdout)
    assert isinstance(data, list) and len(data) == 1


def test_types_filter():
    ents = jsonl(run_cli("extract", str(SEED), "--records", "entities", "--types", "PER").stdout)
    assert ents and {e["type"] for e in ents} == {"PER"}


def test_batch_folder_jobs_and_mirrored_output(tmp_path, seed_text):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    for name in ("a.txt", "sub/b.txt", "sub/c.txt"):
        (corpus / name).write_text(seed_text, encoding="utf-8")
    (corpus / "skip.md").write_text("not an article", encoding="utf-8")
    one = tmp_path / "one.jsonl"
    two = tmp_path / "two.jsonl"
    assert run_cli("extract", str(corpus), "-o", str(one)).returncode == 0
    proc = run_cli("extract", str(corpus), "-o", str(two), "--jobs", "2")
    assert proc.returncode == 0 and "3 documents" in proc.stderr
    a, b = jsonl(one.read_text(encoding="utf-8")), jsonl(two.read_text(encoding="utf-8"))
    assert [r["id"] for r in a] == ["a", "sub/b", "sub/c"]
    assert a == b
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    assert run_cli("extract", str(corpus), "-o", str(mirror), "-f", "csv").returncode == 0
    assert sorted(p.relative_to(mirror).as_posix() for p in mirror.rglob("*.csv")) == ["a.csv", "sub/b.csv", "sub/c.csv"]


def test_version_and_help():
    assert run_cli("--version").stdout.startswith("newsx ")
    helptext = run_cli("extract", "--help").stdout
    for opt in ("--format", "--output", "--jobs", "--input-format", "--text-field", "--records", "--types"):
        assert opt in helptext


def test_info_lists_data_with_licences():
    proc = run_cli("info")
    assert proc.returncode == 0, proc.stderr
    assert "UNLISTED" not in proc.stdout
    assert "gazetteer" in proc.stdout and "CC BY-SA" in proc.stdout


def test_default_path_never_imports_torch_or_stanza():
    code = (
        "import sys, newsx;"
        f"doc = newsx.extract(open({str(SEED)!r}, encoding='utf-8').read());"
        "heavy = [m for m in ('torch', 'stanza', 'transformers') if m in sys.modules];"
        "print(len(doc.entities), heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    n, heavy = out.stdout.split(" ", 1)
    assert int(n) > 10 and heavy.strip() == "[]"


def test_eval_command_scores_predictions(tmp_path):
    gold = tmp_path / "gold.txt"
    pred = tmp_path / "pred.txt"
    gold.write_text("زار O\nبوتين B-PER\nموسكو B-LOC\n.\tO\n\nقال O\nماكرون B-PER\n", encoding="utf-8")
    pred.write_text("زار O\nبوتين B-PER\nموسكو O\n. O\n\nقال O\nماكرون B-LOC\n", encoding="utf-8")
    proc = run_cli("eval", str(gold), "--predictions", str(pred), "--corpus-format", "conll")
    assert proc.returncode == 0, proc.stderr
    micro = next(line for line in proc.stdout.splitlines() if line.startswith("micro")).split()
    # 1 of 2 predicted spans right, 1 of 3 gold spans found: P 50, R 33.33, F1 40
    assert micro[1:4] == ["50.00", "33.33", "40.00"]


def test_date_from_the_file_name_resolves_relative_dates(tmp_path):
    from newsx.io.read import date_in_name

    assert date_in_name("antjfm-JA-internationalNews-292-20170216.txt") == "2017-02-16"
    assert date_in_name("2017-02-16_report.txt") == "2017-02-16"
    assert date_in_name("news-20171345.txt") is None  # no month 13
    assert date_in_name("report-12345678901.txt") is None
    # a short news-style sentence saved under a dated name
    article = tmp_path / "news-20170216.txt"
    article.write_text("وقال الشهود إن مسلحين هاجموا أمس مركزا للشرطة في المدينة.", encoding="utf-8")
    events = jsonl(run_cli("extract", str(article), "--records", "events", "--date-from-name").stdout)
    assert events and events[0]["date"]["resolved"] == "2017-02-15"
    events = jsonl(run_cli("extract", str(article), "--records", "events").stdout)
    assert events[0]["date"]["resolved"] is None  # without the flag a name is not a date


def test_an_output_path_ending_in_a_slash_is_a_new_folder(tmp_path):
    out = tmp_path / "new" / "pages"
    proc = run_cli("extract", str(SEED), "-o", f"{out}/", "-f", "jsonl", "-q")
    assert proc.returncode == 0, proc.stderr
    assert out.is_dir() and [p.name for p in out.iterdir()] == [SEED.stem + ".jsonl"]
