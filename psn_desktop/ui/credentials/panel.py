"""Manage a workspace's credentials: add, replace, show, copy, delete, forget the workspace.

The panel is the Credentials section's page in the main window and the body of the
stand-alone dialog. It names the store the secrets live in ("saved in Windows Credential
Manager"), or says plainly why there is none. Every keyring call runs on a worker (see
:mod:`.worker`) while a progress bar and a Stop waiting button show; the workspace's records
are updated here, on the UI thread, once the keyring has done its part. Showing a secret
asks first and hides it again after 30 seconds; a copied secret leaves the clipboard after
30 seconds.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from psn_desktop.secrets import BackendStatus, SecretError, backend_status, read_secret, reload
from psn_desktop.secrets.backend import last_status
from psn_desktop.secrets.store import (
    SecretSlot,
    overview,
    prepare_delete,
    prepare_forget,
    prepare_store,
)
from psn_desktop.ui.credentials.clipboard import SecretClipboard, shared_clipboard
from psn_desktop.ui.credentials.edit_dialog import SecretEditDialog, purpose_title
from psn_desktop.ui.credentials.worker import KeyringTask, keyring_pool
from psn_desktop.ui.styles import set_role
from psn_desktop.ui.widgets.flow import flow_row
from psn_desktop.ui.widgets.text import paragraph, secondary_button
from psn_desktop.workspace.errors import WorkspaceError
from psn_desktop.workspace.store import IdentityState, Workspace

REVEAL_MS = 30_000
_ids = itertools.count(1)


@dataclass
class _Pending:
    task: KeyringTask
    on_success: Callable[[Any], None]
    on_failure: Callable[[str], None]
    change: Any = None  # a StoreSecret / DeleteSecret / ForgetWorkspace to commit when done
    cancelled: bool = False


class CredentialsPanel(QWidget):
    """Everything to manage one open workspace's secrets."""

    workspace_forgotten = Signal()  # its secrets are gone and it is off this PC's list
    status_known = Signal()  # the store's status has been worked out (tests, the shell)
    busyChanged = Signal(bool)  # waiting on the keyring (a page frame shows its own progress)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None, *,
                 clipboard: SecretClipboard | None = None, reveal_ms: int = REVEAL_MS,
                 show_progress: bool = True) -> None:
        super().__init__(parent)
        self._show_progress = show_progress
        self.workspace = workspace
        self.clipboard = clipboard or shared_clipboard()
        self.status: BackendStatus | None = None
        self.editor: SecretEditDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self._pending: dict[int, _Pending] = {}
        self._waiting_on: int | None = None
        self._slots: list[SecretSlot] = []
        self._copied_name = ""

        self.setAccessibleName(self.tr("Credentials"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        intro = paragraph(self.tr(
            "Passwords and keys this workspace needs: the compliance portal account, the upload "
            "token, the VPN pre-shared key or certificate passphrase, the pack-signing key. "
            "They are kept only in this computer's secure store."))
        intro.setAccessibleName(self.tr("About credentials"))
        layout.addWidget(intro)

        self.store_label = paragraph(self.tr("Checking where passwords are kept…"))
        self.store_label.setAccessibleName(self.tr("Where secrets are kept"))
        layout.addWidget(self.store_label)
        self.check_again = self._button(self.tr("Check a&gain"),
                                        self.tr("Check the password store again"),
                                        self._check_store)
        layout.addWidget(flow_row(self.check_again))

        self.copy_label = paragraph("")
        self.copy_label.setAccessibleName(self.tr("This workspace is a copy"))
        layout.addWidget(self.copy_label)
        self.own_identity = self._button(self.tr("Give this copy its own &identity"),
                                         self.tr("Give this copy its own identity"),
                                         self._take_identity)
        self.copy_row = flow_row(self.own_identity)
        layout.addWidget(self.copy_row)

        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName(self.tr("Secrets of this workspace"))
        self.table.setHorizontalHeaderLabels([self.tr("Secret"), self.tr("Saved"),
                                              self.tr("Last changed")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setCornerButtonEnabled(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self._add_or_replace())
        layout.addWidget(self.table)

        self.add_button = self._button(self.tr("&Add…"), self.tr("Add a secret"), self._add)
        self.replace_button = self._button(self.tr("&Replace…"),
                                           self.tr("Replace the selected secret"),
                                           self._replace)
        self.show_button = self._button(self.tr("&Show…"), self.tr("Show the selected secret"),
                                        self._ask_reveal)
        self.copy_button = self._button(self.tr("&Copy"), self.tr("Copy the selected secret"),
                                        self._copy)
        self.delete_button = self._button(self.tr("&Delete…"),
                                          self.tr("Delete the selected secret"),
                                          self._ask_delete)
        layout.addWidget(flow_row(self.add_button, self.replace_button, self.show_button,
                                  self.copy_button, self.delete_button))

        reveal_row = QHBoxLayout()
        self.revealed = QLineEdit()
        self.revealed.setReadOnly(True)
        self.revealed.setAccessibleName(self.tr("The secret, shown"))
        reveal_row.addWidget(self.revealed, 1)
        self.hide_button = self._button(self.tr("&Hide"), self.tr("Hide the secret"),
                                        self.hide_secret)
        reveal_row.addWidget(self.hide_button)
        layout.addLayout(reveal_row)
        self._reveal_widgets = (self.revealed, self.hide_button)
        self.reveal_timer = QTimer(self)
        self.reveal_timer.setSingleShot(True)
        self.reveal_timer.setInterval(reveal_ms)
        self.reveal_timer.timeout.connect(self.hide_secret)

        self.message = paragraph("")
        self.message.setAccessibleName(self.tr("Message"))
        layout.addWidget(self.message)

        busy_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Working"))
        busy_row.addWidget(self.progress, 1)
        self.stop_button = self._button(self.tr("Stop &waiting"),
                                        self.tr("Stop waiting for the password store"),
                                        self.stop_waiting)
        busy_row.addWidget(self.stop_button)
        layout.addLayout(busy_row)
        self._busy_widgets = (self.progress, self.stop_button)

        bottom = QHBoxLayout()
        self.forget_button = self._button(self.tr("&Forget this workspace…"),
                                          self.tr("Forget this workspace on this PC"),
                                          self._ask_forget)
        bottom.addWidget(self.forget_button)
        bottom.addStretch(1)
        layout.addLayout(bottom)
        self.bottom_row = bottom  # the dialog adds its Close button here

        self.countdown = QTimer(self)
        self.countdown.setInterval(1000)
        self.countdown.timeout.connect(self._tick)
        self.clipboard.cleared.connect(self._clipboard_cleared)

        self.hide_secret()
        self._set_waiting(None)
        self.refresh()
        known = last_status()
        if known is not None:
            self._show_status(known)
        self._check_store(first=True)

    # ----- small helpers ------------------------------------------------------------------------

    def _button(self, text: str, accessible: str, slot: Callable[[], None]) -> QPushButton:
        button = secondary_button(text, accessible)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def say(self, text: str, *, problem: bool = False) -> None:
        if self.message.text() != text:
            self.message.setText(text)
        set_role(self.message, "error" if problem else "")

    @property
    def busy(self) -> bool:
        return self._waiting_on is not None

    def selected(self) -> SecretSlot | None:
        rows = self.table.selectionModel().selectedRows()
        return self._slots[rows[0].row()] if rows else None

    def select_key(self, key: str) -> None:
        for row, slot in enumerate(self._slots):
            if slot.key == key:
                self.table.selectRow(row)
                return

    def _store_name(self) -> str:
        return self.status.store_name if self.status else ""

    # ----- showing the state ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the workspace's records and update the table and the buttons."""
        current = self.selected()
        self._slots = overview(self.workspace)
        self.table.setRowCount(len(self._slots))
        for row, slot in enumerate(self._slots):
            cells = (purpose_title(slot.key, slot.label),
                     self.tr("Saved") if slot.stored else self.tr("Not saved"),
                     slot.changed_text)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if current is not None:
            self.select_key(current.key)
        copied = self.workspace.identity_state == IdentityState.COPIED
        self.copy_label.setText(self.tr(
            "This workspace is a copy of the one at {0}. Until it has its own identity its "
            "secrets are the original's, so they cannot be changed here.")
            .format(self.workspace.previous_path) if copied else "")
        for widget in (self.copy_label, self.copy_row):
            widget.setVisible(copied)
        self._fit_table()
        self._update_buttons()

    def _fit_table(self) -> None:
        """As tall as its rows, so the page scrolls as one and the table never scrolls."""
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        frame = self.table.frameWidth() * 2
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + rows
                                  + frame)

    def _update_buttons(self) -> None:
        slot = self.selected()
        usable = bool(self.status and self.status.secure) and not self.busy
        changeable = usable and self.workspace.identity_state != IdentityState.COPIED \
            and not self.workspace.read_only
        saved = slot is not None and slot.stored
        self.add_button.setEnabled(changeable)
        self.replace_button.setEnabled(changeable and saved)
        self.delete_button.setEnabled(changeable and saved)
        self.show_button.setEnabled(usable and saved)
        self.copy_button.setEnabled(usable and saved)
        self.forget_button.setEnabled(changeable)
        self.check_again.setEnabled(not self.busy)
        self.own_identity.setEnabled(not self.busy and not self.workspace.read_only)

    def _show_status(self, status: BackendStatus) -> None:
        self.status = status
        if self.store_label.text() != status.summary:
            self.store_label.setText(status.summary)
        set_role(self.store_label, "" if status.secure else "error")
        self._update_buttons()
        self.status_known.emit()

    def _selection_changed(self) -> None:
        self.hide_secret()
        self._update_buttons()

    # ----- running keyring work -------------------------------------------------------------------

    def _run(self, doing: str, work: Callable[[], Any], on_success: Callable[[Any], None],
             on_failure: Callable[[str], None] | None = None, change: Any = None, *,
             wait: bool = True) -> None:
        """Start keyring work; ``wait=False`` for a quiet refresh that keeps the window usable."""
        task_id = next(_ids)
        task = KeyringTask(task_id, work)
        task.signals.succeeded.connect(self._succeeded)
        task.signals.failed.connect(self._failed)
        self._pending[task_id] = _Pending(task, on_success,
                                          on_failure or (lambda m: self.say(m, problem=True)),
                                          change)
        if wait:
            self._set_waiting(task_id)
        if doing:
            self.say(doing)
        keyring_pool().start(task)

    def _set_waiting(self, task_id: int | None) -> None:
        was_busy = self.busy
        self._waiting_on = task_id
        for widget in self._busy_widgets:
            widget.setVisible(task_id is not None and self._show_progress)
        self._update_buttons()
        if self.busy != was_busy:
            self.busyChanged.emit(self.busy)

    def stop_waiting(self) -> None:
        """Give the window back; a change the store still completes is recorded when it does."""
        if self._waiting_on is not None and self._waiting_on in self._pending:
            self._pending[self._waiting_on].cancelled = True
        self._set_waiting(None)
        if self.editor is not None:
            self.editor.set_busy(False)
        self.say(self.tr("Stopped waiting. If the password store finishes later, the list "
                         "will show it."))

    def _succeeded(self, task_id: int, result: object) -> None:
        pending = self._pending.pop(task_id, None)
        if pending is None:
            return
        if pending.change is not None:
            try:
                pending.change.commit(self.workspace)
            except WorkspaceError as error:
                pending.cancelled = False
                pending.on_failure(str(error))
                self._finish(task_id)
                return
            self.refresh()
        if not pending.cancelled:
            self._finish(task_id)
            pending.on_success(result)

    def _failed(self, task_id: int, message: str) -> None:
        pending = self._pending.pop(task_id, None)
        if pending is None or pending.cancelled:
            return
        self._finish(task_id)
        pending.on_failure(message)

    def _finish(self, task_id: int) -> None:
        if self._waiting_on == task_id:
            self._set_waiting(None)

    # ----- the store ------------------------------------------------------------------------------

    def _check_store(self, first: bool = False) -> None:
        def failed(message: str) -> None:
            self._show_status(BackendStatus(False, "", message))

        quietly = first and self.status is not None  # refreshing what is already shown
        self._run("" if quietly else self.tr("Checking where passwords are kept…"),
                  backend_status if first else reload,
                  lambda status: self._store_checked(status, quietly), failed, wait=not quietly)

    def _store_checked(self, status: object, quietly: bool) -> None:
        assert isinstance(status, BackendStatus)
        self._show_status(status)
        if not quietly:
            self.say("")

    # ----- add and replace ------------------------------------------------------------------------

    def _add_or_replace(self) -> None:
        slot = self.selected()
        if slot is not None and slot.stored and self.replace_button.isEnabled():
            self._replace()
        elif self.add_button.isEnabled():
            self._add()

    def _add(self) -> None:
        slot = self.selected()
        default = slot.key if slot is not None and not slot.stored else ""
        if not default:
            free = [s.key for s in self._slots if not s.stored and not s.key.startswith("other")]
            default = free[0] if free else "other"
        self._open_editor(SecretEditDialog(self, store_name=self._store_name(),
                                           default_purpose=default))

    def _replace(self) -> None:
        slot = self.selected()
        if slot is None or not slot.stored:
            return
        self._open_editor(SecretEditDialog(self, store_name=self._store_name(), key=slot.key,
                                           label=slot.label, replacing=True))

    def _open_editor(self, editor: SecretEditDialog) -> None:
        self.editor = editor
        editor.save_requested.connect(self._save)
        editor.finished.connect(lambda _result, e=editor: self._editor_closed(e))
        editor.open()

    def _editor_closed(self, editor: SecretEditDialog) -> None:
        editor.forget_value()
        if self.editor is editor:
            self.editor = None
        editor.deleteLater()

    def _save(self, chosen: str, label: str, value: str) -> None:
        editor = self.editor
        if editor is None:
            return
        try:
            change = prepare_store(self.workspace, chosen, value, label)
        except (SecretError, WorkspaceError) as error:
            editor.show_error(str(error))
            return
        editor.set_busy(True)
        name = purpose_title(change.key, change.label)
        store = self._store_name()

        def saved(_result: object) -> None:
            editor.forget_value()
            editor.accept()
            self.select_key(change.key)
            self.say(self.tr("Saved {0} in {1}.").format(name, store))

        def failed(message: str) -> None:
            editor.show_error(message)
            self.say(message, problem=True)

        self._run(self.tr("Saving {0} in {1}…").format(name, store), change.run, saved, failed,
                  change)

    # ----- show and copy --------------------------------------------------------------------------

    def _confirm(self, title: str, text: str, yes: str, then: Callable[[], None]) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        box.setAccessibleName(title)
        confirm = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        confirm.setAccessibleName(yes.replace("&", ""))
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        box.setDefaultButton(cancel)
        self.confirm_box = box

        def finished(_result: int) -> None:
            if self.confirm_box is box:
                self.confirm_box = None
            chosen = box.clickedButton() is confirm
            box.deleteLater()
            if chosen:
                then()

        box.finished.connect(finished)
        box.open()

    def _ask_reveal(self) -> None:
        slot = self.selected()
        if slot is None or not slot.stored:
            return
        name = purpose_title(slot.key, slot.label)
        seconds = self.reveal_timer.interval() // 1000
        self._confirm(self.tr("Show the secret?"),
                      self.tr("Show {0} on screen? Anyone who can see your screen will see it. "
                              "It is hidden again after {1} seconds.").format(name, seconds),
                      self.tr("&Show it"), lambda: self._read(slot, self._reveal))

    def _copy(self) -> None:
        slot = self.selected()
        if slot is not None and slot.stored:
            self._read(slot, self._copied)

    def _read(self, slot: SecretSlot, use: Callable[[SecretSlot, str], None]) -> None:
        workspace_id = self.workspace.id
        name = purpose_title(slot.key, slot.label)

        def done(value: object) -> None:
            if value is None:
                self.say(self.tr("{0} is no longer in {1} (it may have been removed there). "
                                 "Add it again with Replace.").format(name, self._store_name()),
                         problem=True)
                return
            use(slot, str(value))

        self._run(self.tr("Reading {0} from {1}…").format(name, self._store_name()),
                  lambda: read_secret(workspace_id, slot.key), done)

    def _reveal(self, slot: SecretSlot, value: str) -> None:
        if self.selected() != slot:
            return  # the user moved on while the store answered
        self.revealed.setText(value)
        for widget in self._reveal_widgets:
            widget.setVisible(True)
        self.reveal_timer.start()
        self.say(self.tr("Shown. It will be hidden in {0} seconds.")
                 .format(self.reveal_timer.interval() // 1000))

    def hide_secret(self) -> None:
        self.reveal_timer.stop()
        self.revealed.clear()
        for widget in self._reveal_widgets:
            widget.setVisible(False)

    def _copied(self, slot: SecretSlot, value: str) -> None:
        self.clipboard.copy(value)
        self._copied_name = purpose_title(slot.key, slot.label)
        self._tick()
        self.countdown.start()

    def _tick(self) -> None:
        remaining = (self.clipboard.remaining_ms() + 999) // 1000
        if remaining <= 0:
            self.countdown.stop()
            return
        self.say(self.tr("Copied {0}. The clipboard will be cleared in {1} seconds.")
                 .format(self._copied_name, remaining))

    def _clipboard_cleared(self) -> None:
        if self.countdown.isActive():
            self.countdown.stop()
            self.say(self.tr("The clipboard was cleared."))

    # ----- delete and forget ----------------------------------------------------------------------

    def _ask_delete(self) -> None:
        slot = self.selected()
        if slot is None or not slot.stored:
            return
        name = purpose_title(slot.key, slot.label)
        self._confirm(self.tr("Delete the secret?"),
                      self.tr("Delete {0} from {1}? You will need to enter it again if the app "
                              "needs it.").format(name, self._store_name()),
                      self.tr("&Delete it"), lambda: self._delete(slot))

    def _delete(self, slot: SecretSlot) -> None:
        try:
            change = prepare_delete(self.workspace, slot.key)
        except (SecretError, WorkspaceError) as error:
            self.say(str(error), problem=True)
            return
        name = purpose_title(slot.key, slot.label)
        self._run(self.tr("Deleting {0}…").format(name), change.run,
                  lambda _r: self.say(self.tr("Deleted {0} from {1}.")
                                      .format(name, self._store_name())),
                  change=change)

    def _ask_forget(self) -> None:
        count = sum(1 for slot in self._slots if slot.stored)
        self._confirm(
            self.tr("Forget this workspace?"),
            self.tr("Remove this workspace's {0} saved secrets from {1} and take the workspace "
                    "off this PC's list? The workspace folder, its answers and its evidence are "
                    "not deleted, and you can open it again later.")
            .format(count, self._store_name()),
            self.tr("&Forget it"), self._forget)

    def _forget(self) -> None:
        try:
            change = prepare_forget(self.workspace)
        except (SecretError, WorkspaceError) as error:
            self.say(str(error), problem=True)
            return

        def done(_result: object) -> None:
            self.say(self.tr("Removed {0} secrets. This workspace is no longer on this PC's "
                             "list.").format(change.removed))
            self.workspace_forgotten.emit()

        self._run(self.tr("Removing this workspace's secrets…"), change.run, done, change=change)

    def _take_identity(self) -> None:
        try:
            self.workspace.take_new_identity()
        except WorkspaceError as error:
            self.say(str(error), problem=True)
            return
        self.refresh()
        self.say(self.tr("This copy now has its own identity. It starts with no saved secrets: "
                         "add the ones it needs."))

    # ----- closing --------------------------------------------------------------------------------

    def close_up(self) -> None:
        """Hide a shown secret and drop an open form's value (the window is going away)."""
        self.hide_secret()
        if self.editor is not None:
            self.editor.forget_value()
            self.editor.reject()

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.hide_secret()
        super().hideEvent(event)
