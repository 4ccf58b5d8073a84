"""The whole remediation plan on one page, most urgent first, and its export.

Each finding shows what was found, how serious, where it came from, who will fix it and by
when, and its state in words: an overdue action says "Overdue" in red and bold, with the
date it was due, so it stands out on screen, in greyscale and to a screen reader alike.
Exporting (CSV exactly as in the pack, or an Excel workbook for the governors) runs on the
thread pool.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QVBoxLayout,
)

from psn_desktop.domain.catalogue import CatalogueError, load_framework
from psn_desktop.journey import Facts, Position
from psn_desktop.journey.opening import Cancelled
from psn_desktop.remediation.export import export_plan
from psn_desktop.remediation.labels import SEVERITY_LABELS, SOURCE_LABELS, STATUS_LABELS
from psn_desktop.remediation.plan_items import PlanItem, plan_items
from psn_desktop.ui import workers
from psn_desktop.ui.i18n import MODEL, tr
from psn_desktop.ui.pages.base import PageContext, StepPage
from psn_desktop.ui.pages.registry import register_page
from psn_desktop.ui.styles import set_role
from psn_desktop.ui.widgets.boxes import Notice, replace_notice
from psn_desktop.ui.widgets.busy_task import BusyTask
from psn_desktop.ui.widgets.flow import flow_row
from psn_desktop.ui.widgets.text import link_button, paragraph, secondary_button

SECTION = "plan"


@register_page(SECTION, "plan")
class PlanPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.notice: Notice | None = None
        self.rows_by_finding: dict[int | None, QFrame] = {}
        self.change_buttons: list = []
        self.counts = paragraph("", "", self)
        self.counts.setObjectName("plan-counts")
        self.body.addWidget(self.counts)
        self.add = secondary_button(self.tr("Add something else to the plan"))
        self.add.clicked.connect(lambda: self.goTo.emit(Position(SECTION, "action", None)))
        self.export_csv = secondary_button(self.tr("Save as CSV…"),
                                           self.tr("Save the plan as a CSV file"))
        self.export_csv.clicked.connect(lambda: self.choose_export("csv"))
        self.export_xlsx = secondary_button(self.tr("Save as Excel…"),
                                            self.tr("Save the plan as an Excel workbook"))
        self.export_xlsx.clicked.connect(lambda: self.choose_export("xlsx"))
        self.body.addWidget(flow_row(self.add, self.export_csv, self.export_xlsx))
        self.busy_task = BusyTask(
            self, self.busyChanged, accessible_name=self.tr("Saving the plan"), say=self.say,
            stopped=self.tr("Stopped. Nothing was saved."),
            read_only=lambda: bool(self.session and self.session.read_only),
            indeterminate=True)
        self.busy, self.progress = self.busy_task.row, self.busy_task.progress
        self.body.addWidget(self.busy)
        self.notice_slot = QVBoxLayout()
        self.body.addLayout(self.notice_slot)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(0)
        self.body.addLayout(self.rows)
        self.empty = paragraph(self.tr("Nothing is in the plan yet. Findings from the IT Health "
                                       "Check, from your devices and from 'not met' answers "
                                       "appear here."), "hint", self)
        self.body.addWidget(self.empty)

    def load(self, facts: Facts) -> None:
        while self.rows.count():
            widget = self.rows.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # gone at once, not when Qt gets round to it
                widget.deleteLater()
        self.rows_by_finding = {}
        self.change_buttons = []
        items = plan_items(facts.data, facts.as_of)
        for item in items:
            row = self._row(item, facts)
            self.rows_by_finding[item.finding.id] = row
            self.rows.addWidget(row)
        self.empty.setVisible(not items)
        overdue = sum(i.overdue for i in items)
        unplanned = sum(not i.planned for i in items)
        open_count = sum(i.open for i in items)
        self.counts.setText(self.tr(
            "{total} thing(s) in the plan: {open} still to do ({overdue} overdue, {unplanned} "
            "with no action yet), {closed} done or accepted.").format(
            total=len(items), open=open_count, overdue=overdue, unplanned=unplanned,
            closed=len(items) - open_count))
        self.contentChanged.emit()

    def _row(self, item: PlanItem, facts: Facts) -> QFrame:
        finding, action = item.finding, item.action
        row = QFrame(self)
        set_role(row, "row")
        row.setObjectName(f"plan-{finding.id}")
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 10, 0, 10)
        layout.setSpacing(4)
        layout.addWidget(paragraph(finding.title, "label", row))
        about = [self.tr("How serious: {level}").format(
                     level=tr(MODEL, SEVERITY_LABELS[finding.severity])),
                 self.tr("Found by: {source}").format(
                     source=tr(MODEL, SOURCE_LABELS[finding.source]))]
        if item.devices:
            shown = ", ".join(item.devices[:5]) + (" …" if len(item.devices) > 5 else "")
            about.append(self.tr("Devices: {names}").format(names=shown))
        if finding.requirement_ids:
            about.append(self.tr("Requirement: {ids}").format(
                ids=", ".join(r.partition(":")[2] for r in finding.requirement_ids)))
        layout.addWidget(paragraph(" · ".join(about), "hint", row))
        state = paragraph(tr(MODEL, item.state_text(facts.as_of)),
                          "error" if item.overdue or not item.planned else "", row)
        state.setObjectName("overdue" if item.overdue else "state")
        layout.addWidget(state)
        if action is not None:
            who = action.owner or self.tr("No owner yet")
            line = self.tr("{who} · Status: {status}").format(
                who=who, status=tr(MODEL, STATUS_LABELS[action.status]))
            if action.notes:
                line += "\n" + action.notes
            layout.addWidget(paragraph(line, "", row))
        label = self.tr("Plan the fix") if action is None else self.tr("Change")
        change = link_button(label, self.tr("{label}: {title}").format(label=label,
                                                                       title=finding.title))
        change.clicked.connect(lambda: self.goTo.emit(Position(SECTION, "action", finding.id)))
        if not item.planned or item.overdue:
            self.change_buttons.append(change)
        layout.addWidget(flow_row(change))
        return row

    def say(self, text: str, kind: str = "info", actions=None) -> None:
        self.notice = replace_notice(self.notice, self.notice_slot, text, kind, actions, self)
        self.contentChanged.emit()

    def set_read_only(self, read_only: bool) -> None:
        self.add.setEnabled(not read_only)

    def focus_first(self) -> None:
        self.add.setFocus()

    def focus_field(self, name: str) -> None:
        """The error summary's link: the first thing still to plan."""
        (self.change_buttons[0] if self.change_buttons else self.add).setFocus()

    # ----- export --------------------------------------------------------------------------

    def choose_export(self, kind: str) -> None:
        name = "remediation-plan." + kind
        filters = self.tr("CSV (*.csv)") if kind == "csv" else self.tr("Excel workbook (*.xlsx)")
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Save the remediation plan"),
                                                    name, filters)
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> workers.Task | None:
        facts = self.session.facts()
        try:
            framework = load_framework(facts.data.info.frameworks[0])
        except (CatalogueError, IndexError) as error:
            self.say(str(error), "error")
            return None
        data, as_of = facts.data, facts.as_of

        def work(cancel, progress) -> Path:
            progress(-1)
            saved = export_plan(data, framework, as_of, path, stop=cancel.is_set)
            if saved is None:
                raise Cancelled()
            return saved

        return self.busy_task.run(self.tr("Saving {name}…").format(name=path.name), work,
                                  self._exported)

    @property
    def task(self) -> workers.Task | None:
        return self.busy_task.task

    def cancel(self) -> None:
        self.busy_task.cancel()

    def _exported(self, path: Path) -> None:
        self.exported = path
        self.say(self.tr("Saved the plan as {path}.").format(path=path), "info",
                 [(self.tr("Open it"), lambda: QDesktopServices.openUrl(
                     QUrl.fromLocalFile(str(path))))])
