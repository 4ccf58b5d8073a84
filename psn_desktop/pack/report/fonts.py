"""The report's font: DejaVu Sans, bundled, so every name prints on every PC.

Reportlab's built-in fonts cover Latin-1 only: "Ysgol Gynradd Pen-y-ŵyn" would print with a
missing letter, on the cover of the document an organisation signs. DejaVu Sans covers
Welsh, Irish, Polish, Greek and Cyrillic names and more, and ships under a free licence, so
its two weights live in ``resources/fonts`` and are embedded (subset) in every report.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from psn_desktop.resource_files import resource_path

REGULAR = "PSNSans"
BOLD = "PSNSans-Bold"
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register once per process; safe from any thread."""
    global _registered
    with _lock:
        if _registered:
            return
        pdfmetrics.registerFont(TTFont(REGULAR, str(resource_path("fonts", "DejaVuSans.ttf"))))
        pdfmetrics.registerFont(TTFont(BOLD, str(resource_path("fonts",
                                                               "DejaVuSans-Bold.ttf"))))
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                      boldItalic=BOLD)
        for bold, italic, name in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR),
                                   (1, 1, BOLD)):
            addMapping(REGULAR, bold, italic, name)
        _registered = True
