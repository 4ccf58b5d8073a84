"""Progress in bytes and a cancel switch, shared by the pack builder and the verifier.

The services run on a worker thread (GUI) or the main thread (CLI); both only need a plain
callback and a flag, so neither the services nor their tests need Qt. Progress is counted in
bytes because evidence sizes vary by six orders of magnitude: a file count would make the bar
stall on the one big scan and race through the policies.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from psn_desktop.pack.errors import PackCancelled

# (bytes done, bytes in total, what is happening now in plain words)
ProgressCallback = Callable[[int, int, str], None]


class CancelToken:
    """Set from any thread; the worker checks it between chunks and stops cleanly."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise PackCancelled()


@dataclass
class ProgressTracker:
    """Adds up bytes and calls back at most every ``step`` bytes, so the UI is not flooded."""

    total: int
    callback: ProgressCallback | None = None
    cancel: CancelToken | None = None
    step: int = 4 * 1024 * 1024
    done: int = 0
    stage: str = ""
    _reported: int = -1
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def set_stage(self, stage: str) -> None:
        self.stage = stage
        self._report(force=True)

    def add(self, count: int) -> None:
        """Count bytes done; safe from several threads (the builder hashes ahead)."""
        with self._lock:
            self.done += count
            due = self.done - self._reported >= self.step
            if due:
                self._reported = self.done
        if self.cancel is not None:
            self.cancel.check()
        if due and self.callback is not None:
            self.callback(min(self.done, self.total), self.total, self.stage)

    def finish(self) -> None:
        self.done = max(self.done, self.total)
        self._report(force=True)

    def _report(self, force: bool = False) -> None:
        if self.cancel is not None:
            self.cancel.check()
        if self.callback is not None and (force or self.done != self._reported):
            self.callback(min(self.done, self.total), self.total, self.stage)
        self._reported = self.done
