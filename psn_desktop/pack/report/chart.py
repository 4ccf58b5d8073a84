"""The summary's chart: how far each area has got, as one stacked bar per area.

Drawn straight onto the page as vector shapes (no image, no randomness), so it is sharp when
printed and identical between builds, and uses only the report's embedded font. Every colour
has its word in the legend and each bar ends with its count, so it reads in greyscale too.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from psn_desktop.domain.readiness import Readiness, RequirementStatus
from psn_desktop.pack.report.fonts import BOLD, REGULAR
from psn_desktop.pack.report.styles import INK, MUTED, RULE, STATUS_COLOURS, fit

ORDER = [
    RequirementStatus.MET, RequirementStatus.NOT_APPLICABLE, RequirementStatus.PARTLY,
    RequirementStatus.PARTLY_PROVIDED, RequirementStatus.NOT_MET,
    RequirementStatus.NEEDS_EVIDENCE, RequirementStatus.NEEDS_REASON, RequirementStatus.NOT_STARTED,
]
ROW = 15.0
BAR = 10.0
LABEL_WIDTH = 170.0
LEGEND_ROW = 16.0


class StatusChart(Flowable):
    def __init__(self, readiness: Readiness, width: float) -> None:
        super().__init__()
        self.readiness = readiness
        self.width = width
        self.height = ROW * len(readiness.areas) + 2 * LEGEND_ROW + 8

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        areas = self.readiness.areas
        most = max((a.total for a in areas), default=1) or 1
        bar_space = self.width - LABEL_WIDTH - 40
        y = self.height - ROW
        for area in areas:
            canvas.setFont(REGULAR, 7.5)
            canvas.setFillColor(INK)
            canvas.drawString(0, y + 2, fit(area.area.title, LABEL_WIDTH, REGULAR, 7.5))
            full = bar_space * area.total / most
            x = LABEL_WIDTH
            for status in ORDER:
                count = sum(r.status is status for r in area.requirements)
                if count:
                    span = bar_space * count / most
                    canvas.setFillColor(STATUS_COLOURS[status.value])
                    canvas.rect(x, y, span, BAR, stroke=0, fill=1)
                    x += span
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.4)
            canvas.rect(LABEL_WIDTH, y, full, BAR, stroke=1, fill=0)
            canvas.setFont(BOLD, 7.5)
            canvas.setFillColor(INK)
            canvas.drawString(LABEL_WIDTH + full + 4, y + 2, f"{area.completed}/{area.total}")
            y -= ROW
        per_row = (len(ORDER) + 1) // 2
        step = self.width / per_row
        canvas.setFont(REGULAR, 7)
        for index, status in enumerate(ORDER):
            row, col = divmod(index, per_row)
            lx = col * step
            ly = LEGEND_ROW * (1 - row) + 2
            canvas.setFillColor(STATUS_COLOURS[status.value])
            canvas.rect(lx, ly, 8, 8, stroke=0, fill=1)
            canvas.setFillColor(MUTED)
            canvas.drawString(lx + 11, ly + 1, status.label)


def status_chart(readiness: Readiness, width: float) -> StatusChart:
    return StatusChart(readiness, width)
