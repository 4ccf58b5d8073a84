"""The shape every check shares: an id, the requirements it serves, and two implementations.

A check is plain data plus two functions, one for Windows and one for Linux, each taking a
:class:`ScanContext` and returning a :class:`CheckResult`. Windows checks are split into a
PowerShell script and a pure ``parse`` function, so the parsing is tested on real outputs
kept as fixtures without a Windows machine.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from psn_desktop.checks.result import CheckResult, CheckStatus, could_not_tell
from psn_desktop.checks.runner import CommandOutput, CommandRunner
from psn_desktop.domain.model import Severity
from psn_desktop.domain.support import SupportData, load_support_data

FRAMEWORK = "psn-coco"


def requirement(short_id: str) -> str:
    return f"{FRAMEWORK}:{short_id}"


@dataclass
class ScanContext:
    """What a check may use: the command runner, the as-of date and the support data."""

    runner: CommandRunner
    as_of: date
    platform: str = field(default_factory=lambda: sys.platform)
    support: SupportData = field(default_factory=load_support_data)


Implementation = Callable[[ScanContext], CheckResult]


@dataclass(frozen=True)
class Check:
    check_id: str
    title: str
    requirement_ids: tuple[str, ...]
    severity: Severity
    windows: Implementation
    linux: Implementation

    def implementation(self, platform: str) -> Implementation | None:
        if platform == "win32":
            return self.windows
        if platform.startswith("linux"):
            return self.linux
        return None

    def result(self, status: CheckStatus, explanation: str, facts: dict[str, Any],
               *, reason: str = "") -> CheckResult:
        """A result carrying this check's id, title, requirements and severity."""
        return CheckResult(self.check_id, self.title, status, explanation, facts,
                           list(self.requirement_ids), self.severity, reason)

    def unknown(self, reason: str, facts: dict[str, Any] | None = None) -> CheckResult:
        result = could_not_tell(self.check_id, self.title, reason, facts=facts)
        result.requirement_ids = list(self.requirement_ids)
        result.severity = self.severity
        return result


class ParseProblem(ValueError):
    """A command's output was not what the parser expected; the message says how."""


def load_json(text: str) -> Any:
    """Parse PowerShell's ConvertTo-Json output (with a BOM or stray lines tolerated)."""
    cleaned = text.lstrip("\ufeff").strip()
    if not cleaned:
        raise ParseProblem("the command printed nothing")
    try:
        return json.loads(cleaned)
    except json.JSONDecodeError:
        start = min((i for i in (cleaned.find("{"), cleaned.find("[")) if i >= 0), default=-1)
        if start > 0:
            try:
                return json.loads(cleaned[start:])
            except json.JSONDecodeError:
                pass
        raise ParseProblem("the command's output was not readable") from None


def as_list(value: Any) -> list[Any]:
    """ConvertTo-Json gives an object for one item and a list for several; make it a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def powershell_json(ctx: ScanContext, name: str, script: str,
                    timeout: float = 20.0) -> tuple[Any, CommandOutput, str]:
    """Run a script and parse its JSON; the third value is the problem, if any."""
    output = ctx.runner.powershell(name, script, timeout=timeout)
    if not output.ok and not output.stdout.strip():
        return None, output, output.problem()
    try:
        return load_json(output.stdout), output, ""
    except ParseProblem as problem:
        return None, output, output.problem() or str(problem)


def windows_script(check_id: str) -> str:
    """The PowerShell script for a check, kept as a .ps1 file beside the other resources.

    Separate files keep the scripts readable and reviewable by IT staff, who can run one by
    hand to see exactly what PSN Desktop reads.
    """
    from psn_desktop.resource_files import resource_path

    return resource_path("checks", "windows", f"{check_id}.ps1").read_text(encoding="utf-8")
