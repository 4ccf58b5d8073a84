"""Is the system disk encrypted?

BitLocker's full status needs admin rights, but Explorer shows a padlock to everyone: the
Shell's System.Volume.BitLockerProtection property gives the same answer without them, so
it is read first and Get-BitLockerVolume only adds detail where it is allowed. On Linux the
root file system is traced back to its disk to see whether a LUKS (dm-crypt) layer sits
under it.
"""

from __future__ import annotations

import json
from typing import Any

from psn_desktop.checks.base import Check, ScanContext, powershell_json, requirement, windows_script
from psn_desktop.checks.result import CheckResult, CheckStatus
from psn_desktop.domain.model import Severity

CHECK_ID = "disk-encryption"
TITLE = "System disk encrypted"

WINDOWS_SCRIPT = windows_script(CHECK_ID)

# System.Volume.BitLockerProtection: 1 on, 2 off, 3 encrypting, 4 decrypting,
# 5 protection suspended, 6 on and locked.
_SHELL_STATES = {1: "on", 2: "off", 3: "encrypting", 4: "decrypting", 5: "suspended", 6: "on"}


def parse_windows(data: Any, ctx: ScanContext) -> CheckResult:
    if not isinstance(data, dict):
        return CHECK.unknown("Windows did not report the disk's encryption. Search for "
                             "'Manage BitLocker' in the Start menu and look there.")
    drive = str(data.get("SystemDrive") or "C:")
    volume = data.get("BitLocker") if isinstance(data.get("BitLocker"), dict) else None
    state = None
    if volume:
        protection = str(volume.get("ProtectionStatus", "")).lower()
        status = str(volume.get("VolumeStatus", "")).lower()
        if protection == "on":
            state = "on"
        elif "encryptioninprogress" in status:
            state = "encrypting"
        elif "fullyencrypted" in status:
            state = "suspended"
        elif status:
            state = "off"
    if state is None:
        try:
            state = _SHELL_STATES.get(int(data.get("ShellProtection")))
        except (TypeError, ValueError):
            state = None
    facts = {"drive": drive, "state": state, "bitlocker": volume,
             "shell_value": data.get("ShellProtection"),
             "bitlocker_error": data.get("BitLockerError")}
    if state == "on":
        return CHECK.result(CheckStatus.PASS, f"BitLocker encrypts drive {drive}, so the data is "
                            "safe if this computer is lost or stolen.", facts)
    if state == "off":
        return CHECK.result(CheckStatus.FAIL, f"Drive {drive} is not encrypted: anyone who takes "
                            "this computer can read its files. Turn on BitLocker (or device "
                            "encryption) and keep the recovery key safe; your IT provider can do "
                            "it for every PC at once.", facts)
    if state == "suspended":
        return CHECK.result(CheckStatus.FAIL, f"BitLocker protection on drive {drive} is "
                            "suspended, so the disk can be read without the key. Resume "
                            "protection in Manage BitLocker.", facts)
    if state in ("encrypting", "decrypting"):
        return CHECK.unknown(f"BitLocker is still {state} drive {drive}. Run the scan again when "
                             "it has finished.", facts)
    return CHECK.unknown("Windows would not say whether the disk is encrypted without admin "
                         "rights. Search for 'Manage BitLocker' in the Start menu, or ask your "
                         "IT provider.", facts)


def windows(ctx: ScanContext) -> CheckResult:
    data, _output, problem = powershell_json(ctx, CHECK_ID, WINDOWS_SCRIPT)
    if problem:
        return CHECK.unknown(f"The disk's encryption could not be read ({problem}). Search for "
                             "'Manage BitLocker' in the Start menu and look there.")
    return parse_windows(data, ctx)


def root_is_encrypted(lsblk_json: str) -> bool | None:
    """From ``lsblk -J -s -o NAME,TYPE,MOUNTPOINT``: is "/" on a crypt device? None: no "/"."""
    tree = json.loads(lsblk_json)

    def walk(node: dict[str, Any]) -> bool:
        # With -s the children are the devices *under* this one.
        if node.get("type") == "crypt":
            return True
        return any(walk(child) for child in node.get("children", []) or [])

    for node in tree.get("blockdevices", []):
        mounts = node.get("mountpoints") or [node.get("mountpoint")]
        if "/" in mounts:
            return walk(node)
    return None


def linux(ctx: ScanContext) -> CheckResult:
    mounts = ctx.runner.read_text("proc-mounts", "/proc/mounts") or ""
    root_source = next((line.split()[0] for line in mounts.splitlines()
                        if len(line.split()) > 1 and line.split()[1] == "/"), "")
    facts: dict[str, Any] = {"root_source": root_source}
    if root_source in ("overlay", "none", "rootfs") or root_source.startswith("/dev/root"):
        return CHECK.unknown("This system runs inside a container or virtual file system, so the "
                             "disk underneath cannot be seen from here. Check the encryption "
                             "on the host computer.", facts)
    output = ctx.runner.run("lsblk", ["lsblk", "-J", "-s", "-o", "NAME,TYPE,MOUNTPOINT"],
                            timeout=10)
    if output.ok:
        try:
            encrypted = root_is_encrypted(output.stdout)
        except (ValueError, AttributeError):
            encrypted = None
        facts["root_encrypted"] = encrypted
        if encrypted is True:
            return CHECK.result(CheckStatus.PASS, "The disk this system runs from is encrypted "
                                "(LUKS).", facts)
        if encrypted is False:
            return CHECK.result(CheckStatus.FAIL, "The disk this system runs from is not "
                                "encrypted: anyone who takes the computer can read its files. "
                                "Encryption (LUKS) is set when Linux is installed; plan a "
                                "reinstall with encryption on.", facts)
    return CHECK.unknown("The disk layout could not be read "
                         f"({output.problem() or 'the root file system was not listed'}). Ask "
                         "your IT provider whether the disk is encrypted.", facts)


CHECK = Check(CHECK_ID, TITLE, (requirement("REM-02"),), Severity.HIGH, windows, linux)
