"""Each framework's own rules: Cyber Essentials' automatic fails, the toolkit's 30 June
deadline and yearly documents, the schools standards' termly review, each either side of
its boundary."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from psn_desktop.domain.catalogue import load_framework
from psn_desktop.domain.dates import add_months
from psn_desktop.domain.model import (
    Action,
    ActionStatus,
    AnswerStatus,
    Device,
    DeviceType,
    Finding,
    FindingSource,
    OrgType,
    WorkspaceData,
)
from psn_desktop.domain.readiness import assess
from psn_desktop.domain.rules.nhs_dspt_gp import publication_deadline
from tests.unit.reuse_builders import AS_OF, answer, answer_all, sign, workspace_data

CE = load_framework("cyber-essentials")
DFE = load_framework("dfe-schools")
DSPT = load_framework("nhs-dspt-gp")
PSN = load_framework("psn-coco")


def ready_for(framework_id: str, org_type: OrgType) -> WorkspaceData:
    data = workspace_data(org_type, (framework_id,))
    answer_all(data, framework_id)
    sign(data, framework_id)
    return data


def blockers(data: WorkspaceData, framework, as_of: date = AS_OF) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for issue in assess(data, framework, as_of).blockers:
        found.setdefault(issue.code, []).append(issue.message)
    return found


def warnings(data: WorkspaceData, framework, as_of: date = AS_OF) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for issue in assess(data, framework, as_of).warnings:
        found.setdefault(issue.code, []).append(issue.message)
    return found


def windows_10(data: WorkspaceData, status: ActionStatus | None) -> None:
    data.devices = [Device("RECEPTION-PC", DeviceType.DESKTOP, "windows-10", "22H2",
                           "home-pro", extended_updates=False, id=7)]
    if status is not None:
        data.findings = [Finding("Windows 10", FindingSource.ESTATE, device_ids=[7], id=1)]
        data.actions = [Action(1, "Dana", AS_OF + timedelta(days=30), status, id=1)]


# --- Cyber Essentials -------------------------------------------------------------------


def test_complete_cyber_essentials_workspace_is_ready() -> None:
    readiness = assess(ready_for("cyber-essentials", OrgType.CHARITY), CE, AS_OF)
    assert readiness.blockers == [] and readiness.ready
    assert readiness.completion == 100 and readiness.deadline is None


@pytest.mark.parametrize(("req_id", "words"), [("UA-03", "multi-factor"), ("UP-02", "14 days")])
@pytest.mark.parametrize("status", [AnswerStatus.NOT_MET, AnswerStatus.PARTLY])
def test_the_two_automatic_fails(req_id: str, words: str, status: AnswerStatus) -> None:
    data = ready_for("cyber-essentials", OrgType.CHARITY)
    answer(data, f"cyber-essentials:{req_id}", status, "Not everywhere yet.")
    found = blockers(data, CE)
    assert list(found) == ["automatic-fail"]
    assert found["automatic-fail"][0].startswith("Automatic fail: ")
    assert words in found["automatic-fail"][0]


def test_an_automatic_fail_answered_for_the_psn_fails_cyber_essentials_too() -> None:
    data = ready_for("cyber-essentials", OrgType.SCHOOL)
    del data.answers["cyber-essentials:UA-03"]
    answer(data, "psn-coco:AUT-01", AnswerStatus.PARTLY, "The MIS has no second check.")
    message = blockers(data, CE)["automatic-fail"][0]
    assert "multi-factor" in message and "Taken from your answer to PSN" in message


def test_other_gaps_block_or_warn_without_being_automatic_fails() -> None:
    data = ready_for("cyber-essentials", OrgType.CHARITY)
    answer(data, "cyber-essentials:FW-04", AnswerStatus.NOT_MET, "Laptops not checked.")
    answer(data, "cyber-essentials:SC-03", AnswerStatus.PARTLY, "Two tablets have no PIN.")
    assert list(blockers(data, CE)) == ["not-met"]
    assert list(warnings(data, CE)) == ["partly-met"]


@pytest.mark.parametrize(("action", "blocked"), [
    (None, True), (ActionStatus.IN_PROGRESS, True), (ActionStatus.DONE, False)])
def test_unsupported_software_fails_until_removed_or_cut_off(
    action: ActionStatus | None, blocked: bool,
) -> None:
    data = ready_for("cyber-essentials", OrgType.CHARITY)
    windows_10(data, action)
    assert ("device-unsupported" in blockers(data, CE)) is blocked


def test_windows_10_either_side_of_its_end_of_support() -> None:
    data = ready_for("cyber-essentials", OrgType.CHARITY)
    windows_10(data, None)
    for s in data.sign_offs:
        s.signed_on = date(2025, 10, 1)
    assert blockers(data, CE, date(2025, 10, 14)) == {}
    assert "device-unsupported" in blockers(data, CE, date(2025, 10, 15))


def test_cyber_essentials_needs_board_approval_scope_and_cloud_services() -> None:
    data = ready_for("cyber-essentials", OrgType.CHARITY)
    data.sign_offs.clear()
    sign(data, "psn-coco")  # another framework's signature does not count
    sign(data, "cyber-essentials", AS_OF + timedelta(days=1))  # nor one after the date
    data.scope.environment_name = data.scope.description = ""
    data.cloud_services = []
    assert set(blockers(data, CE)) == {"approval-missing", "scope-missing"}
    assert "Sam Senior" in blockers(data, CE)["approval-missing"][0]
    assert "cloud-unlisted" in warnings(data, CE)


# --- NHS Data Security and Protection Toolkit -------------------------------------------


def test_complete_toolkit_is_ready_with_its_deadline() -> None:
    readiness = assess(ready_for("nhs-dspt-gp", OrgType.GP_SURGERY), DSPT, AS_OF)
    assert readiness.blockers == [] and readiness.warnings == []
    assert readiness.deadline == date(2027, 6, 30)


@pytest.mark.parametrize(("as_of", "due"), [
    (date(2026, 11, 23), date(2027, 6, 30)),
    (date(2027, 6, 30), date(2027, 6, 30)),
    (date(2027, 7, 1), date(2028, 6, 30)),
    (date(2027, 1, 1), date(2027, 6, 30)),
])
def test_publication_deadline_is_the_next_30_june(as_of: date, due: date) -> None:
    assert publication_deadline(as_of) == due


def test_deadline_warning_starts_sixty_days_before() -> None:
    data = ready_for("nhs-dspt-gp", OrgType.GP_SURGERY)
    for s in data.sign_offs:
        s.signed_on = date(2027, 1, 1)
    for use in data.evidence_uses:
        use.document_date = date(2027, 1, 1)
    assert "deadline-near" not in warnings(data, DSPT, date(2027, 4, 30))
    assert warnings(data, DSPT, date(2027, 5, 1))["deadline-near"] == [
        "The toolkit must be published by 30 June 2027, in 60 days."]
    assert warnings(data, DSPT, date(2027, 6, 30))["deadline-near"][0].endswith("today.")


def test_yearly_documents_must_be_from_the_last_twelve_months() -> None:
    data = ready_for("nhs-dspt-gp", OrgType.GP_SURGERY)
    training = next(u for u in data.evidence_uses if u.requirement_ids == ["nhs-dspt-gp:TRN-01"])
    training.document_date = date(2025, 11, 23)
    assert "document-old" not in blockers(data, DSPT)
    training.document_date = date(2025, 11, 22)
    assert len(blockers(data, DSPT)["document-old"]) == 1
    training.document_date = None
    assert "document-undated" in warnings(data, DSPT)


def test_not_met_blocks_standards_met_with_advice_depending_on_the_plan() -> None:
    data = ready_for("nhs-dspt-gp", OrgType.GP_SURGERY)
    answer(data, "nhs-dspt-gp:ITP-04", AnswerStatus.NOT_MET, "Two laptops unencrypted.")
    assert "improvement plan with an owner" in blockers(data, DSPT)["not-met"][0]
    data.findings = [Finding("Unencrypted laptops", FindingSource.SELF_ASSESSED,
                             requirement_ids=["nhs-dspt-gp:ITP-04"], id=1)]
    data.actions = [Action(1, "Dana", AS_OF + timedelta(days=20), id=1)]
    assert "Approaching standards" in blockers(data, DSPT)["not-met"][0]


def test_unsupported_systems_need_a_plan() -> None:
    data = ready_for("nhs-dspt-gp", OrgType.GP_SURGERY)
    windows_10(data, None)
    assert "device-unsupported" in blockers(data, DSPT)
    windows_10(data, ActionStatus.PLANNED)
    assert "device-unsupported" not in blockers(data, DSPT)
    assert "device-unsupported-planned" in warnings(data, DSPT)


def test_items_the_it_provider_supplies_are_listed_together() -> None:
    data = workspace_data(OrgType.GP_SURGERY, ("nhs-dspt-gp",))
    answer_all(data, DSPT, skip=("ITP-01", "UNS-02", "PCD-01"))
    message = warnings(data, DSPT)["it-provider-items"][0]
    assert "(2)" in message and "ITP-01" in message and "UNS-02" in message
    assert "PCD-01" not in message  # the practice answers that one itself


def test_practice_needs_its_ods_code_and_approval() -> None:
    data = ready_for("nhs-dspt-gp", OrgType.GP_SURGERY)
    data.organisation.ods_code = " "
    data.sign_offs.clear()
    assert set(blockers(data, DSPT)) == {"ods-missing", "approval-missing"}


# --- DfE schools standards --------------------------------------------------------------


def test_complete_schools_workspace_is_ready() -> None:
    readiness = assess(ready_for("dfe-schools", OrgType.SCHOOL), DFE, AS_OF)
    assert readiness.blockers == [] and readiness.warnings == []


def test_risk_assessment_yearly_and_reviewed_each_term() -> None:
    data = ready_for("dfe-schools", OrgType.SCHOOL)
    risk = next(u for u in data.evidence_uses if u.requirement_ids == ["dfe-schools:RA-01"])
    risk.document_date = add_months(AS_OF, -4)
    assert warnings(data, DFE) == {} and blockers(data, DFE) == {}
    risk.document_date -= timedelta(days=1)
    assert list(warnings(data, DFE)) == ["review-due"]
    risk.document_date = add_months(AS_OF, -12) - timedelta(days=1)
    assert list(blockers(data, DFE)) == ["document-old"]


def test_dated_evidence_reused_from_the_psn_is_checked_too() -> None:
    data = workspace_data(OrgType.SCHOOL, ("dfe-schools",))
    answer_all(data, DFE, skip=("BK-03",))
    answer(data, "psn-coco:BAK-03", document_date=date(2025, 6, 1))
    assert "BK-03" in blockers(data, DFE)["document-old"][0]


def test_gaps_with_a_plan_are_progress_and_without_one_block() -> None:
    data = ready_for("dfe-schools", OrgType.SCHOOL)
    answer(data, "dfe-schools:BK-02", AnswerStatus.NOT_MET, "No off-site copy yet.")
    assert list(blockers(data, DFE)) == ["not-met-unplanned"]
    data.findings = [Finding("No off-site backup", FindingSource.SELF_ASSESSED,
                             requirement_ids=["dfe-schools:BK-02"], id=1)]
    data.actions = [Action(1, "Gareth", AS_OF + timedelta(days=40), id=1)]
    assert blockers(data, DFE) == {}
    assert list(warnings(data, DFE)) == ["not-met-planned"]


def test_schools_accept_a_plan_for_unsupported_devices() -> None:
    data = ready_for("dfe-schools", OrgType.SCHOOL)
    windows_10(data, None)
    assert list(blockers(data, DFE)) == ["device-unsupported"]
    windows_10(data, ActionStatus.IN_PROGRESS)
    assert blockers(data, DFE) == {}


def test_psn_rules_are_untouched_by_other_frameworks_answers() -> None:
    data = workspace_data()
    answer_all(data, CE)
    psn = assess(data, PSN, AS_OF)
    assert all(i.code != "automatic-fail" for i in psn.issues)
    assert psn.deadline is None
