"""Which operating system, release and edition this computer runs, and is it supported?

The question that fails most small bodies: Windows 10 left support on 14 October 2025 and
each Windows 11 release ends on its own date by edition. Windows is read from CIM and the
registry (the SKU number and EditionID do not change with the display language); Linux from
/etc/os-release. The verdict comes from the support dates, never from code.
"""

from __future__ import annotations

import platform as py_platform
import socket
from pathlib import Path
from typing import Any

from psn_desktop.checks.base import Check, ScanContext, powershell_json, requirement, windows_script
from psn_desktop.checks.result import CheckResult, CheckStatus
from psn_desktop.domain.model import DeviceType, Severity
from psn_desktop.domain.os_names import OsGuess, recognise_linux, recognise_os
from psn_desktop.domain.support import SupportState, support_status

CHECK_ID = "operating-system"
TITLE = "Operating system still gets security updates"

WINDOWS_SCRIPT = windows_script(CHECK_ID)


def _verdict_result(guess: OsGuess, facts: dict[str, Any], ctx: ScanContext,
                    extended_updates: bool | None) -> CheckResult:
    facts.update(product=guess.product, version=guess.version, edition=guess.edition,
                 label=guess.label)
    if not guess.recognised:
        return CHECK.unknown(guess.problem, facts)
    verdict = support_status(guess.product, guess.version or None, guess.edition or None,
                             ctx.as_of, extended_updates=extended_updates, data=ctx.support)
    facts["support_state"] = verdict.state.value
    facts["support_end"] = verdict.end_date.isoformat() if verdict.end_date else None
    facts["depends_on"] = verdict.depends_on
    text = f"This computer runs {guess.label}. {verdict.reason}"
    if verdict.state is SupportState.YES:
        return CHECK.result(CheckStatus.PASS, text, facts)
    if verdict.state is SupportState.NO:
        return CHECK.result(CheckStatus.FAIL, text, facts)
    return CHECK.result(CheckStatus.UNKNOWN, text, facts, reason=verdict.reason)


def parse_windows(data: Any, ctx: ScanContext) -> CheckResult:
    """Decide from the script's JSON (a dict); tested on real outputs in tests/fixtures."""
    if not isinstance(data, dict):
        return CHECK.unknown("Windows did not say which version it is (the answer was empty). "
                             "Look in Settings, System, About, and record it by hand.")
    caption = str(data.get("Caption") or data.get("ProductName") or "")
    release = str(data.get("DisplayVersion") or data.get("ReleaseId") or "")
    guess = recognise_os(caption, version=release, build=str(data.get("Version") or ""),
                         edition=str(data.get("EditionID") or ""),
                         sku=data.get("OperatingSystemSKU"))
    product_type = data.get("ProductType")
    device_type = DeviceType.SERVER if product_type in (2, 3) else (
        DeviceType.LAPTOP if data.get("HasBattery") else DeviceType.DESKTOP)
    facts: dict[str, Any] = {
        "computer_name": data.get("ComputerName") or "",
        "caption": caption, "build": data.get("Version"), "release": release,
        "edition_id": data.get("EditionID"), "sku": data.get("OperatingSystemSKU"),
        "update_revision": data.get("UBR"), "device_type": device_type.value,
        "extended_updates": data.get("EsuLicensed"),
    }
    esu = data.get("EsuLicensed")
    return _verdict_result(guess, facts, ctx, esu if isinstance(esu, bool) else None)


def windows(ctx: ScanContext) -> CheckResult:
    data, _output, problem = powershell_json(ctx, CHECK_ID, WINDOWS_SCRIPT, timeout=30)
    if problem:
        return CHECK.unknown(f"Windows did not say which version it is ({problem}). Look in "
                             "Settings, System, About, and record it by hand.")
    return parse_windows(data, ctx)


def parse_os_release(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() and not key.startswith("#"):
            fields[key.strip()] = value.strip().strip('"').strip("'")
    return fields


def linux(ctx: ScanContext) -> CheckResult:
    text = ctx.runner.read_text("os-release", "/etc/os-release")
    if text is None:
        text = ctx.runner.read_text("os-release", "/usr/lib/os-release")
    if text is None:
        return CHECK.unknown("This Linux has no /etc/os-release file, so its distribution and "
                             "release cannot be read. Record them by hand.")
    fields = parse_os_release(text)
    battery = any(Path("/sys/class/power_supply").glob("BAT*"))
    facts: dict[str, Any] = {
        "computer_name": socket.gethostname(), "os_release": fields,
        "kernel": py_platform.release(),
        "device_type": (DeviceType.LAPTOP if battery else DeviceType.DESKTOP).value,
    }
    # Ubuntu Pro (ESM) is the paid extension; "pro status" needs no admin rights.
    return _verdict_result(recognise_linux(fields), facts, ctx, None
                           if fields.get("ID") == "ubuntu" else False)


CHECK = Check(CHECK_ID, TITLE, (requirement("PAT-01"), requirement("CFG-04")), Severity.HIGH,
              windows, linux)
