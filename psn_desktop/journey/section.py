"""A task-list section: a row on the home page with a status, and the pages behind it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from psn_desktop.domain.validation import Problem
from psn_desktop.journey.facts import Facts
from psn_desktop.journey.status import SectionStatus
from psn_desktop.journey.steps import Step, StepKind


@dataclass(frozen=True)
class Section:
    """Everything the home page and the navigator need to know about one section.

    ``status`` is worked out from the facts each time (never stored), so the task list can
    only say "completed" when the section's validators agree. ``targets`` are the readiness
    ``Issue.target`` values this section fixes, so the home page's verdict can link each
    blocker to the place that fixes it; ``claims`` does the same for open-ended targets such
    as requirement ids.
    """

    id: str
    title: str
    summary: str  # one plain sentence under the title on the task list
    order: float  # position on the task list: lower comes first (the built-ins use 10, 20…)
    steps: tuple[Step, ...]
    status: Callable[[Facts], SectionStatus]
    targets: frozenset[str] = field(default_factory=frozenset)
    claims: Callable[[str], bool] | None = None
    target_step: Callable[[str], str] | None = None  # which step fixes a given target
    # Where the task-list row leads, if not the usual (the start, the first gap, or "check
    # your answers" when complete): e.g. a section whose main page is a list to manage.
    entry: Callable[[Facts], str] | None = None
    # Whether the section belongs on this workspace's task list at all (None: always), e.g.
    # the requirement areas of a framework the workspace does not target.
    shown: Callable[[Facts], bool] | None = None

    def __post_init__(self) -> None:
        ids = [s.id for s in self.steps]
        if len(ids) != len(set(ids)):
            raise ValueError(f"Section {self.id} has two steps with the same id.")
        if not self.steps:
            raise ValueError(f"Section {self.id} has no steps.")
        for step in self.steps:
            if step.kind is StepKind.ITEM and step.parent not in ids:
                raise ValueError(f"Step {self.id}/{step.id} belongs to a list step that "
                                 "is not in the section.")

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(f"{self.id}/{step_id}")

    def has_step(self, step_id: str) -> bool:
        return any(step.id == step_id for step in self.steps)

    def is_shown(self, facts: Facts) -> bool:
        return self.shown is None or self.shown(facts)

    def handles(self, target: str) -> bool:
        return target in self.targets or bool(self.claims and self.claims(target))

    def linear_steps(self, facts: Facts) -> list[Step]:
        """The pages a user walks through in order (items are reached from their list)."""
        return [s for s in self.steps if s.kind is not StepKind.ITEM and s.applies(facts)]

    def check_step(self) -> Step | None:
        return next((s for s in self.steps if s.kind is StepKind.CHECK), None)

    def problems(self, facts: Facts) -> list[Problem]:
        """Every problem on the pages that apply, in page order."""
        found: list[Problem] = []
        for step in self.linear_steps(facts):
            if step.kind is not StepKind.CHECK:
                found.extend(step.problems(facts))
        return found
