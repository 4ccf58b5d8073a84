"""At 200% text every page still shows all of its text: no widget is given less room than
its size hint asks for, wrapped text gets the height it needs, and nothing runs off the
side of the window (pages scroll down, never across)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QWidget,
)

from tests.gui.walk import wizard_views, workspace_views

pytestmark = pytest.mark.gui

WINDOW = (1100, 820)  # a laptop's usable screen at 100% display scaling


def _clipped(view: QWidget) -> list[str]:
    QApplication.processEvents()
    problems = []
    bar = getattr(view, "horizontalScrollBar", None)
    if bar is not None and bar().maximum() > 0:
        problems.append(f"the page is {bar().maximum()}px too wide for the window")
    for widget in view.findChildren(QWidget):
        if not widget.isVisibleTo(view) or not isinstance(
                widget, QLabel | QAbstractButton | QLineEdit | QComboBox | QProgressBar):
            continue
        size = widget.size()
        hint = widget.minimumSizeHint()
        text = getattr(widget, "text", lambda: "")()
        name = f"{type(widget).__name__} '{(text or widget.accessibleName())[:40]}'"
        if isinstance(widget, QLabel) and widget.wordWrap():
            needed = widget.heightForWidth(size.width())
            if needed > size.height():
                problems.append(f"{name}: {size.height()}px high, text needs {needed}px")
            continue
        if isinstance(widget, QProgressBar) and not widget.isTextVisible():
            continue  # a bar without text cannot clip any
        if isinstance(widget, QAbstractButton | QLabel):
            hint = widget.sizeHint()  # the whole text, not the least Qt could live with
        if size.width() < hint.width() or size.height() < hint.height():
            problems.append(f"{name}: {size.width()}x{size.height()} but needs "
                            f"{hint.width()}x{hint.height()}")
    return problems


def test_wizard_at_200_percent(make_window, qtbot):
    window = make_window(start=False, text_scale=2.0, size=WINDOW)
    problems = [f"{name}: {p}" for name, view in wizard_views(qtbot, window)
                for p in _clipped(view)]
    assert problems == [], "\n".join(problems)


def test_every_workspace_page_at_200_percent(make_window, qtbot, demo_workspace):
    folder = demo_workspace.folder
    demo_workspace.close()
    window = make_window(folder, text_scale=2.0, size=WINDOW)
    assert QApplication.font().pointSizeF() >= 2 * 9.0  # really twice the normal size
    problems = [f"{name}: {p}" for name, view in workspace_views(qtbot, window)
                for p in _clipped(view)]
    assert problems == [], "\n".join(problems)
