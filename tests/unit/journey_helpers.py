"""Builders for journey tests: facts from plain model values, without a store."""

from __future__ import annotations

from datetime import date
from typing import Any

from psn_desktop.domain.model import WorkspaceData, WorkspaceInfo
from psn_desktop.journey.facts import Facts

AS_OF = date(2026, 11, 23)


def blank_data() -> WorkspaceData:
    return WorkspaceData(info=WorkspaceInfo(id="test", created_on=AS_OF))


def facts_of(data: WorkspaceData, answers: dict[str, Any] | None = None) -> Facts:
    return Facts(data=data, as_of=AS_OF, answers=dict(answers or {}))
