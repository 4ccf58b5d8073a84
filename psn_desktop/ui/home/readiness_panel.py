"""The readiness verdict on the home page, with each blocker linked to where it is fixed.

A blocker whose fixing section is not in this version of the app is still listed (the
verdict must tell the truth) but without a link. A long list shows its first few, with a
"Show all" link, so the page stays calm for a workspace that has only just begun.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from psn_desktop.domain.readiness import Issue, Readiness
from psn_desktop.journey import SectionRegistry
from psn_desktop.ui.i18n import JOURNEY, READINESS, tr
from psn_desktop.ui.styles import set_role
from psn_desktop.ui.widgets.text import heading, link_button, paragraph

SHOWN_AT_FIRST = 5


class ReadinessPanel(QFrame):
    targetRequested = Signal(str)

    def __init__(self, readiness: Readiness | None, registry: SectionRegistry,
                 problem: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.registry = registry
        self.fix_buttons: list = []
        ready = readiness is not None and readiness.ready
        set_role(self, "panel", kind="ready" if ready else "")
        self.setObjectName("readiness")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        if readiness is None:
            layout.addWidget(heading(self.tr("Readiness cannot be worked out"), 2, self))
            layout.addWidget(paragraph(problem, "", self))
            return
        title = tr(READINESS, readiness.verdict)
        self.verdict = heading(title, 2, self)
        self.verdict.setObjectName("verdict")
        layout.addWidget(self.verdict)
        layout.addWidget(paragraph(self.tr(
            "{framework}, version {version}. {done}% of the requirements are answered."
        ).format(framework=readiness.framework_title, version=readiness.framework_version,
                 done=readiness.completion), "caption" if not ready else "", self))
        self.hidden_rows: list[QWidget] = []
        self.show_all = None
        if readiness.blockers:
            layout.addWidget(heading(self.tr("To sort out before you submit"), 3, self))
            for number, issue in enumerate(readiness.blockers):
                row = self._issue_row(issue)
                layout.addWidget(row)
                if number >= SHOWN_AT_FIRST:
                    row.hide()
                    self.hidden_rows.append(row)
            if self.hidden_rows:
                self.show_all = link_button(self.tr("Show all %n thing(s) to sort out", "",
                                                    len(readiness.blockers)), parent=self)
                self.show_all.setObjectName("show-all-blockers")
                self.show_all.clicked.connect(self._show_all)
                layout.addWidget(self.show_all)
        if readiness.warnings:
            layout.addWidget(heading(self.tr("Worth fixing"), 3, self))
            for issue in readiness.warnings:
                layout.addWidget(self._issue_row(issue))

    def _show_all(self) -> None:
        for row in self.hidden_rows:
            row.show()
        self.hidden_rows = []
        if self.show_all is not None:
            self.show_all.hide()
            next_button = next((b for b in self.fix_buttons if b.isVisibleTo(self)), None)
            (next_button or self).setFocus()

    def _issue_row(self, issue: Issue) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        text = paragraph("• " + tr(READINESS, issue.message), "", row)
        layout.addWidget(text, 1)
        section = self.registry.for_target(issue.target) if issue.target else None
        if section is not None:
            title = tr(JOURNEY, section.title)
            button = link_button(self.tr("Fix this"),
                                 self.tr("Fix this in {section}: {issue}").format(
                                     section=title, issue=tr(READINESS, issue.message)), row)
            button.setToolTip(title)
            button.clicked.connect(lambda: self.targetRequested.emit(issue.target))
            self.fix_buttons.append(button)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return row
