"""Putting things into the remediation plan: a 'not met' answer's fix, a finding by hand.

A 'not met' answer is only credible with a plan to meet it, so the requirement page offers
to add the finding and its action at once; the finding names the requirement, which is how
the readiness rules know the gap is planned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from psn_desktop.domain.catalogue import Requirement
from psn_desktop.domain.model import (
    Action,
    ActionStatus,
    Finding,
    FindingSource,
    Severity,
    WorkspaceData,
)
from psn_desktop.domain.validation import Problem, validate_action
from psn_desktop.workspace.store import Workspace


@dataclass(frozen=True)
class PlannedFix:
    finding: Finding
    action: Action | None


def planned_fix(data: WorkspaceData, requirement_id: str) -> PlannedFix | None:
    """The plan entry that covers a requirement, if any (the first with an action wins)."""
    found = data.findings_for_requirement(requirement_id)
    for finding in found:
        actions = data.actions_for(finding.id)
        if actions:
            return PlannedFix(finding, actions[0])
    return PlannedFix(found[0], None) if found else None


def fix_problems(owner: str, target_date: date | None, notes: str) -> list[Problem]:
    problems = validate_action(Action(0, owner, target_date, ActionStatus.PLANNED))
    if not notes.strip():
        problems.insert(0, Problem("fix_notes", "Say briefly what will be done."))
    return [Problem({"owner": "fix_owner", "target_date": "fix_date"}.get(p.field, p.field),
                    p.message) for p in problems]


def plan_not_met(workspace: Workspace, requirement: Requirement, reason: str, *, owner: str,
                 target_date: date, notes: str, found_on: date,
                 severity: Severity = Severity.MEDIUM) -> int:
    """Add the finding and its action for a 'not met' requirement, in one transaction."""
    finding = Finding(requirement.title, FindingSource.SELF_ASSESSED, severity,
                      [requirement.qualified_id], [], found_on, reason.strip(),
                      requirement.qualified_id)
    action = Action(0, owner.strip(), target_date, ActionStatus.PLANNED, notes=notes.strip())
    return workspace.save_finding(finding, action)
