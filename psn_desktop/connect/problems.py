"""One shape for everything the VPN checks say, whether it stops generation or only warns.

The domain's :class:`~psn_desktop.domain.validation.Problem` has no severity, and VPN checks
need one: a 3DES request must stop generation, while a legacy profile chosen on purpose only
needs a clear warning the user (and their IT provider) can see and accept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # generation refused until fixed
    WARNING = "warning"  # allowed, but said plainly


@dataclass(frozen=True)
class ProfileProblem:
    field: str
    message: str
    severity: Severity = Severity.ERROR

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.ERROR


def error(field: str, message: str) -> ProfileProblem:
    return ProfileProblem(field, message, Severity.ERROR)


def warning(field: str, message: str) -> ProfileProblem:
    return ProfileProblem(field, message, Severity.WARNING)


def errors(problems: Iterable[ProfileProblem]) -> list[ProfileProblem]:
    return [p for p in problems if p.blocking]


def warnings(problems: Iterable[ProfileProblem]) -> list[ProfileProblem]:
    return [p for p in problems if not p.blocking]
