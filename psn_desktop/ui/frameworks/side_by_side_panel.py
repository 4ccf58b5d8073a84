"""Every chosen framework's readiness side by side on the home page, with what is left.

The promise to a school that finished its PSN journey is that Cyber Essentials and the DfE
standards show most of the work already done and exactly the gaps remaining. One row per
framework compares the figures (done, answered here, provided by answers given for another
framework, partly covered); under it, each framework lists its remaining gaps. The figures
come from ``domain.side_by_side`` over the readiness the session already worked out, so the
home page does no assessment of its own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from psn_desktop.domain.catalogue import CatalogueError, load_framework
from psn_desktop.domain.readiness import Readiness
from psn_desktop.domain.side_by_side import FrameworkSummary
from psn_desktop.ui.i18n import JOURNEY, READINESS, tr
from psn_desktop.ui.styles import set_role
from psn_desktop.ui.widgets.text import bullets, heading, paragraph

GAPS_SHOWN = 6


def summaries(readiness: tuple[Readiness, ...]) -> list[FrameworkSummary]:
    found = []
    for item in readiness:
        try:
            found.append(FrameworkSummary(load_framework(item.framework_id), item))
        except CatalogueError:
            continue  # the readiness panel already says the catalogue is broken
    return found


class SideBySidePanel(QFrame):
    def __init__(self, readiness: tuple[Readiness, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("frameworks-side-by-side")
        set_role(self, "panel")
        self.summaries = summaries(readiness)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(heading(self.tr("Your frameworks side by side"), 2, self))
        layout.addWidget(paragraph(self.tr(
            "An answer or file given once counts wherever the frameworks ask for the same "
            "thing."), "caption", self))
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        headers = [self.tr("Framework"), self.tr("Done"), self.tr("Answered here"),
                   self.tr("Provided elsewhere"), self.tr("Partly covered"), self.tr("Gaps")]
        for column, text in enumerate(headers):
            label = QLabel(text, self)
            label.setWordWrap(True)
            set_role(label, "label")
            grid.addWidget(label, 0, column)
        self.rows: dict[str, list[QLabel]] = {}
        for row, summary in enumerate(self.summaries, start=1):
            values = [
                self.tr("{title}, version {version}").format(
                    title=tr(JOURNEY, summary.framework.title),
                    version=summary.framework.version),
                f"{summary.done_percent}%", str(summary.answered_here),
                str(summary.provided_elsewhere), str(summary.partly_elsewhere),
                str(len(summary.gaps)),
            ]
            labels = []
            for column, text in enumerate(values):
                label = QLabel(text, self)
                label.setWordWrap(True)
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setAccessibleName(f"{headers[column]}: {text}")
                grid.addWidget(label, row, column)
                labels.append(label)
            self.rows[summary.framework.id] = labels
        grid.setColumnStretch(0, 1)
        layout.addLayout(grid)
        self.gap_lists: dict[str, QLabel] = {}
        for summary in self.summaries:
            layout.addWidget(self._gaps(summary))

    def _gaps(self, summary: FrameworkSummary) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 6, 0, 0)
        title = tr(JOURNEY, summary.framework.title)
        column.addWidget(heading(self.tr("Still to do for {framework}").format(
            framework=title), 3, box))
        verdict = paragraph(tr(READINESS, summary.readiness.verdict), "caption", box)
        column.addWidget(verdict)
        gaps = summary.gaps
        if not gaps:
            column.addWidget(paragraph(self.tr("Nothing: every requirement is answered."),
                                       "", box))
            return box
        items = [f"{g.requirement.id} {tr(JOURNEY, g.requirement.title)}: "
                 f"{tr(READINESS, g.status.label)}" for g in gaps[:GAPS_SHOWN]]
        if len(gaps) > GAPS_SHOWN:
            items.append(self.tr("and %n more", "", len(gaps) - GAPS_SHOWN))
        listing = bullets(items, box)
        listing.setObjectName(f"gaps-{summary.framework.id}")
        self.gap_lists[summary.framework.id] = listing
        column.addWidget(listing)
        return box
