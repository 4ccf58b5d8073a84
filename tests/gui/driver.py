"""Driving the app the way a user does: keyboard and mouse on the real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from psn_desktop.journey import Position
from psn_desktop.ui.home.home_view import HomeView
from psn_desktop.ui.step_view import StepView
from psn_desktop.ui.widgets.fields import (
    ChoiceField,
    LinesField,
    ParagraphField,
    TextField,
)

TIMEOUT = 10_000


def wait_view(qtbot, window, kind: type) -> QWidget:
    qtbot.waitUntil(lambda: isinstance(window.view, kind), timeout=TIMEOUT)
    return window.view


def wait_home(qtbot, window) -> HomeView:
    return wait_view(qtbot, window, HomeView)  # type: ignore[return-value]


def wait_page(qtbot, window, section: str, step: str, item: object = ...) -> StepView:
    def there() -> bool:
        view = window.view
        if not isinstance(view, StepView):
            return False
        position = view.page.context.position
        return (position is not None and (position.section, position.step) == (section, step)
                and (item is ... or position.item == item))
    qtbot.waitUntil(there, timeout=TIMEOUT)
    return window.view


def position(window) -> Position | None:
    return window.view.page.context.position if isinstance(window.view, StepView) else None


def field(window, name: str):
    return window.view.page.fields[name]


def type_text(qtbot, window, name: str, text: str, *, replace: bool = True) -> None:
    """Click into a field, clear it like a user would, and type."""
    widget = field(window, name)
    if isinstance(widget, TextField):
        target = widget.line
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
        if replace:
            target.selectAll()
            qtbot.keyClick(target, Qt.Key.Key_Delete)
        qtbot.keyClicks(target, text)
    elif isinstance(widget, ParagraphField | LinesField):
        target = widget.edit
        target.setFocus()
        if replace:
            target.selectAll()
            qtbot.keyClick(target, Qt.Key.Key_Delete)
        for index, line in enumerate(text.split("\n")):
            if index:
                qtbot.keyClick(target, Qt.Key.Key_Return)
            qtbot.keyClicks(target, line)
    else:
        raise TypeError(f"{name} is not a text field")


def choose(qtbot, window, name: str, value: object) -> None:
    widget: ChoiceField = field(window, name)
    button = widget.buttons[value]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton,
                     pos=button.rect().topLeft() + button.rect().center() / 4)
    assert button.isChecked(), f"clicking {value!r} did not choose it"


def click(qtbot, widget: QWidget) -> None:
    qtbot.waitUntil(widget.isVisible, timeout=TIMEOUT)  # a new row is shown by the event loop
    assert widget.isEnabled(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def press_continue(qtbot, window) -> None:
    click(qtbot, window.view.continue_button)


def press_back(qtbot, window) -> None:
    click(qtbot, window.view.back)


def error_messages(window) -> list[str]:
    view = window.view
    return list(view.summary.messages) if view.summary.isVisible() else []


def focused() -> QWidget | None:
    return QApplication.focusWidget()
