"""Who has admin rights here, and is the person using it one of them?

Everyday work in an admin account lets any malicious link install itself. The local
Administrators group is found by its SID (S-1-5-32-544), not its name, because the name is
translated ("Administratoren", "Administrateurs"); ``whoami /groups`` shows that SID for an
admin even when Windows has filtered the rights until they are needed. The built-in
Administrator account should also be off.
"""

from __future__ import annotations

import getpass
import grp
import os
from typing import Any

from psn_desktop.checks.base import (
    Check,
    ScanContext,
    as_list,
    powershell_json,
    requirement,
    windows_script,
)
from psn_desktop.checks.result import CheckResult, CheckStatus
from psn_desktop.domain.model import Severity

CHECK_ID = "admin-accounts"
TITLE = "Everyday account is not an administrator"
ADMINISTRATORS_SID = "S-1-5-32-544"

WINDOWS_SCRIPT = windows_script(CHECK_ID)


def parse_windows(data: Any, ctx: ScanContext) -> CheckResult:
    if not isinstance(data, dict):
        return CHECK.unknown("Windows did not list its administrator accounts. Ask your IT "
                             "provider for the list.")
    members = [str(m.get("Name")) for m in as_list(data.get("Members"))
               if isinstance(m, dict) and m.get("Name")]
    builtin = data.get("BuiltinAdministrator")
    builtin_on = isinstance(builtin, dict) and builtin.get("Enabled") is True
    user = str(data.get("CurrentUser") or "")
    is_admin = data.get("CurrentUserIsAdmin")
    if is_admin is None and data.get("CurrentUserSid"):
        is_admin = any(str(m.get("SID")) == data["CurrentUserSid"]
                       for m in as_list(data.get("Members")) if isinstance(m, dict))
    facts: dict[str, Any] = {"administrators": members, "current_user": user,
                             "current_user_is_admin": is_admin,
                             "builtin_administrator_enabled": builtin_on,
                             "members_error": data.get("MembersError")}
    problems = []
    if is_admin:
        problems.append(f"The account in use ({user}) is an administrator. Use a standard "
                        "account for everyday work and a separate admin account only when "
                        "installing or changing things.")
    if builtin_on:
        problems.append(f"The built-in Administrator account ({builtin.get('Name')}) is switched "
                        "on; turn it off or protect it with a unique password (Windows LAPS).")
    listed = f" Administrators here: {', '.join(members)}." if members else ""
    if problems:
        return CHECK.result(CheckStatus.FAIL, " ".join(problems) + listed, facts)
    if is_admin is None:
        return CHECK.unknown("Windows would not say whether the account in use is an "
                             "administrator. Ask your IT provider.", facts)
    return CHECK.result(CheckStatus.PASS, f"The account in use ({user}) is a standard account, "
                        f"not an administrator.{listed}", facts)


def windows(ctx: ScanContext) -> CheckResult:
    data, _output, problem = powershell_json(ctx, CHECK_ID, WINDOWS_SCRIPT)
    if problem:
        return CHECK.unknown(f"The administrator accounts could not be listed ({problem}). Ask "
                             "your IT provider for the list.")
    return parse_windows(data, ctx)


ADMIN_GROUPS = ("sudo", "wheel", "admin")


def admin_members(group_text: str) -> dict[str, list[str]]:
    """Members of the admin groups in /etc/group text (group name -> members)."""
    found: dict[str, list[str]] = {}
    for line in group_text.splitlines():
        parts = line.split(":")
        if len(parts) >= 4 and parts[0] in ADMIN_GROUPS:
            found[parts[0]] = [m for m in parts[3].split(",") if m]
    return found


def linux(ctx: ScanContext) -> CheckResult:
    text = ctx.runner.read_text("etc-group", "/etc/group") or ""
    groups = admin_members(text)
    user = getpass.getuser()
    admins = sorted({"root", *(m for members in groups.values() for m in members)})
    my_groups = set()
    for gid in os.getgroups():
        try:
            my_groups.add(grp.getgrgid(gid).gr_name)
        except KeyError:
            continue
    facts: dict[str, Any] = {"current_user": user, "admin_groups": groups,
                             "administrators": admins}
    if os.geteuid() == 0:
        return CHECK.result(CheckStatus.FAIL, "This was run as root, the all-powerful account. "
                            "Use an ordinary account for everyday work and sudo only when "
                            f"needed. Administrators here: {', '.join(admins)}.", facts)
    in_admin = sorted(my_groups & set(ADMIN_GROUPS))
    if in_admin:
        return CHECK.result(CheckStatus.FAIL, f"The account in use ({user}) can become an "
                            f"administrator (it is in the {in_admin[0]} group). Use a separate "
                            "admin account for admin work. Administrators here: "
                            f"{', '.join(admins)}.", facts)
    return CHECK.result(CheckStatus.PASS, f"The account in use ({user}) is an ordinary account. "
                        f"Administrators here: {', '.join(admins)}.", facts)


CHECK = Check(CHECK_ID, TITLE, (requirement("ACC-02"),), Severity.MEDIUM, windows, linux)
