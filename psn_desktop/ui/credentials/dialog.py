"""The credentials panel as a window of its own, for when no section page is showing."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QPushButton, QVBoxLayout, QWidget

from psn_desktop.ui.credentials.clipboard import SecretClipboard
from psn_desktop.ui.credentials.panel import REVEAL_MS, CredentialsPanel
from psn_desktop.workspace.store import Workspace


class CredentialsDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None, *,
                 clipboard: SecretClipboard | None = None, reveal_ms: int = REVEAL_MS) -> None:
        super().__init__(parent)
        title = workspace.organisation().name or workspace.info().title
        self.setWindowTitle(self.tr("Credentials — {0}").format(title) if title
                            else self.tr("Credentials"))
        self.setAccessibleName(self.tr("Credentials"))
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        self.panel = CredentialsPanel(workspace, self, clipboard=clipboard, reveal_ms=reveal_ms)
        layout.addWidget(self.panel)
        self.close_button = QPushButton(self.tr("C&lose"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.accept)
        self.panel.bottom_row.addWidget(self.close_button)

    def done(self, result: int) -> None:
        self.panel.close_up()
        super().done(result)
