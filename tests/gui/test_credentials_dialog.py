"""The credentials dialog, driven through its real widgets against the real Secret Service."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QWidget,
)

from psn_desktop.secrets import forget_workspace_secrets, read_secret, store_secret
from psn_desktop.ui.credentials import CredentialsDialog, CredentialsPanel, SecretClipboard
from psn_desktop.ui.credentials.edit_dialog import SecretEditDialog
from psn_desktop.workspace import registry
from psn_desktop.workspace.store import Workspace
from tests.keyring_env import FAIL_BACKEND, environment, require_secret_service, tag

pytestmark = pytest.mark.gui


@pytest.fixture
def workspace(demo_workspace: Workspace) -> Iterator[Workspace]:
    require_secret_service()
    workspace_id = demo_workspace.id
    try:
        yield demo_workspace
    finally:
        forget_workspace_secrets(workspace_id)


@pytest.fixture
def clipboard(qapp) -> SecretClipboard:
    return SecretClipboard(clear_after_ms=600)


def open_dialog(qtbot, workspace: Workspace, clipboard: SecretClipboard,
                reveal_ms: int = 30_000) -> CredentialsPanel:
    """Open the stand-alone window; return its panel, which the tests drive."""
    window = CredentialsDialog(workspace, clipboard=clipboard, reveal_ms=reveal_ms)
    qtbot.addWidget(window)
    window.show()
    panel = window.panel
    panel.keep_window_alive = window  # qtbot holds windows weakly; the test holds the panel
    qtbot.waitUntil(lambda: panel.status is not None and not panel.busy, timeout=10_000)
    return panel


def row_of(dialog: CredentialsPanel, key: str) -> int:
    return next(i for i, slot in enumerate(dialog._slots) if slot.key == key)


def select(dialog: CredentialsPanel, key: str) -> None:
    dialog.table.selectRow(row_of(dialog, key))


def cell(dialog: CredentialsPanel, key: str, column: int) -> str:
    return dialog.table.item(row_of(dialog, key), column).text()


def wait_idle(qtbot, dialog: CredentialsPanel) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)


def add_secret(qtbot, dialog: CredentialsPanel, purpose: str, value: str,
               label: str = "") -> None:
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert isinstance(editor, SecretEditDialog) and editor.isVisible()
    editor.purpose.setCurrentIndex(editor.purpose.findData(purpose))
    if label:
        qtbot.keyClicks(editor.label, label)
    qtbot.keyClicks(editor.value, value)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.editor is None, timeout=10_000)
    wait_idle(qtbot, dialog)


def confirm(qtbot, dialog: CredentialsPanel, accept: bool = True) -> None:
    box = dialog.confirm_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    if accept:
        button = next(b for b in box.buttons()
                      if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    else:
        button = box.button(QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog)


def test_the_dialog_names_the_store_and_lists_every_purpose(qtbot, workspace, clipboard):
    dialog = open_dialog(qtbot, workspace, clipboard)
    assert "GNOME Keyring (Secret Service)" in dialog.store_label.text()
    assert "never in the workspace" in dialog.store_label.text()
    assert dialog.window().windowTitle() == "Credentials — Oakfield Primary School"
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert names == ["Compliance portal password", "Upload token", "VPN pre-shared key",
                     "Certificate passphrase", "Pack-signing key"]
    assert {dialog.table.item(r, 1).text() for r in range(5)} == {"Not saved"}
    assert dialog.add_button.isEnabled()
    assert not dialog.show_button.isEnabled() and not dialog.copy_button.isEnabled()
    assert dialog.copy_label.isHidden()


def test_add_replace_and_delete_through_the_widgets(qtbot, workspace, clipboard):
    dialog = open_dialog(qtbot, workspace, clipboard)
    add_secret(qtbot, dialog, "vpn_psk", tag("typed psk 1"))
    assert read_secret(workspace.id, "vpn_psk") == tag("typed psk 1")
    assert cell(dialog, "vpn_psk", 1) == "Saved"
    assert cell(dialog, "vpn_psk", 2)
    assert "Saved VPN pre-shared key in GNOME Keyring" in dialog.message.text()

    add_secret(qtbot, dialog, "other", tag("alarm-1234"), label="Alarm code")
    assert read_secret(workspace.id, "other_1") == tag("alarm-1234")
    assert cell(dialog, "other_1", 0) == "Alarm code"

    select(dialog, "vpn_psk")
    assert dialog.replace_button.isEnabled()
    qtbot.mouseClick(dialog.replace_button, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert editor is not None and editor.purpose.isHidden()
    qtbot.keyClicks(editor.value, tag("typed psk 2"))
    qtbot.keyClick(editor.value, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.editor is None, timeout=10_000)
    wait_idle(qtbot, dialog)
    assert read_secret(workspace.id, "vpn_psk") == tag("typed psk 2")

    select(dialog, "vpn_psk")
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    confirm(qtbot, dialog, accept=False)
    assert read_secret(workspace.id, "vpn_psk") == tag("typed psk 2")
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    confirm(qtbot, dialog)
    assert read_secret(workspace.id, "vpn_psk") is None
    assert "vpn_psk" not in workspace.secret_records()
    assert cell(dialog, "vpn_psk", 1) == "Not saved"


def test_the_editor_explains_problems_and_keeps_what_was_typed(qtbot, workspace, clipboard):
    dialog = open_dialog(qtbot, workspace, clipboard)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert editor is not None
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible() and "empty" in editor.error.text()

    editor.purpose.setCurrentIndex(editor.purpose.findData("other"))
    qtbot.keyClicks(editor.value, tag("no label yet"))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible() and "label" in editor.error.text()
    assert editor.value.text() == tag("no label yet")

    # The store goes away between opening the dialog and saving: the form stays open with
    # the message, and what was typed is still there to save once it is back.
    editor.purpose.setCurrentIndex(editor.purpose.findData("upload_token"))
    with environment(PYTHON_KEYRING_BACKEND=FAIL_BACKEND):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: editor.error.isVisible() and not dialog.busy, timeout=10_000)
        assert "No secure password store" in editor.error.text()
        assert editor.isVisible() and editor.value.text() == tag("no label yet")
    assert workspace.secret_records() == {}
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.editor is None, timeout=10_000)
    assert read_secret(workspace.id, "upload_token") == tag("no label yet")


def test_a_long_key_read_from_a_file(qtbot, workspace, clipboard, tmp_path: Path):
    key = "-----BEGIN PRIVATE KEY-----\n" + "QUJDRA==\n" * 600 + "-----END PRIVATE KEY-----"
    key_file = tmp_path / "signing.pem"
    key_file.write_text(key + "\n", encoding="utf-8")
    dialog = open_dialog(qtbot, workspace, clipboard)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert editor is not None
    editor.purpose.setCurrentIndex(editor.purpose.findData("signing_key"))
    assert editor.load_file(key_file)
    assert "signing.pem" in editor.value.placeholderText()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.editor is None, timeout=10_000)
    assert read_secret(workspace.id, "signing_key") == key


def test_show_asks_first_then_hides_again(qtbot, workspace, clipboard):
    store_secret(workspace, "portal-password", tag("portal-pw-to-show"))
    dialog = open_dialog(qtbot, workspace, clipboard, reveal_ms=700)
    select(dialog, "portal_password")
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    assert "Anyone who can see your screen" in dialog.confirm_box.text()
    confirm(qtbot, dialog, accept=False)
    assert dialog.revealed.isHidden() and dialog.revealed.text() == ""

    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    confirm(qtbot, dialog)
    assert dialog.revealed.isVisible()
    assert dialog.revealed.text() == tag("portal-pw-to-show")
    qtbot.waitUntil(lambda: dialog.revealed.isHidden(), timeout=5_000)
    assert dialog.revealed.text() == ""

    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    confirm(qtbot, dialog)
    assert dialog.revealed.text() == tag("portal-pw-to-show")
    select(dialog, "vpn_psk")  # moving to another row hides it at once
    assert dialog.revealed.text() == "" and dialog.revealed.isHidden()


def test_copy_puts_it_on_the_clipboard_and_clears_it(qtbot, workspace, clipboard):
    store_secret(workspace, "upload-token", tag("token-to-copy"))
    dialog = open_dialog(qtbot, workspace, clipboard)
    board = QGuiApplication.clipboard()
    select(dialog, "upload_token")
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog)
    assert board.text() == tag("token-to-copy")
    assert "x-kde-passwordManagerHint" in board.mimeData().formats()
    assert "will be cleared in" in dialog.message.text()
    with qtbot.waitSignal(clipboard.cleared, timeout=5_000):
        pass
    assert board.text() == ""
    assert dialog.message.text() == "The clipboard was cleared."

    # Something the user copies after it is left alone.
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog)
    board.setText("the user's own text")
    with qtbot.waitSignal(clipboard.cleared, timeout=5_000):
        pass
    assert board.text() == "the user's own text"


def test_forget_this_workspace_removes_its_secrets(qtbot, workspace, clipboard):
    registry.remember(workspace.id, workspace.folder, "Oakfield Primary School")
    store_secret(workspace, "vpn-psk", tag("psk"))
    store_secret(workspace, "signing-key", "k" * 4000)
    dialog = open_dialog(qtbot, workspace, clipboard)
    qtbot.mouseClick(dialog.forget_button, Qt.MouseButton.LeftButton)
    assert "2 saved secrets" in dialog.confirm_box.text()
    with qtbot.waitSignal(dialog.workspace_forgotten, timeout=10_000):
        confirm(qtbot, dialog)
    assert read_secret(workspace.id, "vpn_psk") is None
    assert read_secret(workspace.id, "signing_key") is None
    assert workspace.secret_records() == {}
    assert all(e.id != workspace.id for e in registry.known_workspaces())
    assert "Removed 2 secrets" in dialog.message.text()


def test_without_a_secure_store_it_explains_and_offers_nothing_to_save(qtbot, workspace,
                                                                       clipboard):
    with environment(PYTHON_KEYRING_BACKEND=FAIL_BACKEND):
        dialog = open_dialog(qtbot, workspace, clipboard)
        assert not dialog.status.secure
        assert "No secure password store" in dialog.store_label.text()
        assert "ask you for each one when it is needed" in dialog.store_label.text()
        for button in (dialog.add_button, dialog.replace_button, dialog.show_button,
                       dialog.copy_button, dialog.delete_button, dialog.forget_button):
            assert not button.isEnabled()
        assert dialog.check_again.isEnabled()
    # once the store is back, "Check again" finds it
    qtbot.mouseClick(dialog.check_again, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.status.secure, timeout=10_000)
    assert "GNOME Keyring" in dialog.store_label.text()
    assert dialog.add_button.isEnabled()


def test_a_copied_workspace_must_take_its_own_identity_first(qtbot, workspace, clipboard,
                                                             tmp_path: Path):
    store_secret(workspace, "vpn-psk", tag("original psk"))
    original_id = workspace.id
    workspace.close()
    shutil.copytree(workspace.folder, tmp_path / "copy")
    copy = Workspace.open(tmp_path / "copy")
    try:
        dialog = open_dialog(qtbot, copy, clipboard)
        assert dialog.copy_label.isVisible()
        assert str(workspace.folder.resolve()) in dialog.copy_label.text()
        assert not dialog.add_button.isEnabled() and not dialog.forget_button.isEnabled()
        qtbot.mouseClick(dialog.own_identity, Qt.MouseButton.LeftButton)
        assert copy.id != original_id
        assert dialog.copy_label.isHidden() and dialog.add_button.isEnabled()
        assert cell(dialog, "vpn_psk", 1) == "Not saved"
        add_secret(qtbot, dialog, "vpn_psk", tag("copy psk"))
        assert read_secret(copy.id, "vpn_psk") == tag("copy psk")
        assert read_secret(original_id, "vpn_psk") == tag("original psk")
        forget_workspace_secrets(copy.id)
    finally:
        copy.close()
        forget_workspace_secrets(original_id)


def test_every_control_has_a_name_and_takes_the_keyboard(qtbot, workspace, clipboard):
    store_secret(workspace, "vpn-psk", tag("psk"))
    dialog = open_dialog(qtbot, workspace, clipboard)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert editor is not None
    interactive = (QAbstractButton, QLineEdit, QComboBox, QTableWidget)
    for window in (dialog.window(), editor):
        # Qt's own parts (a table's corner button) count only when they are on screen.
        controls = [w for w in window.findChildren(QWidget) if isinstance(w, interactive)
                    and (not w.objectName().startswith("qt_") or w.isVisibleTo(window))]
        assert controls
        for control in controls:
            assert control.accessibleName(), f"{type(control).__name__} has no accessible name"
            assert control.focusPolicy() & Qt.FocusPolicy.TabFocus, control.accessibleName()
    editor.reject()

    # the whole job by keyboard: pick the row, Show, confirm, read it
    window = dialog.window()
    window.activateWindow()  # shortcuts go to the active window (other tests leave theirs)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3_000)
    dialog.table.setFocus()
    select(dialog, "vpn_psk")
    qtbot.keyClick(dialog.window(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.confirm_box is not None, timeout=5_000)
    box = dialog.confirm_box
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box, timeout=3_000)
    qtbot.keyClick(box, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.revealed.text() == tag("psk"), timeout=10_000)
