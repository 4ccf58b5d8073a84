"""What the DfE's cyber security standards ask of a school beyond its answers.

Nothing is submitted to the DfE: governors and leaders are expected to know where the school
stands and to be working on any gaps. So a gap with an action in the plan is progress (a
warning), and only a gap nobody is dealing with blocks. The standards put dates on some
work: the risk assessment is redone every year and reviewed every term, and training, the
practice of the response plan and the backup restore test are yearly.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from psn_desktop.domain.dates import uk_date
from psn_desktop.domain.model import WorkspaceData
from psn_desktop.domain.readiness import Issue, RequirementStatus, Severity
from psn_desktop.domain.reuse import effective, installed_index
from psn_desktop.domain.rules import register
from psn_desktop.domain.rules.shared import (
    device_support,
    newest_document_date,
    older_than,
    planned,
)
from psn_desktop.domain.support import SupportState

if TYPE_CHECKING:
    from psn_desktop.domain.catalogue import Framework
    from psn_desktop.domain.support import SupportData

FRAMEWORK_ID = "dfe-schools"
RISK_ASSESSMENT_REQ = f"{FRAMEWORK_ID}:RA-01"
YEARLY_MONTHS = 12
TERM_MONTHS = 4  # a school term and its holiday, roughly; the standard says 'every term'


@register(FRAMEWORK_ID)
def dfe_rules(data: WorkspaceData, framework: Framework, as_of: date,
              support: SupportData) -> list[Issue]:
    issues: list[Issue] = []
    if not data.organisation.name.strip():
        issues.append(Issue("org-missing", "The school's name is not filled in.",
                            target="organisation"))
    issues.extend(_answers(data, framework, as_of))
    issues.extend(_devices(data, as_of, support))
    return issues


def _answers(data: WorkspaceData, framework: Framework, as_of: date) -> list[Issue]:
    index = installed_index()
    org_type = data.organisation.org_type.value if data.organisation.org_type else None
    issues = []
    for requirement in framework.applicable(org_type):
        qid = requirement.qualified_id
        state = effective(data, requirement, index)
        label = f"{requirement.id} ({requirement.title})"
        if state.status is RequirementStatus.NOT_MET:
            if planned(data, (qid, *state.source_ids)):
                issues.append(Issue("not-met-planned", f"{label} is not met yet; the plan has "
                                    "an action for it. Keep it moving.",
                                    severity=Severity.WARNING, target=qid))
            else:
                issues.append(Issue("not-met-unplanned", f"{label} is not met and nothing in "
                                    "the plan deals with it. Add an action with an owner and a "
                                    "date.", target=qid))
        if requirement.document_date_matters and state.status in (
                RequirementStatus.MET, RequirementStatus.PARTLY):
            newest = newest_document_date(state.evidence, as_of)
            issues.extend(_dated(label, qid, newest, as_of))
    return issues


def _dated(label: str, qid: str, newest: date | None, as_of: date) -> list[Issue]:
    if newest is None:
        return [Issue("document-undated", f"{label}: give the date of the document itself, so "
                      "the app can check it is recent enough.", severity=Severity.WARNING,
                      target=qid)]
    if older_than(newest, YEARLY_MONTHS, as_of):
        return [Issue("document-old", f"{label}: the newest record is dated {uk_date(newest)}, "
                      "more than a year ago. The standard asks for this every year: do it "
                      "again and attach the new record.", target=qid)]
    if qid == RISK_ASSESSMENT_REQ and older_than(newest, TERM_MONTHS, as_of):
        return [Issue("review-due", f"{label}: last looked at on {uk_date(newest)}. The "
                      "standard asks for a review every term: review it with the senior "
                      "leadership team and attach the note.", severity=Severity.WARNING,
                      target=qid)]
    return []


def _devices(data: WorkspaceData, as_of: date, support: SupportData) -> list[Issue]:
    issues = []
    for found in device_support(data, as_of, support, states=(SupportState.NO,)):
        if found.done:
            continue
        if found.planned:
            issues.append(Issue("device-unsupported-planned", f"{found.device.name}: "
                                f"{found.verdict.reason} Its replacement is in the plan.",
                                severity=Severity.WARNING, target="devices"))
        else:
            issues.append(Issue("device-unsupported", f"{found.device.name}: "
                                f"{found.verdict.reason} The standard asks that all technology "
                                "is supported: plan its replacement with a date.",
                                target="devices"))
    return issues
