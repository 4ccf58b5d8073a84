"""makensis compiles the installer as a 64-bit program, with no warnings, carrying the
product's version; a warning or a missing tool stops the build with the reason."""

from __future__ import annotations

import json
from pathlib import Path

import pefile
import pytest

from installer import build as build_module
from installer.build import BuildError, BuildResult, build, find_makensis
from installer.project_info import read_project
from tests.installer.conftest import require_tools


def _version_strings(exe: Path) -> dict[str, str]:
    pe = pefile.PE(str(exe))
    try:
        strings: dict[str, str] = {}
        for info in pe.FileInfo[0]:
            for table in getattr(info, "StringTable", []):
                strings.update({k.decode(): v.decode() for k, v in table.entries.items()})
        return strings
    finally:
        pe.close()


def test_installer_is_a_64_bit_windows_program_with_the_version(
        tiny_installer: BuildResult) -> None:
    info = read_project()
    pe = pefile.PE(str(tiny_installer.installer))
    try:
        assert pe.FILE_HEADER.Machine == pefile.MACHINE_TYPE["IMAGE_FILE_MACHINE_AMD64"]
        assert pe.OPTIONAL_HEADER.Subsystem == 2  # a windowed program: no console flashes up
        fixed = pe.VS_FIXEDFILEINFO[0]
        major, minor, patch, build_number = info.version_tuple
        assert fixed.ProductVersionMS == (major << 16) | minor
        assert fixed.ProductVersionLS == (patch << 16) | build_number
    finally:
        pe.close()
    strings = _version_strings(tiny_installer.installer)
    assert strings["ProductName"] == "PSN Desktop"
    assert strings["ProductVersion"] == info.version
    assert strings["CompanyName"] == info.publisher
    assert strings["FileDescription"] == "PSN Desktop installer"


def test_build_records_what_it_made(tiny_installer: BuildResult) -> None:
    recorded = json.loads((tiny_installer.installer.parent / "build-info.json").read_text())
    assert recorded["installer"] == str(tiny_installer.installer)
    assert recorded["installer_bytes"] == tiny_installer.installer.stat().st_size
    assert recorded["signed"] is False
    assert len(recorded["installer_sha256"]) == 64


def test_any_makensis_warning_fails_the_build(tmp_path: Path, tiny_payload: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    require_tools("makensis")
    template = tmp_path / "warns.nsi.in"
    # An unused variable is a harmless mistake that makensis reports as a warning (6001).
    template.write_text(build_module.TEMPLATE.read_text(encoding="utf-8")
                        + "\nVar NeverUsed\n", encoding="utf-8")
    monkeypatch.setattr(build_module, "TEMPLATE", template)
    with pytest.raises(BuildError, match=r"(?i)warning") as raised:
        build(work=tmp_path / "work", dist=tmp_path / "dist", payload=tiny_payload)
    assert "NeverUsed" in str(raised.value)
    assert not list((tmp_path / "dist").glob("*.exe"))


def test_a_missing_makensis_is_named_with_how_to_get_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(build_module.sys, "platform", "linux")
    with pytest.raises(BuildError, match="apt-get install nsis"):
        find_makensis(None)


def test_a_payload_without_the_programs_is_refused(tmp_path: Path, tiny_payload: Path) -> None:
    (tiny_payload / "PSNDesktop").unlink()
    with pytest.raises(BuildError, match="no PSNDesktop program"):
        build(work=tmp_path / "work", dist=tmp_path / "dist", payload=tiny_payload)


def test_the_build_script_reports_failure_with_exit_code_1(
        tmp_path: Path, tiny_payload: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tiny_payload / "_internal" / "resources" / "frameworks" / "psn-coco.json").unlink()
    (tiny_payload / "_internal" / "resources" / "frameworks").rmdir()
    code = build_module.main(["--payload", str(tiny_payload), "--work", str(tmp_path / "w"),
                              "--dist", str(tmp_path / "d")])
    assert code == 1
    assert "BUILD FAILED" in capsys.readouterr().err
