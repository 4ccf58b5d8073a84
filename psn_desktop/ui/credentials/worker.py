"""Keyring calls off the UI thread, reported back through signals.

A keyring call usually takes milliseconds, but it can wait on the user (an unlock prompt)
or on a store that stopped answering, and the window must not freeze meanwhile. Tasks run
one at a time, in order, on a pool owned by the application, so a dialog closed mid-way
never blocks and two changes to one secret never overtake each other. Workers only emit
signals; the widgets and the workspace stay on the UI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from psn_desktop.secrets import SecretError

log = logging.getLogger(__name__)


class TaskSignals(QObject):
    succeeded = Signal(int, object)  # task id, result
    failed = Signal(int, str)  # task id, message for the user


class KeyringTask(QRunnable):
    def __init__(self, task_id: int, work: Callable[[], Any]) -> None:
        super().__init__()
        self.task_id = task_id
        self.signals = TaskSignals()
        self._work = work

    def run(self) -> None:
        try:
            result = self._work()
        except SecretError as error:
            self.signals.failed.emit(self.task_id, str(error))
        except Exception:
            log.exception("A keyring task failed unexpectedly")
            self.signals.failed.emit(
                self.task_id, QCoreApplication.translate(
                    "KeyringTask", "Something went wrong talking to the password store. "
                    "Nothing was changed. Try again, and if it happens again send the log "
                    "file to your IT support."))
        else:
            self.signals.succeeded.emit(self.task_id, result)


_pool: QThreadPool | None = None


def keyring_pool() -> QThreadPool:
    global _pool
    app = QCoreApplication.instance()
    if _pool is None or _pool.parent() is not app:
        _pool = QThreadPool(app)
        _pool.setMaxThreadCount(1)
    return _pool
