"""The base of every question page: fields, autosave, problems shown at each field.

A page renders one journey step. It fills its fields from the facts when shown, reports
each edit to the session (which saves it after a short pause), and shows the problems the
engine found when the user pressed Continue. It never decides where to go next.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from psn_desktop.domain.validation import Problem
from psn_desktop.journey import Facts, Position, Step
from psn_desktop.ui.i18n import JOURNEY, VALIDATION, tr
from psn_desktop.ui.session import Session
from psn_desktop.ui.widgets.fields import Field
from psn_desktop.workspace.store import Workspace


@dataclass
class PageContext:
    session: Session | None  # None before a workspace is open (the first-run start page)
    position: Position | None = None
    step: Step | None = None
    open_glossary: Callable[[str], None] | None = None
    as_of: date | None = None


class StepPage(QWidget):
    """Subclasses build their fields in ``__init__`` and implement load() and save()."""

    busyChanged = Signal(bool)
    positionChanged = Signal(object)  # this page now edits another item (a new one was saved)
    goTo = Signal(object)  # open another position (a list's item page)
    proceed = Signal(object)  # asynchronous Continue finished (the start page)
    problemsFound = Signal(object)  # list[Problem] found by the page itself, for the summary
    contentChanged = Signal()  # widgets were added or removed: the frame redoes tab order
    submitted = Signal()  # Enter in a one-line field: the same as pressing Continue

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.session = context.session
        self.fields: dict[str, Field] = {}
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(14)

    # ----- what the frame shows around the page ------------------------------------------

    def title(self) -> str:
        return tr(JOURNEY, self.context.step.title) if self.context.step else ""

    def hint(self) -> str:
        return tr(JOURNEY, self.context.step.hint) if self.context.step else ""

    def continue_label(self) -> str:
        return self.tr("Continue")

    # ----- fields and autosave --------------------------------------------------------------

    def add_field(self, field: Field) -> Field:
        self.fields[field.name] = field
        field.edited.connect(self.on_edited)
        line = getattr(field, "line", None)
        if line is not None:
            line.returnPressed.connect(self.submitted)  # as on a web form
        self.body.addWidget(field)
        return field

    def save_key(self) -> str:
        position = self.context.position
        return f"{position.section}/{position.step}/{position.item}" if position else "page"

    def on_edited(self) -> None:
        if self.session is not None:
            self.session.schedule(self.save_key(), self.save)

    def load(self, facts: Facts) -> None:
        """Fill the fields from the workspace (called once, when the page is shown)."""

    def save(self, workspace: Workspace) -> None:
        """Write the fields to the store (called by the autosave, never while loading)."""

    def set_read_only(self, read_only: bool) -> None:
        for field in self.fields.values():
            field.setEnabled(not read_only)

    # ----- Continue ------------------------------------------------------------------------

    def accept_continue(self) -> bool:
        """Return False to do the work asynchronously (emit ``proceed`` when done)."""
        return True

    def cancel(self) -> None:
        """Cancel asynchronous work started by accept_continue()."""

    def show_problems(self, problems: list[Problem]) -> list[tuple[str, str]]:
        """Mark each field's first problem; return (field, message) for the error summary."""
        shown: list[tuple[str, str]] = []
        first: dict[str, str] = {}
        for problem in problems:
            message = tr(VALIDATION, problem.message)
            shown.append((problem.field, message))
            first.setdefault(problem.field, message)
        for name, field in self.fields.items():
            field.set_error(first.get(name))
        return shown

    def focus_field(self, name: str) -> None:
        field = self.fields.get(name) or next(iter(self.fields.values()), None)
        if field is not None:
            field.focus_input()

    def focus_first(self) -> None:
        if self.fields:
            next(iter(self.fields.values())).focus_input()
