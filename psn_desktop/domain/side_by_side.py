"""Every targeted framework's readiness at once, with what was answered here or elsewhere.

The promise to a school that finished its PSN journey is that opening Cyber Essentials or
the DfE standards shows most of the work already done and exactly what is left. This module
gives the task list and the overview page those numbers and that list, one summary per
framework, each judged by its own rules and as of the same date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from psn_desktop.domain.catalogue import Framework, load_framework
from psn_desktop.domain.model import WorkspaceData
from psn_desktop.domain.readiness import Readiness, RequirementReadiness, RequirementStatus, assess
from psn_desktop.domain.reuse import MappingIndex, installed_index
from psn_desktop.domain.support import SupportData, load_support_data


@dataclass(frozen=True)
class FrameworkSummary:
    framework: Framework
    readiness: Readiness

    @property
    def total(self) -> int:
        return len(self.readiness.requirements)

    @property
    def answered_here(self) -> int:
        """Answered directly for this framework (or worked out by the app)."""
        return sum(1 for r in self.readiness.requirements
                   if not r.reused and r.status is not RequirementStatus.NOT_STARTED)

    @property
    def provided_elsewhere(self) -> int:
        """Fully covered by answers given for another framework."""
        return sum(1 for r in self.readiness.requirements if r.reused and r.status.complete)

    @property
    def partly_elsewhere(self) -> int:
        return sum(1 for r in self.readiness.requirements
                   if r.status is RequirementStatus.PARTLY_PROVIDED)

    @property
    def gaps(self) -> list[RequirementReadiness]:
        """Every requirement still needing work, in catalogue order: the remaining to-do list."""
        return [r for r in self.readiness.requirements if not r.status.complete]

    @property
    def done_percent(self) -> int:
        return self.readiness.completion


def side_by_side(data: WorkspaceData, framework_ids: Iterable[str], as_of: date,
                 support: SupportData | None = None,
                 index: MappingIndex | None = None) -> list[FrameworkSummary]:
    """In the order given; an unknown id raises the catalogue's CatalogueError."""
    support = support or load_support_data()
    index = index or installed_index()
    summaries = []
    for framework_id in dict.fromkeys(framework_ids):
        framework = load_framework(framework_id)
        summaries.append(FrameworkSummary(
            framework, assess(data, framework, as_of, support, index=index)))
    return summaries
