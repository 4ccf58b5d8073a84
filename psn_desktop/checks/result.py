"""What a check found: pass, fail or could-not-tell, with the facts behind it.

Every result carries the raw facts it was decided on (so an IT provider can see why) and a
plain explanation a practice manager understands. "Could not tell" always names its reason:
a scan that shrugs is no use to someone preparing evidence.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from psn_desktop.domain.model import Severity


class CheckStatus(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "could_not_tell"

    @property
    def label(self) -> str:
        return {CheckStatus.PASS: "Passed", CheckStatus.FAIL: "Needs attention",
                CheckStatus.UNKNOWN: "Could not tell"}[self]


@dataclass
class CheckResult:
    """One check's answer. ``explanation`` is for people; ``facts`` is what it rests on."""

    check_id: str
    title: str
    status: CheckStatus
    explanation: str
    facts: dict[str, Any] = field(default_factory=dict)
    requirement_ids: list[str] = field(default_factory=list)
    severity: Severity = Severity.MEDIUM  # how serious a failure is
    reason: str = ""  # why it could not tell; blank otherwise
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        data["severity"] = self.severity.value
        data["seconds"] = round(self.seconds, 3)
        return data


def could_not_tell(check_id: str, title: str, reason: str, *,
                   facts: dict[str, Any] | None = None) -> CheckResult:
    """A result for a check that could not decide; ``reason`` says why and what to do."""
    return CheckResult(check_id, title, CheckStatus.UNKNOWN, reason, facts or {}, reason=reason)
