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

_RULES: dict[str, RuleSet] = {}
_DERIVERS: dict[str, Deriver] = {}


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


def _load_all() -> None:
    from psn_desktop.domain.rules import psn_coco  # noqa: F401  (registers itself)


def rules_for(framework_id: str) -> RuleSet | None:
    _load_all()
    return _RULES.get(framework_id)


def deriver_for(framework_id: str) -> Deriver | None:
    _load_all()
    return _DERIVERS.get(framework_id)
