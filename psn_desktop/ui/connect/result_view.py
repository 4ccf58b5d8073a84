"""What the VPN profile dialog shows after generating: problems, the file, how to apply it.

Refusals and warnings come first, in words, because a refusal is the answer ("the gateway
needs a certificate") and a preview of nothing would hide it. Commands are shown in
read-only boxes that can be selected and copied with the keyboard, with steps that need an
administrator marked so a site knows what to pass to its IT staff.
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from psn_desktop.connect.generate import GeneratedProfile
from psn_desktop.connect.problems import ProfileProblem
from psn_desktop.ui.i18n import VALIDATION, tr
from psn_desktop.ui.widgets.boxes import Notice
from psn_desktop.ui.widgets.text import heading, paragraph


class ResultView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(10)
        self.preview: QPlainTextEdit | None = None
        self.command_boxes: list[QLineEdit] = []
        self.notices: list[Notice] = []

    def clear(self) -> None:
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.preview = None
        self.command_boxes = []
        self.notices = []

    def show_problems(self, problems: list[ProfileProblem], written: bool) -> None:
        refused = [p for p in problems if p.blocking]
        if refused:
            text = self.tr("The profile was not made:") + "\n" + "\n".join(
                "• " + tr(VALIDATION, p.message) for p in refused)
            self._notice(text, "error")
        for problem in problems:
            if not problem.blocking:
                self._notice(self.tr("Please note: {message}").format(
                    message=tr(VALIDATION, problem.message)), "warning")
        if written and not refused:
            self._notice(self.tr("The profile is ready. Save it, then follow the steps below."),
                         "info")

    def _notice(self, text: str, kind: str) -> None:
        notice = Notice(text, kind, parent=self)
        self.notices.append(notice)
        self.layout_.addWidget(notice)

    def show_profile(self, profile: GeneratedProfile) -> None:
        self.layout_.addWidget(heading(self.tr("The profile"), 2, self))
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setPlainText(profile.text)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.preview.setAccessibleName(self.tr("The profile's text"))
        self.preview.setAccessibleDescription(self.tr("Read only. It holds no key or "
                                                      "passphrase."))
        self.preview.setTabChangesFocus(True)
        self.preview.setMinimumHeight(180)
        self.layout_.addWidget(self.preview)

        self.layout_.addWidget(heading(self.tr("How to apply it"), 2, self))
        for number, step in enumerate(profile.steps, 1):
            who = self.tr(" (IT staff: needs an administrator)") if step.needs_admin else ""
            self.layout_.addWidget(paragraph(f"{number}. {tr(VALIDATION, step.text)}{who}",
                                             "", self))
            if step.command:
                box = QLineEdit(step.command, self)
                box.setReadOnly(True)
                box.setAccessibleName(self.tr("Command for step {number}").format(
                    number=number))
                box.setCursorPosition(0)
                self.command_boxes.append(box)
                self.layout_.addWidget(box)
        template = profile.extra.get("psk_secrets_template")
        if template:
            self.layout_.addWidget(paragraph(self.tr(
                "The pre-shared key file looks like this. Put the real key in place of the "
                "placeholder on the router itself; it is never saved in the profile."), "",
                self))
            box = QPlainTextEdit(template, self)
            box.setReadOnly(True)
            box.setTabChangesFocus(True)
            box.setAccessibleName(self.tr("Pre-shared key file template"))
            box.setMaximumHeight(140)
            self.layout_.addWidget(box)
