"""The journey: which task-list sections exist, their steps, and how a user moves through them.

Plain Python, no Qt, so every path can be tested headless and the Qt layer only renders a
step and reports what the user did. A feature adds its own task-list row by defining a
:class:`~psn_desktop.journey.section.Section` in a module and listing that module in
:data:`~psn_desktop.journey.registry.SECTION_MODULES`; see ``docs/architecture.md``.
"""

from psn_desktop.journey.facts import Facts
from psn_desktop.journey.navigation import Journey, Move, Position
from psn_desktop.journey.registry import SectionRegistry, default_registry
from psn_desktop.journey.section import Section
from psn_desktop.journey.status import SectionState, SectionStatus
from psn_desktop.journey.steps import Step, StepKind, SummaryRow

__all__ = [
    "Facts",
    "Journey",
    "Move",
    "Position",
    "Section",
    "SectionRegistry",
    "SectionState",
    "SectionStatus",
    "Step",
    "StepKind",
    "SummaryRow",
    "default_registry",
]
