"""newsx: people, places, organisations and events from Arabic news, offline.

    >>> import newsx
    >>> doc = newsx.extract("أعلن الكرملين أن الرئيس الروسي فلاديمير بوتين ...")
    >>> [(e.text, e.type) for e in doc.entities]

The package root is light: ``import newsx`` (and ``newsx --version``) loads no
pipeline; the names below are imported on first use (PEP 562).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"  # the one source: pyproject.toml reads it

_LAZY = {
    "Document": "newsx.text.document",
    "Entity": "newsx.text.document",
    "Sentence": "newsx.text.document",
    "Token": "newsx.text.document",
    "Pipeline": "newsx.pipeline",
    "extract": "newsx.pipeline",
    "render_html": "newsx.io.html",  # loads Jinja2: only on first use
}

__all__ = [*_LAZY, "__version__"]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'newsx' has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
