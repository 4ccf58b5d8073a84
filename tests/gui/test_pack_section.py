"""The "Build the evidence pack" section in the real window: build off the UI thread with
progress, then copy the fingerprint, open the folder and the report, verify; cancel leaves
nothing; an existing file is only replaced when the user says so."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox

from psn_desktop.journey import SectionState
from psn_desktop.pack.builder import LAST_PACK_SETTING
from psn_desktop.secrets import forget_workspace_secrets
from psn_desktop.ui.pack.page import PackPage
from psn_desktop.workspace.store import Workspace
from tests.gui.driver import click, press_continue, wait_home, wait_page
from tests.keyring_env import require_secret_service
from tests.unit.pack_helpers import pdf_text

pytestmark = pytest.mark.gui
TIMEOUT = 30_000


class UrlCatcher(QObject):
    """Stands in for the desktop's file opener through Qt's own URL-handler hook."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def catcher(qapp):
    handler = UrlCatcher()
    QDesktopServices.setUrlHandler("file", handler, "open")
    yield handler
    QDesktopServices.unsetUrlHandler("file")


def _open_page(make_window, qtbot, folder: Path) -> tuple[object, PackPage]:
    window = make_window(folder)
    home = wait_home(qtbot, window)
    assert home.tasks.rows["pack"].status.state is SectionState.NOT_STARTED
    click(qtbot, home.tasks.rows["pack"].button)
    view = wait_page(qtbot, window, "pack", "pack")
    assert isinstance(view.page, PackPage)
    return window, view.page


@pytest.fixture
def demo_folder(demo_workspace: Workspace):
    require_secret_service()
    folder, workspace_id = demo_workspace.folder, demo_workspace.id
    demo_workspace.close()
    yield folder
    forget_workspace_secrets(workspace_id)


def test_build_copy_open_and_verify_from_the_page(make_window, qtbot, demo_folder, tmp_path,
                                                  catcher):
    window, page = _open_page(make_window, qtbot, demo_folder)
    assert "9 evidence file(s)" in page.contents_label.accessibleName()
    assert page.readiness_notice is not None  # the demo is not ready: built as a draft
    target = tmp_path / "oakfield.psnpack"
    page.path_edit.setText(str(target))
    seen: list[int] = []
    page.progress.valueChanged.connect(seen.append)
    click(qtbot, page.build_button)
    assert page.busy.isVisibleTo(page) and not page.build_button.isEnabled()
    qtbot.waitUntil(lambda: page.result_box.isVisibleTo(page), timeout=TIMEOUT)

    sha = hashlib.sha256(target.read_bytes()).hexdigest()
    assert page.fingerprint_label.text() == sha
    assert seen and max(seen) == 1000
    assert "Signed with this workspace's key" in page.key_label.text()
    with Workspace.open(demo_folder, read_only=True) as check:
        assert check.setting(LAST_PACK_SETTING)["sha256"] == sha

    click(qtbot, page.copy_button)
    assert QGuiApplication.clipboard().text() == sha

    click(qtbot, page.folder_button)
    click(qtbot, page.report_button)
    assert Path(catcher.urls[0].toLocalFile()) == target.parent
    report = Path(catcher.urls[1].toLocalFile())
    assert report.name == "report.pdf" and report.parent.parent == page.report_folder
    assert "Oakfield Primary School" in pdf_text(report.read_bytes())

    click(qtbot, page.verify_button)
    qtbot.waitUntil(lambda: page.verify_report is not None, timeout=TIMEOUT)
    assert page.verify_label.isVisibleTo(page)
    assert "is valid" in page.verify_label.text()

    press_continue(qtbot, window)  # the section's only page: back to the task list
    home = wait_home(qtbot, window)
    assert home.tasks.rows["pack"].status.state is SectionState.IN_PROGRESS  # a draft


def test_cancel_stops_the_build_and_nothing_is_left(make_window, qtbot, demo_folder,
                                                   tmp_path):
    with Workspace.open(demo_folder) as workspace:
        big = tmp_path / "scan.bin"
        big.write_bytes(os.urandom(32 * 1024 * 1024))
        workspace.attach_evidence(big, ["psn-coco:BND-01"], title="Scan")
    out = tmp_path / "out"
    out.mkdir()
    _window, page = _open_page(make_window, qtbot, demo_folder)
    page.path_edit.setText(str(out / "pack.psnpack"))
    click(qtbot, page.build_button)
    click(qtbot, page.cancel_button)
    qtbot.waitUntil(lambda: page.task is None, timeout=TIMEOUT)
    assert page.notice is not None and "Stopped. Nothing was saved." in page.notice.label.text()
    assert list(out.iterdir()) == []
    assert page.build_button.isEnabled() and not page.result_box.isVisibleTo(page)


def test_an_existing_file_is_replaced_only_when_confirmed(make_window, qtbot, demo_folder,
                                                          tmp_path):
    target = tmp_path / "taken.psnpack"
    target.write_bytes(b"keep me")
    _window, page = _open_page(make_window, qtbot, demo_folder)
    page.path_edit.setText(str(target))
    click(qtbot, page.build_button)
    box = page.confirm_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    click(qtbot, box.button(QMessageBox.StandardButton.Cancel))
    assert target.read_bytes() == b"keep me"
    assert "the file there was kept" in page.notice.label.text()

    click(qtbot, page.build_button)
    box = page.confirm_box
    replace = next(b for b in box.buttons()
                   if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    click(qtbot, replace)
    qtbot.waitUntil(lambda: page.result_box.isVisibleTo(page), timeout=TIMEOUT)
    assert target.read_bytes()[:2] == b"PK"
