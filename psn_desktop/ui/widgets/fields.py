"""Form fields in the GOV.UK pattern: a label, a hint, an error message, then the input.

Each field names its input for assistive technology (the label is the accessible name, the
hint and any error its description), so the accessibility walk in the tests can insist on
it. Multi-line inputs move focus on Tab, so the whole journey works by keyboard alone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from psn_desktop.ui.styles import set_role
from psn_desktop.ui.widgets.text import paragraph

# Input widths in average characters (GOV.UK sizes inputs to their expected content).
SHORT, MEDIUM, LONG = 10, 24, 0  # 0: full width


class Field(QFrame):
    """Base class: label, hint, error, input. Subclasses create ``self.input``."""

    edited = Signal()

    def __init__(self, name: str, label: str, hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.label_text = label
        self.hint_text = hint
        set_role(self, "field", invalid="false")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(12, 4, 0, 4)
        self._layout.setSpacing(4)
        self.label = QLabel(label, self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        set_role(self.label, "label")
        self._layout.addWidget(self.label)
        self.hint = paragraph(hint, "hint", self) if hint else None
        if self.hint:
            self._layout.addWidget(self.hint)
        self.error = paragraph("", "error", self)
        self.error.hide()
        self._layout.addWidget(self.error)

    def _add_input(self, widget: QWidget, width_chars: int = LONG) -> None:
        self.input = widget
        widget.setAccessibleName(self.label_text)
        widget.setAccessibleDescription(self.hint_text)
        widget.setObjectName(f"field-{self.name}")
        if width_chars:
            width = widget.fontMetrics().averageCharWidth() * width_chars + 24
            widget.setMaximumWidth(width)
            widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.label.setBuddy(widget)
        self._layout.addWidget(widget)

    def focus_input(self) -> None:
        self.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_error(self, message: str | None) -> None:
        invalid = "true" if message else "false"
        set_role(self, "field", invalid=invalid)
        set_role(self.input, self.input.property("role") or "input", invalid=invalid)
        self.error.setText(self.tr("Error: {message}").format(message=message or ""))
        self.error.setVisible(bool(message))
        description = self.hint_text + (f" {self.error.text()}" if message else "")
        self.input.setAccessibleDescription(description.strip())


class TextField(Field):
    def __init__(self, name: str, label: str, hint: str = "", width_chars: int = LONG,
                 parent: QWidget | None = None) -> None:
        super().__init__(name, label, hint, parent)
        self.line = QLineEdit(self)
        self.line.textEdited.connect(lambda _text: self.edited.emit())
        self._add_input(self.line, width_chars)

    def value(self) -> str:
        return self.line.text().strip()

    def set_value(self, value: str) -> None:
        self.line.setText(value)


class NumberField(TextField):
    """A whole number typed as text; blank means not given (None)."""

    def __init__(self, name: str, label: str, hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(name, label, hint, SHORT, parent)
        self.line.setValidator(QIntValidator(0, 9_999_999, self.line))
        self.line.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)

    def number(self) -> int | None:
        text = self.value()
        return int(text) if text.isdigit() else None

    def set_number(self, value: int | None) -> None:
        self.line.setText("" if value is None else str(value))


class ParagraphField(Field):
    """Free text over a few lines (a description, notes)."""

    def __init__(self, name: str, label: str, hint: str = "", lines: int = 3,
                 parent: QWidget | None = None) -> None:
        super().__init__(name, label, hint, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.textChanged.connect(self._changed)
        self._loading = False
        height = self.edit.fontMetrics().lineSpacing() * lines + 16
        self.edit.setMinimumHeight(height)
        self.edit.setMaximumHeight(height + self.edit.fontMetrics().lineSpacing() * 2)
        self._add_input(self.edit)

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def text(self) -> str:
        return self.edit.toPlainText().strip()

    def set_text(self, value: str) -> None:
        self._loading = True
        try:
            self.edit.setPlainText(value)
        finally:
            self._loading = False


class LinesField(ParagraphField):
    """One value per line (IP ranges, service codes): blank lines are ignored."""

    def __init__(self, name: str, label: str, hint: str = "", lines: int = 4,
                 parent: QWidget | None = None) -> None:
        super().__init__(name, label, hint, lines, parent)
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)

    def values(self) -> list[str]:
        return [line.strip() for line in self.edit.toPlainText().splitlines() if line.strip()]

    def set_values(self, values: list[str]) -> None:
        self.set_text("\n".join(values))


class ChoiceField(Field):
    """Radio buttons (one choice); each option may carry a hint under it."""

    def __init__(self, name: str, label: str, options: list[tuple[object, str, str]],
                 hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(name, label, hint, parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[object, QRadioButton] = {}
        box = QWidget(self)
        box.setAccessibleName(label)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for value, text, option_hint in options:
            button = QRadioButton(text, box)
            button.setAccessibleName(text)
            button.setAccessibleDescription(option_hint)
            button.setProperty("option_hint", option_hint)
            button.setObjectName(f"choice-{name}-{value}")
            self.group.addButton(button)
            self.buttons[value] = button
            layout.addWidget(button)
            if option_hint:
                hint_label = paragraph(option_hint, "hint", box)
                hint_label.setContentsMargins(30, 0, 0, 6)
                layout.addWidget(hint_label)
            button.toggled.connect(self._toggled)
        self.input = next(iter(self.buttons.values()))
        self.label.setBuddy(self.input)
        self._layout.addWidget(box)
        self._loading = False

    def _toggled(self, checked: bool) -> None:
        if checked and not self._loading:
            self.edited.emit()

    def value(self) -> object | None:
        for value, button in self.buttons.items():
            if button.isChecked():
                return value
        return None

    def set_value(self, value: object | None) -> None:
        self._loading = True
        try:
            self.group.setExclusive(False)
            for option, button in self.buttons.items():
                button.setChecked(option == value)
            self.group.setExclusive(True)
        finally:
            self._loading = False

    def focus_input(self) -> None:
        chosen = self.buttons.get(self.value()) if self.value() is not None else None
        (chosen or self.input).setFocus(Qt.FocusReason.OtherFocusReason)

    def set_error(self, message: str | None) -> None:
        super().set_error(message)
        for button in self.buttons.values():
            hint = button.property("option_hint") or ""
            error = self.error.text() if message else ""
            button.setAccessibleDescription(" ".join(p for p in (hint, error) if p))
