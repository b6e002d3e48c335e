"""A per-user cache of loaded resources, so a short run does not rebuild them.

Why: every process parses the same shipped files into the same tables (the
NER model's folded weights, the word clusters, the gazetteer's indexes), about
0.2 s of a one-article ``newsx extract`` that a pickle of the result loads in a
fraction of. The cache is only ever a copy: a missing, stale, unreadable or
unwritable entry means the resource is built from its files as without a cache.

An entry is keyed by its name, newsx's version, Python's version and the path,
size and modification time of each source file and of every file of the newsx
package (the code that builds it and the word lists it reads), so a changed
file or module is rebuilt, never read stale. Where:
``$NEWSX_CACHE`` (``off`` turns the cache off), else ``$XDG_CACHE_HOME/newsx``,
else ``~/.cache/newsx``. Entries are the user's own files: like any pickle,
one should not load a cache folder someone else can write to.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from newsx import __version__

T = TypeVar("T")
OFF = "off"


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off."""
    where = os.environ.get("NEWSX_CACHE")
    if where == OFF:
        return None
    if where:
        return Path(where)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newsx"


def _stamp(path: Path | str) -> str:
    st = os.stat(path)
    return f"{os.path.realpath(path)}:{st.st_size}:{st.st_mtime_ns}"


@lru_cache(maxsize=1)
def _package_stamp() -> str:
    """The stamps of newsx's own files, code and shipped data (a few hundred
    files, milliseconds): what a resource is built by and from, word lists included."""
    stamps = []
    for folder, dirs, files in os.walk(os.path.dirname(__file__)):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        stamps.extend(_stamp(os.path.join(folder, f)) for f in sorted(files))
    return "\n".join(stamps)


def _names(name: str, sources: list[Path]) -> tuple[str, str]:
    """The entry's family (its name and where its sources are: a newer entry
    replaces the family's older ones) and its key (what they are now)."""
    where = hashlib.sha256("\n".join(str(p.resolve()) for p in sources).encode("utf-8")).hexdigest()[:8]
    parts = [__version__, sys.version, _package_stamp(), *(_stamp(p) for p in sources)]
    return f"{name}-{where}", hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:20]


def cached(name: str, sources: Iterable[Path], build: Callable[[], T]) -> T:
    """``build()``, or the copy of its result an earlier process kept for the
    same ``sources``; a new result is kept for the next process (replacing
    the entries made from older versions of the same files)."""
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        family, key = _names(name, [Path(p) for p in sources])
    except OSError:  # a source is missing: let build() say so
        return build()
    path = folder / f"{family}-{key}.pickle"
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        pass
    except Exception:  # torn or from an incompatible build: rebuilt below
        with suppress(OSError):
            path.unlink(missing_ok=True)
    value = build()
    _keep(folder, family, path, value)
    return value


def _keep(folder: Path, family: str, path: Path, value: object) -> None:
    """Write the entry atomically; a read-only or full disk only costs the next process time."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in folder.glob(f"{family}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)


PackedKeys = tuple[int, "str | list[str]"]


def pack_keys(keys: list[str]) -> PackedKeys:
    """Strings for a cached pickle: joined by NUL into one string, which
    splits back in about half the time a pickled list of 100,000 strings
    takes to load (a key holding a NUL keeps the list as it is)."""
    joined = "\0".join(keys)
    return len(keys), joined if joined.count("\0") == max(len(keys) - 1, 0) else keys


def unpack_keys(packed: PackedKeys) -> list[str]:
    """The strings ``pack_keys`` packed, in order."""
    n, keys = packed
    if not isinstance(keys, str):
        return keys
    return keys.split("\0") if n else []
