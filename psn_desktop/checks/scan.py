"""Scan this computer: run every check, report progress, stop on Cancel.

The Windows checks each start PowerShell, which takes a second or two, so they run a few
at a time; results still come back in a fixed order so two scans read alike. A check that
crashes becomes a "could not tell" naming the error, never a failed scan. This is plain
Python with callbacks: the GUI wraps it in a worker thread, the CLI calls it directly.
"""

from __future__ import annotations

import platform as py_platform
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from psn_desktop import __version__
from psn_desktop.checks import (
    admin_accounts,
    antimalware,
    autorun,
    encryption,
    firewall,
    last_update,
    operating_system,
    screen_lock,
)
from psn_desktop.checks.base import Check, ScanContext
from psn_desktop.checks.result import CheckResult, CheckStatus
from psn_desktop.checks.runner import Cancelled, CommandRunner
from psn_desktop.domain.support import SupportData, data_is_stale, load_support_data

ALL_CHECKS: tuple[Check, ...] = (
    operating_system.CHECK, last_update.CHECK, firewall.CHECK, antimalware.CHECK,
    encryption.CHECK, screen_lock.CHECK, admin_accounts.CHECK, autorun.CHECK,
)
PARALLEL = 4

# progress(done, total, title of the check just finished)
Progress = Callable[[int, int, str], None]


@dataclass
class ScanReport:
    """Everything one scan found, in check order, with when and where it ran."""

    computer_name: str
    platform: str
    as_of: date
    started_at: str
    seconds: float
    results: list[CheckResult]
    cancelled: bool = False
    support_data_reviewed: date | None = None
    support_data_stale: bool = False
    app_version: str = __version__
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        """True when nothing failed (could-not-tell is not a failure)."""
        return not self.cancelled and all(r.status is not CheckStatus.FAIL for r in self.results)

    def result(self, check_id: str) -> CheckResult | None:
        return next((r for r in self.results if r.check_id == check_id), None)

    def counts(self) -> dict[str, int]:
        return {status.value: sum(r.status is status for r in self.results)
                for status in CheckStatus}

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": "psn-desktop-scan", "format_version": 1,
            "app_version": self.app_version, "computer_name": self.computer_name,
            "platform": self.platform, "as_of": self.as_of.isoformat(),
            "started_at": self.started_at, "seconds": round(self.seconds, 2),
            "cancelled": self.cancelled, "passed": self.passed, "counts": self.counts(),
            "support_data_reviewed": (self.support_data_reviewed.isoformat()
                                      if self.support_data_reviewed else None),
            "support_data_stale": self.support_data_stale,
            "results": [r.as_dict() for r in self.results],
        }


def run_scan(*, as_of: date | None = None, checks: Sequence[Check] = ALL_CHECKS,
             runner: CommandRunner | None = None, platform: str | None = None,
             support: SupportData | None = None, progress: Progress | None = None,
             parallel: int = PARALLEL) -> ScanReport:
    """Run ``checks`` on this computer. Cancel with ``runner.cancel()`` from any thread."""
    runner = runner or CommandRunner()
    platform = platform or sys.platform
    support = support or load_support_data()
    as_of = as_of or date.today()
    ctx = ScanContext(runner, as_of, platform, support)
    started = time.monotonic()
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    results: dict[str, CheckResult] = {}
    total = len(checks)
    cancelled = False
    workers = max(1, parallel if platform == "win32" else 1)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="psn-check") as pool:
        pending: dict[Future, Check] = {}
        queue = list(checks)
        while queue or pending:
            while queue and len(pending) < workers and not runner.cancelled:
                check = queue.pop(0)
                pending[pool.submit(_run_one, check, ctx)] = check
            if not pending:
                break
            done, _rest = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            for future in done:
                check = pending.pop(future)
                try:
                    results[check.check_id] = future.result()
                except Cancelled:
                    cancelled = True
                    continue
                if progress is not None:
                    progress(len(results), total, check.title)
            if runner.cancelled:
                cancelled = True
                queue.clear()
    ordered = [results[c.check_id] for c in checks if c.check_id in results]
    os_result = results.get(operating_system.CHECK_ID)
    name = str(os_result.facts.get("computer_name")) if os_result else ""
    return ScanReport(
        computer_name=name or py_platform.node(), platform=platform, as_of=as_of,
        started_at=stamp, seconds=time.monotonic() - started, results=ordered,
        cancelled=cancelled or runner.cancelled, support_data_reviewed=support.reviewed,
        support_data_stale=data_is_stale(support, as_of),
    )


def _run_one(check: Check, ctx: ScanContext) -> CheckResult:
    started = time.monotonic()
    implementation = check.implementation(ctx.platform)
    if implementation is None:
        result = check.unknown(f"PSN Desktop cannot run this check on {ctx.platform}; it runs "
                               "on Windows and Linux.")
    else:
        try:
            result = implementation(ctx)
        except Cancelled:
            raise
        except Exception as error:  # a broken check must not break the scan
            result = check.unknown(f"The check stopped with an error ({type(error).__name__}: "
                                   f"{error}). The other checks are not affected; please "
                                   "report this to the PSN Desktop team.")
    result.seconds = time.monotonic() - started
    return result
