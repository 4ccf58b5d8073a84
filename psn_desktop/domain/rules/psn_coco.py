"""What the PSN itself asks before a submission, beyond answering every requirement.

These are the checks an assessor makes first: a signed commitment, an IT Health Check from
the last 12 months, a network diagram drawn in the last six months, a described scope, and a
plan for everything that is not right yet (unsupported devices, 'not met' answers, health
check findings). A credible plan is what matters: an organisation with gaps and actions is
progressing, so a gap with an action is never a blocker.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from psn_desktop.domain.dates import add_months, uk_date
from psn_desktop.domain.model import AnswerStatus, PersonRole, WorkspaceData
from psn_desktop.domain.readiness import Issue, RequirementStatus, Severity
from psn_desktop.domain.rules import derives, register
from psn_desktop.domain.support import SupportState, support_status

if TYPE_CHECKING:
    from psn_desktop.domain.catalogue import Framework
    from psn_desktop.domain.support import SupportData

FRAMEWORK_ID = "psn-coco"
HEALTH_CHECK_REQ = f"{FRAMEWORK_ID}:SUB-01"
PLAN_REQ = f"{FRAMEWORK_ID}:SUB-02"
DIAGRAM_REQ = f"{FRAMEWORK_ID}:SUB-03"
COMMITMENT_REQ = f"{FRAMEWORK_ID}:SUB-04"
HEALTH_CHECK_MAX_MONTHS = 12
DIAGRAM_MAX_MONTHS = 6


def health_check_expires(check_date: date) -> date:
    """The last day a health check still counts."""
    return add_months(check_date, HEALTH_CHECK_MAX_MONTHS)


def diagram_expires(drawn: date) -> date:
    """The last day a network diagram still counts."""
    return add_months(drawn, DIAGRAM_MAX_MONTHS)


@derives(FRAMEWORK_ID)
def derived_statuses(data: WorkspaceData, as_of: date) -> dict[str, RequirementStatus]:
    """The plan and the signed commitment are made in the app, so their status is computed."""
    unplanned = [f for f in data.findings if not data.actions_for(f.id)]
    if not data.findings:
        plan = RequirementStatus.NOT_STARTED
    elif unplanned:
        plan = RequirementStatus.PARTLY
    else:
        plan = RequirementStatus.MET
    signed = _signed(data, as_of)
    return {
        PLAN_REQ: plan,
        COMMITMENT_REQ: RequirementStatus.MET if signed else RequirementStatus.NOT_STARTED,
    }


def _signed(data: WorkspaceData, as_of: date) -> bool:
    return any(s.framework_id == FRAMEWORK_ID and s.declared and s.signed_on <= as_of
               for s in data.sign_offs)


@register(FRAMEWORK_ID)
def psn_rules(data: WorkspaceData, framework: Framework, as_of: date,
              support: SupportData) -> list[Issue]:
    issues: list[Issue] = []
    issues.extend(_people_and_scope(data))
    issues.extend(_health_check(data, as_of))
    issues.extend(_diagram(data, as_of))
    issues.extend(_devices(data, as_of, support))
    issues.extend(_plan(data, as_of))
    issues.extend(_commitment(data, as_of))
    return issues


def _people_and_scope(data: WorkspaceData) -> list[Issue]:
    issues = []
    if not data.organisation.name.strip():
        issues.append(Issue("org-missing", "The organisation's name is not filled in.",
                            target="organisation"))
    if not data.person(PersonRole.SIRO).name.strip():
        issues.append(Issue("siro-missing", "No senior information risk owner (the person who "
                            "signs) is named.", target="organisation"))
    if not data.person(PersonRole.CONTACT).email.strip():
        issues.append(Issue("contact-missing", "No day-to-day contact with an email address.",
                            target="organisation"))
    if not data.scope.is_described():
        issues.append(Issue("scope-missing", "The scope is not described yet: name the "
                            "environment and give the numbers of users and sites and the "
                            "internal IP ranges.", target="scope"))
    unassessed = [s.name for s in data.cloud_services if s.assessed is not True]
    if unassessed:
        issues.append(Issue("cloud-unassessed", "Not yet checked against the cloud security "
                            "principles: " + ", ".join(unassessed) + ".",
                            severity=Severity.WARNING, target="cloud"))
    return issues


def _health_check(data: WorkspaceData, as_of: date) -> list[Issue]:
    check = data.health_check
    if check.check_date is None:
        return [Issue("ithc-missing", "No IT Health Check is recorded. Book one with an approved "
                      "(CHECK) provider and record it here.", target="health_check")]
    if check.check_date > as_of:
        return [Issue("ithc-future", f"The IT Health Check date ({uk_date(check.check_date)}) is "
                      "after the date of this assessment.", target="health_check")]
    expires = health_check_expires(check.check_date)
    if as_of > expires:
        return [Issue("ithc-expired", f"The IT Health Check of {uk_date(check.check_date)} is "
                      f"more than 12 months old (it counted until {uk_date(expires)}). "
                      "Book a new one.", target="health_check")]
    if (expires - as_of).days <= 60:
        return [Issue("ithc-expiring", f"The IT Health Check runs out on {uk_date(expires)}: "
                      "book the next one now.", severity=Severity.WARNING,
                      target="health_check")]
    return []


def _diagram(data: WorkspaceData, as_of: date) -> list[Issue]:
    uses = data.evidence_for(DIAGRAM_REQ)
    if not uses:
        return [Issue("diagram-missing", "No network diagram is attached. Attach one drawn in "
                      "the last six months.", target=DIAGRAM_REQ)]
    dated = [u.document_date for u in uses if u.document_date and u.document_date <= as_of]
    if not dated:
        return [Issue("diagram-undated", "Say when the network diagram was drawn (the date on "
                      "the diagram itself).", target=DIAGRAM_REQ)]
    newest = max(dated)
    expires = diagram_expires(newest)
    if as_of > expires:
        return [Issue("diagram-old", f"The newest network diagram was drawn on {uk_date(newest)}, "
                      "more than six months ago. Update it and attach the new one.",
                      target=DIAGRAM_REQ)]
    return []


def _devices(data: WorkspaceData, as_of: date, support: SupportData) -> list[Issue]:
    issues = []
    for device in data.devices:
        if not device.os_product:
            continue
        verdict = support_status(device.os_product, device.os_version or None,
                                 device.os_edition or None, as_of,
                                 extended_updates=device.extended_updates, data=support)
        planned = any(data.actions_for(f.id) for f in data.findings_for_device(device.id))
        if verdict.state is SupportState.NO and not planned:
            issues.append(Issue("device-unsupported", f"{device.name}: {verdict.reason} "
                                "There is no action in the remediation plan for it.",
                                target="devices"))
        elif verdict.state is SupportState.DEPENDS and not planned:
            issues.append(Issue("device-depends", f"{device.name}: {verdict.reason}",
                                severity=Severity.WARNING, target="devices"))
    return issues


def _plan(data: WorkspaceData, as_of: date) -> list[Issue]:
    issues = []
    for requirement_id, answer in sorted(data.answers.items()):
        if answer.status is not AnswerStatus.NOT_MET:
            continue
        if not requirement_id.startswith(FRAMEWORK_ID + ":"):
            continue
        planned = any(data.actions_for(f.id) for f in data.findings_for_requirement(requirement_id))
        if not planned:
            issues.append(Issue("not-met-unplanned", f"{requirement_id.split(':', 1)[1]} is not "
                                "met and has no action in the remediation plan.",
                                target=requirement_id))
    for finding in data.findings:
        if not data.actions_for(finding.id):
            issues.append(Issue("finding-unplanned", f"The finding '{finding.title}' has no "
                                "action in the remediation plan.", target="plan"))
    overdue = [a for a in data.actions if a.is_overdue(as_of)]
    if overdue:
        issues.append(Issue("actions-overdue", f"{len(overdue)} action"
                            f"{'s are' if len(overdue) != 1 else ' is'} past the target date: "
                            "update the status or set a new date.", severity=Severity.WARNING,
                            target="plan"))
    return issues


def _commitment(data: WorkspaceData, as_of: date) -> list[Issue]:
    if not _signed(data, as_of):
        return [Issue("commitment-unsigned", "The commitment has not been signed by the senior "
                      "information risk owner yet.", target="sign_off")]
    return []
