"""Translation: every string the user reads goes through Qt's translation functions.

Widgets use ``self.tr``; text that comes from the Qt-free layers (section and page titles,
validation messages, model labels) is passed through :func:`tr` with a context named after
its layer, so a translator's ``.ts`` file can cover it too (see resources/translations).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from psn_desktop.resource_files import resource_path

JOURNEY = "journey"  # section and step titles, hints, summary labels
VALIDATION = "validation"  # messages from psn_desktop.domain.validation
MODEL = "model"  # labels of model values (organisation types, routes)
READINESS = "readiness"  # readiness verdicts and issues

_installed: list[QTranslator] = []


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text) if text else text


def install_translators(language: str = "") -> str:
    """Load the app's and Qt's own translations for ``language`` (blank: the system's).

    Returns the locale name used. A missing translation is normal (English is built in).
    """
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    locale = QLocale(language) if language else QLocale.system()
    ours = QTranslator()
    if ours.load(locale, "psn_desktop", "_", str(resource_path("translations"))):
        app.installTranslator(ours)
        _installed.append(ours)
    qt = QTranslator()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(locale, "qtbase", "_", qt_dir):
        app.installTranslator(qt)
        _installed.append(qt)
    return locale.name()
