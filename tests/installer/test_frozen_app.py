"""The app frozen on Linux with the same spec as on Windows: its self-test passes with the
real Secret Service keyring, the trimming removed what it should, and a damaged copy is
caught by the self-test."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from installer.build import BuildResult
from installer.project_info import CLI_PROGRAM, GUI_PROGRAM, read_project

pytestmark = pytest.mark.slow

# What trimming must have removed (each would bring tens of MB, or plain-text passwords).
NEVER_SHIPPED = ("WebEngine", "Qt6Qml", "Qt6Quick", "Qt6Pdf", "Qt6Multimedia", "Qt63D",
                 "Qt6VirtualKeyboard", "Qt6Network", "libgtk", "libqgtk3", "libqwayland",
                 "opengl32sw", "keyrings", "tkinter", "libavif", "pytest")


def run_frozen(folder: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QT_QPA_PLATFORM")}
    return subprocess.run([str(folder / CLI_PROGRAM), *args], capture_output=True, text=True,
                          timeout=timeout, env=env, check=False, stdin=subprocess.DEVNULL)


def test_frozen_self_test_passes_with_the_secret_service(frozen_app: Path) -> None:
    from psn_desktop.secrets import backend_status

    here = backend_status()
    assert here.secure, ("this test needs gnome-keyring running and unlocked: run it through "
                         "./run-tests or scripts/with-keyring.sh (" + here.problem + ")")
    result = run_frozen(frozen_app, "--self-test")
    report = result.stdout
    assert result.returncode == 0, report + result.stderr
    assert "(frozen build" in report
    assert "GNOME Keyring (Secret Service)" in report
    assert "keyring.backends.SecretService.Keyring" in report
    for check in ("Qt starts offscreen", "Resources", "Commands", "Catalogues and schemas",
                  "Password store (keyring)", "Report font", "Demo pack builds and verifies"):
        line = next(line for line in report.splitlines() if f" {check}:" in line)
        assert line.split()[0] in ("ok", "skipped"), line
    assert "as built" in report  # compared against the build's resource manifest
    assert "Self-test passed" in report


def test_frozen_programs_carry_the_project_version(frozen_app: Path) -> None:
    result = run_frozen(frozen_app, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"psn-desktop {read_project().version}"
    assert (frozen_app / GUI_PROGRAM).is_file()


def test_trimming_left_out_what_the_app_does_not_use(frozen_app: Path) -> None:
    found = [str(p.relative_to(frozen_app)) for p in frozen_app.rglob("*")
             if any(word.lower() in p.name.lower() for word in NEVER_SHIPPED)]
    assert found == []
    translations = list((frozen_app / "_internal" / "PySide6" / "Qt" / "translations")
                        .glob("*.qm"))
    assert all(p.name.startswith("qtbase_") for p in translations)
    dangling = [str(p) for p in frozen_app.rglob("*") if p.is_symlink() and not p.exists()]
    assert dangling == []


def test_self_test_lists_what_a_damaged_install_is_missing(frozen_app: Path,
                                                           tmp_path: Path) -> None:
    damaged = tmp_path / "damaged"
    # Hard links: a full copy in a second, without doubling 150 MB on disk.
    shutil.copytree(frozen_app, damaged, symlinks=True, copy_function=os.link)
    (damaged / "_internal" / "resources" / "fonts" / "DejaVuSans.ttf").unlink()
    schema = next((damaged / "_internal" / "resources" / "schemas").glob("*.json"))
    schema.unlink()
    schema.write_text("{ not json", encoding="utf-8")
    result = run_frozen(damaged, "--self-test")
    assert result.returncode == 1, result.stdout
    failed = result.stdout.split("Self-test failed", 1)[1]
    assert "fonts/DejaVuSans.ttf is missing" in failed
    assert f"schemas/{schema.name} is damaged" in failed
    assert "Report font" in failed
    assert "Catalogues and schemas" in failed
    # The pristine build is untouched by the damage done to its hard-linked copy.
    assert (frozen_app / "_internal" / "resources" / "fonts" / "DejaVuSans.ttf").is_file()


def test_the_real_installer_compiles_without_warnings(signed_installer: BuildResult,
                                                      frozen_app: Path) -> None:
    work = signed_installer.installer.parent.parent / "work"
    log = (work / "makensis.log").read_text(encoding="utf-8")
    assert "warning" not in log.lower()
    assert "Output:" in log and "amd64-unicode" in log
    listed = [line for line in (work / "payload.nsh").read_text(encoding="utf-8").splitlines()
              if line.startswith("File ")]
    frozen_files = [p for p in frozen_app.rglob("*") if p.is_file() and not p.is_symlink()]
    assert len(listed) == len(frozen_files)
    assert signed_installer.installer_bytes < signed_installer.frozen_bytes / 2  # solid LZMA
