"""Asking for a secret at the moment a feature needs it.

When nothing is saved, or there is no secure store on this computer, a feature (upload,
VPN profile, pack signing) asks the user for the value with this dialog and uses it once.
Where a secure store exists the user may tick "save it", and the feature then stores it
through the secrets service; where none exists the dialog says why it cannot be kept, and
the value is forgotten after use. Either way it is never written to a file.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from psn_desktop.log_redaction import protect
from psn_desktop.secrets import BackendStatus
from psn_desktop.secrets.chunks import check_value
from psn_desktop.ui.credentials.edit_dialog import purpose_title
from psn_desktop.ui.styles import set_role


class SecretPromptDialog(QDialog):
    """One field for the secret; :meth:`secret` and :meth:`save_wanted` after it is accepted."""

    def __init__(self, parent: QWidget | None, key: str, status: BackendStatus, *,
                 label: str = "", why: str = "") -> None:
        super().__init__(parent)
        name = purpose_title(key, label)
        self.setWindowTitle(self.tr("Enter {0}").format(name))
        self.setAccessibleName(self.windowTitle())
        layout = QVBoxLayout(self)

        heading = QLabel(why or self.tr("PSN Desktop needs {0} to carry on.").format(name))
        heading.setWordWrap(True)
        heading.setAccessibleName(self.tr("Why it is needed"))
        layout.addWidget(heading)

        self.value = QLineEdit()
        self.value.setEchoMode(QLineEdit.EchoMode.Password)
        self.value.setAccessibleName(name)
        layout.addWidget(self.value)

        self.save = QCheckBox(self.tr("&Save it in {0} for next time").format(status.store_name))
        self.save.setAccessibleName(self.tr("Save it for next time"))
        self.save.setChecked(status.secure)
        self.save.setVisible(status.secure)
        self._can_save = status.secure
        layout.addWidget(self.save)

        self.note = QLabel(status.problem if not status.secure else "")
        self.note.setWordWrap(True)
        self.note.setAccessibleName(self.tr("Why it cannot be saved"))
        self.note.setVisible(not status.secure)
        layout.addWidget(self.note)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Problem"))
        set_role(self.error, "error")
        self.error.setVisible(False)
        layout.addWidget(self.error)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName(self.tr("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            self.tr("Cancel"))
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.value.setFocus()

    def secret(self) -> str:
        return self.value.text()

    def save_wanted(self) -> bool:
        return self._can_save and self.save.isChecked()

    def _check(self) -> None:
        problem = check_value(self.secret())
        if problem:
            self.error.setText(problem)
            self.error.setVisible(True)
            return
        protect(self.secret())  # kept out of logs even when it is never saved
        self.accept()

    def done(self, result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            self.value.clear()
        super().done(result)
