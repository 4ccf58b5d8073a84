"""The scan on this (Linux) computer, live: real commands, real files, no stand-ins.

The operating system and its support status must always be determined here; any check that
cannot tell must say why. The small parsers behind the Linux checks are tested on text of
the kind the real files hold, and the command runner on real processes.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from psn_desktop.checks import admin_accounts, encryption, firewall, last_update
from psn_desktop.checks.operating_system import parse_os_release
from psn_desktop.checks.report_text import scan_as_text
from psn_desktop.checks.result import CheckStatus
from psn_desktop.checks.runner import Cancelled, CommandRunner
from psn_desktop.checks.scan import ALL_CHECKS, run_scan
from psn_desktop.domain.support import SupportState, support_status

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")
AS_OF = date(2026, 11, 23)


def test_live_scan_determines_the_operating_system_and_support() -> None:
    seen: list[tuple[int, int, str]] = []
    runner = CommandRunner()
    report = run_scan(as_of=AS_OF, runner=runner, progress=lambda *a: seen.append(a))
    assert [r.check_id for r in report.results] == [c.check_id for c in ALL_CHECKS]
    assert [s[0] for s in seen] == list(range(1, len(ALL_CHECKS) + 1))
    assert all(total == len(ALL_CHECKS) for _d, total, _t in seen)

    os_result = report.result("operating-system")
    assert os_result is not None
    facts = os_result.facts
    fields = parse_os_release(Path("/etc/os-release").read_text())
    assert facts["os_release"]["ID"] == fields["ID"]
    assert facts["product"], "this CI runs a Linux PSN Desktop knows (Debian)"
    verdict = support_status(facts["product"], facts["version"] or None, None, AS_OF,
                             extended_updates=False)
    assert facts["support_state"] == verdict.state.value
    assert verdict.state in (SupportState.YES, SupportState.NO)
    assert os_result.status is (CheckStatus.PASS if verdict.state is SupportState.YES
                                else CheckStatus.FAIL)
    assert facts["label"] in os_result.explanation

    for result in report.results:
        assert result.explanation
        if result.status is CheckStatus.UNKNOWN:
            assert result.reason and len(result.reason) > 30, result.check_id
    assert report.computer_name
    assert "os-release" in runner.raw
    assert scan_as_text(report).count("[") >= len(ALL_CHECKS)
    json.dumps(report.as_dict())
    assert report.seconds < 10


def test_cancel_before_start_runs_nothing() -> None:
    runner = CommandRunner()
    runner.cancel()
    report = run_scan(as_of=AS_OF, runner=runner)
    assert report.cancelled and report.results == [] and not report.passed


def test_cancel_during_the_scan_stops_it() -> None:
    runner = CommandRunner()

    def progress(done: int, _total: int, _title: str) -> None:
        if done == 2:
            runner.cancel()

    report = run_scan(as_of=AS_OF, runner=runner, progress=progress)
    assert report.cancelled
    assert 2 <= len(report.results) < len(ALL_CHECKS)


def test_a_crashing_check_becomes_could_not_tell() -> None:
    from dataclasses import replace

    def broken(_ctx):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    check = replace(ALL_CHECKS[1], linux=broken)
    report = run_scan(as_of=AS_OF, checks=[ALL_CHECKS[0], check])
    assert report.results[0].status is not CheckStatus.UNKNOWN or report.results[0].reason
    crashed = report.results[1]
    assert crashed.status is CheckStatus.UNKNOWN and "disk on fire" in crashed.reason


def test_unsupported_platform_says_so() -> None:
    report = run_scan(as_of=AS_OF, platform="darwin", checks=ALL_CHECKS[:1])
    assert report.results[0].status is CheckStatus.UNKNOWN
    assert "Windows and Linux" in report.results[0].reason


# --- the command runner ------------------------------------------------------------------


def test_runner_times_out() -> None:
    runner = CommandRunner()
    started = time.monotonic()
    output = runner.run("sleep", ["sleep", "5"], timeout=0.3)
    assert output.timed_out and not output.ok
    assert time.monotonic() - started < 3
    assert "did not answer" in output.problem()


def test_runner_reports_missing_programs() -> None:
    output = CommandRunner().run("nope", ["no-such-program-psn"])
    assert output.missing and "not available" in output.problem()


def test_runner_reports_failures_with_the_last_line() -> None:
    output = CommandRunner().run("fails", ["sh", "-c", "echo first >&2; echo last >&2; exit 3"])
    assert output.returncode == 3 and "exit code 3" in output.problem()
    assert output.problem().endswith("last")


def test_runner_cancel_stops_a_running_command() -> None:
    runner = CommandRunner()
    threading.Timer(0.2, runner.cancel).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        runner.run("sleep", ["sleep", "10"], timeout=30)
    assert time.monotonic() - started < 3


def test_runner_records_raw_outputs(tmp_path: Path) -> None:
    runner = CommandRunner()
    runner.run("hello world", ["sh", "-c", "printf 'héllo'; echo oops >&2"])
    written = runner.save_raw(tmp_path / "raw")
    names = sorted(p.name for p in written)
    assert names == ["hello_world.stderr.txt", "hello_world.txt"]
    assert (tmp_path / "raw" / "hello_world.txt").read_text("utf-8") == "héllo"


# --- parsers behind the Linux checks ------------------------------------------------------


def test_os_release_parsing() -> None:
    text = 'NAME="Ubuntu"\nVERSION_ID="24.04"\n# comment\nID=ubuntu\nPRETTY_NAME=\'Ubuntu 24\'\n'
    assert parse_os_release(text) == {"NAME": "Ubuntu", "VERSION_ID": "24.04", "ID": "ubuntu",
                                      "PRETTY_NAME": "Ubuntu 24"}


def test_package_logs() -> None:
    texts = {
        "apt-history": "Start-Date: 2026-10-01  10:00:00\nCommandline: apt upgrade\n"
                       "End-Date: 2026-10-01  10:02:00\n",
        "dpkg-log": "2026-11-02 08:00:01 status installed libc6:amd64 2.36-9\n"
                    "2026-11-05 08:00:01 status half-configured x 1\n",
        "dnf-log": "2026-09-01T10:00:00+0000 INFO Upgraded: bash-5.2\n",
    }
    assert last_update.parse_linux_logs(texts) == date(2026, 11, 2)
    assert last_update.parse_linux_logs({"dpkg-log": "garbage"}) is None


def test_lsblk_root_on_luks() -> None:
    tree = {"blockdevices": [{"name": "vgubuntu-root", "type": "lvm", "mountpoint": "/",
                              "children": [{"name": "nvme0n1p3_crypt", "type": "crypt",
                                            "children": [{"name": "nvme0n1p3", "type": "part"}]}]}]}
    assert encryption.root_is_encrypted(json.dumps(tree)) is True
    plain = {"blockdevices": [{"name": "sda2", "type": "part", "mountpoints": ["/"]}]}
    assert encryption.root_is_encrypted(json.dumps(plain)) is False
    assert encryption.root_is_encrypted('{"blockdevices": []}') is None


def test_admin_groups() -> None:
    text = "root:x:0:\nsudo:x:27:alice,bob\nwheel:x:10:\nusers:x:100:carol\n"
    assert admin_accounts.admin_members(text) == {"sudo": ["alice", "bob"], "wheel": []}


def test_firewall_rule_policies() -> None:
    assert firewall._linux_rules_filter("chain input {\n type filter hook input priority 0; "
                                        "policy drop;\n}")
    assert firewall._linux_rules_filter("-P INPUT DROP\n-P FORWARD DROP\n")
    assert not firewall._linux_rules_filter("-P INPUT ACCEPT\n")
