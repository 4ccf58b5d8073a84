"""A small "Starting PSN Desktop…" window, shown the instant the app is launched.

On a school or surgery PC the app's first start can take seconds (antivirus software scans
every library of a freshly installed program), and a double-click that shows nothing for
that long gets double-clicked again. This window appears as soon as Qt is up, before the rest
of the app is even imported, and closes itself when the main window appears (or after a
minute, whatever happens). It imports nothing but Qt and the resource finder, and it is
shown first and painted after, as any window is, so it costs a bare window's start-up and no
more. (``QSplashScreen`` is not used: its ``show()`` waits up to a second for the window
system to confirm the window is on screen.)
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from psn_desktop.resource_files import resource_path

_WIDTH, _HEIGHT = 420, 150
_ICON = 96
_GIVE_UP_MS = 60_000
_showing: list[Splash] = []  # keeps the splash alive after show_splash() returns


class Splash(QWidget):
    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
        self.setFixedSize(_WIDTH, _HEIGHT)
        self.setWindowTitle("PSN Desktop")
        self.setAccessibleName(QCoreApplication.translate("splash", "PSN Desktop is starting"))
        self.message = QCoreApplication.translate("splash", "Starting…")
        self._icon = QPixmap(str(resource_path("icons", "psn-desktop.png")))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.fillRect(self.rect(), QColor("#ffffff"))
            painter.setPen(QColor("#164e8c"))
            painter.drawRect(0, 0, _WIDTH - 1, _HEIGHT - 1)
            if not self._icon.isNull():
                painter.drawPixmap(QRect(24, (_HEIGHT - _ICON) // 2, _ICON, _ICON), self._icon)
            title = QFont()
            title.setPointSize(18)
            title.setBold(True)
            painter.setFont(title)
            painter.setPen(QColor("#0b0c0c"))
            painter.drawText(140, 68, "PSN Desktop")
            body = QFont()
            body.setPointSize(11)
            painter.setFont(body)
            painter.setPen(QColor("#505a5f"))
            painter.drawText(140, 98, self.message)
        finally:
            painter.end()


class _CloseWhenMainWindowShows(QObject):
    """Closes the splash when any other top-level window is shown."""

    def __init__(self, splash: Splash) -> None:
        super().__init__(splash)
        self._splash = splash

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Show and isinstance(watched, QWidget)
                and watched.isWindow() and watched is not self._splash):
            self.finish()
        return False

    def finish(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._splash.close()
        if self._splash in _showing:
            _showing.remove(self._splash)


def show_splash() -> Splash:
    """Create the application if needed and show the splash; it closes on its own."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    splash = Splash()
    closer = _CloseWhenMainWindowShows(splash)
    app.installEventFilter(closer)
    QTimer.singleShot(_GIVE_UP_MS, closer.finish)
    _showing.append(splash)
    splash.show()
    app.processEvents()  # paint it now: the event loop only starts after the app is built
    return splash
