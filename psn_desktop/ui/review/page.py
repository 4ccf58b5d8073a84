"""Are you ready to submit? One verdict per framework, every blocker a link to its fix.

The home page shows the first few blockers; this page shows all of them, with the warnings,
and says what happens next. Links go through the journey (``Journey.for_target``), so a
blocker about a requirement opens that requirement's page and one about the scope opens the
scope; a blocker no section fixes is still listed, without a link.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from psn_desktop.domain.readiness import Issue, Readiness
from psn_desktop.journey import Facts
from psn_desktop.journey.sections.review import blockers_before_signing
from psn_desktop.ui.i18n import JOURNEY, READINESS, tr
from psn_desktop.ui.pages.base import PageContext, StepPage
from psn_desktop.ui.pages.registry import register_page
from psn_desktop.ui.styles import set_role
from psn_desktop.ui.widgets.boxes import Notice
from psn_desktop.ui.widgets.flow import flow_row
from psn_desktop.ui.widgets.text import heading, link_button, paragraph, secondary_button


@register_page("review", "review")
class ReviewPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.fix_buttons: list = []
        self.panels = QVBoxLayout()
        self.panels.setSpacing(18)
        self.body.addLayout(self.panels)
        self.next_button = secondary_button(self.tr("Go to the declaration"))
        self.next_button.clicked.connect(self._to_sign_off)
        self.body.addWidget(flow_row(self.next_button))

    def continue_label(self) -> str:
        return self.tr("Back to the task list")

    def load(self, facts: Facts) -> None:
        if facts.readiness_problem or not facts.readiness:
            self.panels.addWidget(Notice(facts.readiness_problem or self.tr(
                "Readiness cannot be worked out for this workspace."), "error", None, self))
            return
        for readiness in facts.readiness:
            self.panels.addWidget(self._panel(readiness))
        self.contentChanged.emit()

    def _panel(self, readiness: Readiness) -> QWidget:
        frame = QFrame(self)
        before = blockers_before_signing(readiness)
        set_role(frame, "panel", kind="ready" if readiness.ready else "")
        frame.setObjectName(f"review-{readiness.framework_id}")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        verdict = heading(tr(READINESS, readiness.verdict), 2, frame)
        verdict.setObjectName("verdict")
        layout.addWidget(verdict)
        layout.addWidget(paragraph(self.tr(
            "{framework}, version {version}: {done}% of the requirements answered, {met}% met "
            "or not applicable.").format(framework=readiness.framework_title,
                                         version=readiness.framework_version,
                                         done=readiness.completion, met=readiness.met),
            "" if readiness.ready else "caption", frame))
        if readiness.ready:
            layout.addWidget(paragraph(self.tr(
                "Next: build the evidence pack and send it to the PSN team."), "", frame))
        elif not before:
            layout.addWidget(paragraph(self.tr(
                "Everything else is done: only the signed declaration is missing."), "", frame))
        if readiness.blockers:
            layout.addWidget(heading(self.tr("To sort out before you submit"), 3, frame))
            for issue in readiness.blockers:
                layout.addWidget(self._issue_row(issue, frame))
        if readiness.warnings:
            layout.addWidget(heading(self.tr("Worth fixing"), 3, frame))
            for issue in readiness.warnings:
                layout.addWidget(self._issue_row(issue, frame))
        return frame

    def _issue_row(self, issue: Issue, parent: QWidget) -> QWidget:
        row = QWidget(parent)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        message = tr(READINESS, issue.message)
        layout.addWidget(paragraph("• " + message, "", row), 1)
        registry = self.session.registry
        section = registry.for_target(issue.target) if issue.target else None
        if section is not None:
            title = tr(JOURNEY, section.title)
            button = link_button(self.tr("Fix this"), self.tr("Fix this in {section}: {issue}")
                                 .format(section=title, issue=message), row)
            button.setToolTip(title)
            button.clicked.connect(lambda: self._open(issue.target))
            self.fix_buttons.append(button)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _open(self, target: str) -> None:
        position = self.session.journey.for_target(target, self.session.facts())
        if position is not None:
            self.goTo.emit(position)

    def _to_sign_off(self) -> None:
        self.goTo.emit(self.session.journey.entry("sign_off", self.session.facts()))

    def focus_first(self) -> None:
        (self.fix_buttons[0] if self.fix_buttons else self.next_button).setFocus()
