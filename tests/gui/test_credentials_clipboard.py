"""What a copied secret carries on each platform, and asking for a secret when it is needed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from psn_desktop.secrets import BackendStatus
from psn_desktop.ui.credentials import SecretClipboard, SecretPromptDialog, secret_mime_data
from psn_desktop.ui.credentials.clipboard import CLEAR_AFTER_MS, shared_clipboard

pytestmark = pytest.mark.gui

WINDOWS = 'application/x-qt-windows-mime;value="{}"'


def test_on_windows_the_copy_is_kept_out_of_history_and_the_cloud_clipboard(qapp):
    mime = secret_mime_data("s3cret", platform="win32")
    assert mime.text() == "s3cret"
    for name in ("ExcludeClipboardContentFromMonitorProcessing",
                 "CanIncludeInClipboardHistory", "CanUploadToCloudClipboard"):
        assert WINDOWS.format(name) in mime.formats()
        assert bytes(mime.data(WINDOWS.format(name))) == b"\x00\x00\x00\x00"  # DWORD 0


def test_on_linux_the_copy_carries_the_password_manager_hint(qapp):
    mime = secret_mime_data("s3cret", platform="linux")
    assert bytes(mime.data("x-kde-passwordManagerHint")) == b"secret"
    assert not any("windows-mime" in f for f in mime.formats())


def test_the_app_wide_clipboard_clears_after_thirty_seconds(qapp):
    shared = shared_clipboard()
    assert shared.clear_after_ms == CLEAR_AFTER_MS == 30_000
    assert shared is shared_clipboard()
    shared.copy("thirty seconds")
    assert 29_000 < shared.remaining_ms() <= 30_000
    shared.clear_now()
    assert QGuiApplication.clipboard().text() == ""
    assert shared.remaining_ms() == 0


def test_quitting_the_app_clears_a_copied_secret():
    """In an app of its own, so quitting it does not quit the test run's."""
    script = textwrap.dedent("""
        import sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from psn_desktop.ui.credentials.clipboard import shared_clipboard
        app = QApplication([])
        shared_clipboard().copy("copied just before quitting")
        before = app.clipboard().text()
        QTimer.singleShot(50, app.quit)
        app.exec()
        print(repr((before, app.clipboard().text())))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == repr(("copied just before quitting", ""))


def test_clear_now_leaves_other_text_alone(qapp):
    board = SecretClipboard(clear_after_ms=60_000)
    board.copy("first")
    assert board.holds_secret()
    QGuiApplication.clipboard().setText("something else")
    board.clear_now()
    assert QGuiApplication.clipboard().text() == "something else"


def test_prompt_offers_to_save_when_a_store_exists(qtbot):
    status = BackendStatus(True, "Windows Credential Manager")
    prompt = SecretPromptDialog(None, "vpn_psk", status)
    qtbot.addWidget(prompt)
    prompt.show()
    assert prompt.windowTitle() == "Enter VPN pre-shared key"
    assert prompt.save.text() == "&Save it in Windows Credential Manager for next time"
    assert prompt.save.isChecked() and not prompt.note.isVisible()
    qtbot.keyClick(prompt.value, Qt.Key.Key_Return)
    assert prompt.isVisible() and "empty" in prompt.error.text()
    qtbot.keyClicks(prompt.value, "psk typed once")
    with qtbot.waitSignal(prompt.accepted):
        qtbot.keyClick(prompt.value, Qt.Key.Key_Return)
    assert prompt.secret() == "psk typed once" and prompt.save_wanted()


def test_prompt_without_a_store_says_why_and_never_offers_to_save(qtbot):
    status = BackendStatus(False, "", "No secure password store was found on this computer.")
    prompt = SecretPromptDialog(None, "upload_token", status, why="Uploading needs the token.")
    qtbot.addWidget(prompt)
    prompt.show()
    assert prompt.note.isVisible() and "No secure password store" in prompt.note.text()
    assert not prompt.save.isVisible()
    qtbot.keyClicks(prompt.value, "token")
    prompt.save.setChecked(True)  # even if ticked somehow, nothing is saved
    with qtbot.waitSignal(prompt.accepted):
        qtbot.keyClick(prompt.value, Qt.Key.Key_Return)
    assert not prompt.save_wanted()
    cancelled = SecretPromptDialog(None, "upload_token", status)
    qtbot.addWidget(cancelled)
    cancelled.show()
    qtbot.keyClicks(cancelled.value, "typed then cancelled")
    cancelled.reject()
    assert cancelled.secret() == ""
