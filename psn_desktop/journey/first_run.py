"""The first-run wizard's path: welcome, choose a workspace, then the few questions that
matter most (the organisation, the signer and the main contact, how you connect), then home.

The questions are ordinary section pages, so what is typed here is what the task list shows
afterwards. Opening an existing workspace or the demo skips them: those already have answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from psn_desktop.domain.validation import Problem
from psn_desktop.journey.facts import Facts
from psn_desktop.journey.navigation import Position
from psn_desktop.journey.registry import SectionRegistry

WELCOME = "welcome"
START = "start"

# The section pages the wizard asks, as "section/step", in order.
WORKSPACE_PAGES: tuple[str, ...] = (
    "organisation/about",
    "organisation/siro",
    "organisation/contact",
    "connection/route",
)


class StartChoice(StrEnum):
    CREATE = "create"
    OPEN = "open"
    DEMO = "demo"


def position_of(page: str) -> Position | None:
    """The section page behind a wizard page, or None for welcome and start."""
    if "/" not in page:
        return None
    section, _, step = page.partition("/")
    return Position(section, step)


@dataclass(frozen=True)
class WizardMove:
    target: str | None  # None: the wizard is over, show the task list
    problems: tuple[Problem, ...] = ()


class FirstRun:
    def __init__(self, registry: SectionRegistry) -> None:
        # Only pages whose sections are registered: nothing shows a page that does not work.
        self.workspace_pages = tuple(
            page for page in WORKSPACE_PAGES
            if (section := registry.get(page.partition("/")[0])) is not None
            and section.has_step(page.partition("/")[2])
        )
        self.registry = registry

    def pages(self, choice: StartChoice | None) -> list[str]:
        pages = [WELCOME, START]
        if choice in (None, StartChoice.CREATE):
            pages.extend(self.workspace_pages)
        return pages

    def number(self, page: str, choice: StartChoice | None) -> tuple[int, int]:
        """"Step n of m" for the caption; the count assumes a new workspace until chosen."""
        pages = self.pages(choice)
        return pages.index(page) + 1, len(pages)

    def advance(self, page: str, choice: StartChoice | None, facts: Facts | None) -> WizardMove:
        """Continue from a page. The start page needs a choice (the UI then does the work)."""
        if page == START and choice is None:
            return WizardMove(page, (Problem("choice", "Choose what you want to do."),))
        position = position_of(page)
        if position is not None and facts is not None:
            step = self.registry[position.section].step(position.step)
            problems = tuple(step.problems(facts))
            if problems:
                return WizardMove(page, problems)
        pages = self.pages(choice)
        index = pages.index(page)
        return WizardMove(pages[index + 1] if index + 1 < len(pages) else None)

    def back(self, page: str, choice: StartChoice | None) -> str | None:
        pages = self.pages(choice)
        index = pages.index(page) if page in pages else 0
        return pages[index - 1] if index > 0 else None

    def is_page(self, page: str) -> bool:
        return page in (WELCOME, START) or page in self.workspace_pages
