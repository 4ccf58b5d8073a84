"""When did this computer last install an update?

Microsoft publishes security fixes every month, so a Windows PC whose newest update is more
than about five weeks old is not updating. Windows is read from the Windows Update history
(no admin rights needed) and the installed hotfix list, whose dates come in several forms
(see ``checks.dates``); Linux from the package manager's logs.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from psn_desktop.checks.base import (
    Check,
    ScanContext,
    as_list,
    powershell_json,
    requirement,
    windows_script,
)
from psn_desktop.checks.dates import parse_windows_date
from psn_desktop.checks.result import CheckResult, CheckStatus
from psn_desktop.domain.dates import uk_date
from psn_desktop.domain.model import Severity

CHECK_ID = "last-update"
TITLE = "Updates installed in the last five weeks"
MAX_AGE_DAYS = 35

WINDOWS_SCRIPT = windows_script(CHECK_ID)


def _decide(latest: date | None, source: str, facts: dict[str, Any],
            ctx: ScanContext) -> CheckResult:
    if latest is None:
        return CHECK.unknown(
            "No dated update was found in the update history, so the date of the last update "
            "cannot be told. Open Windows Update (or your IT provider's console) and check it "
            "there.", facts)
    age = (ctx.as_of - latest).days
    facts.update(last_update=latest.isoformat(), age_days=age, source=source)
    if age <= MAX_AGE_DAYS:
        return CHECK.result(CheckStatus.PASS, f"The last update was installed on "
                            f"{uk_date(latest)} ({age} days ago). Security fixes come out every "
                            "month, so this computer is keeping up.", facts)
    return CHECK.result(CheckStatus.FAIL, f"The last update was installed on {uk_date(latest)}, "
                        f"{age} days ago. Security fixes come out every month, so this computer "
                        "is missing some. Run Windows Update (or ask your IT provider why "
                        "updates have stopped).", facts)


def parse_windows(data: Any, ctx: ScanContext) -> CheckResult:
    if not isinstance(data, dict):
        return CHECK.unknown("Windows gave no update history. Open Windows Update and check "
                             "the date of the last update there.")
    dates: list[date] = []
    latest_title = ""
    for item in as_list(data.get("History")):
        if not isinstance(item, dict) or item.get("ResultCode") not in (2, 3):
            continue
        when = parse_windows_date(item.get("Date"))
        if when and when <= ctx.as_of:
            dates.append(when)
            if when == max(dates):
                latest_title = str(item.get("Title") or "")
    hotfix_dates = [d for d in (parse_windows_date(h.get("InstalledOn"))
                                for h in as_list(data.get("HotFixes")) if isinstance(h, dict))
                    if d and d <= ctx.as_of]
    facts: dict[str, Any] = {
        "history_entries": len(as_list(data.get("History"))),
        "hotfixes": len(as_list(data.get("HotFixes"))),
        "hotfixes_without_date": len(as_list(data.get("HotFixes"))) - len(hotfix_dates),
        "history_error": data.get("HistoryError"), "hotfix_error": data.get("HotFixError"),
    }
    if latest_title:
        facts["latest_title"] = latest_title
    candidates = [(d, "Windows Update history") for d in dates]
    candidates += [(d, "installed hotfixes") for d in hotfix_dates]
    if not candidates:
        return _decide(None, "", facts, ctx)
    latest, source = max(candidates)
    return _decide(latest, source, facts, ctx)


def windows(ctx: ScanContext) -> CheckResult:
    data, _output, problem = powershell_json(ctx, CHECK_ID, WINDOWS_SCRIPT, timeout=45)
    if problem:
        return CHECK.unknown(f"The update history could not be read ({problem}). Open Windows "
                             "Update and check the date of the last update there.")
    return parse_windows(data, ctx)


_APT = re.compile(r"^(?:Start-Date|End-Date):\s*(\d{4}-\d{2}-\d{2})", re.M)
_DPKG = re.compile(r"^(\d{4}-\d{2}-\d{2}) \d{2}:\d{2}:\d{2} (?:upgrade|install|status installed)",
                   re.M)
_DNF = re.compile(r"^(\d{4}-\d{2}-\d{2})T\S+ \w+ (?:Upgraded|Installed):", re.M)

LINUX_LOGS = (("apt-history", "/var/log/apt/history.log", _APT),
              ("dpkg-log", "/var/log/dpkg.log", _DPKG),
              ("dnf-log", "/var/log/dnf.rpm.log", _DNF))


def parse_linux_logs(texts: dict[str, str]) -> date | None:
    """The newest install or upgrade date in the package logs (by log name)."""
    found: list[date] = []
    patterns = {name: pattern for name, _path, pattern in LINUX_LOGS}
    for name, text in texts.items():
        pattern = patterns.get(name)
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            try:
                found.append(date.fromisoformat(match[1]))
            except ValueError:
                continue
    return max(found) if found else None


def linux(ctx: ScanContext) -> CheckResult:
    texts: dict[str, str] = {}
    for name, path, _pattern in LINUX_LOGS:
        if Path(path).exists():
            text = ctx.runner.read_text(name, path)
            if text is not None:
                texts[name] = text
    facts: dict[str, Any] = {"logs_read": sorted(texts)}
    if not texts:
        return CHECK.unknown("No package manager log could be read here (apt, dpkg or dnf), so "
                             "the date of the last update cannot be told.", facts)
    latest = parse_linux_logs(texts)
    if latest is not None and latest > ctx.as_of:
        latest = None
    return _decide(latest, "package manager log", facts, ctx)


CHECK = Check(CHECK_ID, TITLE, (requirement("PAT-02"), requirement("PAT-03")), Severity.HIGH,
              windows, linux)
