"""Window geometry and the text-size choice: the only things kept in QSettings.

An INI file in the app's own config folder (so PSN_DESKTOP_HOME keeps tests apart), never
the registry: everything else lives in the settings file or the workspace.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from psn_desktop import app_dirs


def window_settings() -> QSettings:
    return QSettings(str(app_dirs.config_dir() / "window.ini"), QSettings.Format.IniFormat)


def saved_text_scale() -> float:
    """The text size chosen in View > Text size; a damaged setting means normal size."""
    try:
        scale = float(window_settings().value("view/text_scale", 1.0))
    except (TypeError, ValueError):
        return 1.0
    return scale if 0.5 <= scale <= 3.0 else 1.0
