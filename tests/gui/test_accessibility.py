"""Every page: every control has an accessible name and can be reached with Tab; and the
whole of a section can be done with the keyboard alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QProgressBar,
    QRadioButton,
    QWidget,
)

from psn_desktop.journey import SectionState
from psn_desktop.ui.focus import visual_order
from tests.gui.driver import field, wait_home, wait_page
from tests.gui.walk import wizard_views, workspace_views

pytestmark = pytest.mark.gui


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisibleTo(root) and widget.isEnabled()


def _controls(view: QWidget) -> list[QWidget]:
    """Everything a user can operate (or a screen reader must announce) on the page."""
    found = []
    for widget in view.findChildren(QWidget):
        if not _shown(widget, view):
            continue
        focusable = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        if isinstance(widget, QLabel) and not focusable:
            continue  # plain text
        if focusable or isinstance(widget, QProgressBar):
            if widget.objectName() in ("qt_scrollarea_viewport",) or type(widget).__name__ in (
                    "QScrollBar", "QScrollArea", "QStackedWidget", "ScrollPage"):
                continue
            found.append(widget)
    return found


def _tab_walk(qtbot, view: QWidget, limit: int) -> list[QWidget]:
    order = visual_order(view)
    start = order[0]
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=2000)
    reached = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        current = QApplication.focusWidget()
        if current is None:
            break
        if current is start and any(w is not start for w in reached):
            break  # round the whole page (a label with links keeps focus for each link)
        reached.append(current)
    return reached


def _check_view(qtbot, name: str, view: QWidget) -> list[str]:
    problems = []
    _activate(qtbot, view.window())  # the main window, or the glossary beside it
    controls = _controls(view)
    assert controls, name
    for control in controls:
        if not control.accessibleName().strip():
            problems.append(f"{name}: {type(control).__name__} "
                            f"'{getattr(control, 'text', lambda: '')()}' has no accessible name")
    reachable = [c for c in controls if c.focusPolicy() & Qt.FocusPolicy.TabFocus]
    reached = set(_tab_walk(qtbot, view, limit=len(reachable) * 3 + 20))
    for control in reachable:
        if control in reached:
            continue
        # Tab enters a radio group once; arrow keys move within it (as on the web).
        group = control.group() if isinstance(control, QRadioButton) else None
        if group is not None and any(b in reached for b in group.buttons()):
            continue
        problems.append(f"{name}: {type(control).__name__} '{control.accessibleName()}' "
                        "cannot be reached with Tab")
    return problems


def _activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def test_wizard_pages_are_named_and_reachable(make_window, qtbot):
    window = make_window(start=False)
    _activate(qtbot, window)
    problems = []
    for name, view in wizard_views(qtbot, window):
        problems += _check_view(qtbot, name, view)
    assert problems == []


def test_every_workspace_page_is_named_and_reachable(make_window, qtbot, demo_workspace):
    folder = demo_workspace.folder
    demo_workspace.close()
    window = make_window(folder)
    _activate(qtbot, window)
    problems, names = [], []
    for name, view in workspace_views(qtbot, window):
        names.append(name)
        problems += _check_view(qtbot, name, view)
    assert problems == []
    assert len(names) > 20


def _key(qtbot, key: Qt.Key, text: str = "") -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    if text:
        qtbot.keyClicks(widget, text)
    else:
        qtbot.keyClick(widget, key)


def _tab_to(qtbot, predicate, limit: int = 40) -> QWidget:
    for _ in range(limit):
        widget = QApplication.focusWidget()
        if widget is not None and predicate(widget):
            return widget
        _key(qtbot, Qt.Key.Key_Tab)
    raise AssertionError("not reachable by Tab")


def test_a_whole_section_by_keyboard_alone(make_window, qtbot, empty_workspace):
    folder = empty_workspace.folder
    empty_workspace.close()
    window = make_window(folder)
    _activate(qtbot, window)
    home = wait_home(qtbot, window)
    _tab_to(qtbot, lambda w: w is home.tasks.rows["connection"].button)
    _key(qtbot, Qt.Key.Key_Space)
    wait_page(qtbot, window, "connection", "route")
    _tab_to(qtbot, lambda w: isinstance(w, QRadioButton))
    _key(qtbot, Qt.Key.Key_Down)  # arrows move within the group…
    _key(qtbot, Qt.Key.Key_Up)
    _key(qtbot, Qt.Key.Key_Space)  # …and Space chooses
    _tab_to(qtbot, lambda w: isinstance(w, QAbstractButton) and w.text() == "Continue")
    _key(qtbot, Qt.Key.Key_Space)
    wait_page(qtbot, window, "connection", "provider")
    assert QApplication.focusWidget() is field(window, "provider_name").line  # focus moved in
    _key(qtbot, Qt.Key.Key_unknown, "Council Networks")
    _tab_to(qtbot, lambda w: isinstance(w, QAbstractButton) and w.text() == "Continue")
    _key(qtbot, Qt.Key.Key_Space)
    wait_page(qtbot, window, "connection", "check")
    _tab_to(qtbot, lambda w: isinstance(w, QAbstractButton)
            and w.text() == "Back to the task list")
    _key(qtbot, Qt.Key.Key_Space)
    home = wait_home(qtbot, window)
    assert home.tasks.rows["connection"].status.state is SectionState.COMPLETED
    assert window.session.workspace.connection().provider_name == "Council Networks"


def test_enter_in_a_one_line_field_is_continue(make_window, qtbot, empty_workspace):
    folder = empty_workspace.folder
    empty_workspace.close()
    window = make_window(folder)
    _activate(qtbot, window)
    home = wait_home(qtbot, window)
    qtbot.mouseClick(home.tasks.rows["scope"].button, Qt.MouseButton.LeftButton)
    wait_page(qtbot, window, "scope", "environment")
    line = field(window, "environment_name").line
    qtbot.keyClick(line, Qt.Key.Key_Return)  # nothing typed: the problem is shown instead
    assert window.view.summary.isVisible()
    qtbot.keyClicks(line, "Office network")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    wait_page(qtbot, window, "scope", "size")
