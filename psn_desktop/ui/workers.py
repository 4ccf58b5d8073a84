"""Running slow work off the UI thread: a plain function on the thread pool, signals back.

The function gets a cancel event to check and a progress callback (0–100, or -1 for "busy,
no estimate"); it never touches a widget. Results and errors come back as queued signals on
the UI thread. A WorkspaceError's message is for the user; anything else is reported as an
unexpected problem with its type, so the app never crashes on a worker's failure.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from psn_desktop.journey.opening import Cancelled
from psn_desktop.workspace.errors import WorkspaceError

log = logging.getLogger(__name__)

Work = Callable[[threading.Event, Callable[[int], None]], Any]


class TaskSignals(QObject):
    finished = Signal(object)
    failed = Signal(object)  # a WorkspaceError: its str() is the message for the user
    cancelled = Signal()
    progress = Signal(int)


class Task(QRunnable):
    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        self.cancel_event = threading.Event()
        self.signals = TaskSignals()
        self.setAutoDelete(False)  # the caller keeps the task (and its signals) alive

    def cancel(self) -> None:
        self.cancel_event.set()

    def run(self) -> None:
        try:
            result = self.work(self.cancel_event, self._progress)
        except Cancelled:
            self._send(self.signals.cancelled)
        except WorkspaceError as error:
            self._send(self.signals.failed, error)
        except Exception as error:  # a bug must not take the window down with it
            log.exception("Background task failed")
            self._send(self.signals.failed, WorkspaceError(
                f"Something unexpected went wrong ({type(error).__name__}: {error}). Nothing "
                "was changed. Try again; if it happens again, tell your IT support."))
        else:
            if self.cancel_event.is_set():
                close = getattr(result, "close", None)
                if callable(close):  # e.g. a workspace opened just as the user cancelled
                    close()
                self._send(self.signals.cancelled)
            else:
                self._send(self.signals.finished, result)

    def _progress(self, value: int) -> None:
        self._send(self.signals.progress, value)

    def _send(self, signal: Any, *args: Any) -> None:
        """Emit, unless the window that was listening has already closed (the app quitting
        mid-task): then there is nobody to tell, and Qt's RuntimeError is only noise."""
        try:
            signal.emit(*args)
        except RuntimeError:
            self.cancel_event.set()
            log.debug("Background task finished after its window closed")


def start(task: Task) -> Task:
    QThreadPool.globalInstance().start(task)
    return task
