"""Start-up stays light: ``newsx --version``/``--help`` and ``import newsx``
load no pipeline, no camel-tools character tables and no optional library;
the precomputed character tables equal a fresh build from camel-tools."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT, SEED

HEAVY = ("camel_tools", "newsx.pipeline", "newsx.text.document", "torch", "stanza", "dask", "distributed",
         "pyarrow", "pycrfsuite", "pydantic")


def _imported(*args: str) -> set[str]:
    """Modules imported by ``python -X importtime ARGS``."""
    proc = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


@pytest.mark.parametrize("args", [("-m", "newsx", "--version"), ("-m", "newsx", "--help"),
                                  ("-m", "newsx", "extract", "--help"), ("-c", "import newsx")])
def test_start_up_imports_nothing_heavy(args):
    loaded = _imported(*args)
    assert "newsx" in loaded
    assert not {m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY}


def test_version_prints_the_one_version():
    import newsx

    proc = subprocess.run([sys.executable, "-m", "newsx", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.strip() == f"newsx {newsx.__version__}"


def test_package_root_names_load_on_first_use():
    code = ("import sys, newsx; assert 'newsx.pipeline' not in sys.modules; "
            "doc = newsx.extract('قال الرئيس الروسي فلاديمير بوتين في موسكو'); "
            "print(sorted(e.canonical for e in doc.entities if e.canonical))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "Vladimir Putin" in proc.stdout


def test_precomputed_character_tables_match_camel_tools():
    proc = subprocess.run([sys.executable, "tools/build_char_tables.py", "--check"], capture_output=True,
                          text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr


def test_folding_follows_camel_tools_rules():
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import normalize_alef_ar, normalize_alef_maksura_ar, normalize_teh_marbuta_ar

    from newsx.lang.ar.normalise import normalise

    for word in ("إِسْتَانْبُولَ", "مُسْتَشْفَى", "المدرسةُ", "آمال"):
        expected = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(dediac_ar(word))))
        assert normalise(word) == expected


def test_the_cli_names_match_what_they_name():
    from newsx.entities.recognise import RECOGNISERS
    from newsx.io.write import WRITERS
    from newsx.names import EXTENSIONS, FORMATS, RECOGNISER_NAMES

    assert tuple(RECOGNISERS) == RECOGNISER_NAMES
    assert set(FORMATS) == set(WRITERS) | {"parquet", "sqlite"} == set(EXTENSIONS)


@pytest.mark.parametrize("terminal", [False, True])
def test_the_progress_bar_is_drawn_only_for_a_terminal(tmp_path, terminal):
    """Without a terminal the run does not even import rich; rich's TTY_COMPATIBLE=1 draws the bar."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    env = {k: v for k, v in os.environ.items() if k not in ("TTY_COMPATIBLE", "FORCE_COLOR")}
    env.update({"OMP_NUM_THREADS": "1", **({"TTY_COMPATIBLE": "1"} if terminal else {})})
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "newsx", "extract", str(folder), "-o",
                           str(tmp_path / "out.jsonl")], capture_output=True, text=True, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rich = any(line.rsplit("|", 1)[-1].strip() == "rich.progress" for line in proc.stderr.splitlines())
    assert rich == terminal
    assert ("extracting" in proc.stderr and "1/1" in proc.stderr) == terminal
