"""The collector for other PCs: write it to a USB stick or share, and import what it brings.

Staff run the collector on each PC without admin rights; it writes one JSON file per PC
(format "psn-desktop-collector", version 1). The Windows collector runs the very scripts the
app's own scan runs, so its answers are parsed by the same code and become the same results
and findings; the Mac and Linux collector (POSIX sh) reports the system and a few settings.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

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
from psn_desktop.checks.base import ScanContext, windows_script
from psn_desktop.checks.result import CheckResult, CheckStatus
from psn_desktop.checks.runner import CommandRunner
from psn_desktop.checks.scan import ScanReport
from psn_desktop.domain.dates import uk_date
from psn_desktop.domain.model import DeviceType
from psn_desktop.domain.os_names import recognise_os
from psn_desktop.domain.support import SupportData
from psn_desktop.resource_files import resource_path

FORMAT = "psn-desktop-collector"
MAX_FILE_BYTES = 2 * 1024 * 1024
SUFFIX = ".psn-device.json"
WINDOWS_PARSERS = (
    (operating_system.CHECK, operating_system.parse_windows),
    (last_update.CHECK, last_update.parse_windows),
    (firewall.CHECK, firewall.parse_windows),
    (antimalware.CHECK, antimalware.parse_windows),
    (encryption.CHECK, encryption.parse_windows),
    (screen_lock.CHECK, screen_lock.parse_windows),
    (admin_accounts.CHECK, admin_accounts.parse_windows),
    (autorun.CHECK, autorun.parse_windows),
)
LAUNCHER = ("@echo off\r\n"
            "rem Runs the PSN Desktop collector; no admin rights needed.\r\n"
            "powershell.exe -NoLogo -NoProfile -ExecutionPolicy Bypass -File "
            "\"%~dp0psn-collector.ps1\"\r\n"
            "pause\r\n")
HOW_TO = """PSN Desktop collector
=====================

This folder finds out which system each computer runs and how it is set up, so PSN Desktop
can check that every computer still gets security updates. It changes nothing and needs no
admin rights.

On each Windows PC: double-click "Run PSN collector.cmd". A window opens for a few seconds
and saves a file named after the computer (for example OFFICE-PC-01.psn-device.json) in this
folder.

On each Mac or Linux computer: open Terminal, go to this folder and type
    sh psn-collector.sh

When every computer is done, bring this folder back to the computer that runs PSN Desktop,
open "Devices and software" and choose "Import devices", then pick this folder.

If Windows says scripts are blocked on a PC, ask your IT support to run it there.
"""


class CollectorProblem(Exception):
    """A collector file that cannot be used; the message names the file and says why."""


def collector_script() -> str:
    """The Windows collector: the scan's own check scripts, each wrapped so one failing check
    is reported instead of stopping the rest.

    Built from the same files the scan runs, so the collector can never drift from the scan.
    """
    template = resource_path("collector", "psn-collector.ps1.in").read_text(encoding="utf-8")
    blocks = []
    for check, _parse in WINDOWS_PARSERS:
        cid = check.check_id
        body = windows_script(cid).split("\n", 1)[1]  # without its own header comment
        if not body.endswith("\n"):
            body += "\n"
        blocks.append(f"# BEGIN CHECK {cid}\ntry {{\n  $json = & {{\n{body}  }}\n"
                      f"  $checks['{cid}'] = $json | ConvertFrom-Json\n"
                      f"}} catch {{ $problems['{cid}'] = $_.Exception.Message }}\n"
                      f"# END CHECK {cid}\n")
    return template.replace("# @CHECKS@\n", "\n".join(blocks))


def write_collector(folder: Path) -> list[Path]:
    """Copy the collector into ``folder`` (a USB stick or shared folder) with instructions."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    script = folder / "psn-collector.ps1"
    script.write_text(collector_script(), encoding="utf-8", newline="")
    shell = folder / "psn-collector.sh"
    shutil.copyfile(resource_path("collector", "psn-collector.sh"), shell)
    written += [script, shell]
    launcher = folder / "Run PSN collector.cmd"
    launcher.write_bytes(LAUNCHER.encode("ascii"))
    readme = folder / "READ ME FIRST.txt"
    readme.write_text(HOW_TO.replace("\n", "\r\n"), encoding="utf-8", newline="")
    return [launcher, readme, *written]


@dataclass
class CollectedFile:
    path: Path
    report: ScanReport
    collected_on: date | None = None


@dataclass
class FolderImport:
    files: list[CollectedFile] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_document(path: Path) -> dict[str, Any]:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CollectorProblem(f"{path.name} is too large to be a collector file.")
        raw = path.read_bytes()
    except OSError as error:
        raise CollectorProblem(f"{path.name} cannot be read ({error.strerror}).") from None
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            doc = json.loads(raw.decode(encoding))
            break
        except (UnicodeDecodeError, json.JSONDecodeError):
            doc = None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise CollectorProblem(f"{path.name} is not a PSN Desktop collector file.")
    if doc.get("format_version") != 1:
        raise CollectorProblem(f"{path.name} was made by a newer collector (format "
                               f"{doc.get('format_version')}). Update PSN Desktop.")
    return doc


def report_from_document(doc: dict[str, Any], as_of: date, support: SupportData,
                         name: str = "the file") -> ScanReport:
    """The collector's answers as a scan report for the computer it ran on."""
    platform = str(doc.get("platform") or "")
    ctx = ScanContext(CommandRunner(), as_of, "win32" if platform == "windows" else platform,
                      support)
    checks = doc.get("checks") if isinstance(doc.get("checks"), dict) else {}
    if platform == "windows":
        results = _windows_results(checks, doc.get("problems") or {}, ctx)
    elif platform in ("linux", "macos"):
        results = _posix_results(doc, checks, ctx)
    else:
        raise CollectorProblem(f"{name} comes from an unknown kind of computer ({platform!r}).")
    computer = str(doc.get("computer_name") or "").strip()
    if not computer:
        raise CollectorProblem(f"{name} does not say which computer it came from.")
    return ScanReport(computer_name=computer, platform=platform, as_of=as_of,
                      started_at=str(doc.get("collected_at") or ""), seconds=0.0,
                      results=results, support_data_reviewed=support.reviewed,
                      extra={"collector": True, "user": doc.get("user")})


def _windows_results(checks: dict[str, Any], problems: Any, ctx: ScanContext) -> list[CheckResult]:
    results = []
    for check, parse in WINDOWS_PARSERS:
        if check.check_id in checks:
            try:
                results.append(parse(checks[check.check_id], ctx))
            except Exception as error:  # odd data from one check must not lose the PC
                results.append(check.unknown(f"The collector's answer could not be read "
                                             f"({type(error).__name__})."))
        else:
            why = problems.get(check.check_id) if isinstance(problems, dict) else None
            results.append(check.unknown(f"The collector could not run this check on that PC "
                                         f"({why or 'no answer'})."))
    return results


def _posix_results(doc: dict[str, Any], checks: dict[str, Any],
                   ctx: ScanContext) -> list[CheckResult]:
    os_info = doc.get("os") if isinstance(doc.get("os"), dict) else {}
    if doc.get("platform") == "macos":
        guess = recognise_os(f"macOS {os_info.get('version', '')}")
    else:
        from psn_desktop.domain.os_names import recognise_linux

        guess = recognise_linux({"ID": str(os_info.get("id") or ""),
                                 "VERSION_ID": str(os_info.get("version") or ""),
                                 "PRETTY_NAME": str(os_info.get("pretty_name") or "")})
    laptop = doc.get("platform") == "macos" and "book" in str(os_info.get("model", "")).lower()
    facts = {"computer_name": doc.get("computer_name"), "os": os_info,
             "device_type": (DeviceType.LAPTOP if laptop else DeviceType.DESKTOP).value}
    results = [operating_system._verdict_result(guess, facts, ctx, False)]
    text = {key: str(checks.get(key) or "").strip() for key in
            ("firewall", "disk-encryption", "last-update", "admin-accounts")}
    results.append(_posix_firewall(text["firewall"]))
    results.append(_posix_encryption(text["disk-encryption"], doc.get("platform") == "macos"))
    results.append(_posix_update(text["last-update"], ctx))
    results.append(_posix_admin(text["admin-accounts"], str(doc.get("user") or "")))
    return results


def _posix_firewall(state: str) -> CheckResult:
    check = firewall.CHECK
    lowered = state.lower()
    if not lowered:
        return check.unknown("The collector could not read the firewall on that computer "
                             "without admin rights.")
    if "enabled" in lowered or lowered.endswith("yes"):
        return check.result(CheckStatus.PASS, f"The firewall is on ({state}).", {"state": state})
    return check.result(CheckStatus.FAIL, f"The firewall is off ({state}). Turn it on.",
                        {"state": state})


def _posix_encryption(state: str, mac: bool) -> CheckResult:
    check = encryption.CHECK
    if not state:
        return check.unknown("The collector could not tell whether the disk is encrypted "
                             "there.")
    if "is on" in state.lower():
        return check.result(CheckStatus.PASS, "FileVault encrypts the disk." if mac else
                            "The disk is encrypted.", {"state": state})
    return check.result(CheckStatus.FAIL, "The disk is not encrypted (FileVault is off): turn "
                        "on FileVault in System Settings, Privacy and Security." if mac else
                        "The disk is not encrypted.", {"state": state})


def _posix_update(text: str, ctx: ScanContext) -> CheckResult:
    try:
        when = date.fromisoformat(text[:10]) if text else None
    except ValueError:
        when = None
    if when is None or when > ctx.as_of:
        return last_update.CHECK.unknown("The collector found no dated update there.")
    return last_update._decide(when, "collector", {"reported": text}, ctx)


def _posix_admin(text: str, user: str) -> CheckResult:
    check = admin_accounts.CHECK
    if text in ("yes", "root"):
        return check.result(CheckStatus.FAIL, f"The account that ran the collector ({user}) is "
                            "an administrator. Use a standard account for everyday work.",
                            {"admin": text, "user": user})
    if text == "no":
        return check.result(CheckStatus.PASS, f"The account that ran the collector ({user}) is "
                            "a standard account.", {"admin": text, "user": user})
    return check.unknown("The collector could not tell whether the account is an "
                         "administrator.")


def read_collector_file(path: Path, as_of: date, support: SupportData) -> CollectedFile:
    doc = read_document(path)
    report = report_from_document(doc, as_of, support, Path(path).name)
    collected = None
    stamp = str(doc.get("collected_at") or "")
    try:
        collected = date.fromisoformat(stamp[:10]) if stamp else None
    except ValueError:
        collected = None
    return CollectedFile(Path(path), report, collected)


def read_collector_folder(folder: Path, as_of: date, support: SupportData) -> FolderImport:
    """Every collector file in ``folder`` (and below); files that are not are reported."""
    outcome = FolderImport()
    paths = sorted(p for p in Path(folder).rglob("*.json") if p.is_file())
    if not paths:
        outcome.problems.append(f"There are no collector files (*{SUFFIX}) in {folder}. Run the "
                                "collector on each PC first.")
    seen: dict[str, Path] = {}
    for path in paths:
        try:
            collected = read_collector_file(path, as_of, support)
        except CollectorProblem as problem:
            outcome.problems.append(str(problem))
            continue
        key = collected.report.computer_name.lower()
        if key in seen:
            earlier = seen[key]
            outcome.problems.append(f"{path.name} is a second file for "
                                    f"{collected.report.computer_name} (after {earlier.name}); "
                                    "the newer one is used.")
            previous = next(f for f in outcome.files if f.path == earlier)
            if (collected.collected_on or date.min) >= (previous.collected_on or date.min):
                outcome.files.remove(previous)
            else:
                continue
        seen[key] = path
        outcome.files.append(collected)
    return outcome


def describe(collected: CollectedFile) -> str:
    when = f" on {uk_date(collected.collected_on)}" if collected.collected_on else ""
    return f"{collected.report.computer_name} (collected{when})"
