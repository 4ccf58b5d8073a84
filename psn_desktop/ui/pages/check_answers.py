"""The generic "check your answers" page: every answer of a section with a Change link."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from psn_desktop.journey import Facts, StepKind, SummaryRow
from psn_desktop.ui.i18n import JOURNEY, VALIDATION, tr
from psn_desktop.ui.pages.base import PageContext, StepPage
from psn_desktop.ui.styles import set_role
from psn_desktop.ui.widgets.text import LinksLabel, heading, link_button, paragraph


class CheckAnswersPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.status_box = QVBoxLayout()
        self.body.addLayout(self.status_box)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(0)
        self.body.addLayout(self.rows)
        self.change_buttons: list = []

    def continue_label(self) -> str:
        return self.tr("Back to the task list")

    def load(self, facts: Facts) -> None:
        position = self.context.position
        journey = self.session.journey
        section = self.session.registry[position.section]
        gaps: list[tuple[str, str]] = []
        for step in section.linear_steps(facts):
            if step.kind is not StepKind.CHECK:
                gaps.extend((step.id, tr(VALIDATION, p.message)) for p in step.problems(facts))
        self.status_box.addWidget(self._status(gaps))
        for row in journey.summary(section.id, facts):
            self.rows.addWidget(self._row(row))

    def _status(self, gaps: list[tuple[str, str]]) -> QWidget:
        box = QFrame(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(16, 10, 12, 10)
        if not gaps:
            set_role(box, "notice", kind="info")
            layout.addWidget(paragraph(self.tr("You have answered everything in this section. "
                                               "You can change any answer below."), "", box))
            box.setAccessibleName(self.tr("Section complete"))
            return box
        set_role(box, "notice", kind="warning")
        layout.addWidget(heading(self.tr("Still to do"), 3, box))
        items = "".join(f"<li><a href='{html.escape(step)}'>{html.escape(message)}</a></li>"
                        for step, message in gaps)
        label = LinksLabel(f"<ul style='margin-left:-20px'>{items}</ul>", box)
        label.setAccessibleName(self.tr("Still to do: ") + " ".join(m for _s, m in gaps))
        label.linkActivated.connect(self._go_to_step)
        layout.addWidget(label)
        self.gaps_label = label
        return box

    def _go_to_step(self, step_id: str) -> None:
        position = self.context.position
        self.goTo.emit(self.session.journey.revisit(position.section, step_id,
                                                    self.session.facts()))

    def _row(self, row: SummaryRow) -> QWidget:
        frame = QFrame(self)
        set_role(frame, "row")
        layout = QHBoxLayout(frame)
        layout.setContentsMargins(0, 10, 0, 10)
        label_text = tr(JOURNEY, row.label) if row.item is None else row.label
        label = paragraph(label_text, "label", frame)
        layout.addWidget(label, 2, Qt.AlignmentFlag.AlignTop)
        value = row.value or self.tr("Not given")
        if row.translate_value or not row.value:
            value = tr(JOURNEY, value) if row.value else value
        shown = paragraph(value, "value" if row.value else "hint", frame)
        shown.setAccessibleName(f"{label_text}: {value}")
        layout.addWidget(shown, 3, Qt.AlignmentFlag.AlignTop)
        change = link_button(self.tr("Change"),
                             self.tr("Change {what}").format(what=label_text), frame)
        change.clicked.connect(
            lambda: self.goTo.emit(self.session.journey.change(
                self.context.position.section, row, self.session.facts())))
        change.setEnabled(not self.session.read_only)
        self.change_buttons.append(change)
        layout.addWidget(change, 0, Qt.AlignmentFlag.AlignTop)
        return frame

    def focus_first(self) -> None:
        if self.change_buttons:
            self.change_buttons[0].setFocus()
