"""Stopping a batch cleanly on SIGINT (Ctrl-C) or SIGTERM: the handler only
records the signal; the batch loop sees it after the document in hand is
written, so no output is ever cut in the middle of a document. A second
signal stops at once (KeyboardInterrupt), for a run that must die now."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@dataclass
class StopRequest:
    signum: int = 0  # the signal received, 0 while none

    @property
    def exit_code(self) -> int:
        """The shell's convention: 128 + signal number (130 SIGINT, 143 SIGTERM)."""
        return 128 + self.signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


@contextmanager
def stop_on_signals() -> Iterator[StopRequest]:
    """Record SIGINT/SIGTERM in the returned request while the block runs
    (only the main thread can handle signals; elsewhere nothing is installed)."""
    request = StopRequest()
    if threading.current_thread() is not threading.main_thread():
        yield request
        return

    def handler(signum: int, frame: object) -> None:
        if request.signum:
            raise KeyboardInterrupt
        request.signum = signum

    previous = {s: signal.signal(s, handler) for s in STOP_SIGNALS}
    try:
        yield request
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def ignore_stop_signals() -> None:
    """In a forked worker: leave Ctrl-C to the main process (it reaches the
    whole process group; a worker must not die with a traceback), and let
    SIGTERM end the worker as usual (the pool's terminate sends it)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
