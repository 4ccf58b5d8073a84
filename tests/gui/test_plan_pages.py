"""The remediation plan through the real widgets: every finding from every source, the
overdue one standing out, each fix planned, a risk accepted with a reason, something added
by hand, and the plan saved as CSV and as an Excel workbook and read back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from psn_desktop.domain.model import ActionStatus, FindingSource, Severity
from psn_desktop.journey import Position, SectionState
from psn_desktop.pack.plan_csv import HEADER
from psn_desktop.workspace.store import Workspace
from tests.gui.driver import (
    TIMEOUT,
    choose,
    click,
    error_messages,
    focused,
    press_continue,
    type_text,
    wait_home,
    wait_page,
)
from tests.gui.part_two_driver import open_task, page, type_date

pytestmark = pytest.mark.gui


@pytest.fixture
def folder(demo_workspace, as_of):
    """The demo school, with its USB action gone past its date."""
    usb = next(f for f in demo_workspace.findings() if f.source is FindingSource.SELF_ASSESSED)
    action = demo_workspace.load().actions_for(usb.id)[0]
    demo_workspace.save_action(replace(action, target_date=as_of - timedelta(days=5)))
    path = demo_workspace.folder
    demo_workspace.close()
    return path


def test_every_finding_is_planned_through_the_plan(make_window, qtbot, folder, tmp_path, as_of):
    window = make_window(folder)
    open_task(qtbot, window, "plan")
    wait_page(qtbot, window, "plan", "plan")
    plan = page(window)
    assert plan.counts.text() == ("5 thing(s) in the plan: 4 still to do (1 overdue, 1 with no "
                                  "action yet), 1 done or accepted.")
    titles = [row.findChildren(type(plan.counts))[0].text()
              for row in plan.rows_by_finding.values()]
    assert titles[0] == "USB sticks are not controlled"  # the overdue one first
    assert titles[1] == "Self-signed certificate on the staff intranet"  # then the unplanned
    usb = next(iter(plan.rows_by_finding.values()))
    overdue = usb.findChild(type(plan.counts), "overdue")
    assert overdue.text() == "Overdue: was due 18 November 2026 (5 days ago)."
    assert overdue.property("role") == "error"  # red and bold, and it says so in words
    press_continue(qtbot, window)
    assert error_messages(window) == ["“Self-signed certificate on the staff intranet” has no "
                                      "action yet: say who will fix it and by when."]
    window.view.summary.body.linkActivated.emit("plan")  # the error's link: to the plan rows
    assert focused() in plan.change_buttons
    certificate = next(f for f in window.session.workspace.findings()
                       if f.title.startswith("Self-signed"))
    click(qtbot, next(b for b in plan.change_buttons if "Self-signed" in b.accessibleName()))
    wait_page(qtbot, window, "plan", "action", certificate.id)
    assert "Self-signed certificate on the staff intranet" in [
        w.text() for w in page(window).findChildren(type(plan.counts))]
    press_continue(qtbot, window)
    assert error_messages(window) == ["Say who will do this.", "Choose a target date."]
    type_text(qtbot, window, "owner", "Dana Okafor")
    type_date(qtbot, page(window).fields["target_date"], "15/1/2027")
    choose(qtbot, window, "status", ActionStatus.IN_PROGRESS)
    type_text(qtbot, window, "notes", "Buy a certificate from the school's usual supplier.")
    press_continue(qtbot, window)
    wait_page(qtbot, window, "plan", "plan")

    # The overdue action: the risk is accepted instead, which needs a reason.
    usb_finding = next(f for f in window.session.workspace.findings()
                       if f.source is FindingSource.SELF_ASSESSED)
    window.show_position(Position("plan", "action", usb_finding.id))
    wait_page(qtbot, window, "plan", "action", usb_finding.id)
    assert not page(window).fields["reason"].isVisible()
    choose(qtbot, window, "status", ActionStatus.ACCEPTED_RISK)
    assert page(window).fields["reason"].isVisible()
    press_continue(qtbot, window)
    assert error_messages(window) == [
        "Explain why the risk is accepted; the signer must agree to it."]
    type_text(qtbot, window, "reason", "USB sticks are only used on the office PC, which "
                                       "scans them; governors agreed on 1 November.")
    press_continue(qtbot, window)
    wait_page(qtbot, window, "plan", "plan")

    click(qtbot, page(window).add)  # something the head knows about that no check found
    wait_page(qtbot, window, "plan", "action", None)
    assert window.view.heading.text() == "Add something to the plan"
    type_text(qtbot, window, "title", "Old server still in the cupboard")
    choose(qtbot, window, "severity", Severity.LOW)
    type_text(qtbot, window, "owner", "Gareth Lewis")
    type_date(qtbot, page(window).fields["target_date"], "1 March 2027")
    press_continue(qtbot, window)
    wait_page(qtbot, window, "plan", "plan")
    assert "6 thing(s) in the plan" in page(window).counts.text()

    # Saved for the governors, as CSV and as an Excel workbook.
    for name in ("plan.csv", "plan.xlsx"):
        page(window).exported = None
        page(window).export(tmp_path / name)
        qtbot.waitUntil(lambda: page(window).task is None, timeout=TIMEOUT)
        assert page(window).exported == tmp_path / name
        assert f"Saved the plan as {tmp_path / name}" in page(window).notice.label.text()
    csv = (tmp_path / "plan.csv").read_text(encoding="utf-8-sig")
    assert csv.splitlines()[0] == ",".join(HEADER) and "Old server still in the cupboard" in csv
    sheet = load_workbook(tmp_path / "plan.xlsx").active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    at = {name: HEADER.index(name) for name in ("finding", "owner", "status", "reason")}
    rows = {row[at["finding"]]: row for row in values}
    assert rows["Self-signed certificate on the staff intranet"][at["owner"]] == "Dana Okafor"
    assert rows["USB sticks are not controlled"][at["status"]] == "accepted_risk"
    assert rows["USB sticks are not controlled"][at["reason"]].startswith("USB sticks are")

    press_continue(qtbot, window)
    home = wait_home(qtbot, window)
    assert home.tasks.rows["plan"].status.state is SectionState.COMPLETED
    window.close()
    with Workspace.open(folder) as workspace:
        data = workspace.load()
    action = data.actions_for(certificate.id)[0]
    assert (action.owner, action.target_date, action.status, action.notes) == (
        "Dana Okafor", date(2027, 1, 15), ActionStatus.IN_PROGRESS,
        "Buy a certificate from the school's usual supplier.")
    added = next(f for f in data.findings if f.title == "Old server still in the cupboard")
    assert (added.source, added.severity) == (FindingSource.SELF_ASSESSED, Severity.LOW)
    assert data.actions_for(added.id)[0].target_date == date(2027, 3, 1)
    assert not any(a.is_overdue(as_of) for a in data.actions)


def test_an_unreadable_target_date_is_kept_until_corrected(make_window, qtbot, folder):
    window = make_window(folder)
    wait_home(qtbot, window)
    finding = window.session.workspace.findings()[0]
    window.show_position(Position("plan", "action", finding.id))
    wait_page(qtbot, window, "plan", "action", finding.id)
    before = window.session.workspace.load().actions_for(finding.id)[0].target_date
    type_date(qtbot, page(window).fields["target_date"], "30/2/2027")
    press_continue(qtbot, window)
    assert error_messages(window) == ["“30/2/2027” is not a real date: February 2027 has 28 "
                                      "days."]
    assert window.session.workspace.load().actions_for(finding.id)[0].target_date == before
    window.go_home()
    window.show_position(Position("plan", "action", finding.id))
    assert page(window).fields["target_date"].text() == "30/2/2027"
