"""The remediation plan as a head teacher reads it: every finding from every source with
its action, the ones needing attention first.

Order: overdue actions, then findings nobody has planned yet, then open actions by target
date (most severe first on the same day), then what is done or accepted. Each item says in
words what state it is in, so nothing depends on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from psn_desktop.domain.dates import uk_date
from psn_desktop.domain.model import Action, ActionStatus, Finding, WorkspaceData
from psn_desktop.domain.validation import Problem, validate_action


@dataclass(frozen=True)
class PlanItem:
    finding: Finding
    action: Action | None
    devices: tuple[str, ...]  # names of the affected devices
    overdue: bool

    @property
    def planned(self) -> bool:
        return self.action is not None

    @property
    def open(self) -> bool:
        return self.action is None or self.action.status.is_open

    def state_text(self, as_of: date) -> str:
        """'Overdue: was due 3 November 2026', 'Due 1 January 2027', 'No action yet'…"""
        action = self.action
        if action is None:
            return "No action yet: say who will fix it and by when."
        if action.status is ActionStatus.DONE:
            return "Done."
        if action.status is ActionStatus.ACCEPTED_RISK:
            return "Risk accepted."
        if action.target_date is None:
            return "No target date yet."
        if self.overdue:
            days = (as_of - action.target_date).days
            return (f"Overdue: was due {uk_date(action.target_date)} ({days} day"
                    f"{'s' if days != 1 else ''} ago).")
        return f"Due {uk_date(action.target_date)}."


def _sort_key(item: PlanItem) -> tuple:
    action = item.action
    if item.overdue:
        group = 0
    elif action is None:
        group = 1
    elif action.status.is_open:
        group = 2
    else:
        group = 3
    target = action.target_date if action and action.target_date else date.max
    return (group, target, item.finding.severity.rank, item.finding.id or 0)


def plan_items(data: WorkspaceData, as_of: date) -> list[PlanItem]:
    names = {d.id: d.name for d in data.devices}
    first_action: dict[int | None, Action] = {}
    for action in data.actions:  # one pass: a big estate has thousands of each
        first_action.setdefault(action.finding_id, action)
    items = []
    for finding in data.findings:
        action = first_action.get(finding.id)
        devices = tuple(names[i] for i in finding.device_ids if i in names)
        items.append(PlanItem(finding, action, devices,
                              action is not None and action.is_overdue(as_of)))
    return sorted(items, key=_sort_key)


def item_for(data: WorkspaceData, finding_id: int | None, as_of: date) -> PlanItem | None:
    return next((i for i in plan_items(data, as_of) if i.finding.id == finding_id), None)


def plan_problems(data: WorkspaceData, as_of: date) -> list[Problem]:
    """What keeps the plan from being complete: findings with no action, actions missing an
    owner, a date or an accepted risk's reason. (Overdue actions are a warning, not this.)"""
    problems = []
    for item in plan_items(data, as_of):
        title = item.finding.title or "A finding with no title"
        if item.action is None:
            problems.append(Problem("plan", f"“{title}” has no action yet: say who will fix it "
                                            "and by when."))
            continue
        for problem in validate_action(item.action):
            message = problem.message[0].lower() + problem.message[1:]
            problems.append(Problem("plan", f"“{title}”: {message}"))
    return problems


def overdue_count(data: WorkspaceData, as_of: date) -> int:
    return sum(1 for a in data.actions if a.is_overdue(as_of))
