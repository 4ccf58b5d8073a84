"""Framework-specific readiness rules, looked up by framework id.

Generic readiness (is every requirement answered, with evidence and reasons) lives in
``readiness.py``; what only one regime asks (the PSN's diagram and health-check ages, a
toolkit's deadline) lives in a module here, registered under its framework id.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from psn_desktop.domain.catalogue import Framework
    from psn_desktop.domain.model import WorkspaceData
    from psn_desktop.domain.readiness import Issue, RequirementStatus
    from psn_desktop.domain.support import SupportData

RuleSet = Callable[["WorkspaceData", "Framework", date, "SupportData"], list["Issue"]]
# Requirements whose status the app works out itself (a plan, a signature) rather than asks.
Deriver = Callable[["WorkspaceData", date], dict[str, "RequirementStatus"]]
# The next date by which the framework must be submitted, counted from the as-of date.
Deadline = Callable[[date], date]

_RULES: dict[str, RuleSet] = {}
_DERIVERS: dict[str, Deriver] = {}
_DEADLINES: dict[str, Deadline] = {}


def register(framework_id: str) -> Callable[[RuleSet], RuleSet]:
    def decorator(function: RuleSet) -> RuleSet:
        _RULES[framework_id] = function
        return function

    return decorator


def derives(framework_id: str) -> Callable[[Deriver], Deriver]:
    def decorator(function: Deriver) -> Deriver:
        _DERIVERS[framework_id] = function
        return function

    return decorator


def deadline(framework_id: str) -> Callable[[Deadline], Deadline]:
    def decorator(function: Deadline) -> Deadline:
        _DEADLINES[framework_id] = function
        return function

    return decorator


def _load_all() -> None:
    from psn_desktop.domain.rules import (  # noqa: F401  (each registers itself)
        cyber_essentials,
        dfe_schools,
        nhs_dspt_gp,
        psn_coco,
    )


def rules_for(framework_id: str) -> RuleSet | None:
    _load_all()
    return _RULES.get(framework_id)


def deriver_for(framework_id: str) -> Deriver | None:
    _load_all()
    return _DERIVERS.get(framework_id)


def deadline_for(framework_id: str) -> Deadline | None:
    _load_all()
    return _DEADLINES.get(framework_id)
