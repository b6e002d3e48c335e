"""Output files that appear only when complete: written under a temporary
name beside the target and renamed into place, so an interrupted run never
leaves a half-written file and never damages an earlier complete one; and how
often the outputs that commit as they go (SQLite, Parquet) commit."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO


def temp_beside(path: Path) -> Path:
    """An empty temporary file in ``path``'s folder (same file system, so the
    final rename is atomic), with the permissions a normal output file gets."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, output_mode())  # mkstemp's 0600 is for secrets, not outputs
    return Path(tmp)


def output_mode() -> int:
    """The mode a file created by ``open(path, "w")`` gets (0666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_output(path: Path) -> Iterator[TextIO]:
    """A text stream that replaces ``path`` only when the block finishes."""
    tmp = temp_beside(path)
    try:
        with tmp.open("w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def commit_seconds() -> float:
    """How often SQLite and Parquet outputs commit what is finished:
    ``NEWSX_COMMIT_SECONDS`` (default 2, 0 after every document). It bounds the
    work a SIGKILL or a full disk can lose; each Parquet commit is a part file."""
    value = os.environ.get("NEWSX_COMMIT_SECONDS", "2")
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise ValueError(f"NEWSX_COMMIT_SECONDS={value!r}: give a number of seconds, 0 or more")
    return seconds
