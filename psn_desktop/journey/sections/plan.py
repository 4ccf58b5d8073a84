"""Section: the remediation plan — every finding from every source, each with its fix.

Findings come from the IT Health Check, from scans and device lists (systems that no longer
get updates) and from 'not met' answers. Each needs an action: who will fix it, by when,
and how far it has got; a risk that will not be fixed is accepted with a reason the signer
agrees to. A plan with gaps and dates is what the PSN looks for, so the section is complete
when every finding has a complete action, even if the work is not done yet. Overdue actions
do not stop a submission, but stand out until their status or date is brought up to date.
"""

from __future__ import annotations

from psn_desktop.domain.model import Action, Finding, FindingSource
from psn_desktop.domain.validation import Problem, validate_action, validate_finding
from psn_desktop.journey.facts import Facts
from psn_desktop.journey.registry import register
from psn_desktop.journey.section import Section
from psn_desktop.journey.sections.drafts import date_problems
from psn_desktop.journey.status import SectionState, SectionStatus
from psn_desktop.journey.steps import Step, StepKind, SummaryRow
from psn_desktop.remediation.labels import STATUS_LABELS
from psn_desktop.remediation.plan_items import item_for, plan_items, plan_problems

SECTION_ID = "plan"


def target_date_draft(item: int | None) -> str:
    return f"plan/{item}/target_date"


def _list_problems(facts: Facts, _item: int | None) -> list[Problem]:
    return plan_problems(facts.data, facts.as_of)


def _rows(facts: Facts) -> list[SummaryRow]:
    rows = []
    for item in plan_items(facts.data, facts.as_of):
        action = item.action
        who = action.owner if action else ""
        state = STATUS_LABELS[action.status] if action else "No action yet"
        rows.append(SummaryRow("action", item.finding.title,
                               " · ".join(p for p in (who, state, item.state_text(facts.as_of))
                                          if p), item=item.finding.id))
    return rows


def _item_problems(facts: Facts, item: int | None) -> list[Problem]:
    found = item_for(facts.data, item, facts.as_of) if item is not None else None
    finding = found.finding if found else Finding("", FindingSource.SELF_ASSESSED)
    action = found.action if found and found.action else Action(0)
    problems = validate_finding(finding) + validate_action(action)
    drafted = date_problems(facts, target_date_draft(item), "target_date")
    if drafted:
        problems = [p for p in problems if p.field != "target_date"] + drafted
    return problems


def _item_exists(facts: Facts, item: int) -> bool:
    return any(f.id == item for f in facts.data.findings)


def status(facts: Facts) -> SectionStatus:
    if not facts.data.findings:
        if facts.data.health_check.is_recorded():
            return SectionStatus(SectionState.COMPLETED)
        return SectionStatus(SectionState.NOT_STARTED, (
            "Nothing is in the plan yet: record your IT Health Check and its findings, check "
            "your devices, or answer a requirement 'not met'.",))
    return SectionStatus.from_problems(SECTION.problems(facts), started=True)


SECTION = register(Section(
    id=SECTION_ID,
    title="Remediation plan",
    summary="Each thing to fix, who will fix it and by when.",
    order=65,
    targets=frozenset({SECTION_ID}),
    status=status,
    entry=lambda _facts: "plan",
    steps=(
        Step("plan", "Your remediation plan", kind=StepKind.LIST,
             hint="Everything that is not right yet, from the health check, your devices and "
                  "your answers. For each, say what will be done, who will do it and by when. "
                  "A plan with dates counts: you do not have to have fixed everything to "
                  "submit.",
             fields=("plan",), glossary=("remediation_plan", "ithc"),
             check=_list_problems, summary=_rows),
        Step("action", "Plan the fix", kind=StepKind.ITEM, parent="plan",
             hint="Who will do it, by when, and what they will do. Keep the status up to date "
                  "as the work goes on.",
             fields=("title", "severity", "owner", "target_date", "status", "reason", "notes"),
             glossary=("remediation_plan",), check=_item_problems, item_exists=_item_exists),
    ),  # no "check your answers" page: the plan is its own summary
))
