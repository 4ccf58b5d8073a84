"""The error summary at the top of a page, notices, and task-list status tags."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QFrame, QLabel, QVBoxLayout, QWidget

from psn_desktop.journey.status import SectionState
from psn_desktop.ui.i18n import JOURNEY, tr
from psn_desktop.ui.styles import set_role
from psn_desktop.ui.widgets.flow import flow_row
from psn_desktop.ui.widgets.text import LinksLabel, heading, link_button, paragraph


class ErrorSummary(QFrame):
    """"There is a problem", then every problem as a link to its field (GOV.UK pattern)."""

    fieldRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "error-summary")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.title = heading(self.tr("There is a problem"), 2, self)
        layout.addWidget(self.title)
        self.body = LinksLabel("", self)
        self.body.linkActivated.connect(self.fieldRequested)
        layout.addWidget(self.body)
        self.setAccessibleName(self.tr("There is a problem"))
        self.messages: list[str] = []
        self.hide()

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        """``problems`` are (field name, translated message); an empty list hides the box."""
        self.messages = [message for _field, message in problems]
        items = "".join(
            f"<li><a href='{html.escape(field)}' style='color:#d4351c'>"
            f"{html.escape(message)}</a></li>"
            for field, message in problems
        )
        self.body.setText(f"<ul style='margin-left:-20px'>{items}</ul>")
        self.body.setAccessibleName("\n".join(self.messages))
        self.setVisible(bool(problems))
        if problems:
            self.body.setFocus(Qt.FocusReason.TabFocusReason)  # on the first link


class Notice(QFrame):
    """A message in a coloured box, with optional action links ("Undo", "Fix this")."""

    def __init__(self, text: str, kind: str = "info",
                 actions: list[tuple[str, Callable[[], None]]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "notice", kind=kind)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 12, 10)
        self.label = paragraph(text, "", self)
        self.label.setAccessibleName(text)
        layout.addWidget(self.label)
        self.setAccessibleName(text)
        self.buttons = []
        if actions:
            for label, callback in actions:
                button = link_button(label, parent=self)
                button.clicked.connect(callback)
                self.buttons.append(button)
            layout.addWidget(flow_row(*self.buttons, spacing=16))


def replace_notice(current: Notice | None, slot: QBoxLayout, text: str, kind: str = "info",
                   actions: list[tuple[str, Callable[[], None]]] | None = None,
                   parent: QWidget | None = None) -> Notice:
    """Show a page's one message in place of its last one.

    Pages keep a single notice so the newest outcome is never buried under older ones; the
    old box is hidden at once rather than when Qt gets round to deleting it.
    """
    if current is not None:
        current.hide()
        current.deleteLater()
    notice = Notice(text, kind, actions, parent)
    slot.addWidget(notice)
    return notice


class StatusTag(QLabel):
    def __init__(self, state: SectionState, parent: QWidget | None = None) -> None:
        text = tr(JOURNEY, state.label)
        super().__init__(text, parent)
        set_role(self, "tag", state=state.value)
        self.setAccessibleName(self.tr("Status: {status}").format(status=text))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setObjectName(f"tag-{state.value}")
