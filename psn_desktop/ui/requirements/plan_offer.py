"""On a 'not met' page: plan the fix straight away, or see the plan entry already made.

A 'not met' with nothing in the plan blocks a submission, and the person answering usually
knows what will be done about it, so the three things a plan needs are asked right there.
What is typed is kept as a draft until the button adds it, so leaving the page loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from psn_desktop.domain.catalogue import Requirement
from psn_desktop.domain.date_entry import DateEntryError, parse_date
from psn_desktop.domain.dates import uk_date
from psn_desktop.domain.validation import Problem
from psn_desktop.journey import Facts
from psn_desktop.journey.sections.drafts import draft_dict, write_draft
from psn_desktop.remediation.labels import STATUS_LABELS
from psn_desktop.remediation.plan_entries import fix_problems, plan_not_met, planned_fix
from psn_desktop.ui.i18n import VALIDATION, tr
from psn_desktop.ui.session import Session
from psn_desktop.ui.widgets.date_field import DateField
from psn_desktop.ui.widgets.fields import Field, ParagraphField, TextField
from psn_desktop.ui.widgets.flow import flow_row
from psn_desktop.ui.widgets.text import link_button, paragraph, secondary_button
from psn_desktop.workspace.errors import WorkspaceError
from psn_desktop.workspace.store import Workspace


def draft_key(requirement_id: str) -> str:
    return f"fix/{requirement_id}"


class PlanOfferField(Field):
    planned = Signal()  # a plan entry was added
    contentChanged = Signal()

    def __init__(self, session: Session | None, requirement: Requirement, as_of: date,
                 reason: Callable[[], str], open_plan: Callable[[int], None],
                 parent: QWidget | None = None) -> None:
        super().__init__("plan", self.tr("Plan the fix"), self.tr(
            "Something not met needs a plan: what will be done, who will do it and by when. "
            "It goes into your remediation plan."), parent)
        self.session = session
        self.requirement = requirement
        self.as_of = as_of
        self.reason = reason
        self.open_plan = open_plan
        self.finding_id: int | None = None
        self.done = QWidget(self)
        done_layout = QVBoxLayout(self.done)
        done_layout.setContentsMargins(0, 0, 0, 0)
        self.done_text = paragraph("", "", self.done)
        done_layout.addWidget(self.done_text)
        self.open_button = link_button(self.tr("Open it in the remediation plan"))
        self.open_button.clicked.connect(lambda: self.open_plan(self.finding_id or 0))
        done_layout.addWidget(flow_row(self.open_button))
        self._layout.addWidget(self.done)
        self.form = QWidget(self)
        form = QVBoxLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        self.notes = ParagraphField("fix_notes", self.tr("What will be done"),
                                    self.tr("For example: buy encrypted USB sticks for staff "
                                            "and block others by policy."), 2, self.form)
        self.owner = TextField("fix_owner", self.tr("Who will do it"),
                               self.tr("A name or a role, for example your IT provider."),
                               parent=self.form)
        self.target = DateField("fix_date", self.tr("By when"), parent=self.form)
        self.inner = {f.name: f for f in (self.notes, self.owner, self.target)}
        for field in self.inner.values():
            field.edited.connect(self._edited)
            form.addWidget(field)
        self.add_button = secondary_button(self.tr("Add to the remediation plan"))
        self.add_button.clicked.connect(self.add)
        form.addWidget(flow_row(self.add_button))
        self._layout.addWidget(self.form)
        self.input = self.add_button
        self.label.setBuddy(self.notes.edit)

    @property
    def qid(self) -> str:
        return self.requirement.qualified_id

    def load(self, facts: Facts) -> None:
        fix = planned_fix(facts.data, self.qid)
        if fix is not None and fix.action is not None:
            action = fix.action
            self.finding_id = fix.finding.id
            due = uk_date(action.target_date) if action.target_date else self.tr("no date yet")
            self.done_text.setText(self.tr(
                "In the remediation plan: “{title}”. {owner}, by {due}. Status: {status}.").format(
                title=fix.finding.title, owner=action.owner or self.tr("No owner yet"), due=due,
                status=tr("model", STATUS_LABELS[action.status])))
            self.done.show()
            self.form.hide()
        else:
            values = draft_dict(facts, draft_key(self.qid))
            self.notes.set_text(str(values.get("notes", "")))
            self.owner.set_value(str(values.get("owner", "")))
            self.target.line.setText(str(values.get("date", "")))
            self.done.hide()
            self.form.show()
        self.contentChanged.emit()

    def _values(self) -> dict[str, str]:
        return {"notes": self.notes.text(), "owner": self.owner.value(),
                "date": self.target.text()}

    def _edited(self) -> None:
        if self.session is None:
            return
        values = self._values()
        key = draft_key(self.qid)
        self.session.schedule(key, lambda ws: write_draft(ws, key, values if any(
            values.values()) else None))

    def add(self) -> None:
        if self.session is None:
            return
        self.session.flush()
        values = self._values()
        day: date | None = None
        problems: list[Problem] = []
        try:
            day = parse_date(values["date"]) if values["date"] else None
        except DateEntryError as error:
            problems.append(Problem("fix_date", str(error)))
        problems = fix_problems(values["owner"], day, values["notes"]) + problems
        if day is not None and day < self.as_of:
            problems.append(Problem("fix_date", "The date is in the past: choose when it will "
                                                "be done."))
        shown: dict[str, str] = {}
        for problem in problems:
            shown.setdefault(problem.field, tr(VALIDATION, problem.message))
        for name, field in self.inner.items():
            field.set_error(shown.get(name))
        if problems:
            (self.inner.get(problems[0].field) or self.notes).focus_input()
            return
        workspace: Workspace = self.session.workspace
        try:
            plan_not_met(workspace, self.requirement, self.reason(), owner=values["owner"],
                         target_date=day, notes=values["notes"],  # type: ignore[arg-type]
                         found_on=self.as_of)
            write_draft(workspace, draft_key(self.qid), None)
        except WorkspaceError as error:
            self.set_error(str(error))
            return
        self.load(self.session.refresh())
        self.planned.emit()
        self.open_button.setFocus()

    def set_read_only(self, read_only: bool) -> None:
        self.add_button.setEnabled(not read_only)
        for field in self.inner.values():
            field.setEnabled(not read_only)

    def focus_input(self) -> None:
        (self.open_button if self.done.isVisible() else self.notes.edit).setFocus()
