"""A single tick box with a label that may run to several lines (a declaration)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from psn_desktop.ui.widgets.fields import Field


class _BoxText(QLabel):
    """The tick box's words: clicking them ticks the box, as on the web."""

    def __init__(self, text: str, box: QCheckBox, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.box = box

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() is Qt.MouseButton.LeftButton and self.box.isEnabled():
            self.box.toggle()
            self.box.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)


class CheckField(Field):
    """The box's text wraps in a label beside it (a QCheckBox's own text never wraps, which
    clips a long declaration at 200% text); clicking the text ticks the box too."""

    def __init__(self, name: str, label: str, text: str, hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(name, label, hint, parent)
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.box = QCheckBox(row)
        self.box.toggled.connect(lambda _checked: self.edited.emit())
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        self.text = _BoxText(text, self.box, row)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setBuddy(self.box)
        layout.addWidget(self.text, 1)
        self._layout.addWidget(row)
        self.input = self.box
        self.box.setAccessibleName(text)
        self.box.setAccessibleDescription(hint)
        self.box.setObjectName(f"field-{name}")
        self.label.setBuddy(self.box)

    def checked(self) -> bool:
        return self.box.isChecked()

    def set_checked(self, value: bool) -> None:
        self.box.blockSignals(True)
        try:
            self.box.setChecked(value)
        finally:
            self.box.blockSignals(False)
