"""Readiness: statuses per requirement and area, and the PSN's blockers either side of each date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psn_desktop.domain.catalogue import load_framework
from psn_desktop.domain.dates import add_months
from psn_desktop.domain.model import (
    Action,
    ActionStatus,
    Answer,
    AnswerStatus,
    CloudService,
    Device,
    EvidenceUse,
    Finding,
    FindingSource,
    HealthCheck,
    Organisation,
    Person,
    PersonRole,
    Scope,
    SignOff,
    WorkspaceData,
    WorkspaceInfo,
)
from psn_desktop.domain.readiness import RequirementStatus, Severity, assess
from psn_desktop.domain.rules.psn_coco import (
    COMMITMENT_REQ,
    DIAGRAM_REQ,
    PLAN_REQ,
    diagram_expires,
    health_check_expires,
)

FRAMEWORK = load_framework("psn-coco")
AS_OF = date(2026, 11, 23)


def complete_workspace(as_of: date = AS_OF) -> WorkspaceData:
    """Everything answered, evidenced, planned and signed: ready to submit on ``as_of``."""
    data = WorkspaceData(WorkspaceInfo("id", date(2026, 1, 1)))
    data.organisation = Organisation("Test School")
    data.people[PersonRole.SIRO] = Person(PersonRole.SIRO, "Sam", "Head", "sam@example.org")
    data.people[PersonRole.CONTACT] = Person(PersonRole.CONTACT, "Kim", "SBM", "kim@example.org")
    data.scope = Scope("School network", 20, 1, ["10.0.0.0/16"])
    data.cloud_services = [CloudService("Email", assessed=True, id=1)]
    for requirement in FRAMEWORK.requirements:
        if requirement.qualified_id in (PLAN_REQ, COMMITMENT_REQ):
            continue
        data.answers[requirement.qualified_id] = Answer(requirement.qualified_id,
                                                        AnswerStatus.MET)
        data.evidence_uses.append(EvidenceUse("a" * 64, [requirement.qualified_id],
                                              document_date=as_of - timedelta(days=10)))
    data.health_check = HealthCheck("Checkers", as_of - timedelta(days=100))
    data.findings = [Finding("x", FindingSource.HEALTH_CHECK, id=1)]
    data.actions = [Action(1, "Dana", as_of + timedelta(days=10), id=1)]
    data.sign_offs = [SignOff("Sam", "Head", as_of, True)]
    return data


def codes(data: WorkspaceData, as_of: date = AS_OF) -> set[str]:
    return {issue.code for issue in assess(data, FRAMEWORK, as_of).blockers}


def test_complete_workspace_is_ready() -> None:
    readiness = assess(complete_workspace(), FRAMEWORK, AS_OF)
    assert readiness.blockers == []
    assert readiness.ready
    assert readiness.completion == 100
    assert readiness.met == 100
    assert readiness.verdict.startswith("Ready to submit")


def test_empty_workspace_lists_every_blocker() -> None:
    readiness = assess(WorkspaceData(WorkspaceInfo("id", AS_OF)), FRAMEWORK, AS_OF)
    assert not readiness.ready
    found = {issue.code for issue in readiness.blockers}
    assert {"org-missing", "siro-missing", "scope-missing", "ithc-missing", "diagram-missing",
            "commitment-unsigned", "area-incomplete"} <= found
    assert readiness.completion == 0
    assert "Not ready" in readiness.verdict


def test_requirement_statuses() -> None:
    data = complete_workspace()
    bnd1 = "psn-coco:BND-01"
    data.evidence_uses = [u for u in data.evidence_uses if bnd1 not in u.requirement_ids]
    by_id = {r.requirement.qualified_id: r for r in assess(data, FRAMEWORK, AS_OF).requirements}
    assert by_id[bnd1].status is RequirementStatus.NEEDS_EVIDENCE
    data.answers[bnd1] = Answer(bnd1, AnswerStatus.NOT_APPLICABLE)
    by_id = {r.requirement.qualified_id: r for r in assess(data, FRAMEWORK, AS_OF).requirements}
    assert by_id[bnd1].status is RequirementStatus.NEEDS_REASON
    data.answers[bnd1] = Answer(bnd1, AnswerStatus.NOT_APPLICABLE, "no internet at all")
    by_id = {r.requirement.qualified_id: r for r in assess(data, FRAMEWORK, AS_OF).requirements}
    assert by_id[bnd1].status is RequirementStatus.NOT_APPLICABLE
    assert by_id[PLAN_REQ].derived and by_id[PLAN_REQ].status is RequirementStatus.MET
    assert by_id[COMMITMENT_REQ].status is RequirementStatus.MET


def test_health_check_age_either_side_of_twelve_months() -> None:
    check_date = date(2025, 11, 23)
    data = complete_workspace()
    data.health_check = HealthCheck("Checkers", check_date)
    last_day = health_check_expires(check_date)
    assert last_day == date(2026, 11, 23)
    assert "ithc-expired" not in codes(data, last_day)
    assert "ithc-expired" in codes(data, last_day + timedelta(days=1))
    data.health_check = HealthCheck("", None)
    assert "ithc-missing" in codes(data)


def test_health_check_expiring_soon_is_a_warning() -> None:
    data = complete_workspace()
    data.health_check = HealthCheck("Checkers", AS_OF - timedelta(days=340))
    readiness = assess(data, FRAMEWORK, AS_OF)
    assert readiness.ready
    assert "ithc-expiring" in {w.code for w in readiness.warnings}


def test_diagram_age_either_side_of_six_months() -> None:
    drawn = date(2026, 5, 23)
    data = complete_workspace()
    for use in data.evidence_uses:
        if DIAGRAM_REQ in use.requirement_ids:
            use.document_date = drawn
    last_day = diagram_expires(drawn)
    assert last_day == date(2026, 11, 23)
    assert "diagram-old" not in codes(data, last_day)
    assert "diagram-old" in codes(data, last_day + timedelta(days=1))


def test_diagram_needs_its_drawn_date_and_must_exist() -> None:
    data = complete_workspace()
    for use in data.evidence_uses:
        if DIAGRAM_REQ in use.requirement_ids:
            use.document_date = None
    assert "diagram-undated" in codes(data)
    data.evidence_uses = [u for u in data.evidence_uses if DIAGRAM_REQ not in u.requirement_ids]
    assert "diagram-missing" in codes(data)


def test_unsupported_device_blocks_until_it_has_an_action() -> None:
    data = complete_workspace()
    data.devices = [Device("OLD-PC", os_product="windows-7", id=7)]
    assert "device-unsupported" in codes(data)
    data.findings.append(Finding("Windows 7", FindingSource.ESTATE, device_ids=[7], id=2))
    assert "device-unsupported" in codes(data)
    data.actions.append(Action(2, "Dana", AS_OF + timedelta(days=30), id=2))
    assert "device-unsupported" not in codes(data)


def test_windows_10_support_either_side_of_its_end_date() -> None:
    data = complete_workspace()
    data.devices = [Device("PC", os_product="windows-10", os_version="22H2",
                           os_edition="enterprise-education", extended_updates=False, id=3)]
    end = date(2025, 10, 14)
    data.health_check = HealthCheck("Checkers", end - timedelta(days=30))
    data.sign_offs = [SignOff("Sam", "Head", end - timedelta(days=30), True)]
    assert "device-unsupported" not in codes(data, end)
    assert "device-unsupported" in codes(data, end + timedelta(days=1))


def test_device_with_unknown_extended_updates_is_a_warning() -> None:
    data = complete_workspace()
    data.devices = [Device("PC", os_product="windows-10", os_version="22H2",
                           os_edition="enterprise-education", extended_updates=None, id=3)]
    readiness = assess(data, FRAMEWORK, AS_OF)
    assert readiness.ready
    assert "device-depends" in {w.code for w in readiness.warnings}


def test_not_met_requirement_needs_an_action() -> None:
    data = complete_workspace()
    req = "psn-coco:MED-01"
    data.answers[req] = Answer(req, AnswerStatus.NOT_MET, "not yet")
    assert "not-met-unplanned" in codes(data)
    data.findings.append(Finding("USB", FindingSource.SELF_ASSESSED, requirement_ids=[req], id=5))
    data.actions.append(Action(5, "Kim", AS_OF + timedelta(days=20), id=5))
    assert "not-met-unplanned" not in codes(data)
    assert assess(data, FRAMEWORK, AS_OF).ready


def test_finding_without_action_blocks_and_overdue_warns() -> None:
    data = complete_workspace()
    data.findings.append(Finding("Weak TLS", FindingSource.HEALTH_CHECK, id=9))
    assert "finding-unplanned" in codes(data)
    data.actions.append(Action(9, "Dana", AS_OF - timedelta(days=1), ActionStatus.PLANNED, id=9))
    readiness = assess(data, FRAMEWORK, AS_OF)
    assert readiness.ready
    assert any(w.code == "actions-overdue" and w.severity is Severity.WARNING
               for w in readiness.warnings)


def test_scope_must_be_described() -> None:
    data = complete_workspace()
    data.scope = Scope("School network", 20, None, ["10.0.0.0/16"])
    assert "scope-missing" in codes(data)


def test_commitment_must_be_signed_on_or_before_the_as_of_date() -> None:
    data = complete_workspace()
    data.sign_offs = [SignOff("Sam", "Head", AS_OF + timedelta(days=1), True)]
    assert "commitment-unsigned" in codes(data)
    data.sign_offs = [SignOff("Sam", "Head", AS_OF, False)]
    assert "commitment-unsigned" in codes(data)
    data.sign_offs = [SignOff("Sam", "Head", AS_OF, True)]
    assert "commitment-unsigned" not in codes(data)


@pytest.mark.parametrize("months", [6, 12])
@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
@settings(max_examples=200, deadline=None)
def test_add_months_is_never_early_and_never_a_month_late(months: int, day: date) -> None:
    later = add_months(day, months)
    assert later > day
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day <= day.day


@given(days_old=st.integers(min_value=0, max_value=800))
@settings(max_examples=100, deadline=None)
def test_health_check_blocker_matches_its_age(days_old: int) -> None:
    data = complete_workspace()
    data.health_check = HealthCheck("Checkers", AS_OF - timedelta(days=days_old))
    expired = health_check_expires(AS_OF - timedelta(days=days_old)) < AS_OF
    assert ("ithc-expired" in codes(data)) == expired
    assert expired == (days_old > 365)  # 23 Nov 2025 → 23 Nov 2026 is 365 days
