"""The report's page furniture: cover and body pages, running header, "page X of Y", contents.

Reportlab lays the story out twice (``multiBuild``) so the table of contents can show real
page numbers; the canvas keeps each page until the end so the footer can say how many pages
there are. Invariant mode plus a creation date fixed to the as-of date make the PDF's bytes
depend only on its content, which the pack's reproducibility needs.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from psn_desktop.pack.report.fonts import BOLD, REGULAR
from psn_desktop.pack.report.styles import (
    BOTTOM_MARGIN,
    MARGIN,
    MUTED,
    NAVY,
    PAGE_SIZE,
    RULE,
    TOP_MARGIN,
    styles,
)


class Heading(Paragraph):
    """A section or sub-section title that goes into the contents and the PDF outline.

    A sub-section title starts a new page when too little of the page is left for it and a
    few lines of what follows (cheaper, for long tables, than keeping it with the table).
    """

    def __init__(self, title: str, level: int, key: str, markup: str | None = None) -> None:
        super().__init__(markup if markup is not None else title,
                         styles()["h1" if level == 0 else "h2"])
        self.toc_title = title
        self.toc_level = level
        self.key = key


SUBHEADING_ROOM = 40 * mm  # a sub-section starts a new page with less room than this left


def subheading(title: str, key: str, markup: str | None = None) -> list[Flowable]:
    return [CondPageBreak(SUBHEADING_ROOM), Heading(title, 1, key, markup)]


def contents_table() -> TableOfContents:
    style = TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 9), ("VALIGN", (0, 0), (-1, -1),
                                                                    "TOP")])
    toc = TableOfContents(dotsMinLevel=0, tableStyle=style)
    toc.levelStyles = [styles()["toc1"], styles()["toc2"]]
    return toc


def _canvas_class(as_of: date, footer_note: str) -> type[Canvas]:
    stamp = f"D:{as_of:%Y%m%d}120000+00'00'"

    passes = [0]

    class NumberedCanvas(Canvas):
        """Holds pages back until the end, to print 'Page X of Y' on each.

        ``draft`` is true on the first layout pass, which only finds the page each section
        starts on for the contents (it is never the pass that is saved, because the contents
        are still empty then); costly flowables may skip drawing on it.
        """

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.draft = passes[0] == 0
            passes[0] += 1
            self._held_pages: list[dict[str, Any]] = []
            self.setDateFormatter(lambda *_: stamp)

        def showPage(self) -> None:
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for state in self._held_pages:
                self.__dict__.update(state)
                if self._pageNumber > 1:
                    self._footer(total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _footer(self, total: int) -> None:
            width = PAGE_SIZE[0]
            self.saveState()
            self.setFont(REGULAR, 7.5)
            self.setFillColor(MUTED)
            self.drawString(MARGIN, 11 * mm, footer_note)
            self.drawRightString(width - MARGIN, 11 * mm,
                                 f"Page {self._pageNumber} of {total}")
            self.restoreState()

    return NumberedCanvas


class ReportDocument(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, *, header_left: str, header_right: str,
                 **metadata: Any) -> None:
        super().__init__(buffer, pagesize=PAGE_SIZE, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN, invariant=1,
                         pageCompression=1, lang="en-GB", displayDocTitle=1,
                         initialFontName=REGULAR, initialFontSize=9.5, **metadata)
        self._header_left = header_left
        self._header_right = header_right
        frame = Frame(MARGIN, BOTTOM_MARGIN, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover_frame = Frame(MARGIN, BOTTOM_MARGIN, self.width, PAGE_SIZE[1] - 2 * BOTTOM_MARGIN,
                            id="cover", leftPadding=0, rightPadding=0, topPadding=0,
                            bottomPadding=0)
        self.addPageTemplates([
            PageTemplate(id="cover", frames=[cover_frame], onPage=self._cover_band),
            PageTemplate(id="body", frames=[frame], onPage=self._running_header),
        ])

    def _cover_band(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFillColor(NAVY)
        canvas.rect(0, PAGE_SIZE[1] - 14 * mm, PAGE_SIZE[0], 14 * mm, stroke=0, fill=1)
        canvas.restoreState()

    def _running_header(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        width, height = PAGE_SIZE
        canvas.saveState()
        canvas.setFont(BOLD, 8)
        canvas.setFillColor(NAVY)
        canvas.drawString(MARGIN, height - 13 * mm, self._header_left)
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(width - MARGIN, height - 13 * mm, self._header_right)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, height - 15.5 * mm, width - MARGIN, height - 15.5 * mm)
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.toc_title, flowable.key, flowable.toc_level,
                                      closed=flowable.toc_level > 0)
            self.notify("TOCEntry", (flowable.toc_level, flowable.toc_title, self.page,
                                     flowable.key))


def render(story: list[Flowable], *, as_of: date, header_left: str, header_right: str,
           footer_note: str, title: str, author: str, subject: str, creator: str,
           keywords: list[str]) -> bytes:
    buffer = io.BytesIO()
    doc = ReportDocument(buffer, header_left=header_left, header_right=header_right,
                         title=title, author=author, subject=subject, creator=creator,
                         producer=creator, keywords=keywords)
    doc.multiBuild(story, canvasmaker=_canvas_class(as_of, footer_note))
    return buffer.getvalue()
