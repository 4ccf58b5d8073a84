"""The open workspace as the window sees it: autosave, change notices and cached facts.

Pages report edits; the session saves them through the store after a short pause (so a
burst of typing is one write) and at once whenever the user moves on or closes the window,
so closing at any moment loses nothing. A save that fails (disk full, folder gone read-only)
keeps the edit pending, says so, and is tried again on the next change or on close.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal

from psn_desktop.journey import Facts, Journey, SectionRegistry
from psn_desktop.journey.facts import gather
from psn_desktop.journey.opening import remember
from psn_desktop.journey.places import Place, load_place, save_place
from psn_desktop.workspace.errors import WorkspaceError
from psn_desktop.workspace.store import Workspace

log = logging.getLogger(__name__)

AUTOSAVE_DELAY_MS = 400

Saver = Callable[[Workspace], None]


class Autosaver(QObject):
    """Debounced saves keyed by what they save, so a newer edit replaces an older one."""

    failed = Signal(str)
    saved = Signal()

    def __init__(self, workspace: Workspace, delay_ms: int = AUTOSAVE_DELAY_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._pending: dict[str, Saver] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self.last_error = ""

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def schedule(self, key: str, saver: Saver) -> None:
        self._pending[key] = saver
        self._timer.start()

    def flush(self) -> bool:
        """Save everything pending now; False (and the message) if something could not be."""
        self._timer.stop()
        for key, saver in list(self._pending.items()):
            try:
                saver(self.workspace)
            except WorkspaceError as error:
                self.last_error = str(error)
                self.failed.emit(self.last_error)
                return False
            if self._pending.get(key) is saver:
                del self._pending[key]
        if self.last_error:
            self.last_error = ""
        self.saved.emit()
        return True


class Session(QObject):
    """One open workspace, with its journey and the as-of date everything is judged on."""

    changed = Signal(str)  # a part of the workspace changed (after a save)
    saveFailed = Signal(str)
    saved = Signal()

    def __init__(self, workspace: Workspace, registry: SectionRegistry, as_of: date,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.registry = registry
        self.journey = Journey(registry)
        self.as_of = as_of
        self._facts: Facts | None = None
        self._title = ""
        self.autosave = Autosaver(workspace, parent=self)
        self.autosave.failed.connect(self.saveFailed)
        self.autosave.saved.connect(self._after_save)
        workspace.add_listener(self._on_change)

    @property
    def read_only(self) -> bool:
        return self.workspace.read_only

    def _after_save(self) -> None:
        self._facts = None  # journey answers live in settings, which send no change notice
        self.saved.emit()

    def _on_change(self, part: str) -> None:
        self._facts = None
        if part == "organisation":
            self._remember_title()
        self.changed.emit(part)

    def _remember_title(self) -> None:
        title = self.workspace.organisation().name.strip()
        if title != self._title:
            self._title = title
            if title:
                self.workspace.set_title(title)
            remember(self.workspace)

    def facts(self) -> Facts:
        if self._facts is None:
            self._facts = gather(self.workspace, self.as_of)
        return self._facts

    def refresh(self) -> Facts:
        self._facts = None
        return self.facts()

    def schedule(self, key: str, saver: Saver) -> None:
        if not self.read_only:
            self.autosave.schedule(key, saver)

    def flush(self) -> bool:
        return self.autosave.flush() if not self.read_only else True

    def place(self) -> Place:
        return load_place(self.workspace)

    def save_place(self, place: Place) -> None:
        if self.read_only:
            return
        try:
            save_place(self.workspace, place)
        except WorkspaceError as error:  # where the user was is not worth a crash
            log.warning("Could not remember the page: %s", error)

    def close(self) -> bool:
        """Save what is pending and release the workspace; False if an edit was not saved."""
        ok = self.flush()
        self.workspace.close()
        return ok
