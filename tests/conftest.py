"""Shared fixtures: the seed article, real bench text, and a CLI runner that
runs ``python -m newsx`` in a subprocess (real exit codes, real streams)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import jsonschema
import pytest

os.environ.setdefault("OMP_NUM_THREADS", "1")
# the run's own resource cache (newsx.cache), shared by the CLI subprocesses, not the user's
os.environ["NEWSX_CACHE"] = tempfile.mkdtemp(prefix="newsx-test-cache-")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_6a0ec1e029379d25.txt"
SHARED = ROOT.parent / "shared" / "data"
ARTICLES = ROOT / "tests" / "data" / "articles"
N_DOCS = 72
TABLES = ("documents", "entities", "actors", "events")


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """72 articles for runs that are interrupted and resumed: the five test
    articles and the seed, twelve times each."""
    root = tmp_path_factory.mktemp("corpus")
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))] + [SEED.read_text(encoding="utf-8")]
    for k in range(N_DOCS):
        (root / f"{k:03d}.txt").write_text(texts[k % len(texts)], encoding="utf-8")
    return root


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run the real command line; stdout/stderr are decoded text."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "COLUMNS": "200"}
    proc = subprocess.run(
        [sys.executable, "-m", "newsx", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=timeout,
    )
    proc.stdout = proc.stdout.decode("utf-8")  # type: ignore[assignment]
    proc.stderr = proc.stderr.decode("utf-8")  # type: ignore[assignment]
    return proc


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def schema() -> dict:
    return json.loads((ROOT / "newsx" / "schema" / "record.schema.json").read_text(encoding="utf-8"))


def read_tables(folder: Path) -> dict:
    """The Parquet tables of a folder output, by record kind (pyarrow Tables)."""
    import pyarrow.parquet as pq

    return {kind: pq.read_table(folder / f"{kind}.parquet") for kind in TABLES}


@pytest.fixture(scope="session")
def record_validator(schema: dict) -> jsonschema.protocols.Validator:
    """The record schema's validator, checked once: ``jsonschema.validate``
    re-checks the schema against its meta-schema on every call (95% of a fuzz
    example's time)."""
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)
