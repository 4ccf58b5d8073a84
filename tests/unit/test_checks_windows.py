"""Windows checks, parsed from real-shaped outputs: English, French, German and Russian
Windows, missing fields, localised and odd date forms, and each pass/fail/could-not-tell.

The fixtures are what the check's PowerShell script prints (tests/fixtures/windows/<check>/).
The Windows CI runs the real scripts with ``psn-desktop check --raw-output DIR`` and adds
their outputs here, so every parser is tested against what Windows really says.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

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
from psn_desktop.checks.base import ScanContext, load_json, windows_script
from psn_desktop.checks.collector import collector_script
from psn_desktop.checks.dates import parse_windows_date
from psn_desktop.checks.result import CheckStatus
from psn_desktop.checks.runner import CommandRunner
from psn_desktop.checks.scan import ALL_CHECKS
from psn_desktop.checks.security_center import definitions_current, product_enabled
from psn_desktop.resource_files import resource_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "windows"
AS_OF = date(2026, 11, 23)
PARSERS = {
    "operating-system": operating_system.parse_windows,
    "last-update": last_update.parse_windows,
    "firewall": firewall.parse_windows,
    "anti-malware": antimalware.parse_windows,
    "disk-encryption": encryption.parse_windows,
    "screen-lock": screen_lock.parse_windows,
    "admin-accounts": admin_accounts.parse_windows,
    "auto-run": autorun.parse_windows,
}
PASS, FAIL, UNKNOWN = CheckStatus.PASS, CheckStatus.FAIL, CheckStatus.UNKNOWN

# (check, fixture) -> (status, words the explanation must contain)
EXPECTED = {
    ("operating-system", "win11-23h2-pro-en-gb"): (FAIL, ["Windows 11 23H2 Home or Pro",
                                                          "11 November 2025", "25H2"]),
    ("operating-system", "win10-22h2-pro-fr-fr"): (FAIL, ["Windows 10 22H2",
                                                          "14 October 2025"]),
    ("operating-system", "win10-22h2-education-esu-de-de"): (PASS, ["Extended Security",
                                                                    "10 October 2028"]),
    ("operating-system", "win11-24h2-enterprise-ru-ru"): (PASS, ["Windows 11 24H2",
                                                                 "12 October 2027"]),
    ("operating-system", "win7-sp1-pro"): (FAIL, ["Windows 7", "14 January 2020"]),
    ("operating-system", "server-2019-datacenter"): (PASS, ["Windows Server 2019",
                                                            "9 January 2029"]),
    ("operating-system", "win11-missing-fields"): (UNKNOWN, ["depends on the edition"]),
    ("last-update", "history-recent"): (PASS, ["20 November 2026", "3 days ago"]),
    ("last-update", "hotfixes-only-us-dates-and-filetime"): (PASS, ["11 November 2026"]),
    ("last-update", "stale-localised-uk-dates"): (FAIL, ["20 August 2026", "95 days"]),
    ("last-update", "nothing-dated"): (UNKNOWN, ["cannot be told"]),
    ("firewall", "all-on"): (PASS, ["every network", "Domain, Private, Public"]),
    ("firewall", "public-off"): (FAIL, ["off for the Public network"]),
    ("firewall", "netsh-fallback-de-de"): (FAIL, ["off for the Public network"]),
    ("firewall", "netsh-fallback-fr-fr"): (PASS, ["every network"]),
    ("firewall", "third-party-takes-over"): (PASS, ["Sophos Firewall"]),
    ("anti-malware", "defender-current"): (PASS, ["Windows Defender", "up to date"]),
    ("anti-malware", "third-party-out-of-date"): (FAIL, ["Sophos Anti-Virus", "out of date"]),
    ("anti-malware", "server-no-security-center"): (PASS, ["Microsoft Defender Antivirus",
                                                           "1 day old"]),
    ("anti-malware", "all-off"): (FAIL, ["switched off"]),
    ("anti-malware", "nothing-answered"): (UNKNOWN, ["Access denied"]),
    ("disk-encryption", "shell-on-no-admin"): (PASS, ["BitLocker encrypts drive C:"]),
    ("disk-encryption", "shell-off-no-admin"): (FAIL, ["not encrypted"]),
    ("disk-encryption", "admin-suspended"): (FAIL, ["suspended"]),
    ("disk-encryption", "admin-on"): (PASS, ["BitLocker"]),
    ("disk-encryption", "home-edition-no-bitlocker"): (UNKNOWN, ["admin rights"]),
    ("screen-lock", "policy-15-minutes"): (PASS, ["15 minutes", "machine inactivity limit"]),
    ("screen-lock", "screensaver-10-minutes"): (PASS, ["10 minutes", "screen saver"]),
    ("screen-lock", "sleep-30-minutes"): (FAIL, ["30 minutes", "sleep"]),
    ("screen-lock", "never-locks"): (FAIL, ["never locks"]),
    ("admin-accounts", "standard-user"): (PASS, ["SCHOOL\\g.lewis", "standard account"]),
    ("admin-accounts", "everyday-admin-de-de"): (FAIL, ["EMPFANG-PC\\empfang",
                                                        "is an administrator"]),
    ("admin-accounts", "builtin-enabled-fallback"): (FAIL, ["built-in Administrator"]),
    ("auto-run", "policy-all-drives"): (PASS, ["machine policy"]),
    ("auto-run", "windows-default"): (FAIL, ["AutoPlay is on"]),
    ("auto-run", "user-turned-off"): (PASS, ["switched off in Settings"]),
    ("auto-run", "nothing-set"): (FAIL, ["AutoPlay is on"]),
}


def context() -> ScanContext:
    return ScanContext(CommandRunner(), AS_OF, "win32")


def fixture_ids() -> list[tuple[str, str]]:
    return sorted((p.parent.name, p.stem) for p in FIXTURES.glob("*/*.json")
                  if p.parent.name in PARSERS)


def test_every_fixture_has_an_expectation() -> None:
    # A fixture the Windows CI adds must be given its expected answer here.
    assert set(fixture_ids()) == set(EXPECTED)


@pytest.mark.parametrize(("check_id", "name"), sorted(EXPECTED), ids="/".join)
def test_windows_fixture(check_id: str, name: str) -> None:
    status, words = EXPECTED[(check_id, name)]
    text = (FIXTURES / check_id / f"{name}.json").read_text(encoding="utf-8")
    result = PARSERS[check_id](load_json(text), context())
    assert result.status is status, result.explanation
    for word in words:
        assert word in result.explanation, (word, result.explanation)
    assert result.check_id == check_id
    assert result.requirement_ids and all(r.startswith("psn-coco:") for r in
                                          result.requirement_ids)
    if status is UNKNOWN:
        assert result.reason, "a could-not-tell must name its reason"
    assert not re.search(r"\d{4}-\d{2}-\d{2}", result.explanation), "UK dates for people"
    json.dumps(result.as_dict(), default=str)


def test_os_facts_carry_slugs_for_the_device_list() -> None:
    data = load_json((FIXTURES / "operating-system" / "win11-24h2-enterprise-ru-ru.json")
                     .read_text(encoding="utf-8"))
    facts = operating_system.parse_windows(data, context()).facts
    assert (facts["product"], facts["version"], facts["edition"]) == (
        "windows-11", "24H2", "enterprise-education")
    assert facts["computer_name"] == "BUH-01"
    assert facts["device_type"] == "laptop"


def test_unexpected_answers_are_could_not_tell_not_crashes() -> None:
    for check_id, parse in PARSERS.items():
        for odd in (None, [], "text", 42):
            result = parse(odd, context())
            assert result.status is UNKNOWN, check_id
            assert result.reason


@pytest.mark.parametrize(("value", "expected"), [
    ("/Date(1783922400000)/", date(2026, 7, 13)),
    ("2026-11-12T03:14:09.0000000Z", date(2026, 11, 12)),
    ("11/12/2026", date(2026, 11, 12)),  # WMI's M/d/yyyy on every locale
    ("20/08/2026", date(2026, 8, 20)),  # a British PC's own form
    ("20.08.2026 10:30:00", date(2026, 8, 20)),  # German
    ("01d6f3a2b4c5d600", date(2021, 1, 26)),  # FILETIME in hex
    ({"value": "/Date(1783922400000)/", "DateTime": "13 July 2026 07:00:00"}, date(2026, 7, 13)),
    ("", None), (None, None), ("yesterday", None), ("31/02/2026", None),
])
def test_windows_dates(value: object, expected: date | None) -> None:
    assert parse_windows_date(value) == expected


def test_day_first_settles_ambiguous_dates() -> None:
    assert parse_windows_date("03/04/2026") == date(2026, 3, 4)
    assert parse_windows_date("03/04/2026", day_first=True) == date(2026, 4, 3)


def test_security_center_states() -> None:
    assert product_enabled(397568) and definitions_current(397568)  # 0x061100
    assert not product_enabled(393472)  # 0x060100: off
    assert product_enabled(331792) and definitions_current(331792) is False  # 0x051010
    assert not product_enabled("garbage") and definitions_current(None) is None


def test_netsh_words_in_several_languages() -> None:
    assert firewall.parse_netsh("State                                 ON\nState OFF") == [
        True, False]
    assert firewall.parse_netsh("Status EIN\nStatus AUS") == [True, False]
    assert firewall.parse_netsh("État Actif\nÉtat Inactif") == [True, False]
    assert firewall.parse_netsh("Estado ACTIVAR") == [True]


def test_each_check_has_a_script_and_both_platforms() -> None:
    assert {c.check_id for c in ALL_CHECKS} == set(PARSERS)
    for check in ALL_CHECKS:
        script = windows_script(check.check_id)
        assert "ConvertTo-Json" in script
        assert check.implementation("win32") is check.windows
        assert check.implementation("linux") is check.linux
        assert check.implementation("darwin") is None


def test_scripts_only_read() -> None:
    # The checks must never change a setting on a user's PC.
    writes = re.compile(r"\b(Set-|New-Item|Remove-|Enable-|Disable-|Start-Service|Stop-|"
                        r"reg add|Add-|Clear-)", re.I)
    for check in ALL_CHECKS:
        assert not writes.search(windows_script(check.check_id)), check.check_id


def test_collector_runs_the_same_scripts_as_the_scan() -> None:
    collector = collector_script()
    assert collector.count("# BEGIN CHECK ") == len(ALL_CHECKS)
    assert "@CHECKS@" not in collector
    for check in ALL_CHECKS:
        body = windows_script(check.check_id).split("\n", 1)[1].rstrip("\n")
        match = re.search(rf"# BEGIN CHECK {check.check_id}\n(.*?)# END CHECK "
                          f"{check.check_id}\n", collector, re.S)
        assert match, check.check_id
        assert body in match[1], f"collector copy of {check.check_id} is out of date"


def _syntax_errors(node, found: list) -> list:
    if node.type == "ERROR" or node.is_missing:
        found.append((node.start_point, node.text[:60]))
    for child in node.children:
        _syntax_errors(child, found)
    return found


def test_every_powershell_script_parses() -> None:
    # No PowerShell on Debian: tree-sitter's PowerShell grammar catches syntax slips before
    # the Windows CI runs the scripts for real.
    import tree_sitter_powershell
    from tree_sitter import Language, Parser

    parser = Parser(Language(tree_sitter_powershell.language()))
    assert parser.parse(b"if ($x) { $y = (1 + }").root_node.has_error  # the check can fail
    scripts = {path.name: path.read_bytes()
               for path in sorted(resource_path("checks", "windows").glob("*.ps1"))}
    scripts["psn-collector.ps1 (generated)"] = collector_script().encode("utf-8")
    assert len(scripts) == len(ALL_CHECKS) + 1
    for name, text in scripts.items():
        tree = parser.parse(text)
        assert _syntax_errors(tree.root_node, []) == [], name
