"""The app's look: one style sheet from resources/styles and fonts that follow the system.

Font sizes are never fixed in pixels: the base size is the system's, scaled by the user's
text-size choice, and headings are multiples of it, so the layouts are tested at 200%.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from psn_desktop.resource_files import resource_path

# A little larger than desktop defaults: our users read long questions.
BASE_FACTOR = 1.15
TEXT_SCALES = (1.0, 1.5, 2.0)
LINK_COLOUR = "#1d70b8"  # links inside rich text (the style sheet cannot reach them)

_system_point_size: float | None = None


def apply_style(app: QApplication, text_scale: float = 1.0) -> None:
    global _system_point_size
    font = app.font()
    if _system_point_size is None:
        _system_point_size = font.pointSizeF() if font.pointSizeF() > 0 else 9.0
    font.setPointSizeF(round(_system_point_size * BASE_FACTOR * text_scale, 1))
    app.setFont(font)
    palette = app.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Link, QColor(LINK_COLOUR))
        palette.setColor(group, QPalette.ColorRole.LinkVisited, QColor(LINK_COLOUR))
    app.setPalette(palette)
    app.setStyleSheet(resource_path("styles", "app.qss").read_text(encoding="utf-8"))


def scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


def set_role(widget: QWidget, role: str, **properties: str) -> QWidget:
    """Tag a widget for the style sheet, re-polishing it if it was already styled."""
    widget.setProperty("role", role)
    for key, value in properties.items():
        widget.setProperty(key, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    return widget
