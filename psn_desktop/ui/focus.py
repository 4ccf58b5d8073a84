"""Tab order that follows what the user sees, top to bottom.

Qt orders Tab by when widgets joined the window, so rows a page adds later (a list's
Change and Remove links) would otherwise be reached after the Continue button. Walking the
layouts gives the visual order, which is then set explicitly.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QWidget


def _walk_layout(layout: QLayout, found: list[QWidget]) -> None:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item.widget() is not None:
            _walk_widget(item.widget(), found)
        elif item.layout() is not None:
            _walk_layout(item.layout(), found)


def _hidden(widget: QWidget) -> bool:
    """Hidden on purpose (a child just added to a shown page is not yet shown, but will be)."""
    return widget.isHidden() and widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)


def _walk_widget(widget: QWidget, found: list[QWidget]) -> None:
    if _hidden(widget):
        return
    if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        found.append(widget)
    inner = widget.layout()
    if inner is not None:
        _walk_layout(inner, found)
    scroll_child = getattr(widget, "widget", None)
    if callable(scroll_child) and inner is None:
        child = scroll_child()
        if isinstance(child, QWidget):
            _walk_widget(child, found)


def visual_order(root: QWidget) -> list[QWidget]:
    found: list[QWidget] = []
    _walk_widget(root, found)
    return [w for w in found if w is not root]


def fix_tab_order(root: QWidget) -> list[QWidget]:
    order = visual_order(root)
    for first, second in itertools.pairwise(order):
        QWidget.setTabOrder(first, second)
    return order
