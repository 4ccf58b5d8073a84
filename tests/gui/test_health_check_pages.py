"""The IT Health Check section through the real widgets: details, the report, findings
imported from CSV and XLSX through the column-mapping step (bad rows reported by line, good
rows kept), a finding added by hand, and the check-your-answers page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from psn_desktop.domain.model import AnswerStatus, FindingSource, Severity
from psn_desktop.journey import Position, SectionState
from psn_desktop.workspace.store import Workspace
from tests.gui.driver import (
    TIMEOUT,
    choose,
    click,
    error_messages,
    press_continue,
    type_text,
    wait_home,
    wait_page,
)
from tests.gui.part_two_driver import attach_by_drop, evidence_file, open_task, page, type_date

pytestmark = pytest.mark.gui

CSV = ("Finding ID,Finding,Risk Rating,Affected Hosts,Details,Recommendation\r\n"
       "ITHC-01,Remote desktop open to the internet,Critical,SERVER-01,"
       "RDP answers on 3389.,Close the port.\r\n"
       "ITHC-02,SMB signing not required,Medium,\"office-pc-01, 10.20.0.9\",,Enforce it.\r\n"
       "ITHC-03,,High,SERVER-01,A row with no title,\r\n"
       "ITHC-04,Outdated firmware on the router,Amber,router,,\r\n"
       "ITHC-05,Default SNMP community string,Low,printer-01,,Change it.\r\n")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A new workspace with two devices, so imported hosts can be matched."""
    from psn_desktop.domain.model import Device

    path = tmp_path / "new"
    with Workspace.create(path) as workspace:
        workspace.save_devices([Device("SERVER-01"), Device("OFFICE-PC-01")])
    return path


def mapping_dialog(qtbot, window):
    findings = page(window)
    qtbot.waitUntil(lambda: findings.mapping_dialog is not None
                    and findings.mapping_dialog.isVisible(), timeout=TIMEOUT)
    return findings.mapping_dialog


def wait_import(qtbot, window) -> None:
    findings = page(window)
    qtbot.waitUntil(lambda: findings.task is None and findings.last_import is not None,
                    timeout=TIMEOUT)


def test_a_health_check_recorded_and_its_findings_imported(make_window, qtbot, folder,
                                                           tmp_path, as_of):
    window = make_window(folder)
    open_task(qtbot, window, "health_check")
    wait_page(qtbot, window, "health_check", "details")
    press_continue(qtbot, window)
    assert error_messages(window) == [
        "Enter the company that did the IT Health Check.",
        "Enter the date the IT Health Check was done.",
        "Say what the health check covered, for example 'external and internal tests, 10% "
        "of PCs'."]
    type_text(qtbot, window, "provider", "Example Assurance Ltd")
    type_date(qtbot, page(window).fields["check_date"], "31/6/2026")
    type_text(qtbot, window, "scope", "External tests and a 10% sample of PCs.")
    press_continue(qtbot, window)
    assert error_messages(window) == ["“31/6/2026” is not a real date: June 2026 has 30 days."]
    type_date(qtbot, page(window).fields["check_date"], "30 June 2026")
    press_continue(qtbot, window)

    wait_page(qtbot, window, "health_check", "report")
    press_continue(qtbot, window)
    assert error_messages(window) == ["Attach the health check report the provider gave you."]
    report = evidence_file(tmp_path / "docs", "ITHC report.pdf", "%PDF-1.4 report")
    attach_by_drop(qtbot, window, [report], field_name="report")
    row = page(window).fields["report"].rows[0]
    assert row.date.text() == "30/6/2026"  # dated with the check itself
    press_continue(qtbot, window)

    wait_page(qtbot, window, "health_check", "findings")
    csv = tmp_path / "findings.csv"
    csv.write_text(CSV, encoding="utf-8")
    page(window).start_import(csv)
    dialog = mapping_dialog(qtbot, window)
    assert dialog.boxes["title"].currentText().startswith("Finding")
    assert dialog.boxes["hosts"].currentText().startswith("Affected Hosts")
    # The user says the details are not wanted: the mapping chosen is what is used.
    dialog.boxes["detail"].setCurrentIndex(0)
    dialog.accept()
    wait_import(qtbot, window)
    notice = page(window).notice.label.text()
    assert "Added 3 finding(s) to the plan." in notice
    assert "line 4: there is no finding title." in notice
    assert "line 5: “Amber” is not a severity PSN Desktop recognises." in notice
    assert "10.20.0.9" in notice and "printer-01" in notice

    # Another provider's XLSX: only the title column is needed.
    book = Workbook()
    book.active.append(["Issue", "Severity", "Host"])
    book.active.append(["Guest Wi-Fi reaches the office network", "High", "SERVER-01"])
    book.active.append(["Remote desktop open to the internet", "Critical", "SERVER-01"])
    xlsx = tmp_path / "retest.xlsx"
    book.save(xlsx)
    page(window).last_import = None
    page(window).start_import(xlsx)
    dialog = mapping_dialog(qtbot, window)
    dialog.accept()
    wait_import(qtbot, window)
    assert "Added 1 finding(s)" in page(window).notice.label.text()
    assert "1 finding(s) already in the plan were not added again" in \
        page(window).notice.label.text()

    click(qtbot, page(window).add)  # a finding the report listed but the file did not
    wait_page(qtbot, window, "health_check", "finding", None)
    press_continue(qtbot, window)
    assert error_messages(window) == ["Give the finding a short title."]
    type_text(qtbot, window, "title", "Staff can install software")
    choose(qtbot, window, "severity", Severity.HIGH)
    type_text(qtbot, window, "reference", "ITHC-06")
    devices = page(window).fields["devices"]
    devices.list.item(0).setCheckState(devices.list.item(0).checkState().Checked)
    press_continue(qtbot, window)
    wait_page(qtbot, window, "health_check", "findings")
    assert page(window).rows.count() == 5
    press_continue(qtbot, window)
    wait_page(qtbot, window, "health_check", "check")
    press_continue(qtbot, window)
    home = wait_home(qtbot, window)
    assert home.tasks.rows["health_check"].status.state is SectionState.COMPLETED
    assert home.tasks.rows["plan"].status.state is SectionState.IN_PROGRESS  # to plan now

    window.close()
    with Workspace.open(folder) as workspace:
        data = workspace.load()
    check = data.health_check
    assert (check.provider, check.check_date) == ("Example Assurance Ltd", date(2026, 6, 30))
    assert check.report_sha256 == data.evidence_for("psn-coco:SUB-01")[0].sha256
    assert data.answers["psn-coco:SUB-01"].status is AnswerStatus.MET
    names = {d.id: d.name for d in data.devices}
    found = {f.title: f for f in data.findings}
    assert set(found) == {"Remote desktop open to the internet", "SMB signing not required",
                          "Default SNMP community string",
                          "Guest Wi-Fi reaches the office network",
                          "Staff can install software"}
    rdp = found["Remote desktop open to the internet"]
    assert (rdp.severity, rdp.reference, [names[i] for i in rdp.device_ids]) == (
        Severity.CRITICAL, "ITHC-01", ["SERVER-01"])
    assert rdp.detail == "Recommended fix: Close the port."  # the details column was left out
    smb = found["SMB signing not required"]
    assert [names[i] for i in smb.device_ids] == ["OFFICE-PC-01"]
    assert "not in your device list: 10.20.0.9" in smb.detail
    assert all(f.source is FindingSource.HEALTH_CHECK for f in data.findings)
    assert all(f.date_found == date(2026, 6, 30) for f in data.findings)
    by_hand = found["Staff can install software"]
    assert (by_hand.severity, by_hand.reference) == (Severity.HIGH, "ITHC-06")
    assert [names[i] for i in by_hand.device_ids] == ["OFFICE-PC-01"]  # the list is sorted


def test_a_cancelled_mapping_or_an_unreadable_file_adds_nothing(make_window, qtbot, folder,
                                                                 tmp_path):
    window = make_window(folder)
    wait_home(qtbot, window)
    window.show_position(Position("health_check", "findings"))
    wait_page(qtbot, window, "health_check", "findings")
    csv = tmp_path / "findings.csv"
    csv.write_text(CSV, encoding="utf-8")
    page(window).start_import(csv)
    dialog = mapping_dialog(qtbot, window)
    dialog.boxes["title"].setCurrentIndex(0)  # "Not in this file"
    dialog.accept()
    assert dialog.isVisible() and "Finding (its title)" in dialog.problem.text()
    dialog.reject()
    qtbot.waitUntil(lambda: page(window).notice is not None, timeout=TIMEOUT)
    assert "Import cancelled. Nothing was added." in page(window).notice.label.text()
    old_excel = tmp_path / "findings.xls"
    old_excel.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    page(window).start_import(old_excel)
    qtbot.waitUntil(lambda: page(window).task is None, timeout=TIMEOUT)
    assert "old Excel (.xls) file" in page(window).notice.label.text()
    assert window.session.workspace.findings() == []


def test_removing_a_finding_can_be_undone(make_window, qtbot, demo_workspace):
    folder = demo_workspace.folder
    before = {(f.title, f.reference) for f in demo_workspace.findings()}
    actions = len(demo_workspace.actions())
    demo_workspace.close()
    window = make_window(folder)
    wait_home(qtbot, window)
    window.show_position(Position("health_check", "findings"))
    wait_page(qtbot, window, "health_check", "findings")
    first = page(window).rows.itemAt(0).widget()
    remove = next(b for b in first.findChildren(type(page(window).add))
              if b.text() == "Remove")
    click(qtbot, remove)
    assert len(window.session.workspace.findings()) == len(before) - 1
    assert len(window.session.workspace.actions()) == actions - 1
    click(qtbot, page(window).notice.buttons[0])  # Undo
    assert {(f.title, f.reference) for f in window.session.workspace.findings()} == before
    assert len(window.session.workspace.actions()) == actions
    assert "is back" in page(window).notice.label.text()


def test_an_import_can_be_cancelled_while_the_file_is_read(make_window, qtbot, folder,
                                                           tmp_path):
    """A provider's file on a slow share: reading waits, the user presses Cancel."""
    import os
    import threading

    window = make_window(folder)
    wait_home(qtbot, window)
    window.show_position(Position("health_check", "findings"))
    view = wait_page(qtbot, window, "health_check", "findings")
    pipe = tmp_path / "findings-on-a-share.csv"
    os.mkfifo(pipe)
    page(window).start_import(pipe)
    qtbot.waitUntil(view.cancel.isVisible, timeout=TIMEOUT)
    assert page(window).busy.isVisible() and not page(window).import_button.isEnabled()
    click(qtbot, view.cancel)
    feeder = threading.Thread(target=lambda: pipe.write_text(CSV, encoding="utf-8"))
    feeder.start()
    qtbot.waitUntil(lambda: page(window).task is None, timeout=TIMEOUT)
    feeder.join(timeout=10)
    assert "Import stopped. Nothing was added." in page(window).notice.label.text()
    assert page(window).mapping_dialog is None
    assert window.session.workspace.findings() == []
    assert view.continue_button.isVisible() and page(window).import_button.isEnabled()
