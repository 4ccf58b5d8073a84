"""The busy row and the lifecycle of one background task, shared by the pages that run one.

Several pages run slow work through ``ui.workers`` the same way: show a label and a progress
bar, disable their own buttons, tell the page frame they are busy (it shows Cancel), then on
the way back hide the row, re-enable the buttons unless the workspace is read-only, and say
how it went. Each page used to carry its own copy of that plumbing; this keeps it in one place
so a fix to it (focus, read-only, the messages) reaches every page. The page still owns its
texts (translated in its own context) and what happens with a result.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from psn_desktop.tabular import Table, TableProblem, read_table
from psn_desktop.ui import workers
from psn_desktop.workspace.errors import WorkspaceError


class BusyTask(QObject):
    """A busy row (label + progress bar) and at most one running ``workers.Task``.

    ``buttons`` are disabled while the task runs and re-enabled afterwards unless
    ``read_only()`` says otherwise. ``say(text, kind)`` shows the outcome: a failure's message,
    or ``stopped`` when the user cancelled; a result goes to the ``done`` callback given to
    ``run`` (a WorkspaceError it raises is shown too). ``focus`` gets the keyboard back after.
    """

    def __init__(self, owner: QWidget, busy_changed: Signal, *, accessible_name: str,
                 say: Callable[[str, str], None], stopped: str,
                 read_only: Callable[[], bool], buttons: Sequence[QWidget] = (),
                 focus: QWidget | None = None, indeterminate: bool = False) -> None:
        super().__init__(owner)
        self.busy_changed = busy_changed
        self.say = say
        self.stopped = stopped
        self.read_only = read_only
        self.buttons = tuple(buttons)
        self.focus = focus
        self.task: workers.Task | None = None
        self.row = QWidget(owner)
        layout = QHBoxLayout(self.row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("", self.row)
        self.progress = QProgressBar(self.row)
        self.progress.setRange(0, 0 if indeterminate else 100)
        self.progress.setAccessibleName(accessible_name)
        layout.addWidget(self.label)
        layout.addWidget(self.progress, 1)
        self.row.hide()

    def run(self, label: str, work: workers.Work, done: Callable[[Any], None]) -> workers.Task:
        self.label.setText(label)
        self.progress.setValue(0)
        self.row.show()
        for button in self.buttons:
            button.setEnabled(False)
        self.busy_changed.emit(True)
        task = workers.Task(work)
        task.signals.progress.connect(self._progress)
        task.signals.finished.connect(lambda result: self._finish(done, result))
        task.signals.failed.connect(lambda error: self._finish(None, error))
        task.signals.cancelled.connect(lambda: self._finish(None, None))
        self.task = task
        return workers.start(task)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _progress(self, value: int) -> None:
        if value < 0:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(value)

    def _finish(self, done: Callable[[Any], None] | None, result: Any) -> None:
        self.task = None
        self.row.hide()
        read_only = self.read_only()
        for button in self.buttons:
            button.setEnabled(not read_only)
        self.busy_changed.emit(False)
        if done is None:
            if isinstance(result, Exception):
                self.say(str(result), "error")
            else:
                self.say(self.stopped, "info")
        else:
            try:
                done(result)
            except WorkspaceError as error:
                self.say(str(error), "error")
        if self.focus is not None:
            self.focus.setFocus()


def read_spreadsheet(path: Path) -> Callable[[threading.Event, Callable[[int], None]], object]:
    """The background work of every spreadsheet import (devices, health-check findings).

    Returns the table, or the plain reason it cannot be read, so the page shows the reason
    instead of treating a user's bad file as an unexpected failure.
    """
    def work(_cancel: threading.Event, progress: Callable[[int], None]) -> Table | str:
        progress(-1)
        try:
            return read_table(path)
        except TableProblem as problem:
            return str(problem)

    return work
