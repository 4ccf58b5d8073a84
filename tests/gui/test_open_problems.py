"""Workspaces that cannot be opened as they are: the store's own message, in the window,
with what can be done about it. Never a crash."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox

from psn_desktop.domain.model import Organisation
from psn_desktop.journey.first_run import StartChoice
from psn_desktop.ui.pages.first_run import StartPage
from psn_desktop.ui.widgets.boxes import Notice
from psn_desktop.workspace import registry
from psn_desktop.workspace.store import Workspace
from tests.gui.driver import click, wait_home

pytestmark = pytest.mark.gui


def _made(folder: Path, name: str = "") -> Path:
    with Workspace.create(folder) as workspace:
        if name:
            workspace.set_organisation(Organisation(name))
        registry.remember(workspace.id, folder, name)
    return folder


def _banner(qtbot, window) -> str:
    qtbot.waitUntil(lambda: window.banner is not None, timeout=10_000)
    return window.banner.label.text()


def _on_start_page(qtbot, window, folder: Path) -> StartPage:
    qtbot.waitUntil(lambda: isinstance(getattr(window.view, "page", None), StartPage),
                    timeout=10_000)
    page = window.view.page
    assert page.choice.value() is StartChoice.OPEN
    assert page.open_folder.value() == str(folder)  # ready to try again, or choose another
    return page


def test_already_open_elsewhere(make_window, qtbot, tmp_path):
    folder = _made(tmp_path / "busy")
    with Workspace.open(folder):
        window = make_window(folder)
        message = _banner(qtbot, window)
        assert "is already open in another PSN Desktop window on this PC" in message
        _on_start_page(qtbot, window, folder)
    assert window.session is None


def test_damaged_workspace(make_window, qtbot, tmp_path):
    folder = _made(tmp_path / "damaged")
    db = folder / "workspace.sqlite3"
    data = bytearray(db.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)  # keep SQLite's header, ruin everything after
    db.write_bytes(bytes(data))
    window = make_window(folder)
    message = _banner(qtbot, window)
    assert "is damaged" in message and "Nothing was changed" in message
    _on_start_page(qtbot, window, folder)


def test_workspace_from_a_newer_version(make_window, qtbot, tmp_path):
    folder = _made(tmp_path / "newer")
    with sqlite3.connect(folder / "workspace.sqlite3") as conn:
        conn.execute("PRAGMA user_version = 999")
    window = make_window(folder)
    assert "saved by a newer version of PSN Desktop" in _banner(qtbot, window)


def test_a_folder_that_is_not_a_workspace(make_window, qtbot, tmp_path):
    folder = tmp_path / "holiday photos"
    folder.mkdir()
    window = make_window(folder)
    assert "is not a PSN Desktop workspace" in _banner(qtbot, window)


def test_copied_workspace_gets_its_own_identity(make_window, qtbot, tmp_path):
    original = _made(tmp_path / "original", "Oak School")
    copy = tmp_path / "copy"
    shutil.copytree(original, copy)
    window = make_window(copy)
    home = wait_home(qtbot, window)
    notice = home.findChild(Notice, "copied-notice")
    assert str(original.resolve()) in notice.label.text()
    old_id = window.session.workspace.id
    click(qtbot, notice.buttons[0])  # "Give this copy its own identity"
    home = wait_home(qtbot, window)
    assert window.session.workspace.id != old_id
    assert home.findChild(Notice, "copied-notice") is None
    with Workspace.open(original) as workspace:
        assert workspace.id == old_id  # the original keeps its identity


def test_switcher_moves_between_workspaces_and_explains_a_missing_one(make_window, qtbot,
                                                                      tmp_path):
    first = _made(tmp_path / "first", "First School")
    second = _made(tmp_path / "second", "Second Surgery")
    gone = _made(tmp_path / "gone", "Gone Charity")
    shutil.rmtree(gone)
    window = make_window(second)
    home = wait_home(qtbot, window)
    switcher: QComboBox = home.switcher
    labels = [switcher.itemText(i) for i in range(switcher.count())]
    assert labels == ["Second Surgery", "Gone Charity (folder missing)", "First School"]
    assert switcher.currentText() == "Second Surgery"
    switcher.setCurrentIndex(2)
    switcher.activated.emit(2)
    qtbot.waitUntil(lambda: window.session is not None
                    and window.session.workspace.folder == first, timeout=10_000)
    home = wait_home(qtbot, window)
    assert home.title.text() == "First School"
    index = [home.switcher.itemText(i) for i in range(home.switcher.count())].index(
        "Gone Charity (folder missing)")
    home.switcher.setCurrentIndex(index)
    home.switcher.activated.emit(index)
    assert "There is no workspace at" in _banner(qtbot, window)
    home = wait_home(qtbot, window)  # still in the first workspace, nothing lost
    assert window.session.workspace.folder == first


CHILD = textwrap.dedent("""
    import json, os, subprocess, sys
    from pathlib import Path
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    mnt = Path(sys.argv[1])
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)], check=True)
    from datetime import date
    from PySide6.QtCore import QCoreApplication
    from psn_desktop.domain.model import Organisation
    from psn_desktop.journey import Position
    from psn_desktop.ui.app import create_application
    from psn_desktop.ui.main_window import MainWindow
    from psn_desktop.workspace.store import Workspace

    with Workspace.create(mnt / "ws") as ws:
        ws.set_organisation(Organisation("Read Only School"))
    subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
    app = create_application(1.0)
    window = MainWindow(as_of=date(2026, 11, 23))
    window.show()
    window.start(mnt / "ws")

    def wait(predicate):
        for _ in range(500):
            QCoreApplication.processEvents()
            if predicate():
                return
            import time; time.sleep(0.01)
        raise SystemExit("timed out")

    result = {}
    wait(lambda: window.banner is not None)
    result["message"] = window.banner.label.text()
    result["actions"] = [b.text() for b in window.banner.buttons]
    window.banner.buttons[0].click()  # Open it to look only
    wait(lambda: window.session is not None and type(window.view).__name__ == "HomeView")
    home = window.view
    from psn_desktop.ui.widgets.boxes import Notice
    result["notice"] = home.findChild(Notice, "read-only-notice") is not None
    result["title"] = home.title.text()
    window.show_position(Position("organisation", "about"))
    result["field_enabled"] = window.view.page.fields["name"].isEnabled()
    result["name_shown"] = window.view.page.fields["name"].value()
    window.close()
    print(json.dumps(result))
""")


def test_read_only_disk_offers_to_open_it_to_look_only(tmp_path):
    """A real read-only mount (permission bits mean nothing to root, as in CI)."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    done = subprocess.run(["unshare", "--mount", "--map-root-user", sys.executable,
                           str(script), str(mnt)], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert "cannot be changed: the folder or disk is read-only" in result["message"]
    assert result["actions"] == ["Open it to look only", "Dismiss"]
    assert result["notice"] is True
    assert result["title"] == "Read Only School"
    assert result["field_enabled"] is False
    assert result["name_shown"] == "Read Only School"


FULL_DISK_CHILD = textwrap.dedent("""
    import json, os, subprocess, sys, time
    from pathlib import Path
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    mnt = Path(sys.argv[1])
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)], check=True)
    from datetime import date
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtTest import QTest
    from psn_desktop.journey import Position
    from psn_desktop.ui.app import create_application
    from psn_desktop.ui.main_window import MainWindow
    from psn_desktop.workspace.store import Workspace

    Workspace.create(mnt / "ws").close()
    app = create_application(1.0)
    window = MainWindow(as_of=date(2026, 11, 23))
    window.show()
    window.start(mnt / "ws")

    def wait(predicate):
        for _ in range(1000):
            QCoreApplication.processEvents()
            if predicate():
                return
            time.sleep(0.01)
        raise SystemExit("timed out")

    wait(lambda: window.session is not None and type(window.view).__name__ == "HomeView")
    window.show_position(Position("scope", "environment"))
    filler = mnt / "filler"
    with open(filler, "wb", buffering=0) as handle:  # fill the disk to the last byte
        for block in (65536, 4096, 1):
            try:
                while True:
                    handle.write(b"x" * block)
            except OSError:
                pass
    result = {}
    field = window.view.page.fields["description"]
    field.edit.setFocus()
    QTest.keyClicks(field.edit, "Everything in the office. " * 200)
    window.view.continue_button.click()  # saves first: the save fails, Continue stays put
    wait(lambda: window.banner is not None)
    result["banner"] = window.banner.label.text()
    result["saved_label"] = window.saved_label.text()
    result["still_on_screen"] = field.text().startswith("Everything in the office.")
    result["page"] = window.view.page.context.position.step
    filler.unlink()  # space again: the next change saves everything
    QTest.keyClicks(window.view.page.fields["environment_name"].line, "Office")
    wait(lambda: not window.session.autosave.pending)
    result["saved_label_after"] = window.saved_label.text()
    window.close()
    with Workspace.open(mnt / "ws") as ws:
        scope = ws.scope()
    result["stored_name"] = scope.environment_name
    result["stored_description"] = scope.description.startswith("Everything in the office.")
    print(json.dumps(result))
""")


def test_a_full_disk_loses_nothing_that_was_typed(tmp_path):
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    script = tmp_path / "child.py"
    script.write_text(FULL_DISK_CHILD, encoding="utf-8")
    done = subprocess.run(["unshare", "--mount", "--map-root-user", sys.executable,
                           str(script), str(mnt)], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["banner"].startswith("Your last change could not be saved: The disk holding")
    assert "What you typed is still on screen" in result["banner"]
    assert result["saved_label"] == "Not saved"
    assert result["still_on_screen"] is True
    assert result["page"] == "environment"
    assert result["saved_label_after"] == "All changes saved"
    assert result["stored_name"] == "Office"
    assert result["stored_description"] is True
