"""Is auto-run of USB sticks and discs switched off?

Malware on a USB stick used to start itself the moment it was plugged in. Windows can turn
off AutoRun and AutoPlay by policy (NoDriveTypeAutoRun, NoAutorun) or per user
(DisableAutoplay); any of them is enough. On Linux the GNOME "never prompt or start
programs on media insertion" setting is read.
"""

from __future__ import annotations

import shutil
from typing import Any

from psn_desktop.checks.base import Check, ScanContext, powershell_json, requirement, windows_script
from psn_desktop.checks.result import CheckResult, CheckStatus
from psn_desktop.checks.screen_lock import gsettings, has_desktop_session
from psn_desktop.domain.model import Severity

CHECK_ID = "auto-run"
TITLE = "Auto-run of USB sticks and discs is off"
REMOVABLE = 0x04  # NoDriveTypeAutoRun bit for removable drives

WINDOWS_SCRIPT = windows_script(CHECK_ID)


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip(), 0) if isinstance(value, str) else int(value)
    except (TypeError, ValueError):
        return None


def parse_windows(data: Any, ctx: ScanContext) -> CheckResult:
    if not isinstance(data, dict):
        return CHECK.unknown("Windows did not report its AutoPlay settings. Check Settings, "
                             "Bluetooth and devices, AutoPlay.")
    facts = dict(data)
    ways = []
    for scope in ("Machine", "User"):
        mask = _int(data.get(f"{scope}NoDriveTypeAutoRun"))
        if mask is not None and mask & REMOVABLE:
            ways.append(f"{scope.lower()} policy for removable drives")
        if _int(data.get(f"{scope}NoAutorun")) == 1:
            ways.append(f"{scope.lower()} policy turning AutoRun off")
    if _int(data.get("DisableAutoplay")) == 1:
        ways.append("AutoPlay switched off in Settings")
    facts["turned_off_by"] = ways
    if ways:
        return CHECK.result(CheckStatus.PASS, "Programs on USB sticks and discs cannot start by "
                            f"themselves (turned off by the {ways[0]}).", facts)
    return CHECK.result(CheckStatus.FAIL, "AutoPlay is on: when a USB stick or disc goes in, "
                        "Windows offers to open or run what is on it. Turn it off in Settings, "
                        "Bluetooth and devices, AutoPlay (your IT provider can turn it off for "
                        "every PC by policy).", facts)


def windows(ctx: ScanContext) -> CheckResult:
    data, _output, problem = powershell_json(ctx, CHECK_ID, WINDOWS_SCRIPT)
    if problem:
        return CHECK.unknown(f"The AutoPlay settings could not be read ({problem}). Check "
                             "Settings, Bluetooth and devices, AutoPlay.")
    return parse_windows(data, ctx)


def linux(ctx: ScanContext) -> CheckResult:
    if not has_desktop_session():
        return CHECK.unknown("This computer has no desktop session, so nothing opens USB sticks "
                             "automatically; there is no AutoPlay setting to check.")
    if not shutil.which("gsettings"):
        return CHECK.unknown("The desktop's settings tool (gsettings) is not installed, so the "
                             "media settings cannot be read.")
    never = gsettings(ctx, "gsettings-autorun-never", "org.gnome.desktop.media-handling",
                      "autorun-never")
    facts = {"autorun_never": never}
    if never is None:
        return CHECK.unknown("This desktop does not use the GNOME media settings, so auto-run "
                             "cannot be read. Check the desktop's removable media settings.",
                             facts)
    if never == "true":
        return CHECK.result(CheckStatus.PASS, "The desktop never starts programs from USB "
                            "sticks or discs.", facts)
    return CHECK.result(CheckStatus.FAIL, "The desktop may offer to start programs from USB "
                        "sticks or discs. Turn on 'Never prompt or start programs on media "
                        "insertion' in Settings, Removable Media.", facts)


CHECK = Check(CHECK_ID, TITLE, (requirement("MED-02"),), Severity.MEDIUM, windows, linux)
