"""The health check's findings: import them from the provider's spreadsheet, or add by hand.

Reading the file and turning its rows into findings run on the thread pool (a scanner's
export can run to many thousands of rows), with a progress bar and Cancel; between the two
the user checks which column holds what. The findings are saved in one transaction, so an
import is all or nothing, and the outcome says how many were added and which rows (by line
number) could not be used and why.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QVBoxLayout,
    QWidget,
)

from psn_desktop.domain.model import Finding
from psn_desktop.journey import Facts
from psn_desktop.journey.opening import Cancelled
from psn_desktop.journey.sections.health_check import findings
from psn_desktop.remediation import findings_import
from psn_desktop.remediation.findings_import import FindingsImport, rows_to_findings
from psn_desktop.remediation.labels import SEVERITY_LABELS
from psn_desktop.tabular import Table
from psn_desktop.ui import workers
from psn_desktop.ui.devices.mapping_dialog import ColumnMappingDialog
from psn_desktop.ui.i18n import MODEL, tr
from psn_desktop.ui.pages.base import PageContext, StepPage
from psn_desktop.ui.pages.registry import register_page
from psn_desktop.ui.styles import set_role
from psn_desktop.ui.widgets.boxes import Notice, replace_notice
from psn_desktop.ui.widgets.busy_task import BusyTask, read_spreadsheet
from psn_desktop.ui.widgets.flow import flow_row
from psn_desktop.ui.widgets.text import link_button, paragraph, secondary_button
from psn_desktop.workspace.errors import WorkspaceError

SECTION = "health_check"
ERRORS_SHOWN = 10


class _Mapping:
    """What the mapping dialog needs from a guess: field -> column index."""

    def __init__(self, columns: dict[str, int]) -> None:
        self.columns = columns


@register_page(SECTION, "findings")
class FindingsPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.mapping_dialog: ColumnMappingDialog | None = None
        self.last_import: FindingsImport | None = None
        self.notice: Notice | None = None
        self.import_button = secondary_button(self.tr("Import findings from a spreadsheet…"))
        self.import_button.clicked.connect(self.choose_file)
        self.add = secondary_button(self.tr("Add a finding by hand"))
        self.add.clicked.connect(lambda: self.goTo.emit(self._item_position(None)))
        self.body.addWidget(flow_row(self.import_button, self.add))
        self.body.addWidget(paragraph(self.tr(
            "A CSV or Excel file from the provider, one row per finding (or one row per finding "
            "and host). You choose which column holds the title, the rating and the hosts."),
            "hint", self))
        self.busy_task = BusyTask(
            self, self.busyChanged, accessible_name=self.tr("Import progress"), say=self.say,
            stopped=self.tr("Import stopped. Nothing was added."),
            read_only=lambda: bool(self.session and self.session.read_only),
            buttons=(self.import_button, self.add), focus=self.import_button)
        self.busy, self.progress = self.busy_task.row, self.busy_task.progress
        self.body.addWidget(self.busy)
        self.notice_slot = QVBoxLayout()
        self.body.addLayout(self.notice_slot)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(0)
        self.body.addLayout(self.rows)
        self.empty = paragraph(self.tr("No findings recorded yet. If the health check found "
                                       "nothing to fix, just continue."), "hint", self)
        self.body.addWidget(self.empty)

    def _item_position(self, item: int | None):
        return self.session.journey.open_item(self.context.position, item)

    # ----- the list ------------------------------------------------------------------------

    def load(self, facts: Facts) -> None:
        while self.rows.count():
            widget = self.rows.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # gone at once, not when Qt gets round to it
                widget.deleteLater()
        found = sorted(findings(facts), key=lambda f: (f.severity.rank, f.id or 0))
        names = {d.id: d.name for d in facts.data.devices}
        for item in found:
            self.rows.addWidget(self._row(item, names))
        self.empty.setVisible(not found)
        self.contentChanged.emit()

    def _row(self, item: Finding, names: dict[int | None, str]) -> QWidget:
        row = QFrame(self)
        set_role(row, "row")
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 8, 0, 8)
        layout.addWidget(paragraph(item.title, "label", row))
        parts = [tr(MODEL, SEVERITY_LABELS[item.severity])]
        if item.reference:
            parts.append(item.reference)
        hosts = [names[i] for i in item.device_ids if i in names]
        if hosts:
            shown = ", ".join(hosts[:6]) + (" …" if len(hosts) > 6 else "")
            parts.append(self.tr("Devices: {names}").format(names=shown))
        layout.addWidget(paragraph(" · ".join(parts), "hint", row))
        change = link_button(self.tr("Change"), self.tr("Change {name}").format(name=item.title))
        change.clicked.connect(lambda: self.goTo.emit(self._item_position(item.id)))
        remove = link_button(self.tr("Remove"), self.tr("Remove {name}").format(name=item.title))
        remove.clicked.connect(lambda: self._remove(item))
        remove.setEnabled(not (self.session and self.session.read_only))
        layout.addWidget(flow_row(change, remove, spacing=24))
        return row

    def _remove(self, item: Finding) -> None:
        """Remove at once (with its action), and offer Undo."""
        workspace = self.session.workspace
        actions = [a for a in workspace.actions() if a.finding_id == item.id]
        try:
            workspace.delete_finding(item.id or 0)
        except WorkspaceError as error:
            self.say(str(error), "error")
            return
        self.say(self.tr("Removed “{name}”.").format(name=item.title), "info",
                 [(self.tr("Undo"), lambda: self._undo(item, actions))])
        self.load(self.session.refresh())
        self.add.setFocus()

    def _undo(self, item: Finding, actions) -> None:
        try:
            new_id = self.session.workspace.save_finding(
                replace(item, id=None), replace(actions[0], id=None) if actions else None)
            for action in actions[1:]:
                self.session.workspace.save_action(replace(action, id=None, finding_id=new_id))
        except WorkspaceError as error:
            self.say(str(error), "error")
            return
        self.say(self.tr("“{name}” is back.").format(name=item.title), "info")
        self.load(self.session.refresh())
        self.add.setFocus()

    def say(self, text: str, kind: str = "info", actions=None) -> None:
        self.notice = replace_notice(self.notice, self.notice_slot, text, kind, actions, self)
        self.contentChanged.emit()

    def set_read_only(self, read_only: bool) -> None:
        self.import_button.setEnabled(not read_only)
        self.add.setEnabled(not read_only)

    def focus_first(self) -> None:
        self.import_button.setFocus()

    def focus_field(self, name: str) -> None:
        self.import_button.setFocus()

    # ----- import ------------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import the health check's findings"), "",
            self.tr("Spreadsheets (*.csv *.xlsx *.txt);;All files (*)"))
        if path:
            self.start_import(Path(path))

    @property
    def task(self) -> workers.Task | None:
        return self.busy_task.task

    def _run(self, label: str, work, done) -> workers.Task:
        return self.busy_task.run(label, work, done)

    def cancel(self) -> None:
        self.busy_task.cancel()

    def start_import(self, path: Path) -> workers.Task:
        return self._run(self.tr("Reading {name}…").format(name=path.name),
                         read_spreadsheet(path),
                         lambda table: self._table_read(path, table))

    def _table_read(self, path: Path, table: Table | str) -> None:
        if isinstance(table, str):
            self.say(table, "error")
            return
        if not table.rows:
            self.say(self.tr("{name} has column headings but no rows. Check it is the "
                             "findings export, then import it again.").format(name=path.name),
                     "error")
            return
        dialog = ColumnMappingDialog(
            table.headers, _Mapping(findings_import.guess(table.headers)), table.rows[0], self,
            fields=[(name, self.tr(label), required)
                    for name, label, required in findings_import.FIELDS],
            intro=self.tr("PSN Desktop has guessed which column holds each detail of a finding. "
                          "Check the guesses and change any that are wrong. Only the title is "
                          "needed; without a rating every finding is marked medium."))
        self.mapping_dialog = dialog
        dialog.finished.connect(lambda code: self._mapped(table, dialog, code))
        dialog.open()

    def _mapped(self, table: Table, dialog: ColumnMappingDialog, code: int) -> None:
        self.mapping_dialog = None
        if code != QDialog.DialogCode.Accepted:
            self.say(self.tr("Import cancelled. Nothing was added."), "info")
            return
        columns = dialog.columns()
        data = self.session.workspace.load()
        devices, existing = data.devices, data.findings
        found_on = data.health_check.check_date or self.context.as_of or date.today()

        def work(cancel, progress) -> FindingsImport:
            result = rows_to_findings(table, columns, devices=devices, existing=existing,
                                      found_on=found_on, progress=progress,
                                      stop=cancel.is_set)
            if result is None:
                raise Cancelled()
            return result

        self._run(self.tr("Reading the findings…"), work, self._converted)

    def _converted(self, result: FindingsImport) -> None:
        self.last_import = result
        if result.findings:
            self.session.workspace.save_findings([(f, None) for f in result.findings])
        text = self.tr("Added {count} finding(s) to the plan.").format(
            count=len(result.findings))
        extra = []
        if result.combined_rows:
            extra.append(self.tr("{count} row(s) about the same finding on another host were "
                                 "combined with it.").format(count=result.combined_rows))
        if result.already_in_plan:
            extra.append(self.tr("{count} finding(s) already in the plan were not added "
                                 "again.").format(count=result.already_in_plan))
        if result.unmatched_hosts:
            shown = ", ".join(result.unmatched_hosts[:8])
            extra.append(self.tr("{count} host(s) are not in your device list, so they are kept "
                                 "in the findings' details: {names}").format(
                count=len(result.unmatched_hosts), names=shown))
        if result.errors:
            lines = [str(e) for e in result.errors[:ERRORS_SHOWN]]
            more = len(result.errors) - ERRORS_SHOWN
            extra.append(self.tr("Not imported: fix these rows in the file and import it "
                                 "again (findings already added are not added twice).") + "\n"
                         + "\n".join(lines)
                         + ("\n" + self.tr("…and {count} more.").format(count=more)
                            if more > 0 else ""))
        self.say("\n".join([text, *extra]), "warning" if result.errors else "info")
        self.load(self.session.refresh())
