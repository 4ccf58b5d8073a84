"""Tables for the report, built in chunks so a 5,000-device estate lays out in seconds.

Reportlab re-measures the rest of a table every time it splits one across a page, so one
table of thousands of rows costs time that grows with the square of its length. Chunks of a
few dozen rows, each with its own header row, cost time in proportion to the rows and read
the same on paper. Cells that never wrap (names, dates, sizes) stay plain strings, which
lay out far faster than paragraphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table, TableStyle

from psn_desktop.pack.report.fonts import BOLD, REGULAR
from psn_desktop.pack.report.styles import HEADER_FILL, INK, NAVY, RULE, STRIPE

CHUNK_ROWS = 40
SPLIT_IN_ROW = 24  # a row taller than a page (a pasted essay of a reason) splits, in points

# row index (0-based, in the whole table's body) -> style commands for the row, e.g.
# ("BACKGROUND", colour); cell styles are (row, column, command) for one cell.
RowStyles = dict[int, list[tuple[Any, ...]]]
CellStyles = list[tuple[int, int, tuple[Any, ...]]]


def _base_style(rows: int) -> list[tuple[Any, ...]]:
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, 0), BOLD, 8),
        ("FONT", (0, 1), (-1, -1), REGULAR, 8),
        ("TEXTCOLOR", (0, 0), (-1, 0), NAVY),
        ("TEXTCOLOR", (0, 1), (-1, -1), INK),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for row in range(2, rows + 1, 2):
        commands.append(("BACKGROUND", (0, row), (-1, row), STRIPE))
    return commands


def table(header: Sequence[Any], rows: Sequence[Sequence[Any]], widths: Sequence[float], *,
          row_styles: RowStyles | None = None, cell_styles: CellStyles | None = None,
          chunk: int = CHUNK_ROWS) -> list[Flowable]:
    """Header plus rows as a list of table flowables of at most ``chunk`` rows each."""
    row_styles = row_styles or {}
    by_row: dict[int, list[tuple[int, tuple[Any, ...]]]] = {}
    for row, column, command in cell_styles or []:
        by_row.setdefault(row, []).append((column, command))
    flowables: list[Flowable] = []
    for start in range(0, max(len(rows), 1), chunk):
        body = list(rows[start:start + chunk])
        if not body:
            body = [["None recorded."] + [""] * (len(header) - 1)]
        commands = _base_style(len(body))
        if not rows:
            commands.append(("SPAN", (0, 1), (-1, 1)))
            commands.append(("TEXTCOLOR", (0, 1), (-1, 1), colors.HexColor("#667085")))
        for offset in range(len(body)):
            for command in row_styles.get(start + offset, []):
                name, *rest = command
                commands.append((name, (0, offset + 1), (-1, offset + 1), *rest))
            for column, (name, *rest) in by_row.get(start + offset, []):
                commands.append((name, (column, offset + 1), (column, offset + 1), *rest))
        part = Table([list(header), *body], colWidths=list(widths), repeatRows=1,
                     style=TableStyle(commands), hAlign="LEFT", splitInRow=SPLIT_IN_ROW)
        flowables.append(part)
    return flowables


def key_value(pairs: Sequence[tuple[str, Any]], widths: Sequence[float]) -> Table:
    """A two-column 'label: value' block (organisation details, scope, the health check)."""
    data = [[label, value] for label, value in pairs]
    return Table(data, colWidths=list(widths), hAlign="LEFT", splitInRow=SPLIT_IN_ROW,
                 style=TableStyle([
        ("FONT", (0, 0), (0, -1), BOLD, 8.5),
        ("FONT", (1, 0), (1, -1), REGULAR, 8.5),
        ("TEXTCOLOR", (0, 0), (0, -1), NAVY),
        ("TEXTCOLOR", (1, 0), (1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))


class Listing(Flowable):
    """A long table of one-line plain-text rows: splits and draws in time linear in its rows.

    Every row has the same height, so finding where a page ends is arithmetic rather than
    measuring, and a page's text is drawn in one text object rather than one per cell. The
    caller shortens values to fit their columns (see ``styles.fit``). Used for the estate's
    device list, which may run to thousands of rows.
    """

    ROW = 12.0
    FONT_SIZE = 7.5

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[str]],
                 widths: Sequence[float], *, fills: dict[int, Any] | None = None,
                 emphasis: dict[int, Any] | None = None, first: int = 0) -> None:
        super().__init__()
        self.header = list(header)
        self.rows = rows
        self.widths = list(widths)
        self.fills = fills or {}  # row index -> background colour
        self.emphasis = emphasis or {}  # row index -> text colour, drawn bold
        self.first = first  # index of rows[0] in the whole list (for fills and stripes)
        self.width = sum(self.widths)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.height = self.ROW * (len(self.rows) + 1)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        fits = int(available_height // self.ROW) - 1  # the header repeats on every page
        if fits < 1 or fits >= len(self.rows):
            return []
        return [Listing(self.header, self.rows[:fits], self.widths, fills=self.fills,
                        emphasis=self.emphasis, first=self.first),
                Listing(self.header, self.rows[fits:], self.widths, fills=self.fills,
                        emphasis=self.emphasis, first=self.first + fits)]

    def draw(self) -> None:
        canvas = self.canv
        if getattr(canvas, "draft", False):
            return  # the first layout pass needs only this listing's size
        top = self.ROW * (len(self.rows) + 1)
        canvas.saveState()
        canvas.setFillColor(HEADER_FILL)
        canvas.rect(0, top - self.ROW, self.width, self.ROW, stroke=0, fill=1)
        for offset in range(len(self.rows)):
            index = self.first + offset
            fill = self.fills.get(index, STRIPE if index % 2 else None)
            if fill is not None:
                canvas.setFillColor(fill)
                canvas.rect(0, top - self.ROW * (offset + 2), self.width, self.ROW, stroke=0,
                            fill=1)
        canvas.setStrokeColor(NAVY)
        canvas.setLineWidth(0.8)
        canvas.line(0, top - self.ROW, self.width, top - self.ROW)
        text = canvas.beginText()
        self._line(text, self.header, top - self.ROW + 3.5, BOLD, NAVY)
        for offset, row in enumerate(self.rows):
            colour = self.emphasis.get(self.first + offset)
            self._line(text, row, top - self.ROW * (offset + 2) + 3.5,
                       BOLD if colour is not None else REGULAR, colour or INK)
        canvas.drawText(text)
        canvas.restoreState()

    def _line(self, text: Any, values: Sequence[str], y: float, font: str, colour: Any) -> None:
        text.setFont(font, self.FONT_SIZE)
        text.setFillColor(colour)
        x = 4.0
        for value, width in zip(values, self.widths, strict=False):
            text.setTextOrigin(x, y)
            text.textOut(value)
            x += width
