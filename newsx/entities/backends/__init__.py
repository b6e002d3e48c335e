"""Optional NER backends (camel-tools, stanza) that run models a user has put in
a local folder.

Nothing here imports torch, transformers or stanza: ``newsx info`` inspects the
folders without loading a model, and the default pipeline never pays for them.
A backend that cannot run says so in one line (``BackendError``), never with a
traceback or a download attempt.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

State = Literal["ready", "missing", "broken"]


@dataclass(frozen=True, slots=True)
class BackendStatus:
    """What ``newsx info`` shows for one backend."""

    name: str
    state: State
    detail: str
    location: str | None = None


class BackendError(Exception):
    """A backend cannot run. ``str()`` is one line: what was looked for, where,
    and how to put a model there."""

    def __init__(self, backend: str, state: State, message: str, location: Path | None = None) -> None:
        self.backend = backend
        self.state = state
        self.location = str(location) if location is not None else None
        self.message = " ".join(message.split())
        super().__init__(f"{backend}: {self.message}")

    def status(self) -> BackendStatus:
        return BackendStatus(self.backend, self.state, self.message, self.location)


def require_package(backend: str, module: str, pip_name: str) -> None:
    """Raise ``missing`` when an optional package is not installed (no import)."""
    if importlib.util.find_spec(module) is None:
        raise BackendError(
            backend, "missing", f"the Python package '{module}' is not installed; install it with: pip install {pip_name}"
        )


def first_line(exc: BaseException) -> str:
    """One line describing a library's exception, for wrapping into BackendError."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")


def status_all(model_dir: dict | None = None) -> list[BackendStatus]:
    """State of every optional backend. ``model_dir`` maps a backend name
    ("camel", "stanza") to the folder the user gave; absent names fall back to
    the backend's own environment variable and default folder."""
    from newsx.entities.backends import camel, stanza_ner

    dirs = model_dir or {}
    return [camel.status(dirs.get("camel")), stanza_ner.status(dirs.get("stanza"))]
