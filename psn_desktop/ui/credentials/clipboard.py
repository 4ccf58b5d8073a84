"""Copying a secret to the clipboard for a short while, kept out of clipboard history.

A copied password is pasted within seconds; left on the clipboard it is pasted by accident
into an e-mail an hour later, or synced to other PCs. So the copy is marked with the formats
Windows reads to keep it out of clipboard history (Win+V) and the cloud clipboard, and the
hint KDE's clipboard manager honours on Linux, and it is cleared after 30 seconds if
the clipboard still holds it (anything the user copied since is left alone). Only a digest
of the value is kept to recognise it, never the value itself.
"""

from __future__ import annotations

import hashlib
import sys

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QElapsedTimer,
    QMimeData,
    QObject,
    QTimer,
    Signal,
)
from PySide6.QtGui import QClipboard, QGuiApplication

CLEAR_AFTER_MS = 30_000

_WINDOWS_FORMAT = 'application/x-qt-windows-mime;value="{}"'
_DWORD_ZERO = QByteArray(b"\x00\x00\x00\x00")
# Windows: kept out of monitors, clipboard history and the cloud clipboard.
WINDOWS_PRIVATE_FORMATS = (
    "ExcludeClipboardContentFromMonitorProcessing",
    "CanIncludeInClipboardHistory",
    "CanUploadToCloudClipboard",
)


def secret_mime_data(text: str, platform: str = sys.platform) -> QMimeData:
    """The clipboard contents for a secret, marked private in the platform's own way."""
    mime = QMimeData()
    mime.setText(text)
    if platform == "win32":
        for name in WINDOWS_PRIVATE_FORMATS:
            mime.setData(_WINDOWS_FORMAT.format(name), _DWORD_ZERO)
    elif platform.startswith("linux"):  # KDE's clipboard manager skips entries marked so
        mime.setData("x-kde-passwordManagerHint", QByteArray(b"secret"))
    return mime


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class SecretClipboard(QObject):
    """Puts a secret on the clipboard and takes it off again after ``clear_after_ms``."""

    cleared = Signal()  # the secret was taken off the clipboard (by time, or at quit)

    def __init__(self, parent: QObject | None = None, clear_after_ms: int = CLEAR_AFTER_MS,
                 clipboard: QClipboard | None = None) -> None:
        super().__init__(parent)
        self.clear_after_ms = clear_after_ms
        self._clipboard = clipboard or QGuiApplication.clipboard()
        self._digest: bytes | None = None
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_now)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.clear_now)

    def copy(self, text: str) -> None:
        self._clipboard.setMimeData(secret_mime_data(text))
        self._digest = _digest(text)
        self._clock.start()
        self._timer.start(self.clear_after_ms)

    def holds_secret(self) -> bool:
        """Whether the clipboard still holds what was copied here."""
        return self._digest is not None and _digest(self._clipboard.text()) == self._digest

    def remaining_ms(self) -> int:
        if self._digest is None or not self._timer.isActive():
            return 0
        return max(0, self.clear_after_ms - int(self._clock.elapsed()))

    def clear_now(self) -> None:
        """Take the secret off the clipboard, unless something else was copied since."""
        self._timer.stop()
        if self._digest is None:
            return
        if self.holds_secret():
            self._clipboard.clear()
        self._digest = None
        self.cleared.emit()


_shared: SecretClipboard | None = None


def shared_clipboard() -> SecretClipboard:
    """One for the whole app, owned by the application, so closing a dialog never stops the
    clearing of what it copied."""
    global _shared
    app = QCoreApplication.instance()
    if _shared is None or _shared.parent() is not app:
        _shared = SecretClipboard(app)
    return _shared
