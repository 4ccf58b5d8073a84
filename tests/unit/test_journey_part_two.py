"""The sections of part two without a window: requirement areas for the workspace's
frameworks, what each requirement page needs before Continue, the health check, the plan,
review and sign-off statuses, and where each readiness blocker leads."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from psn_desktop.domain.catalogue import available_frameworks, load_framework
from psn_desktop.domain.model import (
    Action,
    ActionStatus,
    Answer,
    AnswerStatus,
    Finding,
    FindingSource,
    HealthCheck,
)
from psn_desktop.journey import Journey, Position, SectionState, default_registry
from psn_desktop.journey.facts import gather
from psn_desktop.journey.sections import plan as plan_section
from psn_desktop.journey.sections import requirements
from psn_desktop.journey.sections.drafts import date_problems, read_date
from psn_desktop.journey.sections.requirements import requirement_problems, section_id
from psn_desktop.remediation.plan_items import plan_items, plan_problems

PSN = load_framework("psn-coco")


def req(rid: str):
    return PSN.requirement(rid)


def test_every_area_of_every_framework_is_registered_in_order():
    registry = default_registry()
    for framework in available_frameworks():
        for area in framework.areas:
            section = registry[section_id(framework.id, area.id)]
            assert [s.id for s in section.steps][:-1] == [
                r.id for r in framework.requirements_in(area.id)]
            assert section.steps[-1].id == "check"
    orders = {s.id: s.order for s in registry.sections()}
    areas = [orders[section_id("psn-coco", a.id)] for a in PSN.areas]
    assert areas == sorted(areas)  # in the catalogue's order
    assert orders["devices"] < min(areas) and max(areas) < orders["health_check"]
    assert orders["health_check"] < orders["plan"] < orders["review"] < orders["sign_off"]
    assert orders["sign_off"] < orders["pack"]


def test_only_the_workspace_frameworks_areas_are_on_its_task_list(empty_workspace, as_of):
    registry = default_registry()
    shown = {s.id for s in registry.sections_for(gather(empty_workspace, as_of))}
    assert {section_id("psn-coco", a.id) for a in PSN.areas} <= shown
    assert not any(sid.startswith("cyber-essentials:") for sid in shown)
    empty_workspace.set_frameworks(["psn-coco", "cyber-essentials"])
    shown = {s.id for s in registry.sections_for(gather(empty_workspace, as_of))}
    assert section_id("cyber-essentials", "FW") in shown
    title = registry[section_id("cyber-essentials", "FW")].title
    assert title.startswith("Cyber Essentials")
    assert registry[section_id("psn-coco", "BND")].title == "Boundary and firewalls"


def test_a_requirement_page_needs_an_answer_reason_evidence_and_a_plan(empty_workspace,
                                                                       as_of, tmp_path):
    ws = empty_workspace
    qid = "psn-coco:BND-01"

    def fields(rid: str = "BND-01") -> list[str]:
        return [p.field for p in requirement_problems(gather(ws, as_of), req(rid))]

    assert fields() == ["answer"]
    ws.set_answer(Answer(qid, AnswerStatus.MET))
    assert fields() == ["evidence"]
    path = tmp_path / "firewall.txt"
    path.write_text("rules", encoding="utf-8")
    ws.attach_evidence(path, [qid])
    assert fields() == []
    ws.set_answer(Answer(qid, AnswerStatus.PARTLY))
    assert fields() == ["reason"]
    ws.set_answer(Answer(qid, AnswerStatus.NOT_MET, "No firewall yet."))
    assert fields() == ["plan"]
    ws.save_finding(Finding("No firewall", FindingSource.SELF_ASSESSED, requirement_ids=[qid]))
    assert fields() == ["plan"]  # a finding with no action is not a plan yet
    finding = ws.findings()[0]
    ws.save_action(Action(finding.id, "IT provider", as_of + timedelta(days=20)))
    assert fields() == []
    ws.set_answer(Answer(qid, AnswerStatus.NOT_APPLICABLE, ""))
    assert fields() == ["reason"]


def test_a_document_whose_date_matters_needs_its_date(empty_workspace, as_of, tmp_path):
    ws = empty_workspace
    qid = "psn-coco:SUB-03"
    ws.set_answer(Answer(qid, AnswerStatus.MET))
    path = tmp_path / "diagram.pdf"
    path.write_bytes(b"%PDF-1.4 diagram")
    use = ws.attach_evidence(path, [qid], title="Network diagram")
    messages = [p.message for p in requirement_problems(gather(ws, as_of), req("SUB-03"))]
    assert messages == ["Enter the date on “Network diagram”: the date it was made or drawn."]
    ws.update_evidence_use(replace(use, document_date=as_of + timedelta(days=2)))
    messages = [p.message for p in requirement_problems(gather(ws, as_of), req("SUB-03"))]
    assert messages == ["The date on “Network diagram” is in the future."]
    # An unreadable date typed on the page is kept, and reported, until it is fixed.
    key = requirements.date_draft_key(use.id)
    assert read_date(ws, key, "31/9/2026") == (False, None)
    facts = gather(ws, as_of)
    assert [p.message for p in date_problems(facts, key, "evidence")] == [
        "“31/9/2026” is not a real date: September 2026 has 30 days."]
    assert "September 2026 has 30 days" in " ".join(
        p.message for p in requirement_problems(facts, req("SUB-03")))
    assert read_date(ws, key, "30/9/2026") == (True, date(2026, 9, 30))
    assert date_problems(gather(ws, as_of), key, "evidence") == []


def test_requirements_the_app_works_out_ask_nothing(empty_workspace, as_of):
    facts = gather(empty_workspace, as_of)
    assert requirement_problems(facts, req("SUB-02")) == []
    assert requirement_problems(facts, req("SUB-04")) == []


def test_a_requirement_provided_by_another_frameworks_answer(empty_workspace, as_of,
                                                             tmp_path):
    ws = empty_workspace
    ws.set_frameworks(["psn-coco", "cyber-essentials"])
    path = tmp_path / "evidence.txt"
    path.write_text("shown", encoding="utf-8")
    # Cyber Essentials FW-01 asks the same as the PSN's BND-01: answering it provides BND-01.
    ws.set_answer(Answer("cyber-essentials:FW-01", AnswerStatus.MET))
    ws.attach_evidence(path, ["cyber-essentials:FW-01"])
    facts = gather(ws, as_of)
    view = requirements.view_of(facts, req("BND-01"))
    assert view.reuse is not None and view.answer is None
    assert view.status.value == "met"
    assert requirement_problems(facts, req("BND-01")) == []
    # MW-02 covers only part of MAL-02: an answer of its own is still asked for.
    ws.set_answer(Answer("cyber-essentials:MW-02", AnswerStatus.MET))
    ws.attach_evidence(path, ["cyber-essentials:MW-02"])
    facts = gather(ws, as_of)
    assert requirements.view_of(facts, req("MAL-02")).status.value == "partly_provided"
    assert [p.message for p in requirement_problems(facts, req("MAL-02"))] == [
        "Your answers elsewhere cover only part of this. Choose an answer for it here."]


def test_area_status_names_what_is_left(demo_workspace, as_of):
    facts = gather(demo_workspace, as_of)
    registry = default_registry()
    bnd = registry[section_id("psn-coco", "BND")].status(facts)
    assert bnd.state is SectionState.COMPLETED
    log = registry[section_id("psn-coco", "LOG")].status(facts)
    assert log.state is SectionState.NOT_STARTED
    assert log.missing == ("Not answered yet: LOG-01, LOG-02, LOG-03.",)
    rem = registry[section_id("psn-coco", "REM")].status(facts)
    assert rem.state is SectionState.IN_PROGRESS
    assert rem.missing == ("Not answered yet: REM-01, REM-03.",
                           "REM-02: Add the fix to the remediation plan: say what will be "
                           "done, who will do it and by when.")


def test_every_blocker_leads_to_the_page_that_fixes_it(demo_workspace, as_of):
    facts = gather(demo_workspace, as_of)
    journey = Journey(default_registry())
    targets = {}
    for issue in facts.readiness[0].issues:
        position = journey.for_target(issue.target, facts)
        assert position is not None, issue
        targets.setdefault(issue.code, position)
    assert targets["area-incomplete"] == Position(section_id("psn-coco", "AUT"), "AUT-02")
    assert targets["not-met-unplanned"] == Position(section_id("psn-coco", "REM"), "REM-02")
    assert targets["finding-unplanned"] == Position("plan", "plan")
    assert targets["commitment-unsigned"] == Position("sign_off", "sign_off")
    assert targets["cloud-unassessed"].section == "cloud"


def test_health_check_section(empty_workspace, as_of, tmp_path):
    ws = empty_workspace
    section = default_registry()["health_check"]
    facts = gather(ws, as_of)
    assert section.status(facts).state is SectionState.NOT_STARTED
    details = section.step("details")
    assert [p.field for p in details.problems(facts)] == ["provider", "check_date", "scope"]
    ws.set_health_check(HealthCheck("Example Assurance Ltd", as_of - timedelta(days=30),
                                    "External and internal"))
    facts = gather(ws, as_of)
    assert details.problems(facts) == []
    assert [p.field for p in section.step("report").problems(facts)] == ["report"]
    assert section.status(facts).state is SectionState.IN_PROGRESS
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF report")
    from psn_desktop.remediation.health_check import record_report

    blob = ws.evidence.add(report)
    record_report(ws, blob, report, as_of - timedelta(days=30), as_of)
    data = ws.load()
    assert data.health_check.report_sha256 == blob.sha256
    assert data.answers["psn-coco:SUB-01"].status is AnswerStatus.MET
    assert data.evidence_for("psn-coco:SUB-01")[0].document_date == as_of - timedelta(days=30)
    assert section.status(gather(ws, as_of)).state is SectionState.COMPLETED
    # Removing the report releases the record's hold on it, and the file goes.
    from psn_desktop.remediation.health_check import remove_use

    remove_use(ws, data.evidence_for("psn-coco:SUB-01")[0].id)
    assert ws.health_check().report_sha256 == "" and not ws.evidence.has(blob.sha256)


def test_plan_section_and_items(demo_workspace, as_of):
    ws = demo_workspace
    section = default_registry()["plan"]
    facts = gather(ws, as_of)
    status = section.status(facts)
    assert status.state is SectionState.IN_PROGRESS
    assert status.missing == ("“Self-signed certificate on the staff intranet” has no action "
                              "yet: say who will fix it and by when.",)
    items = plan_items(facts.data, as_of)
    assert items[0].finding.title == "Self-signed certificate on the staff intranet"
    assert items[-1].action.status is ActionStatus.DONE
    # An overdue action comes first and says so in words.
    late = next(a for a in ws.actions() if a.status is ActionStatus.PLANNED)
    ws.save_action(replace(late, target_date=as_of - timedelta(days=3)))
    first = plan_items(ws.load(), as_of)[0]
    assert first.overdue and first.state_text(as_of).startswith(
        "Overdue: was due 20 November 2026 (3 days ago)")
    # Accepting a risk needs a reason.
    ws.save_action(replace(late, status=ActionStatus.ACCEPTED_RISK, reason=""))
    assert any("explain why the risk is accepted" in p.message
               for p in plan_problems(ws.load(), as_of))
    assert plan_section.SECTION.entry(facts) == "plan"


def test_plan_with_nothing_in_it(empty_workspace, as_of):
    section = default_registry()["plan"]
    assert section.status(gather(empty_workspace, as_of)).state is SectionState.NOT_STARTED
    empty_workspace.set_health_check(HealthCheck("Checkers", as_of - timedelta(days=3)))
    # A health check that found nothing: nothing to plan.
    assert section.status(gather(empty_workspace, as_of)).state is SectionState.COMPLETED


def test_review_and_sign_off_statuses(demo_workspace, as_of):
    from psn_desktop.declaration.record import record_sign_off

    registry = default_registry()
    facts = gather(demo_workspace, as_of)
    review = registry["review"].status(facts)
    assert review.state is SectionState.IN_PROGRESS
    assert "The commitment has not been signed by the senior information risk owner yet." \
        not in review.missing  # signing comes after the review
    sign = registry["sign_off"].status(facts)
    assert sign.state is SectionState.NOT_STARTED
    record_sign_off(demo_workspace, "Priya Shah", "Headteacher", as_of)
    assert registry["sign_off"].status(gather(demo_workspace, as_of)).state is \
        SectionState.COMPLETED
    demo_workspace.set_scope(replace(demo_workspace.scope(), site_count=2))
    stale = registry["sign_off"].status(gather(demo_workspace, as_of))
    assert stale.state is SectionState.IN_PROGRESS
    assert "since it was signed, the scope changed" in stale.missing[0]


@pytest.mark.parametrize("framework", [f.id for f in available_frameworks()])
def test_every_area_page_of_every_framework_resolves(framework, empty_workspace, as_of):
    facts = gather(empty_workspace, as_of)
    journey = Journey(default_registry())
    for requirement in load_framework(framework).requirements:
        position = journey.for_target(requirement.qualified_id, facts)
        assert position == Position(section_id(framework, requirement.area), requirement.id)
        assert requirements.requirement_of(position.section, position.step) == requirement


def test_continue_where_you_left_off_skips_sections_not_on_the_task_list(empty_workspace,
                                                                         as_of):
    from psn_desktop.journey.places import continue_position

    journey = Journey(default_registry())
    facts = gather(empty_workspace, as_of)
    for section in default_registry().sections_for(facts):
        assert section.is_shown(facts)
    hidden = default_registry()[section_id("nhs-dspt-gp", "PCD")]
    assert not hidden.is_shown(facts)
    assert hidden not in default_registry().sections_for(facts)
    last = Position(hidden.id, hidden.steps[0].id)
    # A page saved in a framework the workspace has since dropped is not offered.
    target = continue_position(journey, facts, last)
    assert target == continue_position(journey, facts, None) == Position("organisation",
                                                                          "about")
