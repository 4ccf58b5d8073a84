"""The canary test: every kind of secret is stored, used, and then found nowhere but the keyring.

It drives the app the way people do: the CLI stores each secret (value on standard input),
the credentials dialog copies and shows each one, the CLI lists them and reports status, and
the app logs as it goes (including, deliberately, a careless log line quoting a secret).
Then every file the app wrote is searched. Later features add their own steps and folders
(see tests/canary.py).
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from psn_desktop.logging_setup import configure_logging, stop_logging
from psn_desktop.secrets import forget_workspace_secrets
from psn_desktop.ui.credentials import CredentialsDialog, SecretClipboard
from psn_desktop.workspace.store import Workspace
from tests.canary import OTHER_KEY, Canary, isolate_folders
from tests.keyring_env import require_secret_service, run_cli

pytestmark = pytest.mark.gui


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    require_secret_service()
    isolate_folders(monkeypatch, tmp_path / "isolated")
    return tmp_path


@pytest.fixture
def app_log(folders: Path) -> Iterator[Path]:
    path = configure_logging(logging.DEBUG)
    try:
        yield path
    finally:
        stop_logging()


def make_demo(folder: Path) -> None:
    result = run_cli("demo", "--workspace", str(folder), "--as-of", "2026-11-23")
    assert result.returncode == 0, result.stderr


def test_no_secret_is_found_anywhere_the_app_writes(qtbot, folders: Path, app_log: Path):
    folder = folders / "oakfield"
    make_demo(folder)
    workspace = Workspace.open(folder)
    workspace_id = workspace.id
    try:
        canary = Canary(workspace)
        workspace.close()  # the CLI needs the workspace to itself

        # 1. store every kind of secret through the CLI, value on standard input only
        for key, value in canary.values.items():
            result = run_cli("credentials", "set", "--workspace", str(folder),
                             *canary.purpose_argument(key), stdin=value + "\n")
            assert result.returncode == 0, result.stderr
            assert value not in result.stdout + result.stderr
        listed = run_cli("credentials", "list", "--workspace", str(folder), "--json")
        assert listed.returncode == 0
        status = run_cli("status", "--workspace", str(folder), "--as-of", "2026-11-23")
        assert status.returncode in (0, 1)

        # 2. read each back and use it through the dialog: copy, then show
        workspace = Workspace.open(folder)
        canary.workspace = workspace
        clipboard = SecretClipboard(clear_after_ms=60_000)
        window = CredentialsDialog(workspace, clipboard=clipboard)
        qtbot.addWidget(window)
        window.show()
        dialog = window.panel
        qtbot.waitUntil(lambda: dialog.status is not None and not dialog.busy, timeout=10_000)
        keys = [slot.key for slot in dialog._slots]
        assert set(keys) == set(canary.values)
        for row, key in enumerate(keys):
            dialog.table.selectRow(row)
            qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
            canary.saw(key, QGuiApplication.clipboard().text(), "the dialog's Copy")
            qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
            box = dialog.confirm_box
            assert isinstance(box, QMessageBox)
            show_it = next(b for b in box.buttons()
                           if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
            qtbot.mouseClick(show_it, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: dialog.revealed.text() != "", timeout=10_000)
            assert dialog.revealed.text() == canary.values[key]
        canary.assert_all_used()
        clipboard.clear_now()
        assert QGuiApplication.clipboard().text() == ""
        window.accept()

        # 3. a careless log line quoting a secret is scrubbed on its way to the log file
        logging.getLogger("psn_desktop.careless").warning(
            "connecting with %s", canary.values["vpn_psk"])
        logging.getLogger("psn_desktop.careless").info("status: %s", listed.stdout)
        for handler in logging.getLogger().handlers:
            handler.flush()
        log_text = app_log.read_text(encoding="utf-8")
        assert "connecting with [redacted]" in log_text

        # 4. search everything
        workspace.close()
        searched = canary.assert_no_leaks()
        assert searched >= 5  # the workspace database, evidence files, the log, the list...
        assert any(p.name == "workspace.sqlite3" for p in canary.files())
        assert app_log in set(canary.files())
    finally:
        workspace.close()
        forget_workspace_secrets(workspace_id)


def test_the_search_finds_a_canary_in_every_form_it_claims_to(folders: Path, tmp_path: Path):
    """The search must be able to fail: plant each form where it looks, and see it found."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    with Workspace.create(tmp_path / "ws") as workspace:
        canary = Canary(workspace)
        values = canary.values
        assert canary.assert_no_leaks() >= 1

        leak_root = tmp_path / "leaks"
        leak_root.mkdir()
        canary.add_root(leak_root)
        (leak_root / "plain.txt").write_text(f"x{values['vpn_psk']}x", encoding="utf-8")
        (leak_root / "wide.txt").write_text(values["upload_token"], encoding="utf-16")
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as nested:
            nested.writestr("deep/notes.txt", values["signing_key"])
        report = io.BytesIO()
        page = canvas.Canvas(report, pagesize=A4)  # compressed: not visible as bytes
        page.drawString(72, 720, values[OTHER_KEY])
        page.save()
        assert values[OTHER_KEY].encode() not in report.getvalue()
        with zipfile.ZipFile(leak_root / "pack.psnpack", "w", zipfile.ZIP_DEFLATED) as pack:
            pack.writestr("data/inner.zip", inner.getvalue())
            pack.writestr("data/report.pdf", report.getvalue())
            pack.writestr("data/results.json", values["portal_password"])

        found = {(hit.key, hit.form, Path(hit.place.split("!")[0]).name, hit.place.count("!"))
                 for hit in canary.scan()}
        assert ("vpn_psk", "utf-8", "plain.txt", 0) in found
        assert ("upload_token", "utf-16-le", "wide.txt", 0) in found
        assert ("signing_key", "utf-8", "pack.psnpack", 2) in found
        assert ("other_1", "pdf-text", "pack.psnpack", 1) in found
        assert ("portal_password", "utf-8", "pack.psnpack", 1) in found
        with pytest.raises(AssertionError, match="Secrets found outside the keyring"):
            canary.assert_no_leaks()

        with pytest.raises(AssertionError, match="never used"):
            Canary(workspace, values=values).assert_all_used()
