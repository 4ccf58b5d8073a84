"""What Cyber Essentials itself decides, beyond answering every requirement.

Cyber Essentials is pass or fail on the day of assessment: unlike the PSN or the NHS toolkit
there is no credit for a plan. Since the 'Danzell' question set (from 27 April 2026) two
answers fail the whole assessment outright, so they are called out first and by name: a
cloud service that offers multi-factor authentication without it switched on, and a critical
or high-risk update left more than 14 days. Software that is no longer supported fails too
unless it is removed or cut off from the internet (recorded as a done action in the plan).
Answers count wherever they were given: a 'not met' for the PSN's 14-day rule is a 'not met'
here too, because reuse carries it over.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from psn_desktop.domain.model import PersonRole, WorkspaceData
from psn_desktop.domain.readiness import Issue, RequirementStatus, Severity
from psn_desktop.domain.reuse import effective, installed_index
from psn_desktop.domain.rules import register
from psn_desktop.domain.rules.shared import device_support
from psn_desktop.domain.support import SupportState

if TYPE_CHECKING:
    from psn_desktop.domain.catalogue import Framework
    from psn_desktop.domain.support import SupportData

FRAMEWORK_ID = "cyber-essentials"
MFA_REQ = f"{FRAMEWORK_ID}:UA-03"
UPDATES_REQ = f"{FRAMEWORK_ID}:UP-02"
SUPPORTED_REQ = f"{FRAMEWORK_ID}:UP-01"

# The answers that fail the assessment outright, and what to do about each.
AUTOMATIC_FAILS: dict[str, str] = {
    MFA_REQ: "Automatic fail: multi-factor authentication is not on for every user of every "
             "cloud service that offers it. Switch it on for all users and administrators "
             "(even where it costs extra), or stop using the service for work.",
    UPDATES_REQ: "Automatic fail: critical or high-risk updates are not all installed within "
                 "14 days of release. Install the missing updates, including router and "
                 "firewall firmware, and set up automatic updates where you can.",
}
_FAILING = (RequirementStatus.NOT_MET, RequirementStatus.PARTLY)


@register(FRAMEWORK_ID)
def cyber_essentials_rules(data: WorkspaceData, framework: Framework, as_of: date,
                           support: SupportData) -> list[Issue]:
    issues: list[Issue] = []
    issues.extend(_applicant(data))
    issues.extend(_answers(data, framework))
    issues.extend(_devices(data, as_of, support))
    issues.extend(_approval(data, as_of))
    return issues


def _applicant(data: WorkspaceData) -> list[Issue]:
    issues = []
    if not data.organisation.name.strip():
        issues.append(Issue("org-missing", "The organisation's name is not filled in.",
                            target="organisation"))
    scope = data.scope
    if not (scope.environment_name.strip() or scope.description.strip()):
        issues.append(Issue("scope-missing", "Say what the certificate covers: the whole "
                            "organisation, or which part of its IT (for example 'the school "
                            "office and staff laptops').", target="scope"))
    if not data.cloud_services:
        issues.append(Issue("cloud-unlisted", "No cloud services are listed. Cyber Essentials "
                            "always covers the cloud services you use for work, such as email "
                            "and file storage, and each needs multi-factor authentication if it "
                            "offers it.", severity=Severity.WARNING, target="cloud"))
    return issues


def _answers(data: WorkspaceData, framework: Framework) -> list[Issue]:
    index = installed_index()
    org_type = data.organisation.org_type.value if data.organisation.org_type else None
    issues = []
    for requirement in framework.applicable(org_type):
        qid = requirement.qualified_id
        state = effective(data, requirement, index)
        origin = f" {state.reuse.explanation}" if state.reuse else ""
        if qid in AUTOMATIC_FAILS and state.status in _FAILING:
            issues.append(Issue("automatic-fail", AUTOMATIC_FAILS[qid] + origin, target=qid))
        elif state.status is RequirementStatus.NOT_MET:
            issues.append(Issue("not-met", f"{requirement.id} ({requirement.title}) is not met. "
                                "Cyber Essentials is pass or fail, so it must be in place "
                                f"before you apply.{origin}", target=qid))
        elif state.status is RequirementStatus.PARTLY:
            issues.append(Issue("partly-met", f"{requirement.id} ({requirement.title}) is only "
                                "partly met. An assessor may fail a partial answer: finish it "
                                f"before you apply if you can.{origin}",
                                severity=Severity.WARNING, target=qid))
    return issues


def _devices(data: WorkspaceData, as_of: date, support: SupportData) -> list[Issue]:
    issues = []
    for found in device_support(data, as_of, support):
        if found.verdict.state is SupportState.NO and not found.done:
            issues.append(Issue("device-unsupported", f"{found.device.name}: "
                                f"{found.verdict.reason} Cyber Essentials is not awarded while "
                                "it is in scope: replace or upgrade it, or cut it off from the "
                                "internet on a separate network, and mark that action done in "
                                "the plan.", target="devices"))
        elif found.verdict.state is SupportState.DEPENDS and not found.done:
            issues.append(Issue("device-depends", f"{found.device.name}: {found.verdict.reason}",
                                severity=Severity.WARNING, target="devices"))
    return issues


def _approval(data: WorkspaceData, as_of: date) -> list[Issue]:
    signed = any(s.framework_id == FRAMEWORK_ID and s.declared and s.signed_on <= as_of
                 for s in data.sign_offs)
    if signed:
        return []
    who = data.person(PersonRole.SIRO).name.strip() or "a board-level person"
    return [Issue("approval-missing", f"The answers have not been approved by {who} yet. "
                  "Cyber Essentials needs a board-level person (for a school the head or chair "
                  "of governors, for a practice a partner) to confirm they are true.",
                  target="sign_off")]
