"""The Qt half of ``psn-desktop --self-test``: can this copy of the app draw a window?

Kept in ``ui/`` because only the UI layer imports Qt. It starts Qt on the *offscreen*
platform (so it works on a build server and over a remote session alike), draws a small
window with text into an image, and checks the pieces a trimmed build could lose: the
platform plugin, the image formats the app's icons use, the app icon itself, Qt's own
translations, and on Windows the native style.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtGui import QColor, QIcon, QImage, QImageReader
from PySide6.QtWidgets import QApplication, QLabel, QStyleFactory, QVBoxLayout, QWidget

from psn_desktop.resource_files import resource_path

NEEDED_IMAGE_FORMATS = ("png", "ico", "svg", "jpeg")
WINDOWS_STYLES = ("windows11", "windowsvista")


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QApplication(["psn-desktop", "--self-test"])
    return app  # type: ignore[return-value]


def _draws_text() -> tuple[bool, str]:
    window = QWidget()
    window.setAccessibleName("self-test window")
    layout = QVBoxLayout(window)
    label = QLabel("PSN Desktop self-test")
    label.setStyleSheet("color: black; background: white; font-size: 18px;")
    layout.addWidget(label)
    window.resize(320, 120)
    window.show()
    image = window.grab().toImage()
    window.close()
    if image.isNull():
        return False, "Qt could not draw a window"
    dark = sum(1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
               if QColor(image.pixel(x, y)).lightness() < 100)
    if dark == 0:
        return False, "Qt drew a window but no text appeared in it (fonts missing?)"
    return True, f"drew a {image.width()}×{image.height()} window with text"


def _translations() -> tuple[str, list[str]]:
    """The app's own translations load, and Qt's for each of those languages where Qt has one.

    The build keeps Qt's translations only for the languages the app is translated into, so
    a language whose Qt file is missing here but present in Qt's own folder when run from
    source is reported by the build's trimming tests, not here.
    """
    folder = resource_path("translations")
    languages = sorted(p.stem.removeprefix("psn_desktop_")
                       for p in folder.glob("psn_desktop_*.qm")) if folder.is_dir() else []
    if not languages:
        return "English only (no translations to load)", []
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    problems = []
    for language in languages:
        if not QTranslator().load(f"psn_desktop_{language}", str(folder)):
            problems.append(f"the {language} translation does not load")
        qt_file = Path(qt_folder) / f"qtbase_{language}.qm"
        if qt_file.exists() and not QTranslator().load(qt_file.stem, qt_folder):
            problems.append(f"Qt's {language} translation does not load")
    return f"translations load ({', '.join(languages)})", problems


def qt_check() -> tuple[bool, str]:
    """(ok, what was found or what is missing)."""
    app = _application()
    problems: list[str] = []
    found = [f"platform {app.platformName()}"]
    drew, said = _draws_text()
    (found if drew else problems).append(said)
    formats = {bytes(f).decode() for f in QImageReader.supportedImageFormats()}
    missing_formats = [f for f in NEEDED_IMAGE_FORMATS if f not in formats]
    if missing_formats:
        problems.append("image formats missing: " + ", ".join(missing_formats))
    icon = QIcon(str(resource_path("icons", "psn-desktop.png")))
    if icon.isNull() or QImage(str(resource_path("icons", "psn-desktop.ico"))).isNull():
        problems.append("the app icon does not load")
    else:
        found.append("icon loads")
    said, missing = _translations()
    found.append(said)
    problems += missing
    if sys.platform == "win32":
        styles = {s.lower() for s in QStyleFactory}
        if not any(style in styles for style in WINDOWS_STYLES):
            problems.append("the Windows style plugin is missing (styles: "
                            + ", ".join(sorted(styles)) + ")")
    if problems:
        return False, "; ".join(problems) + ". Reinstall PSN Desktop."
    return True, ", ".join(found)
