"""The "Devices and software" page: scan this computer, import devices, make the collector.

Slow work (the scan, reading a big spreadsheet or a folder of collector files) runs on the
thread pool through ``ui.workers`` with a progress bar and a Cancel button; the page only
turns results into widgets and saves through the services in ``psn_desktop.checks``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMenu,
    QVBoxLayout,
)

from psn_desktop.checks.asset_columns import guess_mapping
from psn_desktop.checks.asset_import import (
    ImportResult,
    RowError,
    rows_to_devices,
    write_template,
)
from psn_desktop.checks.asset_table import Table
from psn_desktop.checks.collector import FolderImport, read_collector_folder, write_collector
from psn_desktop.checks.device_status import device_statuses
from psn_desktop.checks.estate import EstateImport, save_devices
from psn_desktop.checks.findings import save_estate_findings, save_scan
from psn_desktop.checks.runner import CommandRunner
from psn_desktop.checks.scan import ALL_CHECKS, ScanReport, run_scan
from psn_desktop.checks.support_update import current_support_data, staleness_warning
from psn_desktop.journey import Facts
from psn_desktop.ui import workers
from psn_desktop.ui.devices.mapping_dialog import ColumnMappingDialog
from psn_desktop.ui.devices.table import DeviceTable
from psn_desktop.ui.pages.base import PageContext, StepPage
from psn_desktop.ui.pages.registry import register_page
from psn_desktop.ui.widgets.boxes import Notice, replace_notice
from psn_desktop.ui.widgets.busy_task import BusyTask, read_spreadsheet
from psn_desktop.ui.widgets.flow import flow_row
from psn_desktop.ui.widgets.text import link_button, primary_button, secondary_button

SECTION = "devices"


@register_page(SECTION, "devices")
class DevicesPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.support = current_support_data()
        self.checks = ALL_CHECKS  # what "Scan this computer" runs
        self.notice: Notice | None = None

        self.scan_button = primary_button(self.tr("Scan this computer"))
        self.scan_button.clicked.connect(self.start_scan)
        self.import_button = secondary_button(self.tr("Import devices"))
        menu = QMenu(self.import_button)
        menu.setAccessibleName(self.tr("Import devices from"))
        menu.addAction(self.tr("From a spreadsheet (CSV or Excel)…"), self.choose_spreadsheet)
        menu.addAction(self.tr("From collector files (choose their folder)…"),
                       self.choose_collector_folder)
        self.import_button.setMenu(menu)
        self.collector_button = secondary_button(self.tr("Make the collector for other PCs"))
        self.collector_button.clicked.connect(self.choose_collector_target)
        # A flowing row: at large text sizes the buttons wrap instead of widening the page.
        self.body.addWidget(flow_row(self.scan_button, self.import_button,
                                     self.collector_button))
        self.template_button = link_button(self.tr("Download a spreadsheet template"))
        self.template_button.clicked.connect(self.choose_template_target)
        self.body.addWidget(flow_row(self.template_button))

        # The page frame shows its own Cancel button (and disables this page) while busy;
        # this bar adds how far the work has got.
        self.busy_task = BusyTask(
            self, self.busyChanged, accessible_name=self.tr("Progress"), say=self.say,
            stopped=self.tr("Stopped. Nothing was changed."),
            read_only=lambda: bool(self.session and self.session.read_only),
            buttons=(self.scan_button, self.import_button, self.collector_button),
            focus=self.scan_button)
        self.busy, self.progress = self.busy_task.row, self.busy_task.progress
        self.body.addWidget(self.busy)

        self.notice_slot = QVBoxLayout()
        self.body.addLayout(self.notice_slot)
        self.table = DeviceTable(self)
        self.body.addWidget(self.table)

    # ----- showing -------------------------------------------------------------------------

    @property
    def as_of(self) -> date:
        return self.context.as_of or (self.session.as_of if self.session else date.today())

    def load(self, facts: Facts) -> None:
        self.table.show_devices(device_statuses(facts.data, self.as_of, self.support))
        warning = staleness_warning(self.support, self.as_of)
        if warning and self.notice is None:
            self.say(warning, "warning")
        self.contentChanged.emit()

    def refresh(self) -> None:
        self.load(self.session.refresh())

    def say(self, text: str, kind: str = "info") -> None:
        self.notice = replace_notice(self.notice, self.notice_slot, text, kind, None, self)
        self.contentChanged.emit()

    def set_read_only(self, read_only: bool) -> None:
        for button in (self.scan_button, self.import_button, self.collector_button):
            button.setEnabled(not read_only)

    def focus_first(self) -> None:
        self.scan_button.setFocus()

    def focus_field(self, name: str) -> None:
        self.scan_button.setFocus()

    # ----- background work -----------------------------------------------------------------

    @property
    def task(self) -> workers.Task | None:
        return self.busy_task.task

    def _run(self, label: str, work, done) -> workers.Task:
        return self.busy_task.run(label, work, done)

    def cancel(self) -> None:
        self.busy_task.cancel()

    # ----- scan this computer ----------------------------------------------------------------

    def start_scan(self) -> workers.Task:
        as_of, support, checks = self.as_of, self.support, self.checks

        def work(cancel_event, progress) -> ScanReport:
            runner = CommandRunner(cancel_event=cancel_event)
            return run_scan(as_of=as_of, runner=runner, support=support, checks=checks,
                            progress=lambda done, total, _title: progress(done * 100 // total))

        return self._run(self.tr("Scanning this computer…"), work, self._scanned)

    def _scanned(self, report: ScanReport) -> None:
        saved = save_scan(self.session.workspace, report, support=self.support)
        counts = report.counts()
        self.say(self.tr("Scanned {name}: {passed} passed, {failed} need attention, {unknown} "
                         "could not tell. {new} new finding(s) were added to the plan, and the "
                         "report is kept as evidence.").format(
            name=report.computer_name, passed=counts["pass"], failed=counts["fail"],
            unknown=counts["could_not_tell"], new=len(saved.findings.added)),
            "warning" if counts["fail"] else "info")
        self.last_report = report
        self.refresh()

    # ----- import ------------------------------------------------------------------------------

    def choose_spreadsheet(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import devices from a spreadsheet"), "",
            self.tr("Spreadsheets (*.csv *.xlsx *.txt);;All files (*)"))
        if path:
            self.start_import(Path(path))

    def start_import(self, path: Path) -> workers.Task:
        return self._run(self.tr("Reading {name}…").format(name=path.name),
                         read_spreadsheet(path),
                         lambda table: self._table_read(path, table))

    def _table_read(self, path: Path, table: Table | str) -> None:
        if isinstance(table, str):
            self.say(table, "error")
            return
        dialog = ColumnMappingDialog(table.headers, guess_mapping(table.headers),
                                     table.rows[0] if table.rows else None, self)
        self.mapping_dialog = dialog
        dialog.finished.connect(lambda code: self._mapped(path, table, dialog, code))
        dialog.open()

    def _mapped(self, path: Path, table: Table, dialog: ColumnMappingDialog, code: int) -> None:
        if code != QDialog.DialogCode.Accepted:
            self.say(self.tr("Import cancelled. Nothing was changed."), "info")
            return
        result: ImportResult = rows_to_devices(table, dialog.mapping())
        outcome = EstateImport()
        save_devices(self.session.workspace, result, outcome)
        outcome.findings = save_estate_findings(self.session.workspace, self.as_of,
                                                self.support, device_ids=outcome.device_ids)
        self._report_import(outcome)

    def choose_collector_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the folder with the collector files"))
        if folder:
            self.start_collector_import(Path(folder))

    def start_collector_import(self, folder: Path) -> workers.Task:
        as_of, support = self.as_of, self.support

        def work(_cancel_event, progress) -> FolderImport:
            progress(-1)
            return read_collector_folder(folder, as_of, support)

        return self._run(self.tr("Reading the collector files…"), work, self._collected)

    def _collected(self, found: FolderImport) -> None:
        outcome = EstateImport()
        known = {d.name.lower() for d in self.session.workspace.devices()}
        for collected in found.files:
            saved = save_scan(self.session.workspace, collected.report, support=self.support,
                              source_label="Collector report")
            outcome.device_ids.append(saved.device_id)
            outcome.findings.added += saved.findings.added
            if collected.report.computer_name.lower() in known:
                outcome.updated += 1
            else:
                outcome.added += 1
        outcome.errors = [RowError(0, p) for p in found.problems]
        self._report_import(outcome)

    def _report_import(self, outcome: EstateImport) -> None:
        text = self.tr("Imported {count} device(s): {added} new, {updated} updated. {new} new "
                       "finding(s) for systems that no longer get security updates.").format(
            count=outcome.imported, added=outcome.added, updated=outcome.updated,
            new=len(outcome.findings.added))
        if outcome.errors:
            shown = "\n".join(str(e) for e in outcome.errors[:10])
            more = len(outcome.errors) - 10
            text += "\n" + self.tr("Not imported:") + "\n" + shown
            if more > 0:
                text += "\n" + self.tr("…and {count} more.").format(count=more)
        self.say(text, "warning" if outcome.errors else "info")
        self.refresh()

    # ----- the collector and the template ------------------------------------------------------

    def choose_collector_target(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose where to save the collector (a USB stick or shared folder)"))
        if folder:
            self.make_collector(Path(folder))

    def make_collector(self, folder: Path) -> None:
        try:
            written = write_collector(folder)
        except OSError as error:
            self.say(self.tr("The collector could not be saved in {folder} ({why}). Choose a "
                             "folder you can write to.").format(folder=folder,
                                                                why=error.strerror), "error")
            return
        self.say(self.tr("Saved the collector in {folder} ({count} files). On each PC, run "
                         "“Run PSN collector.cmd” (Windows) or psn-collector.sh (Mac and "
                         "Linux); then choose Import devices, From collector files.").format(
            folder=folder, count=len(written)), "info")

    def choose_template_target(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the spreadsheet template"), "devices.csv",
            self.tr("CSV (*.csv)"))
        if path:
            self.save_template(Path(path))

    def save_template(self, path: Path) -> None:
        try:
            write_template(path)
        except OSError as error:
            self.say(self.tr("The template could not be saved ({why}).").format(
                why=error.strerror), "error")
            return
        self.say(self.tr("Saved the template at {path}. Fill in one row per device, then "
                         "import it.").format(path=path), "info")
