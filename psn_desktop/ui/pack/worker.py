"""Building or verifying a pack on the thread pool, reported back through signals.

The work is a plain function from :mod:`psn_desktop.pack` that takes a progress callback and
a cancel token; this runnable only turns its callbacks and its outcome into queued signals,
so no widget and no workspace is ever touched off the UI thread. Progress goes out in
thousandths (a Qt int cannot hold the byte count of a pack over 2 GB) with the stage words.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from psn_desktop.pack.errors import PackCancelled, PackError
from psn_desktop.pack.progress import CancelToken
from psn_desktop.secrets import SecretError
from psn_desktop.workspace.errors import WorkspaceError

log = logging.getLogger(__name__)

STEPS = 1000
Work = Callable[[Callable[[int, int, str], None], CancelToken], Any]


class PackSignals(QObject):
    progress = Signal(int, str)  # thousandths done (-1: no estimate yet), stage words
    finished = Signal(object)
    failed = Signal(str)  # a message for the user
    cancelled = Signal()


class PackTask(QRunnable):
    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        self.cancel_token = CancelToken()
        self.signals = PackSignals()
        self.setAutoDelete(False)  # the page keeps the task (and its signals) alive

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def _progress(self, done: int, total: int, stage: str) -> None:
        self.signals.progress.emit(done * STEPS // total if total else -1, stage)

    def run(self) -> None:
        try:
            result = self.work(self._progress, self.cancel_token)
        except PackCancelled:
            self.signals.cancelled.emit()
        except (PackError, WorkspaceError, SecretError) as error:
            self.signals.failed.emit(str(error))
        except Exception as error:  # a bug must not take the window down with it
            log.exception("Building or verifying the pack failed")
            self.signals.failed.emit(QCoreApplication.translate(
                "PackTask", "Something unexpected went wrong ({kind}: {detail}). Nothing was "
                "saved. Try again; if it happens again, tell your IT support.").format(
                kind=type(error).__name__, detail=error))
        else:
            if self.cancel_token.cancelled:
                self.signals.cancelled.emit()
            else:
                self.signals.finished.emit(result)


def start(task: PackTask) -> PackTask:
    QThreadPool.globalInstance().start(task)
    return task
