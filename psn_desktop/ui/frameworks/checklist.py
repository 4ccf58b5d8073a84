"""A list of tick boxes with wrapping text and a hint under each (several choices at once)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from psn_desktop.ui.widgets.fields import Field
from psn_desktop.ui.widgets.text import paragraph


class ChecklistField(Field):
    """A QCheckBox's own text never wraps (it would clip at 200% text), so each box has a
    label beside it that wraps, and clicking the label ticks the box, as on the web."""

    def __init__(self, name: str, label: str, options: list[tuple[str, str]], hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(name, label, hint, parent)
        self.boxes: dict[str, QCheckBox] = {}
        self.hints: dict[str, QLabel] = {}
        self._rows: dict[str, QWidget] = {}
        self.column = QVBoxLayout()
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(6)
        for value, text in options:
            row = QWidget(self)
            grid = QGridLayout(row)
            grid.setContentsMargins(0, 0, 0, 0)
            box = QCheckBox(row)
            box.setObjectName(f"choice-{name}-{value}")
            box.setAccessibleName(text)
            box.toggled.connect(lambda _checked: self.edited.emit())
            words = QLabel(text, row)
            words.setWordWrap(True)
            words.setTextFormat(Qt.TextFormat.PlainText)
            words.setBuddy(box)
            words.mousePressEvent = lambda _e, b=box: b.toggle()  # type: ignore[method-assign]
            hint_label = paragraph("", "hint", row)
            grid.addWidget(box, 0, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(words, 0, 1)
            grid.addWidget(hint_label, 1, 1)
            grid.setColumnStretch(1, 1)
            self.boxes[value] = box
            self.hints[value] = hint_label
            self._rows[value] = row
            self.column.addWidget(row)
        self._layout.addLayout(self.column)
        self.input = next(iter(self.boxes.values()))
        self.label.setBuddy(self.input)

    def set_hint(self, value: str, text: str) -> None:
        self.hints[value].setText(text)
        self.hints[value].setVisible(bool(text))
        self.boxes[value].setAccessibleDescription(text)

    def order(self, values: list[str]) -> None:
        """Show the options in this order (those not named keep their place after them)."""
        rest = [v for v in self.boxes if v not in values]
        for row in self._rows.values():
            self.column.removeWidget(row)
        for value in [*[v for v in values if v in self.boxes], *rest]:
            self.column.addWidget(self._rows[value])

    def values(self) -> list[str]:
        """Ticked values, in the order shown."""
        shown = [self.column.itemAt(i).widget() for i in range(self.column.count())]
        by_row = {row: value for value, row in self._rows.items()}
        return [by_row[row] for row in shown if self.boxes[by_row[row]].isChecked()]

    def set_values(self, values: list[str]) -> None:
        for value, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(value in values)
            box.blockSignals(False)

    def focus_input(self) -> None:
        ticked = [b for b in self.boxes.values() if b.isChecked()]
        (ticked[0] if ticked else self.input).setFocus(Qt.FocusReason.OtherFocusReason)
