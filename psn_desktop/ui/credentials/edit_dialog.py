"""The form for adding or replacing one secret.

The form stays open while the secret is being saved and closes only once the store has it,
so when saving fails (the keyring is locked, say) the message appears here and nothing the
user typed is lost. The checks on the value come from the secrets service, not from here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from psn_desktop.secrets.chunks import MAX_SECRET_CHARS, check_value
from psn_desktop.secrets.purposes import PLAIN_NAMES, SecretPurpose, fixed_keys
from psn_desktop.ui.styles import set_role


def purpose_title(key: str, label: str = "") -> str:
    """A secret's name for the screen: fixed names translated, the user's labels as typed."""
    purpose = SecretPurpose.OTHER if key.startswith("other") else SecretPurpose(key)
    if purpose is SecretPurpose.OTHER:
        return label or QCoreApplication.translate("Credentials", "Other secret")
    name = QCoreApplication.translate("Credentials", PLAIN_NAMES[purpose])
    return f"{name} ({label})" if label else name


class SecretEditDialog(QDialog):
    """Add a secret (choosing what it is for) or replace a particular one."""

    save_requested = Signal(str, str, str)  # purpose or key, label, value

    def __init__(self, parent: QWidget | None, *, store_name: str, key: str = "",
                 label: str = "", default_purpose: str = "", replacing: bool = False) -> None:
        super().__init__(parent)
        self._key = key
        self._file_value: str | None = None
        self.setWindowTitle(self.tr("Replace a secret") if replacing else self.tr("Add a secret"))
        self.setAccessibleName(self.windowTitle())

        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Replace: {0}").format(purpose_title(key, label)) if replacing
                         else self.tr("What is this secret for?"))
        heading.setWordWrap(True)
        heading.setAccessibleName(self.tr("Heading"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)

        form = QFormLayout()
        self.purpose = QComboBox()
        self.purpose.setAccessibleName(self.tr("What the secret is for"))
        for fixed in fixed_keys():
            self.purpose.addItem(purpose_title(fixed), fixed)
        self.purpose.addItem(self.tr("Something else (give it a label)"),
                             SecretPurpose.OTHER.value)
        wanted = default_purpose or (key if not key.startswith("other") else "other")
        index = self.purpose.findData(wanted)
        self.purpose.setCurrentIndex(max(0, index))
        self.purpose.setVisible(not replacing)
        if not replacing:
            form.addRow(self.tr("&What for"), self.purpose)

        self.label = QLineEdit(label)
        self.label.setAccessibleName(self.tr("Label"))
        self.label.setMaxLength(120)
        form.addRow(self.tr("&Label"), self.label)

        self.value = QLineEdit()
        self.value.setEchoMode(QLineEdit.EchoMode.Password)
        self.value.setAccessibleName(self.tr("Secret"))
        self.value.setAccessibleDescription(self.tr("Hidden as you type"))
        self.value.textEdited.connect(self._typed)
        value_row = QHBoxLayout()
        value_row.addWidget(self.value, 1)
        self.from_file = QPushButton(self.tr("Read from a &file…"))
        self.from_file.setAccessibleName(self.tr("Read the secret from a file"))
        self.from_file.setAutoDefault(False)  # Enter in the form saves, never opens a file
        self.from_file.clicked.connect(self._choose_file)
        value_row.addWidget(self.from_file)
        form.addRow(self.tr("Secre&t"), value_row)

        self.show_typed = QCheckBox(self.tr("S&how what I typed"))
        self.show_typed.setAccessibleName(self.tr("Show what I typed"))
        self.show_typed.toggled.connect(self._toggle_echo)
        form.addRow("", self.show_typed)
        layout.addLayout(form)

        where = QLabel(self.tr("It is saved in {0} only, never in the workspace or in any file.")
                       .format(store_name))
        where.setWordWrap(True)
        where.setAccessibleName(self.tr("Where it is saved"))
        layout.addWidget(where)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Problem"))
        set_role(self.error, "error")
        self.error.setVisible(False)
        layout.addWidget(self.error)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Saving"))
        self.progress.setVisible(False)
        layout.addWidget(self.progress)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(self.tr("&Save in {0}").format(store_name),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setAccessibleName(self.tr("Save"))
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.save_button.clicked.connect(self._save)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)

        self.purpose.currentIndexChanged.connect(self._purpose_changed)
        self._purpose_changed()
        (self.value if replacing else self.purpose).setFocus()

    # ----- what the form holds ----------------------------------------------------------------

    def chosen(self) -> str:
        """The key being replaced, or the purpose chosen (``other`` picks a slot by label)."""
        return self._key or str(self.purpose.currentData())

    def secret(self) -> str:
        return self._file_value if self._file_value is not None else self.value.text()

    def load_file(self, path: Path) -> bool:
        """Use a file's text as the secret (a key file, a token saved by a portal)."""
        try:
            if path.stat().st_size > MAX_SECRET_CHARS * 4:
                raise ValueError
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, ValueError, UnicodeDecodeError):
            self.show_error(self.tr("{0} could not be read as a text file of up to {1} "
                                    "characters. Choose the file that holds only the secret.")
                            .format(path.name, f"{MAX_SECRET_CHARS:,}"))
            return False
        self._file_value = text.removesuffix("\n").removesuffix("\r")
        self.value.clear()
        self.value.setPlaceholderText(self.tr("Read from {0} ({1} characters)")
                                      .format(path.name, len(self._file_value)))
        self.error.setVisible(False)
        return True

    # ----- state the manage dialog drives --------------------------------------------------------

    def set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        for widget in (self.purpose, self.label, self.value, self.from_file, self.show_typed,
                       self.save_button):
            widget.setEnabled(not busy)
        if busy:
            self.error.setVisible(False)

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self.error.setText(message)
        self.error.setVisible(True)
        self.value.setFocus()

    def forget_value(self) -> None:
        self._file_value = None
        self.value.clear()

    # ----- reactions ------------------------------------------------------------------------------

    def _purpose_changed(self) -> None:
        other = self.chosen().startswith("other")
        self.label.setPlaceholderText(
            self.tr("Needed: what it is for, e.g. Router admin password") if other
            else self.tr("Optional: e.g. the account's user name"))

    def _typed(self, _text: str) -> None:
        if self._file_value is not None:
            self._file_value = None
            self.value.setPlaceholderText("")

    def _toggle_echo(self, shown: bool) -> None:
        self.value.setEchoMode(QLineEdit.EchoMode.Normal if shown
                               else QLineEdit.EchoMode.Password)

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Read the secret from a file"))
        if name:
            self.load_file(Path(name))

    def _save(self) -> None:
        problem = check_value(self.secret())
        if problem is None and self.chosen() == SecretPurpose.OTHER \
                and not self.label.text().strip():
            problem = self.tr("Give this secret a label saying what it is for, so you can tell "
                              "it apart later.")
        if problem:
            self.show_error(QCoreApplication.translate("Credentials", problem))
            return
        self.save_requested.emit(self.chosen(), self.label.text().strip(), self.secret())
