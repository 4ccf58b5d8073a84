"""What a task-list row says about its section: started or not, done or not, and what is left.

The home page must tell the truth about what is left, so a status is always worked out from
the workspace's facts by the section's own status function, never stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from psn_desktop.domain.validation import Problem


class SectionState(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANNOT_START = "cannot_start"

    @property
    def label(self) -> str:
        """English words for the status tag; the UI passes them through Qt's translation."""
        return {
            SectionState.NOT_STARTED: "Not started",
            SectionState.IN_PROGRESS: "In progress",
            SectionState.COMPLETED: "Completed",
            SectionState.CANNOT_START: "Cannot start yet",
        }[self]


@dataclass(frozen=True)
class SectionStatus:
    state: SectionState
    missing: tuple[str, ...] = ()  # what still needs doing, in the user's words
    why: str = ""  # for CANNOT_START: what has to happen first

    @property
    def completed(self) -> bool:
        return self.state is SectionState.COMPLETED

    @classmethod
    def cannot_start(cls, why: str) -> SectionStatus:
        return cls(SectionState.CANNOT_START, why=why)

    @classmethod
    def from_problems(cls, problems: Iterable[Problem], *, started: bool) -> SectionStatus:
        """The usual rule: nothing entered is 'not started'; entered with gaps 'in progress'.

        Completion means the section's own validators find nothing, so a value typed wrongly
        (an IP range with a typo) keeps the section open until it is fixed.
        """
        messages = tuple(dict.fromkeys(p.message for p in problems))
        if not started:
            return cls(SectionState.NOT_STARTED, messages)
        if messages:
            return cls(SectionState.IN_PROGRESS, messages)
        return cls(SectionState.COMPLETED)
