"""Fixtures for driving the real app window offscreen (opt-in; nothing here is autouse)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import AS_OF


@pytest.fixture
def make_window(qtbot, qapp) -> Iterator[Callable[..., object]]:
    """Build styled MainWindows on the fixed as-of date; each is closed after the test."""
    from psn_desktop.ui.app import create_application
    from psn_desktop.ui.main_window import MainWindow

    made = []

    def make(workspace: Path | None = None, *, start: bool = True, text_scale: float = 1.0,
             size: tuple[int, int] = (1100, 820)) -> MainWindow:
        create_application(text_scale)
        window = MainWindow(as_of=AS_OF)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        if start:
            window.start(workspace)
        return window

    yield make
    for window in made:
        window.close()

    create_application(1.0)  # leave the shared QApplication at the normal text size
