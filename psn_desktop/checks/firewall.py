"""Is the firewall on for every network profile?

Windows has three firewall profiles (domain, private, public); one left off is the usual
gap. The profiles are read with Get-NetFirewallProfile, whose True/False values are the same
in every language; if that is refused, netsh's text is read, whose words are localised
("Status EIN", "État Actif"), so the common languages are understood. A third-party
firewall registered with Windows Security counts too.
"""

from __future__ import annotations

import os
import re
import shutil
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
from psn_desktop.checks.result import CheckResult, CheckStatus
from psn_desktop.checks.security_center import product_enabled
from psn_desktop.domain.model import Severity

CHECK_ID = "firewall"
TITLE = "Firewall on for every network"

WINDOWS_SCRIPT = windows_script(CHECK_ID)

_ON = {"on", "ein", "actif", "active", "activé", "activado", "activar", "attivo", "aan",
       "ligado", "włączony", "вкл", "ja", "yes"}
_OFF = {"off", "aus", "inactif", "désactivé", "desactivado", "desactivar", "disattivo", "uit",
        "desligado", "wyłączony", "выкл", "nein", "no"}
_STATE_LINE = re.compile(r"^\s*(state|status|état|etat|estado|stato|staat|stan|состояние)"
                         r"\s+(\S+)\s*$", re.I | re.M)


def parse_netsh(text: str) -> list[bool | None]:
    """The on/off state of each profile in netsh's (possibly localised) text."""
    states: list[bool | None] = []
    for match in _STATE_LINE.finditer(text):
        word = match[2].lower()
        states.append(True if word in _ON else False if word in _OFF else None)
    return states


def parse_windows(data: Any, ctx: ScanContext) -> CheckResult:
    if not isinstance(data, dict):
        return CHECK.unknown("Windows did not report its firewall settings. Open Windows "
                             "Security, Firewall and network protection, and look there.")
    profiles: dict[str, bool | None] = {}
    for item in as_list(data.get("Profiles")):
        if isinstance(item, dict) and item.get("Name"):
            value = str(item.get("Enabled", "")).strip().lower()
            profiles[str(item["Name"])] = (True if value in ("true", "1") else
                                           False if value in ("false", "0") else None)
    if not profiles and data.get("Netsh"):
        names = ("Domain", "Private", "Public")
        for name, state in zip(names, parse_netsh(str(data["Netsh"])), strict=False):
            profiles[name] = state
    others = [str(p.get("displayName")) for p in as_list(data.get("Products"))
              if isinstance(p, dict) and product_enabled(p.get("productState"))]
    facts: dict[str, Any] = {"profiles": profiles, "other_firewalls": others,
                             "profile_error": data.get("ProfileError")}
    if not profiles or any(v is None for v in profiles.values()):
        if others:
            return CHECK.result(CheckStatus.PASS, f"{_names(others)} protects this computer.",
                                facts)
        return CHECK.unknown("The firewall settings could not be read "
                             f"({data.get('ProfileError') or 'no answer'}). Open Windows "
                             "Security, Firewall and network protection, and check that every "
                             "network shows the firewall as on.", facts)
    off = [name for name, on in profiles.items() if not on]
    if not off:
        return CHECK.result(CheckStatus.PASS, "Windows Defender Firewall is on for every network "
                            f"({', '.join(profiles)}).", facts)
    if others:
        return CHECK.result(CheckStatus.PASS, f"{_names(others)} protects this computer "
                            f"(Windows Defender Firewall is off for {', '.join(off)}, which is "
                            "normal when another firewall takes over).", facts)
    return CHECK.result(CheckStatus.FAIL, "Windows Defender Firewall is off for the "
                        f"{_names(off)} network{'s' if len(off) > 1 else ''}. Turn it on in "
                        "Windows Security, Firewall and network protection (or ask your IT "
                        "provider to), so this computer is protected on every network.", facts)


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def windows(ctx: ScanContext) -> CheckResult:
    data, _output, problem = powershell_json(ctx, CHECK_ID, WINDOWS_SCRIPT)
    if problem:
        return CHECK.unknown(f"The firewall settings could not be read ({problem}). Open "
                             "Windows Security, Firewall and network protection, and look there.")
    return parse_windows(data, ctx)


def linux(ctx: ScanContext) -> CheckResult:
    facts: dict[str, Any] = {}
    ufw = ctx.runner.read_text("ufw-conf", "/etc/ufw/ufw.conf")
    if ufw is not None:
        enabled = re.search(r"^\s*ENABLED\s*=\s*(\w+)", ufw, re.M)
        facts["ufw_enabled"] = enabled[1].lower() if enabled else None
        if enabled and enabled[1].lower() == "yes":
            return CHECK.result(CheckStatus.PASS, "The ufw firewall is switched on.", facts)
    if shutil.which("firewall-cmd"):
        state = ctx.runner.run("firewalld-state", ["firewall-cmd", "--state"], timeout=10)
        facts["firewalld"] = state.stdout.strip() or state.problem()
        if state.ok and state.stdout.strip() == "running":
            return CHECK.result(CheckStatus.PASS, "The firewalld firewall is running.", facts)
    tools = [t for t in ("nft", "iptables") if shutil.which(t)]
    facts["tools"] = tools
    if tools and os.geteuid() == 0:
        rules = ctx.runner.run("firewall-rules", ["nft", "list", "ruleset"] if "nft" in tools
                               else ["iptables", "-S"], timeout=10)
        facts["rules_lines"] = len(rules.stdout.splitlines())
        if rules.ok and _linux_rules_filter(rules.stdout):
            return CHECK.result(CheckStatus.PASS, "Firewall rules are loaded and block "
                                "incoming connections by default.", facts)
        if rules.ok:
            return CHECK.result(CheckStatus.FAIL, "No firewall rules block incoming "
                                "connections. Turn on a firewall (for example ufw) and allow "
                                "only what is needed.", facts)
    if tools:
        return CHECK.unknown("The firewall rules can only be read with admin (root) rights, "
                             "and neither ufw nor firewalld is switched on. Ask your IT "
                             "provider to confirm the firewall is on.", facts)
    if ufw is not None or Path("/usr/sbin/ufw").exists():
        return CHECK.result(CheckStatus.FAIL, "The ufw firewall is installed but switched "
                            "off. Turn it on with 'sudo ufw enable'.", facts)
    return CHECK.result(CheckStatus.FAIL, "No firewall was found on this computer (ufw, "
                        "firewalld, nftables or iptables). Install and turn on a firewall, or "
                        "make sure the network's firewall protects it.", facts)


def _linux_rules_filter(text: str) -> bool:
    """True when the input chain drops or rejects by default (nft or iptables syntax)."""
    if re.search(r"hook input[^;]*;\s*policy (drop|reject)", text):
        return True
    return bool(re.search(r"^-P INPUT (DROP|REJECT)", text, re.M))


CHECK = Check(CHECK_ID, TITLE, (requirement("BND-01"),), Severity.HIGH, windows, linux)
