"""Moving through a section: where Continue and Back lead, and where to come back in.

The rules (the GOV.UK question-page pattern):

* Continue is allowed when the page's step has no problems; otherwise the user stays and
  sees them. Back is always allowed and never validates.
* An item page (one cloud service) returns to its list page either way.
* A page reached through a "Change" link on the check-your-answers page returns there,
  unless the change brought in pages that were not asked before (choosing the internet
  route brings in the gateway pages) or left a later page with a problem: those come first.
* The last page of a section leads back to the task list (``None``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from psn_desktop.domain.validation import Problem
from psn_desktop.journey.facts import Facts
from psn_desktop.journey.registry import SectionRegistry
from psn_desktop.journey.section import Section
from psn_desktop.journey.status import SectionState
from psn_desktop.journey.steps import Step, StepKind, SummaryRow


@dataclass(frozen=True)
class Position:
    section: str
    step: str
    item: int | None = None  # which thing an ITEM step edits; None: a new one
    from_check: bool = False  # reached through a Change link
    # With from_check: the pages that applied when the Change link was followed, so pages
    # the change brings in are asked too. None: not known (only pages with problems are).
    asked: tuple[str, ...] | None = None

    def to_json(self) -> dict[str, Any]:
        raw: dict[str, Any] = {"section": self.section, "step": self.step, "item": self.item,
                               "from_check": self.from_check}
        if self.asked is not None:
            raw["asked"] = list(self.asked)
        return raw

    @classmethod
    def from_json(cls, raw: Any) -> Position | None:
        """A saved position, or None if it is not one (a damaged or foreign setting)."""
        if not isinstance(raw, dict):
            return None
        section, step, item = raw.get("section"), raw.get("step"), raw.get("item")
        if not isinstance(section, str) or not isinstance(step, str):
            return None
        if item is not None and (not isinstance(item, int) or isinstance(item, bool)):
            return None
        asked = raw.get("asked")
        if asked is not None and not (isinstance(asked, list)
                                      and all(isinstance(a, str) for a in asked)):
            asked = None
        return cls(section, step, item, bool(raw.get("from_check", False)),
                   tuple(asked) if asked is not None else None)


@dataclass(frozen=True)
class Move:
    """Where Continue leads: ``target`` None means the task list; problems keep the user."""

    target: Position | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return bool(self.problems)


class Journey:
    def __init__(self, registry: SectionRegistry) -> None:
        self.registry = registry

    def _section(self, section_id: str) -> Section:
        section = self.registry.get(section_id)
        if section is None:
            raise KeyError(f"No section '{section_id}' is registered.")
        return section

    def step_of(self, position: Position) -> Step:
        return self._section(position.section).step(position.step)

    # ----- entering a section ----------------------------------------------------------

    def entry(self, section_id: str, facts: Facts) -> Position:
        """Where a task-list row leads: the start, the first gap, or the summary when done."""
        section = self._section(section_id)
        if section.entry is not None:
            chosen = section.entry(facts)
            if section.has_step(chosen) and section.step(chosen).applies(facts):
                return Position(section.id, chosen)
        steps = section.linear_steps(facts)
        check = section.check_step()
        status = section.status(facts)
        if status.state is SectionState.NOT_STARTED:
            return Position(section.id, steps[0].id)
        if status.state is SectionState.COMPLETED and check is not None:
            return Position(section.id, check.id)
        for step in steps:
            if step.kind is not StepKind.CHECK and step.problems(facts):
                return Position(section.id, step.id)
        return Position(section.id, (check or steps[-1]).id)

    def for_target(self, target: str, facts: Facts) -> Position | None:
        """The page that fixes a readiness issue, or None if no registered section does."""
        section = self.registry.for_target(target)
        if section is None:
            return None
        if section.target_step is not None:
            step_id = section.target_step(target)
            if section.has_step(step_id):
                return Position(section.id, step_id)
        return self.entry(section.id, facts)

    # ----- Continue and Back -----------------------------------------------------------

    def advance(self, position: Position, facts: Facts) -> Move:
        section = self._section(position.section)
        step = section.step(position.step)
        if step.kind is StepKind.CHECK:
            return Move(None)
        problems = step.problems(facts, position.item)
        if problems:
            return Move(position, problems)
        if step.kind is StepKind.ITEM:
            return Move(Position(section.id, step.parent, from_check=position.from_check,
                                 asked=position.asked))
        steps = section.linear_steps(facts)
        later = self._after(section, step, steps)
        if position.from_check:
            for candidate in later:
                if candidate.kind is StepKind.CHECK:
                    return Move(Position(section.id, candidate.id))
                new = position.asked is not None and candidate.id not in position.asked
                if new or candidate.problems(facts):
                    return Move(Position(section.id, candidate.id, from_check=True,
                                         asked=position.asked))
            return Move(None)
        return Move(Position(section.id, later[0].id) if later else None)

    def back(self, position: Position, facts: Facts) -> Position | None:
        section = self._section(position.section)
        step = section.step(position.step)
        if step.kind is StepKind.ITEM:
            return Position(section.id, step.parent, from_check=position.from_check,
                            asked=position.asked)
        check = section.check_step()
        if position.from_check and check is not None and step is not check:
            return Position(section.id, check.id)
        earlier = self._before(section, step, section.linear_steps(facts))
        return Position(section.id, earlier[-1].id) if earlier else None

    @staticmethod
    def _after(section: Section, step: Step, steps: list[Step]) -> list[Step]:
        index = list(section.steps).index(step)
        return [s for s in steps if list(section.steps).index(s) > index]

    @staticmethod
    def _before(section: Section, step: Step, steps: list[Step]) -> list[Step]:
        index = list(section.steps).index(step)
        return [s for s in steps if list(section.steps).index(s) < index]

    # ----- links within a section --------------------------------------------------------

    def revisit(self, section_id: str, step_id: str, facts: Facts,
                item: int | None = None) -> Position:
        """A page opened from the check-your-answers page, which Continue returns to."""
        section = self._section(section_id)
        step = section.step(step_id)
        asked = tuple(s.id for s in section.linear_steps(facts))
        return Position(section.id, step.id, item, from_check=True, asked=asked)

    def change(self, section_id: str, row: SummaryRow, facts: Facts) -> Position:
        """Where a Change link on the check-your-answers page leads."""
        return self.revisit(section_id, row.step_id, facts, row.item)

    def open_item(self, position: Position, item: int | None) -> Position:
        """From a list page to the page for one of its things (``None``: add a new one)."""
        section = self._section(position.section)
        for step in section.steps:
            if step.kind is StepKind.ITEM and step.parent == position.step:
                return Position(section.id, step.id, item, position.from_check,
                                position.asked)
        raise KeyError(f"{position.section}/{position.step} has no item page.")

    def summary(self, section_id: str, facts: Facts) -> list[SummaryRow]:
        rows: list[SummaryRow] = []
        for step in self._section(section_id).linear_steps(facts):
            rows.extend(step.summary(facts))
        return rows

    # ----- coming back -------------------------------------------------------------------

    def resolve(self, position: Position | None, facts: Facts) -> Position | None:
        """Make a saved position safe to show: its section and page must still exist and apply.

        A page that no longer applies (the route changed in another window) falls back to
        the section's entry; an item that was removed falls back to its list.
        """
        if position is None:
            return None
        section = self.registry.get(position.section)
        if section is None:
            return None
        if not section.has_step(position.step):
            return self.entry(section.id, facts)
        step = section.step(position.step)
        if step.kind is StepKind.ITEM:
            parent = section.step(step.parent)
            if not parent.applies(facts):
                return self.entry(section.id, facts)
            if position.item is not None and not step.item_exists(facts, position.item):
                return Position(section.id, parent.id)
            return position
        if not step.applies(facts):
            return self.entry(section.id, facts)
        return position

    def position_label(self, position: Position) -> str:
        """Section and page title, for "Continue where you left off"."""
        section = self._section(position.section)
        return f"{section.title}: {section.step(position.step).title}"
