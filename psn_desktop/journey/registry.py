"""The one list of task-list sections, which features add to when they land.

A feature defines its section in its own module, registers it with :func:`register` at
import time, and adds the module's name to :data:`SECTION_MODULES`; the home page, the
navigator and the tests then pick it up without any other change. Nothing registers a
section that does not work yet.
"""

from __future__ import annotations

import importlib

from psn_desktop.journey.facts import Facts
from psn_desktop.journey.section import Section

# Modules (under psn_desktop) that register sections when imported. Add yours here.
SECTION_MODULES: list[str] = [
    "journey.sections.organisation",
    "journey.sections.frameworks",
    "journey.sections.scope",
    "journey.sections.connection",
    "journey.sections.cloud",
    "journey.sections.devices",
    "journey.sections.requirements",
    "journey.sections.health_check",
    "journey.sections.plan",
    "journey.sections.credentials",
    "journey.sections.review",
    "journey.sections.sign_off",
    "journey.sections.pack",
]


class SectionRegistry:
    """Sections by id, listed in task-list order. Tests build their own registries."""

    def __init__(self, sections: list[Section] | None = None) -> None:
        self._sections: dict[str, Section] = {}
        for section in sections or []:
            self.add(section)

    def add(self, section: Section) -> Section:
        existing = self._sections.get(section.id)
        if existing is not None and existing is not section:
            raise ValueError(f"Two sections have the id '{section.id}'.")
        self._sections[section.id] = section
        return section

    def sections(self) -> list[Section]:
        return sorted(self._sections.values(), key=lambda s: (s.order, s.id))

    def sections_for(self, facts: Facts) -> list[Section]:
        """The sections on this workspace's task list (see ``Section.shown``)."""
        return [s for s in self.sections() if s.is_shown(facts)]

    def get(self, section_id: str) -> Section | None:
        return self._sections.get(section_id)

    def __getitem__(self, section_id: str) -> Section:
        return self._sections[section_id]

    def __contains__(self, section_id: object) -> bool:
        return section_id in self._sections

    def for_target(self, target: str) -> Section | None:
        """The section that fixes a readiness issue's target, if one is registered."""
        for section in self.sections():
            if section.handles(target):
                return section
        return None


_DEFAULT = SectionRegistry()
_loaded = False


def register(section: Section) -> Section:
    """Add a section to the app's registry (call at import time of the section's module)."""
    return _DEFAULT.add(section)


def default_registry() -> SectionRegistry:
    """The app's registry, with every module in SECTION_MODULES imported."""
    global _loaded
    if not _loaded:
        for name in SECTION_MODULES:
            importlib.import_module(f"psn_desktop.{name}")
        _loaded = True
    return _DEFAULT
