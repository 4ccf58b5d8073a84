"""The foundation's commands as a user runs them: real processes, real exit codes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from psn_desktop import __version__


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "psn_desktop", *args], capture_output=True,
                          text=True, timeout=120, env=env or os.environ.copy())


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"psn-desktop {__version__}"


def test_every_command_has_help() -> None:
    for command in ("demo", "status", "workspaces"):
        done = run(command, "--help")
        assert done.returncode == 0, command
        assert "usage: psn-desktop" in done.stdout


def test_demo_then_status_shows_a_partly_ready_school(tmp_path: Path) -> None:
    folder = tmp_path / "oakfield"
    done = run("demo", "--workspace", str(folder), "--as-of", "2026-11-23")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(folder.resolve())
    assert (folder / "workspace.sqlite3").is_file()
    assert len(list((folder / "evidence").glob("*/*"))) >= 8

    status = run("status", "--workspace", str(folder), "--as-of", "2026-11-23")
    assert status.returncode == 1  # not ready: the answer is negative
    text = status.stdout
    assert "Oakfield Primary School" in text
    assert "Not ready to submit yet" in text
    assert "To sort out before you can submit:" in text
    assert "not met and has no action" in text
    assert "has not been signed" in text
    assert "completed" in text and "not started" in text

    as_json = run("status", "--workspace", str(folder), "--as-of", "2026-11-23", "--json")
    report = json.loads(as_json.stdout)
    assert as_json.returncode == 1
    assert report["ready"] is False
    assert report["organisation"] == "Oakfield Primary School"
    assert report["as_of"] == "2026-11-23"
    assert 40 < report["completion_percent"] < 100
    assert {b["code"] for b in report["blockers"]} >= {"commitment-unsigned",
                                                      "not-met-unplanned", "area-incomplete"}
    # the unsupported PC has its action, so it is not a blocker
    assert "device-unsupported" not in {b["code"] for b in report["blockers"]}

    # Later, the health check has run out: a new blocker appears on its own.
    later = run("status", "--workspace", str(folder), "--as-of", "2027-11-23", "--json")
    assert "ithc-expired" in {b["code"] for b in json.loads(later.stdout)["blockers"]}

    listed = run("workspaces", "--json")
    assert [entry["path"] for entry in json.loads(listed.stdout)] == [str(folder.resolve())]


def test_status_works_while_the_app_has_the_workspace_open(demo_workspace) -> None:
    done = run("status", "--workspace", str(demo_workspace.folder))
    assert done.returncode == 1
    assert "Oakfield" in done.stdout


def test_bad_input_gets_exit_2_and_a_plain_message(tmp_path: Path) -> None:
    done = run("status", "--workspace", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert "There is no workspace at" in done.stderr
    assert "Traceback" not in done.stderr

    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "workspace.sqlite3").write_text("junk", encoding="utf-8")
    done = run("status", "--workspace", str(tmp_path / "junk"))
    assert done.returncode == 2 and "not a PSN Desktop workspace" in done.stderr

    done = run("status", "--workspace", str(tmp_path), "--as-of", "31/03/2026")
    assert done.returncode == 2 and "YYYY-MM-DD" in done.stderr

    done = run("demo")
    assert done.returncode == 2 and "--workspace" in done.stderr

    run("demo", "--workspace", str(tmp_path / "w"))
    done = run("demo", "--workspace", str(tmp_path / "w"))
    assert done.returncode == 2 and "already a workspace" in done.stderr


def test_workspace_from_a_newer_version_exit_2(tmp_path: Path) -> None:
    run("demo", "--workspace", str(tmp_path / "w"))
    conn = sqlite3.connect(tmp_path / "w" / "workspace.sqlite3")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    done = run("status", "--workspace", str(tmp_path / "w"))
    assert done.returncode == 2
    assert "newer version of PSN Desktop" in done.stderr


def test_no_display_gets_a_message_and_exit_3() -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = run(env=env)
    assert done.returncode == 3
    assert "needs a screen" in done.stderr
    assert "QT_QPA_PLATFORM=offscreen" in done.stderr


def test_empty_known_workspaces_says_how_to_start() -> None:
    done = run("workspaces")
    assert done.returncode == 0
    assert "No workspaces yet" in done.stdout
