"""Starting the app: a double-click shows the splash before anything heavy loads, the splash
goes when the main window comes, and a double-clicked pack reaches the app."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from psn_desktop import cli
from psn_desktop.ui.splash import Splash, show_splash

pytestmark = pytest.mark.gui


def test_splash_shows_at_once_and_closes_when_the_main_window_appears(qtbot: QtBot) -> None:
    splash = show_splash()
    qtbot.addWidget(splash)
    assert isinstance(splash, Splash)
    assert splash.isVisible() and splash.isWindow()
    assert splash.accessibleName() == "PSN Desktop is starting"
    picture = splash.grab().toImage()  # it really paints the icon and its words
    assert picture.pixelColor(24 + 48, 75).name() != "#ffffff"  # the icon
    text = sum(1 for x in range(140, 400) for y in range(40, 110)
               if picture.pixelColor(x, y).lightness() < 100)
    assert text > 200  # "PSN Desktop" and "Starting…"
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not splash.isVisible(), timeout=2000)
    assert window.isVisible()


def test_a_double_click_loads_no_command_before_the_window() -> None:
    # In a fresh interpreter: what has been imported when the GUI is about to start?
    probe = (
        "import sys\n"
        "from psn_desktop import cli\n"
        "shown = []\n"
        "cli.run_gui = lambda argv=(): shown.append(sorted(m for m in sys.modules\n"
        "    if m.startswith('psn_desktop.commands.'))) or 0\n"
        "cli.main([])\n"
        "print(shown)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, timeout=60)
    assert result.stdout.strip() == "[[]]"


def test_a_double_clicked_pack_is_handed_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    handed: list[list[str]] = []
    monkeypatch.setattr(cli, "run_gui", lambda argv=(): handed.append(list(argv)) or 0)
    assert cli.main(["--open-pack", r"C:\Users\sam\Downloads\oakfield 2026.psnpack"]) == 0
    assert handed == [["--open-pack", r"C:\Users\sam\Downloads\oakfield 2026.psnpack"]]


def test_no_screen_is_explained_before_qt_starts(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(cli.sys, "platform", "linux")
    assert cli.main([]) == cli.EXIT_ENVIRONMENT
    assert "needs a screen" in capsys.readouterr().err
