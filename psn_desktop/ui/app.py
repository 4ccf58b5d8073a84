"""The GUI entry: ``run(argv)`` builds the application and the window and runs the loop.

``argv`` may hold ``--workspace DIR`` (open that workspace), ``--as-of YYYY-MM-DD`` (judge
readiness on that date, for reproducible screenshots and support calls) and
``--text-scale 1|1.5|2`` (override the saved text size).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication

from psn_desktop import __version__
from psn_desktop.settings import load_settings
from psn_desktop.ui.i18n import install_translators
from psn_desktop.ui.main_window import MainWindow
from psn_desktop.ui.styles import apply_style
from psn_desktop.ui.window_settings import saved_text_scale


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="psn-desktop-gui", add_help=False)
    parser.add_argument("--workspace", type=Path)
    parser.add_argument("--as-of", type=date.fromisoformat)
    parser.add_argument("--text-scale", type=float)
    parser.add_argument("--open-pack", type=Path)  # the .psnpack file association
    args, _qt_args = parser.parse_known_args(argv)
    return args


def create_application(text_scale: float | None = None) -> QApplication:
    """The QApplication, styled and translated (reused if one exists, as in tests)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("PSN Desktop")
    app.setOrganizationName("PSN Desktop")
    app.setApplicationVersion(__version__)
    install_translators(load_settings().language)
    scale = text_scale if text_scale is not None else saved_text_scale()
    apply_style(app, scale)
    return app  # type: ignore[return-value]


def run(argv: list[str]) -> int:
    args = _parse(argv)
    app = create_application(args.text_scale)
    window = MainWindow(as_of=args.as_of)
    window.show()
    window.start(args.workspace)
    if args.open_pack is not None:
        from psn_desktop.ui.verify_dialog import VerifyDialog

        window.verify_dialog = VerifyDialog(args.open_pack, window)  # type: ignore[attr-defined]
        window.verify_dialog.show()
    return int(app.exec())
