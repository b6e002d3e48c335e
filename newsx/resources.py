"""Where the shipped data lives, and the one reader for its TSV files."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterator

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_tsv(relpath: str) -> Iterator[dict[str, str]]:
    """Rows of a shipped TSV (header line first; ``#`` lines are comments)."""
    path = DATA_DIR / relpath
    with path.open(encoding="utf-8", newline="") as f:
        lines = (line for line in f if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield {k: (v or "").strip() for k, v in row.items() if k}


def read_words(relpath: str) -> frozenset[str]:
    """A shipped word list: one word per line, ``#`` lines are comments."""
    with (DATA_DIR / relpath).open(encoding="utf-8") as f:
        return frozenset(w for line in f if (w := line.strip()) and not w.startswith("#"))
