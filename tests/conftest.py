"""Shared fixtures: the seed article, real bench text, and a CLI runner that
runs ``python -m newsx`` in a subprocess (real exit codes, real streams)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_6a0ec1e029379d25.txt"
SHARED = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


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


@pytest.fixture(scope="session")
def record_validator(schema: dict) -> jsonschema.protocols.Validator:
    """The record schema's validator, checked once: ``jsonschema.validate``
    re-checks the schema against its meta-schema on every call (95% of a fuzz
    example's time)."""
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)
