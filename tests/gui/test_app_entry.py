"""The GUI entry the command line calls: ``psn-desktop --workspace DIR`` opens that workspace."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from psn_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_run_opens_the_given_workspace_and_returns_when_closed(qapp, demo_workspace):
    from psn_desktop.ui.app import run

    folder = demo_workspace.folder
    demo_workspace.close()
    seen: dict[str, object] = {}

    def look_then_close() -> None:
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        if not windows or windows[0].session is None:
            QTimer.singleShot(50, look_then_close)
            return
        window = windows[0]
        seen["folder"] = window.session.workspace.folder
        seen["title"] = window.windowTitle()
        seen["as_of"] = window.as_of.isoformat()
        window.close()

    QTimer.singleShot(50, look_then_close)
    assert run(["--workspace", str(folder), "--as-of", "2026-11-23"]) == 0
    assert seen == {"folder": folder, "title": "Oakfield Primary School – PSN Desktop",
                    "as_of": "2026-11-23"}
