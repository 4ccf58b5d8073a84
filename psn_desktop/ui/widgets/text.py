"""Headings, paragraphs and buttons in the app's few styles.

Every label wraps (layouts must hold at 200% text) and is plain text unless it carries
links, so nothing a user typed is ever interpreted as markup.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QSizePolicy, QWidget

from psn_desktop.ui.styles import scaled_font, set_role

HEADING_FACTORS = {1: 1.75, 2: 1.35, 3: 1.1}


def heading(text: str, level: int = 1, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setFont(scaled_font(label, HEADING_FACTORS[level], bold=True))
    label.setAccessibleName(text)
    label.setProperty("heading", level)
    return label


def paragraph(text: str, role: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    policy.setHeightForWidth(True)  # a new policy drops it, and the label then gets the
    label.setSizePolicy(policy)  # height of its text wrapped at some narrower guessed width
    if role:
        set_role(label, role)
    return label


def bullets(items: list[str], parent: QWidget | None = None) -> QLabel:
    """A bulleted list (rich text, with every item escaped)."""
    body = "".join(f"<li>{html.escape(item)}</li>" for item in items)
    label = QLabel(f"<ul style='margin-left:-20px'>{body}</ul>", parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAccessibleName("\n".join(items))
    return label


class LinksLabel(QLabel):
    """Wrapping rich text whose links are followed with Tab and Enter, or the mouse.

    Tabbing into the label lands on its first (or, backwards, last) link at once, so Enter
    follows it: without this Qt stops once on the label with no link chosen.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByKeyboard
                                     | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() is Qt.FocusReason.TabFocusReason:
            self.focusNextPrevChild(True)
        elif event.reason() is Qt.FocusReason.BacktabFocusReason:
            self.focusNextPrevChild(False)


def links_label(parts: list[tuple[str, str]], prefix: str = "",
                parent: QWidget | None = None) -> QLabel:
    """A wrapping line of links (href, text) after an optional prefix."""
    links = " · ".join(f"<a href='{html.escape(href)}'>{html.escape(text)}</a>"
                       for href, text in parts)
    label = LinksLabel((html.escape(prefix) + " " if prefix else "") + links, parent)
    label.setAccessibleName(prefix + " " + ", ".join(text for _href, text in parts))
    return label


def _button(text: str, role: str, accessible_name: str, parent: QWidget | None) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(accessible_name or text.replace("&", ""))
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setAutoDefault(False)
    set_role(button, role)
    return button


def primary_button(text: str, accessible_name: str = "",
                   parent: QWidget | None = None) -> QPushButton:
    return _button(text, "primary", accessible_name, parent)


def secondary_button(text: str, accessible_name: str = "",
                     parent: QWidget | None = None) -> QPushButton:
    return _button(text, "secondary", accessible_name, parent)


def link_button(text: str, accessible_name: str = "",
                parent: QWidget | None = None) -> QPushButton:
    button = _button(text, "link", accessible_name, parent)
    button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    return button


def task_button(text: str, accessible_name: str = "",
                parent: QWidget | None = None) -> QPushButton:
    """A task-list row's title: a bold link."""
    button = _button(text, "task", accessible_name, parent)
    button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    return button


def rule(parent: QWidget | None = None) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.NoFrame)
    set_role(line, "rule")
    return line
