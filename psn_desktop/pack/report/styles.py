"""Colours, paragraph styles and small text helpers shared by every report section.

One palette and one type scale keep a 200-page estate report looking like one document.
Colours are chosen to survive printing in greyscale (status is never shown by colour alone:
there is always a word too).
"""

from __future__ import annotations

from datetime import date
from functools import cache, lru_cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from psn_desktop.pack.report.fonts import BOLD, REGULAR, register_fonts

PAGE_SIZE = A4
MARGIN = 18 * mm
TOP_MARGIN = 24 * mm
BOTTOM_MARGIN = 20 * mm
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN

NAVY = colors.HexColor("#1F3A5F")
INK = colors.HexColor("#1D2939")
MUTED = colors.HexColor("#667085")
RULE = colors.HexColor("#D0D5DD")
STRIPE = colors.HexColor("#F2F4F7")
HEADER_FILL = colors.HexColor("#E4EAF2")
GREEN = colors.HexColor("#2F7D5B")
GREEN_FILL = colors.HexColor("#E3F2EA")
AMBER = colors.HexColor("#B25E09")
AMBER_FILL = colors.HexColor("#FDF1DE")
RED = colors.HexColor("#B42318")
RED_FILL = colors.HexColor("#FDE8E6")
GREY_FILL = colors.HexColor("#EAECF0")

# Requirement and chart status colours: (fill for the chart, word shown beside it).
STATUS_COLOURS = {
    "met": colors.HexColor("#2F7D5B"),
    "not_applicable": colors.HexColor("#98A2B3"),
    "partly": colors.HexColor("#D99A2B"),
    "partly_provided": colors.HexColor("#F2C46D"),
    "not_met": colors.HexColor("#B42318"),
    "needs_evidence": colors.HexColor("#7A5AF8"),
    "needs_reason": colors.HexColor("#C4320A"),
    "not_started": colors.HexColor("#D0D5DD"),
}


def text(value: object) -> str:
    """User text made safe for reportlab's paragraph markup (names can contain '&' or '<')."""
    return escape("" if value is None else str(value))


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=13, textColor=INK,
                          alignment=TA_LEFT, spaceAfter=4)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10.5, spaceAfter=0),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10, spaceAfter=0),
        "cell_bold": ParagraphStyle("cell_bold", parent=body, fontName=BOLD, fontSize=8,
                                    leading=10, spaceAfter=0),
        "muted": ParagraphStyle("muted", parent=body, fontSize=8.5, leading=11.5,
                                textColor=MUTED),
        "h1": ParagraphStyle("h1", parent=body, fontName=BOLD, fontSize=17, leading=21,
                             textColor=NAVY, spaceBefore=0, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=body, fontName=BOLD, fontSize=12, leading=15,
                             textColor=NAVY, spaceBefore=10, spaceAfter=5),
        "h3": ParagraphStyle("h3", parent=body, fontName=BOLD, fontSize=10, leading=13,
                             textColor=INK, spaceBefore=6, spaceAfter=3),
        "cover_title": ParagraphStyle("cover_title", parent=body, fontName=BOLD, fontSize=28,
                                      leading=33, textColor=NAVY, spaceAfter=6),
        "cover_org": ParagraphStyle("cover_org", parent=body, fontName=BOLD, fontSize=20,
                                    leading=25, textColor=INK, spaceAfter=4),
        "cover_line": ParagraphStyle("cover_line", parent=body, fontSize=11, leading=15,
                                     textColor=INK, spaceAfter=2),
        "verdict": ParagraphStyle("verdict", parent=body, fontName=BOLD, fontSize=13,
                                  leading=17, spaceAfter=3),
        "toc1": ParagraphStyle("toc1", parent=body, fontSize=10.5, leading=16,
                               leftIndent=0, firstLineIndent=0),
        "toc2": ParagraphStyle("toc2", parent=body, fontSize=9, leading=12.5,
                               leftIndent=14, firstLineIndent=0, textColor=MUTED),
        "mono": ParagraphStyle("mono", parent=body, fontSize=7.5, leading=9.5, spaceAfter=0),
    }


def para(value: str, style: str = "body") -> Paragraph:
    """A paragraph from markup the report wrote itself (user text must go through text())."""
    return Paragraph(value, styles()[style])


def plain(value: object, style: str = "body") -> Paragraph:
    """A paragraph of user text, escaped."""
    return Paragraph(text(value), styles()[style])


def short_date(day: date | None, empty: str = "—") -> str:
    """'7 Jan 2027': for table cells, where the full month does not fit."""
    return f"{day.day} {day:%b} {day.year}" if day else empty


@lru_cache(maxsize=4096)
def fit(value: str, width: float, font: str = REGULAR, size: float = 8,
        padding: float = 8) -> str:
    """Shorten ``value`` with an ellipsis so it fits a table column of ``width`` points.

    Plain-string cells do not wrap; without this a long name would run into the next column.
    """
    room = width - padding
    if stringWidth(value, font, size) <= room:
        return value
    low, high = 0, len(value)
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(value[:middle].rstrip() + "…", font, size) <= room:
            low = middle
        else:
            high = middle - 1
    return value[:low].rstrip() + "…"


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"
