"""A page shown while a workspace opens off the UI thread: what is happening, and Cancel."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QWidget

from psn_desktop.ui.step_view import ScrollPage
from psn_desktop.ui.widgets.text import heading, paragraph, secondary_button


class BusyView(ScrollPage):
    cancelRequested = Signal()

    def __init__(self, title: str, detail: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("busy")
        self.column.addWidget(heading(title, 1))
        self.column.addWidget(paragraph(detail, "hint"))
        row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(title)
        row.addWidget(self.progress, 1)
        self.cancel = secondary_button(self.tr("Cancel"))
        self.cancel.clicked.connect(self.cancelRequested)
        row.addWidget(self.cancel)
        self.column.addLayout(row)
        self.column.addStretch(1)
