"""What the NHS Data Security and Protection Toolkit asks of a GP practice beyond its answers.

The toolkit is published once a year, by 30 June, and a practice aims for 'Standards Met':
every item answered and met. Something not met can still be published as 'Approaching
standards' with an improvement plan, so a plan changes the advice but not the verdict.
Several items are yearly (staff training, the continuity test, the review of breaches), so
their documents must be dated within the last twelve months. Many technical items come from
the practice's IT provider; the rules list which ones are still waiting for them, because
that is the email the practice manager needs to send.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from psn_desktop.domain.dates import uk_date
from psn_desktop.domain.model import WorkspaceData
from psn_desktop.domain.readiness import Issue, RequirementStatus, Severity
from psn_desktop.domain.reuse import effective, installed_index
from psn_desktop.domain.rules import deadline, register
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

FRAMEWORK_ID = "nhs-dspt-gp"
DEADLINE_MONTH, DEADLINE_DAY = 6, 30  # published by 30 June every year
DEADLINE_WARNING_DAYS = 60
YEARLY_MONTHS = 12
_WAITING = (RequirementStatus.NOT_STARTED, RequirementStatus.NEEDS_EVIDENCE,
            RequirementStatus.PARTLY_PROVIDED)


@deadline(FRAMEWORK_ID)
def publication_deadline(as_of: date) -> date:
    """The next 30 June on or after the as-of date."""
    this_year = date(as_of.year, DEADLINE_MONTH, DEADLINE_DAY)
    return this_year if as_of <= this_year else date(as_of.year + 1, DEADLINE_MONTH, DEADLINE_DAY)


@register(FRAMEWORK_ID)
def dspt_rules(data: WorkspaceData, framework: Framework, as_of: date,
               support: SupportData) -> list[Issue]:
    issues: list[Issue] = []
    issues.extend(_practice(data))
    issues.extend(_answers(data, framework, as_of))
    issues.extend(_devices(data, as_of, support))
    issues.extend(_approval(data, as_of))
    issues.extend(_deadline(as_of))
    return issues


def _practice(data: WorkspaceData) -> list[Issue]:
    issues = []
    if not data.organisation.name.strip():
        issues.append(Issue("org-missing", "The practice's name is not filled in.",
                            target="organisation"))
    if not data.organisation.ods_code.strip():
        issues.append(Issue("ods-missing", "The practice's ODS code is missing: the toolkit "
                            "knows your practice by it (it looks like A12345).",
                            target="organisation"))
    return issues


def _answers(data: WorkspaceData, framework: Framework, as_of: date) -> list[Issue]:
    index = installed_index()
    org_type = data.organisation.org_type.value if data.organisation.org_type else None
    issues = []
    from_provider = []
    for requirement in framework.applicable(org_type):
        qid = requirement.qualified_id
        state = effective(data, requirement, index)
        if state.status is RequirementStatus.NOT_MET:
            if planned(data, (qid, *state.source_ids)):
                advice = ("It is in your improvement plan, so you could publish as 'Approaching "
                          "standards', but 'Standards Met' needs it done.")
            else:
                advice = ("Put it right, or add it to the improvement plan with an owner and "
                          "a date.")
            issues.append(Issue("not-met", f"{requirement.id} ({requirement.title}) is not met. "
                                + advice, target=qid))
        elif requirement.supplied_by_it_provider and state.status in _WAITING:
            from_provider.append(requirement)
        if requirement.document_date_matters and state.status in (
                RequirementStatus.MET, RequirementStatus.PARTLY):
            issues.extend(_yearly_document(requirement.id, requirement.title, qid,
                                           newest_document_date(state.evidence, as_of), as_of))
    if from_provider:
        names = "; ".join(f"{r.id} {r.title}" for r in from_provider)
        issues.append(Issue("it-provider-items", f"Ask your IT provider for these "
                            f"({len(from_provider)}), which they usually supply: {names}.",
                            severity=Severity.WARNING, target=from_provider[0].qualified_id))
    return issues


def _yearly_document(req_id: str, title: str, qid: str, newest: date | None,
                     as_of: date) -> list[Issue]:
    if newest is None:
        return [Issue("document-undated", f"{req_id} ({title}): give the date of the document "
                      "itself, so the app can check it is from the last twelve months.",
                      severity=Severity.WARNING, target=qid)]
    if older_than(newest, YEARLY_MONTHS, as_of):
        return [Issue("document-old", f"{req_id} ({title}): the newest document is dated "
                      f"{uk_date(newest)}, more than twelve months ago. The toolkit needs "
                      "this done every year: do it again and attach the new record.",
                      target=qid)]
    return []


def _devices(data: WorkspaceData, as_of: date, support: SupportData) -> list[Issue]:
    issues = []
    for found in device_support(data, as_of, support, states=(SupportState.NO,)):
        if found.done:
            continue
        if found.planned:
            issues.append(Issue("device-unsupported-planned", f"{found.device.name}: "
                                f"{found.verdict.reason} It is in the plan; list it in the "
                                "toolkit as unsupported, with why it is still needed and when "
                                "it goes.", severity=Severity.WARNING, target="devices"))
        else:
            issues.append(Issue("device-unsupported", f"{found.device.name}: "
                                f"{found.verdict.reason} The toolkit expects no unsupported "
                                "systems: replace it, or plan its replacement with a date.",
                                target="devices"))
    return issues


def _approval(data: WorkspaceData, as_of: date) -> list[Issue]:
    signed = any(s.framework_id == FRAMEWORK_ID and s.declared and s.signed_on <= as_of
                 for s in data.sign_offs)
    if signed:
        return []
    return [Issue("approval-missing", "The toolkit has not been approved by the practice's "
                  "senior information risk owner or a partner yet; the toolkit asks for this "
                  "before it is published.", target="sign_off")]


def _deadline(as_of: date) -> list[Issue]:
    due = publication_deadline(as_of)
    days = (due - as_of).days
    if days > DEADLINE_WARNING_DAYS:
        return []
    when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
    return [Issue("deadline-near", f"The toolkit must be published by {uk_date(due)}, {when}.",
                  severity=Severity.WARNING, target="sign_off")]
