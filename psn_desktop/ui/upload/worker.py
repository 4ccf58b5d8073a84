"""Upload work off the UI thread: one task at a time on the upload's own thread pool.

An upload can run for an hour on a slow school line, so it gets a pool of its own (one
thread) instead of holding one of the app's shared worker threads that long; uploads also
then never overlap. Workers only emit signals. The one thing a worker must wait for is
the workspace recording a new upload's address before any byte is sent (so a crash right
after still resumes): it emits :attr:`UploadSignals.created` and waits for the UI thread's
answer, giving up the wait if the upload is cancelled, so closing the app never deadlocks.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from psn_desktop.submit.body import CancelToken
from psn_desktop.submit.errors import UploadCancelled, UploadError

log = logging.getLogger(__name__)


class UploadSignals(QObject):
    checking = Signal(object, object)  # bytes hashed, total (Python ints: packs exceed 2 GiB)
    progress = Signal(object, object)  # bytes the server holds or that are on their way, total
    problem = Signal(str, float)  # what went wrong (plain words), seconds until the next try
    created = Signal(str, object)  # a new upload's address, the Handshake to answer
    expired = Signal(str, object)  # the server lost an unfinished upload, the Handshake
    finished = Signal(object)  # the work's result
    failed = Signal(object)  # an UploadError (its str() is the message)
    cancelled = Signal()


class Handshake:
    """A worker's question to the UI thread, answered with ``done`` (or ``fail``)."""

    def __init__(self, cancel: CancelToken) -> None:
        self._event = threading.Event()
        self._cancel = cancel
        self.error: Exception | None = None

    def done(self) -> None:
        self._event.set()

    def fail(self, error: Exception) -> None:
        self.error = error
        self._event.set()

    def wait(self) -> None:
        while not self._event.wait(0.1):
            self._cancel.check()
        if self.error is not None:
            raise self.error


class UploadTask(QRunnable):
    def __init__(self, work: Callable[[UploadTask], Any], cancel: CancelToken) -> None:
        super().__init__()
        self.work = work
        self.cancel = cancel
        self.signals = UploadSignals()
        self.setAutoDelete(False)  # the controller keeps it (and its signals) alive

    def ask_ui(self, signal: Signal, value: str) -> None:
        """Emit ``signal(value, handshake)`` and wait for the UI thread to answer it."""
        handshake = Handshake(self.cancel)
        signal.emit(value, handshake)
        handshake.wait()

    def run(self) -> None:
        try:
            result = self.work(self)
        except UploadCancelled:
            self.signals.cancelled.emit()
        except UploadError as error:
            self.signals.failed.emit(error)
        except Exception as error:  # a bug must not take the window down with it
            log.exception("Upload task failed unexpectedly")
            self.signals.failed.emit(UploadError(QCoreApplication.translate(
                "UploadTask", "Something unexpected went wrong while sending ({0}). What "
                "reached the server is kept; try again, and if it happens again send the log "
                "file to your IT support.").format(type(error).__name__)))
        else:
            self.signals.finished.emit(result)


_pool: QThreadPool | None = None


def upload_pool() -> QThreadPool:
    global _pool
    app = QCoreApplication.instance()
    if _pool is None or _pool.parent() is not app:
        _pool = QThreadPool(app)
        _pool.setMaxThreadCount(1)
        _pool.setExpiryTimeout(-1)
    return _pool
