"""The evidence on a page: each file with its name, size and (where it matters) its own date,
Open and Remove; files added with a button or dropped onto the list.

Copying a file into the workspace can take a while (a 200 MB report on a network drive), so
it runs on the thread pool with a progress bar and Cancel; the database row is written back
on the UI thread. Removing asks once, in the row itself, so a slip never loses a file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QVBoxLayout,
    QWidget,
)

from psn_desktop.domain.dates import uk_date
from psn_desktop.domain.model import EvidenceFile, EvidenceUse
from psn_desktop.journey.opening import Cancelled
from psn_desktop.journey.sections.drafts import draft, read_date
from psn_desktop.journey.sections.requirements import date_draft_key
from psn_desktop.remediation.health_check import remove_use
from psn_desktop.ui import workers
from psn_desktop.ui.evidence.opening import open_evidence
from psn_desktop.ui.session import Session
from psn_desktop.ui.styles import set_role
from psn_desktop.ui.widgets.boxes import Notice, replace_notice
from psn_desktop.ui.widgets.busy_task import BusyTask
from psn_desktop.ui.widgets.date_field import DateField
from psn_desktop.ui.widgets.fields import Field
from psn_desktop.ui.widgets.flow import flow_row
from psn_desktop.ui.widgets.text import link_button, paragraph, secondary_button
from psn_desktop.workspace.errors import WorkspaceError
from psn_desktop.workspace.evidence_store import StoredBlob
from psn_desktop.workspace.store import Workspace

# (workspace, stored blob, the original file) -> the use recorded
Recorder = Callable[[Workspace, StoredBlob, Path], EvidenceUse]


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


def local_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class EvidenceRow(QFrame):
    """One attached file."""

    def __init__(self, owner: EvidenceField, use: EvidenceUse, record: EvidenceFile | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner = owner
        self.use = use
        set_role(self, "row")
        self.setObjectName(f"evidence-{use.id}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        layout.setSpacing(6)
        name = record.original_name if record else use.title
        self.name = name
        self.name_label = paragraph(name, "label", self)
        layout.addWidget(self.name_label)
        details = []
        if use.title and use.title != name:
            details.append(f"“{use.title}”")
        if record is not None:
            details.append(human_size(record.size))
            if record.added_on:
                details.append(self.tr("added {date}").format(date=uk_date(record.added_on)))
        self.details = paragraph(" · ".join(details), "hint", self)
        layout.addWidget(self.details)
        warning = owner.changed_warning(use.sha256)
        if warning:
            layout.addWidget(paragraph(warning, "hint", self))
        self.date: DateField | None = None
        if owner.date_matters:
            self.date = DateField(f"date-{use.id}", owner.date_label)
            self.date.set_date(use.document_date, owner.date_draft(use.id))
            self.date.line.setAccessibleName(f"{owner.date_label}: {name}")
            self.date.edited.connect(lambda: owner.date_edited(self))
            layout.addWidget(self.date)
        self.open_button = link_button(self.tr("Open"), self.tr("Open {name}").format(name=name))
        self.open_button.clicked.connect(lambda: owner.open_file(self))
        self.remove_button = link_button(self.tr("Remove"),
                                         self.tr("Remove {name}").format(name=name))
        self.remove_button.clicked.connect(self.ask_remove)
        self.buttons = flow_row(self.open_button, self.remove_button, spacing=24)
        layout.addWidget(self.buttons)
        self.confirm = QWidget(self)
        confirm = QVBoxLayout(self.confirm)
        confirm.setContentsMargins(0, 0, 0, 0)
        confirm.addWidget(paragraph(self.tr("Remove “{name}” from here? The copy kept in the "
                                            "workspace goes too, unless something else uses "
                                            "it.").format(name=name), "", self.confirm))
        self.yes = secondary_button(self.tr("Yes, remove it"),
                                    self.tr("Yes, remove {name}").format(name=name))
        self.yes.clicked.connect(lambda: owner.remove(self))
        self.no = link_button(self.tr("Keep it"), self.tr("Keep {name}").format(name=name))
        self.no.clicked.connect(self.keep)
        confirm.addWidget(flow_row(self.yes, self.no, spacing=24))
        self.confirm.hide()
        layout.addWidget(self.confirm)

    def ask_remove(self) -> None:
        self.buttons.hide()
        self.confirm.show()
        self.owner.contentChanged.emit()
        self.yes.setFocus()

    def keep(self) -> None:
        self.confirm.hide()
        self.buttons.show()
        self.owner.contentChanged.emit()
        self.remove_button.setFocus()

    def set_read_only(self, read_only: bool) -> None:
        self.remove_button.setEnabled(not read_only)
        if self.date is not None:
            self.date.setEnabled(not read_only)


class EvidenceField(Field):
    """The files used as evidence for one requirement (or a custom use, via ``record``)."""

    busyChanged = Signal(bool)
    contentChanged = Signal()  # rows added or removed: the page redoes its tab order
    attached = Signal()  # files were recorded (the page refreshes what depends on them)

    def __init__(self, name: str, label: str, hint: str, *, session: Session | None,
                 requirement_id: str, date_matters: bool = False, date_label: str = "",
                 default_date: Callable[[], date | None] | None = None,
                 record: Recorder | None = None, parent: QWidget | None = None) -> None:
        super().__init__(name, label, hint, parent)
        self.session = session
        self.requirement_id = requirement_id
        self.date_matters = date_matters
        self.date_label = date_label or self.tr("Date on the document (when it was made or "
                                                "drawn)")
        self.default_date = default_date
        self.recorder = record
        self.rows: list[EvidenceRow] = []
        self.notice: Notice | None = None
        self._facts_drafts: dict[str, str] = {}
        self.setAcceptDrops(True)
        self.list = QVBoxLayout()
        self.list.setSpacing(0)
        self._layout.addLayout(self.list)
        self.empty = paragraph(self.tr("No files attached yet."), "hint", self)
        self._layout.addWidget(self.empty)
        self.drop = QFrame(self)
        set_role(self.drop, "notice")
        drop_layout = QVBoxLayout(self.drop)
        drop_layout.setContentsMargins(16, 10, 12, 10)
        self.drop_label = paragraph(self.tr("Drag files here from your folders, or:"), "",
                                    self.drop)
        drop_layout.addWidget(self.drop_label)
        self.add_button = secondary_button(self.tr("Choose files to attach…"))
        self.add_button.clicked.connect(self.choose_files)
        drop_layout.addWidget(flow_row(self.add_button))
        self._add_input(self.drop)
        self.input = self.add_button  # errors and Tab land on the button
        self.add_button.setAccessibleName(self.tr("Choose files to attach for: {label}").format(
            label=label))
        self.add_button.setAccessibleDescription(hint)
        self.label.setBuddy(self.add_button)
        self.busy_task = BusyTask(
            self, self.busyChanged, accessible_name=self.tr("Copying files into the workspace"),
            say=self.say, stopped=self.tr("Stopped. Nothing was attached."),
            read_only=lambda: bool(self.session and self.session.read_only),
            buttons=(self.add_button,), focus=self.add_button)
        self.progress_row, self.progress = self.busy_task.row, self.busy_task.progress
        self._layout.addWidget(self.progress_row)
        self.notice_slot = QVBoxLayout()
        self._layout.addLayout(self.notice_slot)

    # ----- showing ---------------------------------------------------------------------------

    @property
    def workspace(self) -> Workspace:
        return self.session.workspace

    def date_draft(self, use_id: int | None) -> str | None:
        return self._facts_drafts.get(date_draft_key(use_id))

    def changed_warning(self, sha256: str) -> str:
        if self.session is None:
            return ""
        try:
            return self.workspace.original_changed(sha256) or ""
        except WorkspaceError:
            return ""

    def load(self, uses: list[EvidenceUse], files: dict[str, EvidenceFile],
             facts=None) -> None:
        if facts is not None:
            self._facts_drafts = {date_draft_key(u.id): text for u in uses
                                  if (text := draft(facts, date_draft_key(u.id)))}
        for row in self.rows:
            self.list.removeWidget(row)
            row.hide()  # gone at once, not when Qt gets round to it
            row.deleteLater()
        self.rows = []
        for use in uses:
            row = EvidenceRow(self, use, files.get(use.sha256), self)
            row.set_read_only(bool(self.session and self.session.read_only))
            self.rows.append(row)
            self.list.addWidget(row)
        self.empty.setVisible(not uses)
        self.contentChanged.emit()

    def reload(self) -> None:
        facts = self.session.refresh()
        self.load(facts.data.evidence_for(self.requirement_id), facts.data.evidence_files, facts)

    def say(self, text: str, kind: str = "info") -> None:
        self.notice = replace_notice(self.notice, self.notice_slot, text, kind, None, self)
        self.contentChanged.emit()

    def set_read_only(self, read_only: bool) -> None:
        self.add_button.setEnabled(not read_only)
        self.setAcceptDrops(not read_only)
        for row in self.rows:
            row.set_read_only(read_only)

    # ----- dates -------------------------------------------------------------------------------

    def date_edited(self, row: EvidenceRow) -> None:
        if self.session is None:
            return
        use_id = row.use.id
        text = row.date.text() if row.date else ""

        def save(workspace: Workspace) -> None:
            ok, day = read_date(workspace, date_draft_key(use_id), text)
            current = next((u for u in workspace.evidence_uses() if u.id == use_id), None)
            if ok and current is not None and current.document_date != day:
                workspace.update_evidence_use(replace(current, document_date=day))

        self.session.schedule(f"evidence-date/{use_id}", save)

    # ----- opening and removing ------------------------------------------------------------------

    def open_file(self, row: EvidenceRow) -> None:
        problem = open_evidence(self.workspace, row.use.sha256, row.name)
        if problem:
            self.say(problem, "error")

    def remove(self, row: EvidenceRow) -> None:
        if self.session is None or row.use.id is None:
            return
        self.session.flush()
        try:
            remove_use(self.workspace, row.use.id)
        except WorkspaceError as error:
            self.say(str(error), "error")
            return
        self.say(self.tr("Removed {name}.").format(name=row.name), "info")
        self.reload()
        self.attached.emit()
        self.add_button.setFocus()

    # ----- adding ------------------------------------------------------------------------------

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Choose files to attach"), "",
            self.tr("Documents and pictures (*.pdf *.docx *.doc *.xlsx *.xls *.csv *.txt *.png "
                    "*.jpg *.jpeg *.svg *.vsdx *.odt *.ods *.msg *.eml *.zip);;All files (*)"))
        if names:
            self.attach([Path(n) for n in names])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.session is not None and not self.session.read_only and local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event)
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self.attach(files)

    def attach(self, paths: list[Path]) -> workers.Task | None:
        """Copy the files in on the thread pool, then record them here."""
        if self.session is None or self.task is not None:
            return None
        folders = [p for p in paths if p.is_dir()]
        files = [p for p in paths if not p.is_dir()]
        if folders:
            self.say(self.tr("{name} is a folder: open it and choose the files inside.").format(
                name=folders[0].name), "error")
        if not files:
            return None
        store = self.workspace.evidence
        sizes = []
        for path in files:
            try:
                sizes.append(path.stat().st_size)
            except OSError:
                sizes.append(0)
        total = max(sum(sizes), 1)

        def work(cancel, progress) -> tuple[list[tuple[Path, StoredBlob]], list[str]]:
            copied: list[tuple[Path, StoredBlob]] = []
            problems: list[str] = []
            done = 0

            def tick(count: int) -> None:
                nonlocal done
                done += count
                progress(min(99, done * 100 // total))
                if cancel.is_set():
                    raise Cancelled()

            for path in files:
                try:
                    copied.append((path, store.add(path, tick)))
                except WorkspaceError as error:
                    problems.append(str(error))
            return copied, problems

        return self.busy_task.run(
            self.tr("Copying {count} file(s) into the workspace…").format(count=len(files)),
            work, self._copied)

    @property
    def task(self) -> workers.Task | None:
        return self.busy_task.task

    def cancel(self) -> None:
        self.busy_task.cancel()

    def _copied(self, result: tuple[list[tuple[Path, StoredBlob]], list[str]]) -> None:
        copied, problems = result
        names = []
        for path, blob in copied:
            try:
                if self.recorder is not None:
                    self.recorder(self.workspace, blob, path)
                else:
                    day = self.default_date() if self.default_date else None
                    self.workspace.record_evidence(blob, path, [self.requirement_id],
                                                   title=path.name, document_date=day)
                names.append(path.name)
            except WorkspaceError as error:
                problems.append(str(error))
        message = ""
        if names:
            message = self.tr("Attached {names}.").format(names=", ".join(names))
        if problems:
            message = "\n".join([message, *problems]).strip()
        if message:
            self.say(message, "error" if problems else "info")
        self.reload()
        if names:
            self.attached.emit()

    def focus_input(self) -> None:
        self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
