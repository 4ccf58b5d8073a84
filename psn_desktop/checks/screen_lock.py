"""Does the computer lock itself when left alone?

Windows can lock through a machine policy (InactivityTimeoutSecs), a password-protected
screen saver (set by policy or by the user) or by going to sleep and asking for the
password on waking; the shortest of those is what counts. The settings are registry values
and powercfg's numbers, which are the same in every language. On Linux the GNOME settings
are read; a computer with no desktop has nothing to lock.
"""

from __future__ import annotations

import os
import re
import shutil
from typing import Any

from psn_desktop.checks.base import Check, ScanContext, powershell_json, requirement, windows_script
from psn_desktop.checks.result import CheckResult, CheckStatus
from psn_desktop.domain.model import Severity

CHECK_ID = "screen-lock"
TITLE = "Locks itself within 15 minutes"
MAX_SECONDS = 15 * 60

WINDOWS_SCRIPT = windows_script(CHECK_ID)


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _minutes(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def parse_windows(data: Any, ctx: ScanContext) -> CheckResult:
    if not isinstance(data, dict):
        return CHECK.unknown("Windows did not report its lock settings. Check Settings, "
                             "Accounts, Sign-in options, and the screen saver settings.")
    ways: dict[str, int] = {}
    machine = _int(data.get("InactivityTimeoutSecs"))
    if machine:
        ways["machine inactivity limit"] = machine
    for prefix, name in (("Policy", "screen saver set by policy"), ("", "screen saver")):
        active = _int(data.get(f"{prefix}ScreenSaveActive"))
        secure = _int(data.get(f"{prefix}ScreenSaverIsSecure"))
        timeout = _int(data.get(f"{prefix}ScreenSaveTimeOut"))
        if active == 1 and secure == 1 and timeout:
            ways[name] = timeout
            break
        if prefix and active is not None:
            break  # a policy value overrides the user's own setting
    sleep = data.get("SleepAfter") if isinstance(data.get("SleepAfter"), dict) else {}
    wake = data.get("PasswordOnWake") if isinstance(data.get("PasswordOnWake"), dict) else {}
    wake_ok = not wake or (_int(wake.get("AC")) != 0 and _int(wake.get("DC")) != 0)
    sleeps = [s for s in (_int(sleep.get("AC")), _int(sleep.get("DC"))) if s is not None]
    if sleeps and all(sleeps) and wake_ok:
        ways["sleep"] = max(sleeps)
    facts: dict[str, Any] = {"ways_to_lock_seconds": ways, "raw": data}
    if not ways:
        return CHECK.result(CheckStatus.FAIL, "This computer never locks itself when left "
                            "alone. Set it to lock after at most 15 minutes (your IT provider "
                            "can set this for every PC).", facts)
    how, seconds = min(ways.items(), key=lambda item: item[1])
    facts["locks_after_seconds"] = seconds
    if seconds <= MAX_SECONDS:
        return CHECK.result(CheckStatus.PASS, "This computer locks itself after "
                            f"{_minutes(seconds)} without use ({how}).", facts)
    return CHECK.result(CheckStatus.FAIL, f"This computer only locks itself after "
                        f"{_minutes(seconds)} without use ({how}). Make it 15 minutes or less.",
                        facts)


def windows(ctx: ScanContext) -> CheckResult:
    data, _output, problem = powershell_json(ctx, CHECK_ID, WINDOWS_SCRIPT)
    if problem:
        return CHECK.unknown(f"The lock settings could not be read ({problem}). Check Settings, "
                             "Accounts, Sign-in options.")
    return parse_windows(data, ctx)


def has_desktop_session() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("XDG_CURRENT_DESKTOP"))


def gsettings(ctx: ScanContext, name: str, schema: str, key: str) -> str | None:
    output = ctx.runner.run(name, ["gsettings", "get", schema, key], timeout=5)
    return output.stdout.strip() if output.ok else None


def linux(ctx: ScanContext) -> CheckResult:
    if not has_desktop_session():
        return CHECK.unknown("This computer has no desktop session (nobody signs in at a screen "
                             "here), so there is no screen lock to check.")
    if not shutil.which("gsettings"):
        return CHECK.unknown("The desktop's settings tool (gsettings) is not installed, so the "
                             "screen lock cannot be read. Check the desktop's privacy settings.")
    idle = gsettings(ctx, "gsettings-idle-delay", "org.gnome.desktop.session", "idle-delay")
    lock = gsettings(ctx, "gsettings-lock-enabled", "org.gnome.desktop.screensaver",
                     "lock-enabled")
    delay = gsettings(ctx, "gsettings-lock-delay", "org.gnome.desktop.screensaver", "lock-delay")
    facts = {"idle_delay": idle, "lock_enabled": lock, "lock_delay": delay}
    if idle is None or lock is None:
        return CHECK.unknown("This desktop does not use the GNOME lock settings, so the screen "
                             "lock cannot be read. Check the desktop's privacy settings.", facts)
    idle_seconds = int(re.findall(r"\d+", idle)[-1]) if re.findall(r"\d+", idle) else 0
    delay_seconds = int(re.findall(r"\d+", delay or "0")[-1]) if delay else 0
    if lock != "true" or idle_seconds == 0:
        return CHECK.result(CheckStatus.FAIL, "The screen never locks itself when left alone. "
                            "Turn on automatic screen lock in Settings, Privacy, Screen.", facts)
    total = idle_seconds + delay_seconds
    if total <= MAX_SECONDS:
        return CHECK.result(CheckStatus.PASS, f"The screen locks itself after {_minutes(total)} "
                            "without use.", facts)
    return CHECK.result(CheckStatus.FAIL, f"The screen only locks after {_minutes(total)} "
                        "without use. Make it 15 minutes or less.", facts)


CHECK = Check(CHECK_ID, TITLE, (requirement("CFG-03"),), Severity.MEDIUM, windows, linux)
