"""The GOV.UK task list: one row per registered section, its status and what is left."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from psn_desktop.journey import Facts, Section, SectionState, SectionStatus
from psn_desktop.ui.i18n import JOURNEY, VALIDATION, tr
from psn_desktop.ui.styles import set_role
from psn_desktop.ui.widgets.boxes import StatusTag
from psn_desktop.ui.widgets.text import paragraph, task_button

MAX_MISSING_SHOWN = 2


class TaskRow(QFrame):
    opened = Signal(str)

    def __init__(self, section: Section, status: SectionStatus,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.status = status
        set_role(self, "row")
        self.setObjectName(f"task-{section.id}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 12)
        layout.setSpacing(16)
        text = QVBoxLayout()
        text.setSpacing(4)
        title = tr(JOURNEY, section.title)
        state = tr(JOURNEY, status.state.label)
        self.button = task_button(title, self.tr("{title}: {status}").format(
            title=title, status=state), self)
        self.button.setObjectName(f"open-{section.id}")
        self.button.clicked.connect(lambda: self.opened.emit(section.id))
        self.button.setEnabled(status.state is not SectionState.CANNOT_START)
        text.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        self.detail = paragraph(self._detail_text(), "hint", self)
        self.detail.setObjectName(f"detail-{section.id}")
        text.addWidget(self.detail)
        layout.addLayout(text, 1)
        self.tag = StatusTag(status.state, self)
        layout.addWidget(self.tag, 0, Qt.AlignmentFlag.AlignTop)

    def _detail_text(self) -> str:
        status = self.status
        if status.state is SectionState.CANNOT_START:
            return self.tr("Cannot start yet: {why}").format(why=tr(JOURNEY, status.why))
        if status.state is SectionState.IN_PROGRESS and status.missing:
            shown = [tr(VALIDATION, m) for m in status.missing[:MAX_MISSING_SHOWN]]
            more = len(status.missing) - len(shown)
            text = self.tr("Still to do: {items}").format(items=" ".join(shown))
            if more:
                text += " " + self.tr("(and %n more)", "", more)
            return text
        return tr(JOURNEY, self.section.summary)


class TaskList(QWidget):
    opened = Signal(str)

    def __init__(self, sections: list[Section], facts: Facts,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.rows: dict[str, TaskRow] = {}
        for section in sections:
            row = TaskRow(section, section.status(facts), self)
            row.opened.connect(self.opened)
            self.rows[section.id] = row
            layout.addWidget(row)
