"""The column-mapping step of an import: which column holds what, with PSN Desktop's guess.

Shown for every spreadsheet, so a wrong guess is seen and corrected before anything is
saved. Each field is a drop-down of the file's columns (or "Not in this file"). Other
imports (the health check's findings) pass their own ``fields`` and ``intro``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)

from psn_desktop.checks.asset_columns import FIELDS, Mapping


class ColumnMappingDialog(QDialog):
    def __init__(self, headers: list[str], guess: Mapping, sample: list[str] | None = None,
                 parent=None, *, fields: Sequence[tuple[str, str, bool]] = FIELDS,
                 intro: str = "") -> None:
        super().__init__(parent)
        self.fields = tuple(fields)
        self.setWindowTitle(self.tr("Which column holds what?"))
        self.setAccessibleName(self.tr("Choose the columns to import"))
        self.headers = headers
        layout = QVBoxLayout(self)
        intro_label = QLabel(intro or self.tr(
            "PSN Desktop has guessed which column holds each detail. Check the guesses and "
            "change any that are wrong. Only the device name and operating system are "
            "needed."), self)
        intro_label.setWordWrap(True)
        layout.addWidget(intro_label)
        form = QFormLayout()
        self.boxes: dict[str, QComboBox] = {}
        for field, label, required in self.fields:
            box = QComboBox(self)
            box.addItem(self.tr("Not in this file"), None)
            for index, header in enumerate(headers):
                example = f" (e.g. {sample[index]})" if sample and index < len(sample) and \
                    sample[index].strip() else ""
                box.addItem(f"{header}{example}", index)
            chosen = guess.columns.get(field)
            box.setCurrentIndex(0 if chosen is None else chosen + 1)
            text = self.tr(label) + (self.tr(" (needed)") if required else "")
            box.setAccessibleName(text)
            form.addRow(text, box)
            self.boxes[field] = box
        layout.addLayout(form)
        self.problem = QLabel("", self)
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Import"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName(self.tr("Import"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def mapping(self) -> Mapping:
        return Mapping({f: box.currentData() for f, box in self.boxes.items()
                        if box.currentData() is not None})

    def columns(self) -> dict[str, int]:
        """Field -> column index, as chosen."""
        return dict(self.mapping().columns)

    def accept(self) -> None:
        chosen = self.mapping().columns
        missing = [f for f, _label, required in self.fields if required and f not in chosen]
        if missing:
            labels = {f: label for f, label, _r in self.fields}
            self.problem.setText(self.tr("Choose the column that holds: {fields}.").format(
                fields=", ".join(self.tr(labels[f]) for f in missing)))
            self.problem.setVisible(True)
            self.boxes[missing[0]].setFocus()
            return
        super().accept()
