"""``psn-desktop --self-test`` from source: what it checks, and that it names what is missing
(the frozen app's run of it is in test_frozen_app.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from psn_desktop import cli, resource_files, secrets, self_test


@pytest.fixture
def resources_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the resources folder that the app reads instead of the real one."""
    copy = tmp_path / "resources"
    shutil.copytree(resource_files.resources_dir(), copy)
    monkeypatch.setattr(resource_files, "resources_dir", lambda: copy)
    return copy


def test_self_test_passes_and_says_what_it_found(capsys: pytest.CaptureFixture[str]) -> None:
    assert secrets.backend_status().secure, "run under ./run-tests (gnome-keyring needed)"
    assert cli.main(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert "(from source" in out
    for name in ("Qt starts offscreen", "Resources", "Commands", "Catalogues and schemas",
                 "Password store (keyring)", "Report font", "Demo pack builds and verifies"):
        assert f" {name}:" in out
    assert "MISSING" not in out
    assert "Self-test passed" in out


def test_self_test_leaves_no_trace_in_the_users_folders(isolated_home: Path) -> None:
    before = sorted(isolated_home.rglob("*"))
    assert self_test.run_checks()
    assert sorted(isolated_home.rglob("*")) == before


def test_a_missing_or_changed_resource_is_named(resources_copy: Path) -> None:
    self_test.write_manifest(resources_copy, resources_copy / self_test.MANIFEST_NAME)
    assert self_test.check_resources().ok
    (resources_copy / "fonts" / "DejaVuSans-Bold.ttf").unlink()
    schema = sorted((resources_copy / "schemas").glob("*.json"))[0]
    schema.write_text(schema.read_text(encoding="utf-8") + " ", encoding="utf-8")
    outcome = self_test.check_resources()
    assert not outcome.ok
    assert "fonts/DejaVuSans-Bold.ttf is missing" in outcome.detail
    assert f"schemas/{schema.name} is damaged" in outcome.detail
    assert "Reinstall PSN Desktop" in outcome.detail


def test_an_empty_catalogue_folder_is_named(resources_copy: Path) -> None:
    for framework in (resources_copy / "frameworks").glob("*.json"):
        framework.unlink()
    assert "frameworks folder is missing or empty" in self_test.check_resources().detail
    assert not self_test.check_catalogues().ok


def test_no_secure_keyring_fails_the_self_test_with_the_reason(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    secrets.reload()
    try:
        assert self_test.run() == 1
    finally:
        monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
        secrets.reload()
    out = capsys.readouterr().out
    failed = out.split("Self-test failed", 1)[1]
    assert "Password store (keyring):" in failed
    assert "switched off" in failed  # the secrets layer's own plain explanation


def test_self_test_takes_no_other_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--self-test", "status"])
    assert stopped.value.code == cli.EXIT_USAGE


def test_a_broken_command_is_reported_not_fatal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "COMMAND_MODULES", [*cli.COMMAND_MODULES, "no_such_command"])
    outcome = self_test.check_commands()
    assert not outcome.ok
    assert "no_such_command (ModuleNotFoundError" in outcome.detail
