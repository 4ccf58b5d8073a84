"""The two connection settings a school's IT support may need: a proxy, and a root certificate.

Both live in the app's settings file (``psn_desktop.settings``), which never holds a secret:
a proxy address with a password in it is refused with the reason, because passwords live
only in the keyring. The certificate is checked when chosen, so a wrong file is caught
here rather than at the next upload.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from psn_desktop.settings import load_settings, save_settings
from psn_desktop.submit.errors import BadEndpoint
from psn_desktop.submit.transport import trust_context
from psn_desktop.ui.styles import set_role


class ConnectionSettingsBox(QGroupBox):
    saved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Connection settings (for IT support)"))
        settings = load_settings()
        form = QFormLayout(self)
        self.proxy_edit = QLineEdit(settings.proxy)
        self.proxy_edit.setAccessibleName(self.tr("Proxy address"))
        self.proxy_edit.setPlaceholderText(self.tr("Blank: use this computer's proxy settings"))
        self.proxy_edit.editingFinished.connect(self.save_proxy)
        proxy_label = QLabel(self.tr("Pro&xy"))
        proxy_label.setBuddy(self.proxy_edit)
        form.addRow(proxy_label, self.proxy_edit)

        row = QHBoxLayout()
        self.root_edit = QLineEdit(settings.extra_root_certificate)
        self.root_edit.setAccessibleName(self.tr("Organisation's root certificate file"))
        self.root_edit.setPlaceholderText(self.tr("Only if your network inspects encrypted "
                                                  "traffic and this PC does not trust it"))
        self.root_edit.editingFinished.connect(self.save_root)
        self.root_button = QPushButton(self.tr("Choose &certificate…"))
        self.root_button.setAccessibleName(self.tr("Choose the root certificate file"))
        self.root_button.clicked.connect(self.choose_root)
        row.addWidget(self.root_edit, 1)
        row.addWidget(self.root_button)
        root_label = QLabel(self.tr("&Root certificate"))
        root_label.setBuddy(self.root_edit)
        form.addRow(root_label, row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Connection settings message"))
        form.addRow(self.message)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        set_role(self.message, "error" if error else "hint")

    def save_proxy(self) -> bool:
        proxy = self.proxy_edit.text().strip()
        if "@" in proxy.split("//", 1)[-1].split("/", 1)[0]:
            self._say(self.tr("PSN Desktop does not keep proxy passwords in its settings. Ask "
                              "your IT support to let PSN Desktop through the proxy without a "
                              "login, or to give you a proxy that does not need one."),
                      error=True)
            return False
        settings = load_settings()
        if proxy != settings.proxy:
            save_settings(replace(settings, proxy=proxy))
            self._say(self.tr("Proxy saved.") if proxy else
                      self.tr("No proxy set: this computer's own settings are used."))
            self.saved.emit()
        return True

    def save_root(self) -> bool:
        path = self.root_edit.text().strip()
        if path:
            try:
                trust_context(path)
            except BadEndpoint as error:
                self._say(str(error), error=True)
                return False
        settings = load_settings()
        if path != settings.extra_root_certificate:
            save_settings(replace(settings, extra_root_certificate=path))
            self._say(self.tr("Root certificate saved: uploads now also trust it.") if path
                      else self.tr("No extra root certificate: only this computer's trusted "
                                   "certificates are used."))
            self.saved.emit()
        return True

    def choose_root(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose your organisation's root certificate"),
            str(Path(self.root_edit.text()).parent) if self.root_edit.text() else "",
            self.tr("Certificates (*.pem *.crt *.cer)"))
        if chosen:
            self.root_edit.setText(chosen)
            self.save_root()
