"""'Send when online' in the open app: try the waiting packs at start, then every few minutes.

Each round walks the workspace's queue once, sending one pack at a time through the same
controller the Send button uses (so the records and rules are the same), with the short
patience of a queue round. A round never starts while the user is sending or has paused
an upload, and a pack that fails keeps its place with the problem noted for the panel.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3

from PySide6.QtCore import QObject, QTimer, Signal

from psn_desktop.submit.offline_queue import RETRY_EVERY_SECONDS, round_policy
from psn_desktop.submit.uploader import RetryPolicy
from psn_desktop.ui.upload.controller import LEDGER_ERRORS, State, UploadController

log = logging.getLogger(__name__)

FIRST_TRY_DELAY_MS = 3000  # after opening, let the window settle before using the network


class UploadQueueRunner(QObject):
    roundFinished = Signal()
    changed = Signal()  # the queue changed (a pack went, or a problem was noted)

    def __init__(self, controller: UploadController, parent: QObject | None = None,
                 interval_ms: int = RETRY_EVERY_SECONDS * 1000,
                 policy: RetryPolicy | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.policy = policy
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.run_round)
        self._pending: list[str] = []
        self._current = ""
        self._starting = False  # inside controller.send: a failure there is not asynchronous
        controller.sent.connect(self._sent)
        controller.failed.connect(self._failed)
        controller.paused.connect(self._interrupted)
        controller.cancelled.connect(self._interrupted)

    def start(self, first_delay_ms: int = FIRST_TRY_DELAY_MS) -> None:
        self.timer.start()
        QTimer.singleShot(first_delay_ms, self, self.run_round)

    def stop(self) -> None:
        self.timer.stop()
        self._pending.clear()

    @property
    def running(self) -> bool:
        return bool(self._current or self._pending)

    def run_round(self) -> bool:
        """Start a round now; False when one is running or the user's upload is in the way."""
        if self.running or self.controller.busy or self.controller.state is State.PAUSED:
            return False
        try:
            self._pending = [entry.sha256 for entry in self.controller.ledger.queue()]
        except LEDGER_ERRORS as error:
            if isinstance(error, sqlite3.ProgrammingError):  # the workspace was closed
                self.stop()
            else:
                log.warning("The upload queue could not be read: %s", error)
            return False
        if not self._pending:
            self.roundFinished.emit()
            return True
        self._next()
        return True

    def _next(self) -> None:
        while self._pending:
            sha = self._pending.pop(0)
            try:
                entry = self.controller.ledger.queued(sha)
            except LEDGER_ERRORS:
                entry = None
            if entry is None:
                continue
            self._current = sha
            self._starting = True
            try:
                started = self.controller.send(entry.path, entry.endpoint,
                                               policy=self.policy or round_policy(),
                                               expect_sha256=sha)
            finally:
                self._starting = False
            if started:
                return
            self._current = ""
        self.roundFinished.emit()

    def _sent(self, _outcome: object) -> None:
        if self._current:
            self._current = ""
            self.changed.emit()
            self._next()

    def _failed(self, message: str) -> None:
        if not self._current:
            return
        with contextlib.suppress(*LEDGER_ERRORS):
            self.controller.ledger.note_try(self._current, message)
        self.changed.emit()
        if not self._starting:
            self._current = ""
            self._next()

    def _interrupted(self) -> None:
        """The user paused or cancelled the queued pack being sent: end the round there."""
        if self._current:
            self._current = ""
            self._pending.clear()
            self.changed.emit()
            self.roundFinished.emit()
