"""The "Build the evidence pack" page: what goes in, build with progress and Cancel, then the
fingerprint to copy, the folder and the report to open, and a check of the pack just made.

The page only shows and asks. :mod:`psn_desktop.pack` prepares the build here (where the
workspace lives), writes the pack on the thread pool (``PackTask``), and the page records
the result back in the workspace when it arrives. Leaving the page cancels a build.
"""

from __future__ import annotations

import html
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from psn_desktop.domain.dates import uk_date
from psn_desktop.journey import Facts
from psn_desktop.journey.facts import write_answer
from psn_desktop.journey.sections.pack import BUILT_KEY, SECTION_ID, last_built
from psn_desktop.pack.bag import REPORT
from psn_desktop.pack.builder import PACK_SUFFIX, PackResult, prepare, record, write_pack
from psn_desktop.pack.contents import choose_as_of
from psn_desktop.pack.errors import PackError
from psn_desktop.pack.keys import recorded_fingerprint
from psn_desktop.pack.naming import portable_name
from psn_desktop.pack.safe_zip import safe_extract
from psn_desktop.pack.verifier import Verdict, VerifyReport, verify_pack
from psn_desktop.ui.i18n import READINESS, tr
from psn_desktop.ui.pack.worker import STEPS, PackTask, start
from psn_desktop.ui.pages.base import PageContext, StepPage
from psn_desktop.ui.pages.registry import register_page
from psn_desktop.ui.styles import set_role
from psn_desktop.ui.widgets.boxes import Notice, replace_notice
from psn_desktop.ui.widgets.text import (
    bullets,
    heading,
    paragraph,
    primary_button,
    secondary_button,
)
from psn_desktop.workspace.errors import WorkspaceError

PACK = "pack"  # translation context of the stage words from psn_desktop.pack


def size_words(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB"):
        if value < 1024:
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def _selectable(text: str, parent: QWidget, accessible: str) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    label.setAccessibleName(accessible)
    return label


@register_page(SECTION_ID, "pack")
class PackPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.task: PackTask | None = None
        self.result: PackResult | None = None
        self.verify_report: VerifyReport | None = None
        self.confirm_box: QMessageBox | None = None
        self.notice: Notice | None = None
        self.report_folder: Path | None = None

        self.contents_label = bullets([], self)
        self.body.addWidget(heading(self.tr("What goes in"), 2, self))
        self.body.addWidget(self.contents_label)
        self.readiness_slot = QVBoxLayout()
        self.body.addLayout(self.readiness_slot)
        self.readiness_notice: Notice | None = None
        self.signing_label = paragraph("", "", self)
        self.body.addWidget(self.signing_label)

        self.body.addWidget(heading(self.tr("Where to save it"), 2, self))
        row = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        self.path_edit.setAccessibleName(self.tr("File to save the pack as"))
        self.path_edit.returnPressed.connect(self.build)
        row.addWidget(self.path_edit, 1)
        self.browse_button = secondary_button(self.tr("Choose…"),
                                              self.tr("Choose where to save the pack"), self)
        self.browse_button.clicked.connect(self.choose_path)
        row.addWidget(self.browse_button)
        self.body.addLayout(row)
        build_row = QHBoxLayout()
        self.build_button = primary_button(self.tr("Build the pack"), parent=self)
        self.build_button.clicked.connect(self.build)
        build_row.addWidget(self.build_button)
        build_row.addStretch(1)
        self.body.addLayout(build_row)

        self.busy = QWidget(self)
        busy_layout = QVBoxLayout(self.busy)
        busy_layout.setContentsMargins(0, 0, 0, 0)
        self.stage_label = paragraph("", "", self.busy)
        busy_layout.addWidget(self.stage_label)
        busy_row = QHBoxLayout()
        self.progress = QProgressBar(self.busy)
        self.progress.setRange(0, STEPS)
        self.progress.setAccessibleName(self.tr("Progress building the pack"))
        busy_row.addWidget(self.progress, 1)
        self.cancel_button = secondary_button(self.tr("Cancel"),
                                              self.tr("Cancel building the pack"), self.busy)
        self.cancel_button.clicked.connect(self.cancel)
        busy_row.addWidget(self.cancel_button)
        busy_layout.addLayout(busy_row)
        self.busy.hide()
        self.body.addWidget(self.busy)

        self.notice_slot = QVBoxLayout()
        self.body.addLayout(self.notice_slot)
        self._build_result_box()
        self.upload_panel: QWidget | None = None  # "Send the pack", once there is one

    def _build_result_box(self) -> None:
        box = QFrame(self)
        set_role(box, "notice", kind="success")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(16, 12, 16, 12)
        self.result_heading = heading(self.tr("Pack saved"), 2, box)
        layout.addWidget(self.result_heading)
        self.result_path = _selectable("", box, self.tr("Where the pack was saved"))
        layout.addWidget(self.result_path)
        layout.addWidget(paragraph(self.tr(
            "Its SHA-256 fingerprint identifies this exact file. Give it to the recipient "
            "separately (by phone or email) so they can check the file they received:"),
            "", box))
        self.fingerprint_label = _selectable("", box, self.tr("SHA-256 fingerprint of the pack"))
        self.fingerprint_label.setFont(QFontDatabase.systemFont(
            QFontDatabase.SystemFont.FixedFont))
        layout.addWidget(self.fingerprint_label)
        self.key_label = paragraph("", "", box)
        layout.addWidget(self.key_label)
        actions = QHBoxLayout()
        self.copy_button = secondary_button(self.tr("Copy fingerprint"),
                                            self.tr("Copy the pack's SHA-256 fingerprint"), box)
        self.copy_button.clicked.connect(self.copy_fingerprint)
        self.folder_button = secondary_button(self.tr("Open folder"),
                                              self.tr("Open the folder holding the pack"), box)
        self.folder_button.clicked.connect(self.open_folder)
        self.report_button = secondary_button(self.tr("Open report"),
                                              self.tr("Open the PDF report in the pack"), box)
        self.report_button.clicked.connect(self.open_report)
        self.verify_button = secondary_button(self.tr("Verify the pack"),
                                              self.tr("Check the pack just built"), box)
        self.verify_button.clicked.connect(self.verify)
        for button in (self.copy_button, self.folder_button, self.report_button,
                       self.verify_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.verify_label = paragraph("", "", box)
        self.verify_label.setAccessibleName(self.tr("Result of the check"))
        self.verify_label.hide()
        layout.addWidget(self.verify_label)
        box.hide()
        self.result_box = box
        self.body.addWidget(box)

    # ----- showing -------------------------------------------------------------------------

    @property
    def as_of(self) -> date:
        return self.context.as_of or (self.session.as_of if self.session else date.today())

    def load(self, facts: Facts) -> None:
        data = facts.data
        framework_id = data.info.frameworks[0]
        day, _source = choose_as_of(data, framework_id, None, self.as_of)
        files = data.evidence_files
        total = sum(record.size for record in files.values())
        items = [
            self.tr("The PDF report: cover, summary, scope, every requirement, devices, the "
                    "health check and plan, the evidence index and the declaration"),
            self.tr("Your answers and findings as data (results.json) and the remediation "
                    "plan as a spreadsheet (plan.csv)"),
            self.tr("%n evidence file(s), %1", "", len(files)).replace(
                "%1", size_words(total)),
            self.tr("Everything as of {day}").format(day=uk_date(day)),
        ]
        self.contents_label.setText("<ul style='margin-left:-20px'>" + "".join(
            f"<li>{html.escape(item)}</li>" for item in items) + "</ul>")
        self.contents_label.setAccessibleName("\n".join(items))
        readiness = next((r for r in facts.readiness if r.framework_id == framework_id), None)
        if self.readiness_notice is not None:
            self.readiness_notice.deleteLater()
            self.readiness_notice = None
        if readiness is not None and not readiness.ready:
            self.readiness_notice = Notice(self.tr(
                "{verdict} You can still build the pack now: it will say on its cover that it "
                "is a draft, and list what is missing.").format(
                verdict=tr(READINESS, readiness.verdict)), "warning", None, self)
            self.readiness_slot.addWidget(self.readiness_notice)
        fingerprint = recorded_fingerprint(self.session.workspace) if self.session else ""
        self.signing_label.setText(
            self.tr("The pack is signed with this workspace's key (fingerprint {key}), which "
                    "is kept only in this computer's password store.").format(key=fingerprint)
            if fingerprint else
            self.tr("The pack is signed with a key made for this workspace and kept only in "
                    "this computer's password store. If there is no password store, the pack "
                    "is built unsigned and says so."))
        if not self.path_edit.text():
            self.path_edit.setText(str(self.default_path(data.organisation.name, day)))
        last = last_built(facts)
        if last is not None and Path(str(last.get("path", ""))).is_file():
            self.show_upload(Path(str(last["path"])))
        self.contentChanged.emit()

    def show_upload(self, pack: Path) -> None:
        """Offer to send the pack, below: the upload feature's own panel, given this pack."""
        if self.session is None:
            return
        from psn_desktop.ui.upload.panel import UploadPanel

        if self.upload_panel is None:
            self.upload_panel = UploadPanel(self.session.workspace, self, pack=pack)
            self.body.addWidget(self.upload_panel)
        else:
            self.upload_panel.set_pack(pack)  # type: ignore[attr-defined]
        self.contentChanged.emit()

    def default_path(self, organisation: str, day: date) -> Path:
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        name = portable_name(f"{organisation or 'evidence'} PSN pack {day.isoformat()}")
        return Path(folder) / (name.replace(" ", "-") + PACK_SUFFIX)

    def focus_first(self) -> None:
        self.build_button.setFocus()

    def focus_field(self, name: str) -> None:
        self.path_edit.setFocus()

    def set_read_only(self, read_only: bool) -> None:
        """A read-only workspace can still be packed; only recording the result is skipped."""

    def say(self, text: str, kind: str = "info") -> None:
        self.notice = replace_notice(self.notice, self.notice_slot, text, kind, None, self)
        self.contentChanged.emit()

    # ----- building --------------------------------------------------------------------------

    def choose_path(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the evidence pack"), self.path_edit.text(),
            self.tr("Evidence packs (*.psnpack)"))
        if name:
            self.path_edit.setText(name)

    def build(self) -> None:
        if self.task is not None:
            return
        text = self.path_edit.text().strip()
        if not text:
            self.say(self.tr("Choose where to save the pack first."), "error")
            self.path_edit.setFocus()
            return
        path = Path(text).expanduser()
        if path.is_file():
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Replace the file?"),
                              self.tr("There is already a file at {path}. Replace it with the "
                                      "new pack?").format(path=path),
                              QMessageBox.StandardButton.Cancel, self)
            replace = box.addButton(self.tr("Replace it"), QMessageBox.ButtonRole.AcceptRole)
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            box.finished.connect(lambda _code: self._confirmed(box.clickedButton() is replace,
                                                               path))
            self.confirm_box = box
            box.open()
            return
        self.start_build(path, force=False)

    def _confirmed(self, replace: bool, path: Path) -> None:
        self.confirm_box = None
        if replace:
            self.start_build(path, force=True)
        else:
            self.say(self.tr("Not built: the file there was kept. Choose another name."))

    def start_build(self, path: Path, *, force: bool) -> PackTask | None:
        assert self.session is not None
        self.session.flush()  # the pack must hold what the user has just typed
        try:
            request = prepare(self.session.workspace, path, force=force, today=self.as_of)
        except (PackError, WorkspaceError) as error:
            self.say(str(error), "error")
            return None
        self.result_box.hide()
        return self._run(self.tr("Building the pack…"),
                         lambda progress, cancel: write_pack(request, progress, cancel),
                         self._built)

    def _run(self, label: str, work: Any, done: Any) -> PackTask:
        if self.notice is not None:
            self.notice.deleteLater()
            self.notice = None
        self.stage_label.setText(label)
        self.progress.setRange(0, 0)
        self.busy.show()
        for widget in (self.build_button, self.path_edit, self.browse_button, self.result_box):
            widget.setEnabled(False)
        task = PackTask(work)
        task.signals.progress.connect(self._progress)
        task.signals.finished.connect(lambda result: self._finish(done, result))
        task.signals.failed.connect(lambda message: self._finish(None, message))
        task.signals.cancelled.connect(lambda: self._finish(None, None))
        self.task = task
        self.contentChanged.emit()
        self.cancel_button.setFocus()
        return start(task)

    def _progress(self, thousandths: int, stage: str) -> None:
        if thousandths < 0:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, STEPS)
            self.progress.setValue(thousandths)
        if stage.startswith("Packing ") and stage != "Packing the evidence":
            self.stage_label.setText(self.tr("Packing {name}").format(name=stage[8:]))
        elif stage:
            self.stage_label.setText(tr(PACK, stage))  # the service's words, translated

    def _finish(self, done: Any, outcome: Any) -> None:
        self.task = None
        self.busy.hide()
        for widget in (self.build_button, self.path_edit, self.browse_button, self.result_box):
            widget.setEnabled(True)
        if done is None:
            if isinstance(outcome, str):
                self.say(outcome, "error")
            else:
                self.say(self.tr("Stopped. Nothing was saved."))
            self.build_button.setFocus()
        else:
            done(outcome)
        self.contentChanged.emit()

    def _built(self, result: PackResult) -> None:
        assert self.session is not None
        self.result = result
        workspace = self.session.workspace
        if not workspace.read_only:
            try:
                record(workspace, result)
                write_answer(workspace, BUILT_KEY, {
                    "sha256": result.sha256, "as_of": result.as_of.isoformat(),
                    "ready": result.ready, "signed": result.signer.signed,
                    "path": str(result.path)})
            except WorkspaceError as error:
                self.say(str(error), "error")
            self.session.refresh()
        self.result_path.setText(str(result.path))
        self.fingerprint_label.setText(result.sha256)
        if result.signer.signed:
            self.key_label.setText(self.tr(
                "Signed with this workspace's key, fingerprint {key}. This is printed on the "
                "declaration in the report.").format(key=result.signer.fingerprint))
        else:
            self.key_label.setText(self.tr("Not signed: {reason} {advice}").format(
                reason=result.signer.reason, advice=" ".join(result.advice)).strip())
        self.verify_label.hide()
        self.result_box.show()
        self.show_upload(result.path)
        if not result.ready:
            self.say(self.tr("The workspace is not ready to submit yet, so the pack says it is "
                             "a draft. Build it again once everything is done."), "warning")
        self.copy_button.setFocus()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.cancel()  # leaving the page stops a build; nothing half-written is left
        super().hideEvent(event)

    # ----- after building ---------------------------------------------------------------------

    def copy_fingerprint(self) -> None:
        if self.result is not None:
            QGuiApplication.clipboard().setText(self.result.sha256)
            self.say(self.tr("Fingerprint copied."))

    def open_folder(self) -> None:
        if self.result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.path.parent)))

    def open_report(self) -> None:
        """Unpack the report (checked, like any pack) into a folder of our own, and open it."""
        if self.result is None:
            return
        self.report_folder = Path(tempfile.mkdtemp(prefix="psn-report-"))
        try:
            written = safe_extract(self.result.path, self.report_folder, [REPORT])
        except (PackError, OSError) as error:
            self.say(self.tr("The report could not be opened: {error}").format(error=error),
                     "error")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(written[0])))

    def verify(self) -> PackTask | None:
        if self.result is None or self.task is not None:
            return None
        path = self.result.path
        return self._run(self.tr("Checking the pack…"),
                         lambda progress, cancel: verify_pack(path, progress=progress,
                                                              cancel=cancel),
                         self._verified)

    def _verified(self, report: VerifyReport) -> None:
        self.verify_report = report
        lines = [report.headline()] + [f"• {problem}" for problem in report.problems]
        self.verify_label.setText("\n".join(lines))
        self.verify_label.setAccessibleName("\n".join(lines))
        set_role(self.verify_label, "" if report.verdict != Verdict.INVALID else "error")
        self.verify_label.show()
        self.verify_button.setFocus()
