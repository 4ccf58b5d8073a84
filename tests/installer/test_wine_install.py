"""The real installer, run silently under Debian's 64-bit Wine as a user without rights
would run it: files, shortcuts, the .psnpack association, the uninstall entry; an upgrade over
itself that keeps the user's workspace; an uninstall that removes the program and keeps the
workspace. Plus the all-users mode for IT staff and the refusal on Windows 7."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path, PureWindowsPath

import pytest

from installer.build import BuildResult, folder_size
from installer.project_info import (
    CLI_PROGRAM,
    GUI_PROGRAM,
    PACK_EXTENSION,
    PROG_ID,
    REGISTRY_KEY,
    read_project,
)
from installer.signing import SigningConfig
from psn_desktop.app_dirs import APP_AUTHOR, APP_NAME
from tests.installer.shell_link import read_shell_link
from tests.installer.wine import WinePrefix

pytestmark = pytest.mark.slow

UNINSTALL = rf"Software\Microsoft\Windows\CurrentVersion\Uninstall\{REGISTRY_KEY}"
APP_KEY = rf"Software\{REGISTRY_KEY}"
SHORTCUT = "PSN Desktop.lnk"
ERROR_OLD_WIN_VERSION = 1150


class Install:
    """Where one Wine user's copy of the app and its data live, in both path styles."""

    def __init__(self, wine: WinePrefix, all_users: bool = False) -> None:
        self.wine = wine
        if all_users:
            programs = wine.run(["wine", "cmd", "/c", "echo", "%ProgramW6432%"]).stdout.strip()
            self.windows_dir = rf"{programs}\PSN Desktop"
            self.start_menu = wine.unix_path(wine.shell_folder("Common Programs",
                                                               all_users=True))
        else:
            local = wine.shell_folder("Local AppData")
            self.windows_dir = rf"{local}\Programs\PSN Desktop"
            self.start_menu = wine.unix_path(wine.shell_folder("Programs"))
            self.data = wine.unix_path(rf"{local}\{APP_AUTHOR}")
        self.folder = wine.unix_path(self.windows_dir)
        self.desktop = wine.unix_path(wine.shell_folder("Desktop"))
        self.root = "HKLM" if all_users else "HKCU"

    def key(self, path: str) -> dict[str, tuple[str, str]] | None:
        return self.wine.reg_query(rf"{self.root}\{path}")


def _value(values: dict[str, tuple[str, str]] | None, name: str) -> str:
    assert values is not None, "registry key missing"
    return values[name][1]


def _osslsigncode_verifies(path: Path, signing: SigningConfig) -> bool:
    result = subprocess.run(["osslsigncode", "verify", "-CAfile", str(signing.ca_file),
                             "-in", str(path)], capture_output=True, text=True, check=False)
    return result.returncode == 0 and "Signature verification: ok" in result.stdout


def _assert_installed(place: Install, frozen: Path, gui: str) -> None:
    for source in frozen.rglob("*"):
        if source.is_file() and not source.is_symlink():
            installed = place.folder / source.relative_to(frozen)
            assert installed.is_file(), f"{installed} was not installed"
            assert installed.stat().st_size == source.stat().st_size, installed
    link = read_shell_link(place.start_menu / SHORTCUT)
    assert PureWindowsPath(link.target) == PureWindowsPath(place.windows_dir, gui)
    assert PureWindowsPath(link.working_dir) == PureWindowsPath(place.windows_dir)
    assert link.description == read_project().description


def test_install_upgrade_and_uninstall_keep_the_users_workspace(
        wine: WinePrefix, signed_installer: BuildResult, frozen_app: Path,
        signing: SigningConfig) -> None:
    from psn_desktop.demo import build_demo
    from psn_desktop.workspace.store import Workspace

    info = read_project()
    gui = GUI_PROGRAM  # a Linux-frozen payload: the programs have no .exe
    assert (frozen_app / gui).is_file() and (frozen_app / CLI_PROGRAM).is_file()

    # 1. A silent, per-user install: no rights needed, nothing asked.
    assert wine.wine(signed_installer.installer, "/S") == 0
    place = Install(wine)
    _assert_installed(place, frozen_app, gui)
    assert _osslsigncode_verifies(place.folder / "Uninstall.exe", signing)
    desktop_link = read_shell_link(place.desktop / SHORTCUT)
    assert PureWindowsPath(desktop_link.target) == PureWindowsPath(place.windows_dir, gui)

    entry = place.key(UNINSTALL)
    assert _value(entry, "DisplayName") == "PSN Desktop"
    assert _value(entry, "DisplayVersion") == info.version
    assert _value(entry, "Publisher") == info.publisher
    assert PureWindowsPath(_value(entry, "InstallLocation")) == \
        PureWindowsPath(place.windows_dir)
    uninstaller = f'"{place.windows_dir}\\Uninstall.exe"'
    assert _value(entry, "UninstallString") == uninstaller
    assert _value(entry, "QuietUninstallString") == f"{uninstaller} /S"
    assert int(_value(entry, "EstimatedSize"), 16) == folder_size(frozen_app) // 1024
    assert wine.reg_query(rf"HKLM\{UNINSTALL}") is None, "a per-user install touched HKLM"

    assert _value(place.key(rf"Software\Classes\{PACK_EXTENSION}"), "") == PROG_ID
    command = _value(place.key(rf"Software\Classes\{PROG_ID}\shell\open\command"), "")
    assert command == f'"{place.windows_dir}\\{gui}" --open-pack "%1"'
    icon = _value(place.key(rf"Software\Classes\{PROG_ID}\DefaultIcon"), "")
    assert icon == f'"{place.windows_dir}\\{gui}",0'

    # 2. The user works: a workspace and settings in the app's data folder.
    data = place.data / APP_NAME
    workspace = build_demo(data / "workspaces" / "oakfield", as_of=date(2026, 11, 23))
    workspace_id, organisation = workspace.id, workspace.organisation().name
    workspace.close()
    settings = data / "settings.json"
    settings.write_text('{"language": "en-GB"}', encoding="utf-8")
    stale = place.folder / "_internal" / "left-by-an-older-version.dll"
    stale.write_bytes(b"old")

    # 3. Upgrade in place (the same installer again), this time without a desktop shortcut.
    assert wine.wine(signed_installer.installer, "/S", "/NODESKTOP") == 0
    _assert_installed(place, frozen_app, gui)
    assert not stale.exists(), "an upgrade must replace the program files, not merge them"
    assert not (place.desktop / SHORTCUT).exists()
    assert _value(place.key(APP_KEY), "DesktopShortcut") == "0x0"
    with Workspace.open(data / "workspaces" / "oakfield") as reopened:
        assert reopened.id == workspace_id
        assert reopened.organisation().name == organisation
    assert settings.read_text(encoding="utf-8") == '{"language": "en-GB"}'
    # ...and the next upgrade remembers that choice.
    assert wine.wine(signed_installer.installer, "/S") == 0
    assert not (place.desktop / SHORTCUT).exists()

    # 4. Silent uninstall: the program goes, the user's work stays.
    assert wine.wine(place.folder / "Uninstall.exe", "/S") == 0
    assert not place.folder.exists()
    assert not (place.start_menu / SHORTCUT).exists()
    for key in (UNINSTALL, APP_KEY, rf"Software\Classes\{PROG_ID}",
                rf"Software\Classes\{PACK_EXTENSION}"):
        assert place.key(key) is None, f"{key} was left behind"
    with Workspace.open(data / "workspaces" / "oakfield") as kept:
        assert kept.id == workspace_id
    assert settings.is_file()


def test_all_users_mode_installs_for_the_whole_pc(wine: WinePrefix,
                                                   tiny_installer: BuildResult) -> None:
    # Wine's user is an administrator, as an IT technician running an elevated prompt is.
    assert wine.wine(tiny_installer.installer, "/S", "/ALLUSERS", "/NODESKTOP") == 0
    place = Install(wine, all_users=True)
    assert (place.folder / GUI_PROGRAM).is_file()
    assert "Program Files" in place.windows_dir
    link = read_shell_link(place.start_menu / SHORTCUT)
    assert PureWindowsPath(link.target) == PureWindowsPath(place.windows_dir, GUI_PROGRAM)
    assert _value(place.key(UNINSTALL), "DisplayName") == "PSN Desktop"
    assert _value(place.key(rf"Software\Classes\{PACK_EXTENSION}"), "") == PROG_ID
    assert wine.reg_query(rf"HKCU\{UNINSTALL}") is None, "an all-users install used HKCU"

    assert wine.wine(place.folder / "Uninstall.exe", "/S") == 0
    assert not place.folder.exists()
    assert place.key(UNINSTALL) is None
    assert not (place.start_menu / SHORTCUT).exists()


def test_windows_7_is_refused_with_a_reason_and_nothing_installed(
        wine: WinePrefix, tiny_installer: BuildResult) -> None:
    wine.set_windows_version("win7")
    try:
        code = wine.wine(tiny_installer.installer, "/S")
    finally:
        wine.set_windows_version("win10")
    assert code == ERROR_OLD_WIN_VERSION & 0xFF  # a Unix exit status keeps the low byte
    assert wine.reg_query(rf"HKCU\{UNINSTALL}") is None
    assert not Install(wine).folder.exists()
