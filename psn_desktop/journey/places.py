"""Where the user was, kept in the workspace, so reopening returns to the same page.

Two things are remembered: the page on screen (the task list, a section's page, or a
first-run page) and the last section page visited, which the task list offers as "continue
where you left off" even after the user has gone back to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psn_desktop.journey.facts import Facts, SettingsStore
from psn_desktop.journey.navigation import Journey, Position
from psn_desktop.journey.status import SectionState

PLACE_KEY = "journey.place"
LAST_SECTION_KEY = "journey.last_section"

HOME = "home"
SECTION = "section"
FIRST_RUN = "first_run"


@dataclass(frozen=True)
class Place:
    view: str = HOME
    position: Position | None = None  # for SECTION
    first_run_step: str = ""  # for FIRST_RUN

    def to_json(self) -> dict[str, Any]:
        raw: dict[str, Any] = {"view": self.view}
        if self.position is not None:
            raw["position"] = self.position.to_json()
        if self.first_run_step:
            raw["first_run_step"] = self.first_run_step
        return raw

    @classmethod
    def from_json(cls, raw: Any) -> Place:
        if not isinstance(raw, dict):
            return cls()
        view = raw.get("view")
        if view == SECTION:
            position = Position.from_json(raw.get("position"))
            return cls(SECTION, position) if position else cls()
        if view == FIRST_RUN and isinstance(raw.get("first_run_step"), str):
            return cls(FIRST_RUN, first_run_step=raw["first_run_step"])
        return cls()


def save_place(store: SettingsStore, place: Place) -> None:
    store.set_setting(PLACE_KEY, place.to_json())
    if place.view == SECTION and place.position is not None:
        store.set_setting(LAST_SECTION_KEY, place.position.to_json())


def load_place(store: SettingsStore) -> Place:
    return Place.from_json(store.setting(PLACE_KEY))


def last_section_position(store: SettingsStore) -> Position | None:
    return Position.from_json(store.setting(LAST_SECTION_KEY))


def continue_position(journey: Journey, facts: Facts,
                      last: Position | None) -> Position | None:
    """Where "continue where you left off" leads.

    The last page visited, if its section is not finished; otherwise the start of the first
    section that still needs work and can be started; None when every section is done.
    """
    resolved = journey.resolve(last, facts)
    if resolved is not None:
        section = journey.registry[resolved.section]
        if section.is_shown(facts) and section.status(facts).state is not SectionState.COMPLETED:
            return resolved
    for section in journey.registry.sections_for(facts):
        state = section.status(facts).state
        if state in (SectionState.NOT_STARTED, SectionState.IN_PROGRESS):
            return journey.entry(section.id, facts)
    return None
