"""The "Devices and software" section through the real widgets: the device table with
support status in words and colour, Scan this computer (a real scan of this machine),
importing a spreadsheet through the column-mapping step, Cancel, the collector and the
template."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from psn_desktop.checks.result import CheckStatus
from psn_desktop.checks.scan import ALL_CHECKS
from psn_desktop.demo import build_demo
from psn_desktop.journey import SectionState
from psn_desktop.workspace.store import Workspace
from tests.conftest import AS_OF
from tests.gui.driver import click, wait_home, wait_page

pytestmark = pytest.mark.gui


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "oakfield"
    build_demo(folder, as_of=AS_OF).close()
    return folder


def open_devices(qtbot, window):
    home = wait_home(qtbot, window)
    click(qtbot, home.tasks.rows["devices"].button)
    return wait_page(qtbot, window, "devices", "devices").page


def wait_idle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: page.task is None, timeout=30_000)


def test_table_shows_status_in_words_and_colour(make_window, qtbot, demo_folder):
    window = make_window(demo_folder)
    page = open_devices(qtbot, window)
    rows = {name: (text, level) for name, text, level in page.table.status_texts()}
    assert len(rows) == 10
    assert rows["RECEPTION-PC"] == ("Not supported since 14 October 2025: in the plan",
                                    "unsupported")
    assert rows["HEAD-LAPTOP"] == ("Supported until 10 October 2028", "supported")
    item = page.table.item(0, 3)
    assert item.toolTip() and item.background().color().name() == "#e6f4ea"
    assert page.table.accessibleName()
    # Every device here is supported or planned, so the section is done.
    status = window.registry["devices"].status(window.session.facts())
    assert status.state is SectionState.COMPLETED


def test_scan_this_computer(make_window, qtbot, demo_folder):
    window = make_window(demo_folder)
    page = open_devices(qtbot, window)
    click(qtbot, page.scan_button)
    assert page.busy.isVisibleTo(page) and page.progress.accessibleName()
    wait_idle(qtbot, page)
    assert page.notice is not None and page.notice.accessibleName().startswith("Scanned ")
    report = page.last_report
    assert report.result("operating-system").status in (CheckStatus.PASS, CheckStatus.FAIL)
    names = [name for name, _text, _level in page.table.status_texts()]
    assert report.computer_name in names and len(names) == 11
    with Workspace.open(demo_folder, read_only=True) as workspace:
        data = workspace.load()
    assert any(u.title.startswith(f"Scan of {report.computer_name}") for u in data.evidence_uses)
    assert page.isEnabled() and page.scan_button.isEnabled()
    assert not page.busy.isVisibleTo(page)


def test_cancel_stops_a_running_scan(make_window, qtbot, demo_folder):
    window = make_window(demo_folder)
    page = open_devices(qtbot, window)

    def slow(ctx):  # a real command that takes far longer than the test waits
        ctx.runner.run("slow", ["sleep", "60"], timeout=120)
        raise AssertionError("the scan should have been cancelled")

    page.checks = (replace(ALL_CHECKS[0], linux=slow, windows=slow),)
    page.start_scan()
    qtbot.waitUntil(lambda: page.busy.isVisibleTo(page))
    qtbot.wait(200)
    assert not page.isEnabled()  # nothing else can start meanwhile
    click(qtbot, window.view.cancel)
    wait_idle(qtbot, page)
    assert "Stopped" in page.notice.accessibleName()
    assert len(page.table.status_texts()) == 10


def test_import_a_spreadsheet_with_the_mapping_step(make_window, qtbot, tmp_path):
    folder = tmp_path / "new"
    Workspace.create(folder).close()
    source = tmp_path / "estate.csv"
    source.write_text("Kit;Platform;Release\nTILL;Windows 7 Pro;\nFRONT;Windows 10 Pro;22H2\n"
                      "OFFICE;Windows 11 Pro;23H2\nLAB;Windows 11;24H2\nODD;Windoze;\n",
                      encoding="utf-8-sig")
    window = make_window(folder)
    page = open_devices(qtbot, window)
    page.start_import(source)
    qtbot.waitUntil(lambda: getattr(page, "mapping_dialog", None) is not None
                    and page.mapping_dialog.isVisible(), timeout=10_000)
    dialog = page.mapping_dialog
    assert dialog.boxes["name"].currentData() is None  # "Kit" is not a name it knows
    dialog.accept()
    assert dialog.problem.isVisible() and "Device name" in dialog.problem.text()
    dialog.boxes["name"].setCurrentIndex(1)  # the "Kit" column
    dialog.accept()
    qtbot.waitUntil(lambda: "Imported" in (page.notice.accessibleName() if page.notice else ""))
    text = page.notice.accessibleName()
    assert "Imported 4 device(s): 4 new, 0 updated. 3 new finding(s)" in text
    assert "line 6:" in text and "Windoze" in text
    rows = {name: text for name, text, _level in page.table.status_texts()}
    assert rows["LAB"] == "Depends on the edition: check and record it"
    assert rows["TILL"].startswith("Not supported since 14 January 2020: plan a fix")
    status = window.registry["devices"].status(window.session.facts())
    assert status.state is SectionState.IN_PROGRESS
    assert any("no action in the plan" in m for m in status.missing)


def test_collector_and_template(make_window, qtbot, demo_folder, tmp_path):
    window = make_window(demo_folder)
    page = open_devices(qtbot, window)
    page.make_collector(tmp_path / "usb")
    assert (tmp_path / "usb" / "Run PSN collector.cmd").exists()
    assert "Saved the collector" in page.notice.accessibleName()
    page.save_template(tmp_path / "devices.csv")
    assert (tmp_path / "devices.csv").read_text("utf-8-sig").startswith("Name,")
    page.make_collector(Path("/proc/no-such/usb"))
    assert "could not be saved" in page.notice.accessibleName()


def test_buttons_work_from_the_keyboard(make_window, qtbot, demo_folder):
    window = make_window(demo_folder)
    page = open_devices(qtbot, window)
    page.scan_button.setFocus()
    qtbot.keyClick(page.scan_button, Qt.Key.Key_Space)
    assert page.task is not None
    wait_idle(qtbot, page)
    assert page.notice.accessibleName().startswith("Scanned ")
