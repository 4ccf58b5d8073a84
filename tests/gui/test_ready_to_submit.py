"""End to end: the demo school taken to "ready to submit" through the app's own widgets.

From the task list, every requirement of every area in turn (answering what is left, with
evidence dropped onto each page and the 'not met' one planned on the spot), the health
check's re-test findings imported from the provider's spreadsheet, each finding planned,
the review, and the declaration signed. Then the readiness rules themselves, run on what
the store holds, must agree.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from psn_desktop.domain.catalogue import load_framework
from psn_desktop.domain.model import ActionStatus, AnswerStatus
from psn_desktop.domain.readiness import assess
from psn_desktop.journey.sections.requirements import MADE_ELSEWHERE, section_id
from psn_desktop.workspace.store import Workspace
from tests.gui.driver import (
    TIMEOUT,
    choose,
    click,
    position,
    press_back,
    press_continue,
    type_text,
    wait_home,
    wait_page,
)
from tests.gui.part_two_driver import (
    answer,
    attach_by_drop,
    evidence_file,
    open_task,
    page,
    plan_fix,
    type_date,
)

pytestmark = [pytest.mark.gui, pytest.mark.slow]
PSN = load_framework("psn-coco")

RETEST = ("Ref,Issue,Risk,Hosts\r\n"
          "RT-01,Guest Wi-Fi can reach the office printer,Medium,OFFICE-PC-01\r\n"
          "ITHC-01,Remote desktop open to the internet on SERVER-01,Critical,SERVER-01\r\n")


def walk_area(qtbot, window, area_id: str, documents: Path) -> list[str]:
    """Every page of one area from its first requirement; returns the ones answered here."""
    sid = section_id("psn-coco", area_id)
    requirements = PSN.requirements_in(area_id)
    open_task(qtbot, window, sid)
    qtbot.waitUntil(lambda: position(window) is not None and position(window).section == sid,
                    timeout=TIMEOUT)
    while position(window).step != requirements[0].id:  # Back always works
        press_back(qtbot, window)
    answered = []
    for requirement in requirements:
        wait_page(qtbot, window, sid, requirement.id)
        fields = page(window).fields
        if requirement.qualified_id not in MADE_ELSEWHERE and fields["answer"].value() is None:
            answer(qtbot, window, AnswerStatus.MET)
            attach_by_drop(qtbot, window, [evidence_file(documents, f"{requirement.id}.pdf")])
            answered.append(requirement.id)
        elif fields.get("answer") is not None and \
                fields["answer"].value() is AnswerStatus.NOT_MET and \
                not fields["plan"].done.isVisible():
            plan_fix(qtbot, window, "Encrypt the two old laptops with BitLocker.",
                     "Dana Okafor", "15/1/2027")
            answered.append(requirement.id)
        press_continue(qtbot, window)
    wait_page(qtbot, window, sid, "check")
    assert page(window).change_buttons  # every answer listed, each with its Change link
    press_continue(qtbot, window)
    wait_home(qtbot, window)
    return answered


def test_the_demo_school_is_taken_to_ready_to_submit(make_window, qtbot, demo_workspace,
                                                     tmp_path, as_of):
    folder = demo_workspace.folder
    demo_workspace.close()
    window = make_window(folder)
    home = wait_home(qtbot, window)
    assert home.readiness.verdict.text().startswith("Not ready to submit yet")
    documents = tmp_path / "documents"

    answered = []
    for area in PSN.areas:
        answered += walk_area(qtbot, window, area.id, documents)
    assert answered == ["AUT-02", "AUT-03", "LOG-01", "LOG-02", "LOG-03", "INC-01", "INC-02",
                        "INC-03", "REM-01", "REM-02", "REM-03", "MED-02", "MED-03"]

    # The provider's re-test spreadsheet: one new finding, one already in the plan.
    open_task(qtbot, window, "health_check")
    wait_page(qtbot, window, "health_check", "check")
    window.show_position(window.journey.revisit("health_check", "findings",
                                                window.session.facts()))
    wait_page(qtbot, window, "health_check", "findings")
    retest = tmp_path / "retest.csv"
    retest.write_text(RETEST, encoding="utf-8")
    findings = page(window)
    findings.start_import(retest)
    qtbot.waitUntil(lambda: findings.mapping_dialog is not None, timeout=TIMEOUT)
    findings.mapping_dialog.accept()
    qtbot.waitUntil(lambda: findings.last_import is not None and findings.task is None,
                    timeout=TIMEOUT)
    assert "Added 1 finding(s)" in findings.notice.label.text()
    press_continue(qtbot, window)
    wait_page(qtbot, window, "health_check", "check")
    press_continue(qtbot, window)

    # Every finding planned, from the plan itself.
    open_task(qtbot, window, "plan")
    wait_page(qtbot, window, "plan", "plan")
    while unplanned := [b for b in page(window).change_buttons
                        if b.text() == "Plan the fix"]:
        click(qtbot, unplanned[0])
        qtbot.waitUntil(lambda: position(window).step == "action", timeout=TIMEOUT)
        type_text(qtbot, window, "owner", "Dana Okafor")
        type_date(qtbot, page(window).fields["target_date"], "31 January 2027")
        choose(qtbot, window, "status", ActionStatus.PLANNED)
        type_text(qtbot, window, "notes", "Agreed with the headteacher.")
        press_continue(qtbot, window)
        wait_page(qtbot, window, "plan", "plan")
    press_continue(qtbot, window)
    home = wait_home(qtbot, window)

    # The review says only the signature is missing; the declaration is signed in the app.
    click(qtbot, home.tasks.rows["review"].button)
    wait_page(qtbot, window, "review", "review")
    review = page(window)
    assert any("only the signed declaration is missing" in label.text()
               for label in review.findChildren(QLabel))
    assert len(review.fix_buttons) == 2  # the signature, and the cloud warning
    click(qtbot, review.next_button)
    wait_page(qtbot, window, "sign_off", "sign_off")
    click(qtbot, page(window).declared.box)
    click(qtbot, page(window).sign_button)
    press_continue(qtbot, window)
    home = wait_home(qtbot, window)
    assert home.readiness.verdict.text() == (
        "Ready to submit for PSN Code of Connection (customer).")
    for sid in ("review", "sign_off", "plan", "health_check",
                *(section_id("psn-coco", a.id) for a in PSN.areas)):
        assert home.tasks.rows[sid].status.completed, (sid, home.tasks.rows[sid].status)

    window.close()
    with Workspace.open(folder) as workspace:
        data = workspace.load()
    readiness = assess(data, PSN, as_of)
    assert readiness.ready, [i.message for i in readiness.blockers]
    assert all(data.actions_for(f.id) for f in data.findings)
    assert data.answers["psn-coco:REM-02"].status is AnswerStatus.NOT_MET
    assert data.latest_sign_off("psn-coco").name == "Priya Shah"


def test_a_new_workspace_is_taken_to_ready_to_submit(make_window, qtbot, tmp_path, as_of):
    """As a new user would: the first-run wizard, the scope, every requirement, the health
    check with its findings imported, the plan, and the declaration."""
    from psn_desktop.domain.model import OrgType, Route
    from psn_desktop.journey.first_run import StartChoice
    from psn_desktop.ui.pages.first_run import StartPage
    from tests.gui.driver import wait_view
    from tests.gui.part_two_driver import attach_by_drop

    window = make_window()
    wait_view(qtbot, window, type(window.view))
    press_continue(qtbot, window)  # welcome
    qtbot.waitUntil(lambda: isinstance(window.view.page, StartPage), timeout=TIMEOUT)
    choose(qtbot, window, "choice", StartChoice.CREATE)
    folder = tmp_path / "Riverside Primary 2026"
    type_text(qtbot, window, "new_folder", str(folder))
    press_continue(qtbot, window)
    wait_page(qtbot, window, "organisation", "about")
    type_text(qtbot, window, "name", "Riverside Primary School")
    choose(qtbot, window, "org_type", OrgType.SCHOOL)
    press_continue(qtbot, window)
    wait_page(qtbot, window, "organisation", "siro")
    for name, text in (("name", "Amara Okonkwo"), ("job_title", "Headteacher"),
                       ("email", "head@riverside.example.sch.uk")):
        type_text(qtbot, window, name, text)
    press_continue(qtbot, window)
    wait_page(qtbot, window, "organisation", "contact")
    for name, text in (("name", "Tom Hughes"), ("email", "sbm@riverside.example.sch.uk")):
        type_text(qtbot, window, name, text)
    press_continue(qtbot, window)
    wait_page(qtbot, window, "connection", "route")
    choose(qtbot, window, "route", Route.PROVIDER_LINK)
    press_continue(qtbot, window)
    home = wait_home(qtbot, window)

    click(qtbot, home.tasks.rows["scope"].button)
    wait_page(qtbot, window, "scope", "environment")
    type_text(qtbot, window, "environment_name", "Riverside school network")
    press_continue(qtbot, window)
    wait_page(qtbot, window, "scope", "size")
    type_text(qtbot, window, "user_count", "38")
    type_text(qtbot, window, "site_count", "1")
    press_continue(qtbot, window)
    wait_page(qtbot, window, "scope", "ip_ranges")
    type_text(qtbot, window, "ip_ranges", "10.30.0.0/16")
    press_continue(qtbot, window)
    wait_page(qtbot, window, "scope", "services")
    press_continue(qtbot, window)
    wait_page(qtbot, window, "scope", "check")
    press_continue(qtbot, window)

    documents = tmp_path / "documents"
    policy = evidence_file(documents, "information-security-policy.pdf", "%PDF policy")
    for area in PSN.areas:
        sid = section_id("psn-coco", area.id)
        open_task(qtbot, window, sid)
        for requirement in PSN.requirements_in(area.id):
            wait_page(qtbot, window, sid, requirement.id)
            qid = requirement.qualified_id
            if qid in MADE_ELSEWHERE:
                pass
            elif requirement.id == "REM-04":
                answer(qtbot, window, AnswerStatus.NOT_APPLICABLE,
                       "Staff may not use their own devices for school work.")
            elif requirement.id == "MED-01":
                answer(qtbot, window, AnswerStatus.NOT_MET, "USB sticks are not controlled.")
                plan_fix(qtbot, window, "Issue encrypted sticks; block others.", "Tom Hughes",
                         "28/2/2027")
            else:
                answer(qtbot, window, AnswerStatus.MET)
                name = {"SUB-01": "ITHC report.pdf", "SUB-03": "network diagram.pdf"}.get(
                    requirement.id)
                attach_by_drop(qtbot, window, [evidence_file(documents, name, "%PDF")
                                               if name else policy])
                if requirement.document_date_matters:
                    row = page(window).fields["evidence"].rows[0]
                    type_date(qtbot, row.date, "2/10/2026")
            press_continue(qtbot, window)
        wait_page(qtbot, window, sid, "check")
        press_continue(qtbot, window)

    open_task(qtbot, window, "health_check")
    wait_page(qtbot, window, "health_check", "details")
    type_text(qtbot, window, "provider", "Example Assurance Ltd")
    type_date(qtbot, page(window).fields["check_date"], "2/10/2026")
    type_text(qtbot, window, "scope", "External and internal tests; 10% of PCs.")
    press_continue(qtbot, window)
    wait_page(qtbot, window, "health_check", "report")  # attached on SUB-01 already
    assert [r.name for r in page(window).fields["report"].rows] == ["ITHC report.pdf"]
    press_continue(qtbot, window)
    wait_page(qtbot, window, "health_check", "findings")
    findings_file = tmp_path / "findings.csv"
    findings_file.write_text("Ref,Issue,Risk\r\nF-1,Weak Wi-Fi password,High\r\n"
                             "F-2,,Low\r\n", encoding="utf-8")
    findings = page(window)
    findings.start_import(findings_file)
    qtbot.waitUntil(lambda: findings.mapping_dialog is not None, timeout=TIMEOUT)
    findings.mapping_dialog.accept()
    qtbot.waitUntil(lambda: findings.last_import is not None and findings.task is None,
                    timeout=TIMEOUT)
    assert "line 3: there is no finding title" in findings.notice.label.text()
    press_continue(qtbot, window)
    wait_page(qtbot, window, "health_check", "check")
    press_continue(qtbot, window)

    open_task(qtbot, window, "plan")
    wait_page(qtbot, window, "plan", "plan")
    [plan_it] = [b for b in page(window).change_buttons if b.text() == "Plan the fix"]
    click(qtbot, plan_it)
    qtbot.waitUntil(lambda: position(window).step == "action", timeout=TIMEOUT)
    type_text(qtbot, window, "owner", "Schools IT Ltd")
    type_date(qtbot, page(window).fields["target_date"], "15/12/2026")
    choose(qtbot, window, "status", ActionStatus.IN_PROGRESS)
    press_continue(qtbot, window)
    wait_page(qtbot, window, "plan", "plan")
    press_continue(qtbot, window)

    open_task(qtbot, window, "sign_off")
    wait_page(qtbot, window, "sign_off", "sign_off")
    click(qtbot, page(window).declared.box)
    click(qtbot, page(window).sign_button)
    press_continue(qtbot, window)
    home = wait_home(qtbot, window)
    assert home.readiness.verdict.text() == (
        "Ready to submit for PSN Code of Connection (customer).")
    window.close()
    with Workspace.open(folder) as workspace:
        data = workspace.load()
    readiness = assess(data, PSN, as_of)
    assert readiness.ready, [i.message for i in readiness.blockers]
    assert data.health_check.report_sha256 == data.evidence_for("psn-coco:SUB-01")[0].sha256
    assert data.latest_sign_off("psn-coco").name == "Amara Okonkwo"
