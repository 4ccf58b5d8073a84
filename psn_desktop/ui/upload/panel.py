"""'Send the pack': choose it, send it now or when online, watch it go, pause or cancel.

The panel only shows and asks; the controller runs the work and the service decides. It
can stand on its own (in a dialog, or a test) and is what the pack section shows below
"Build the pack". Every control has an accessible name and is reached with Tab; the
progress line says the speed and the time left in words a screen reader reads well.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from psn_desktop.domain.dates import uk_date
from psn_desktop.settings import load_settings, save_settings
from psn_desktop.submit.connection_check import ConnectionReport
from psn_desktop.submit.ledger import QueuedPack, SentRecord
from psn_desktop.submit.progress import ProgressMeter, ProgressReading, size_text
from psn_desktop.submit.submission import Outcome
from psn_desktop.ui.styles import scaled_font, set_role
from psn_desktop.ui.upload.connection_settings import ConnectionSettingsBox
from psn_desktop.ui.upload.controller import LEDGER_ERRORS, State, UploadController
from psn_desktop.ui.upload.queue_runner import UploadQueueRunner
from psn_desktop.workspace.store import Workspace

PROGRESS_STEPS = 1000


def _day(iso: str) -> str:
    try:
        return uk_date(date.fromisoformat(iso[:10]))
    except ValueError:
        return iso


class UploadPanel(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None, *,
                 controller: UploadController | None = None,
                 runner: UploadQueueRunner | None = None, pack: Path | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.controller = controller or UploadController(workspace, self)
        self.runner = runner
        self.meter = ProgressMeter()
        self.outcome: Outcome | None = None
        self._build()
        if pack is not None:
            self.set_pack(pack)
        c = self.controller
        c.stateChanged.connect(self._state_changed)
        c.checking.connect(self._checking)
        c.progress.connect(self._progress)
        c.problem.connect(self._problem)
        c.sent.connect(self._sent)
        c.failed.connect(self._failed)
        c.paused.connect(self._paused)
        c.cancelled.connect(self._cancelled)
        c.queued.connect(self._queued)
        c.ledgerChanged.connect(self.refresh_queue)
        c.connectionChecked.connect(self._checked)
        if runner is not None:
            runner.changed.connect(self.refresh_queue)
        self.refresh_queue()
        self._state_changed(c.state.value)

    # ----- building -----------------------------------------------------------------------

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        heading = QLabel(self.tr("Send the pack"))
        heading.setObjectName("upload-heading")
        heading.setFont(scaled_font(heading, 1.35, bold=True))
        heading.setAccessibleName(self.tr("Send the pack"))
        layout.addWidget(heading)
        intro = QLabel(self.tr(
            "The pack is sent encrypted to the upload address of whoever receives it. If the "
            "connection drops, sending carries on from where it stopped; the same pack is "
            "never sent twice."))
        intro.setWordWrap(True)
        set_role(intro, "hint")
        layout.addWidget(intro)

        pack_row = QHBoxLayout()
        pack_label = QLabel(self.tr("&Pack file"))
        self.pack_edit = QLineEdit()
        self.pack_edit.setAccessibleName(self.tr("Pack file"))
        self.pack_edit.setPlaceholderText(self.tr("The .psnpack file to send"))
        pack_label.setBuddy(self.pack_edit)
        self.choose_button = self._button(self.tr("C&hoose…"), self.tr("Choose the pack file"),
                                          self.choose_pack)
        pack_row.addWidget(pack_label)
        pack_row.addWidget(self.pack_edit, 1)
        pack_row.addWidget(self.choose_button)
        layout.addLayout(pack_row)

        address_row = QHBoxLayout()
        address_label = QLabel(self.tr("Upload &address"))
        self.address_edit = QLineEdit(load_settings().upload_endpoint)
        self.address_edit.setAccessibleName(self.tr("Upload address"))
        self.address_edit.setPlaceholderText("https://upload.example.org/files/")
        address_label.setBuddy(self.address_edit)
        address_row.addWidget(address_label)
        address_row.addWidget(self.address_edit, 1)
        layout.addLayout(address_row)

        buttons = QHBoxLayout()
        self.send_button = self._button(self.tr("&Send now"), self.tr("Send now"),
                                        self.send_now)
        self.later_button = self._button(self.tr("Send when &online"),
                                         self.tr("Send when online"), self.send_later)
        self.pause_button = self._button(self.tr("&Pause"), self.tr("Pause sending"),
                                         self.toggle_pause)
        self.cancel_button = self._button(self.tr("&Cancel sending"), self.tr("Cancel sending"),
                                          self.controller.cancel)
        self.check_button = self._button(self.tr("Check co&nnection"),
                                         self.tr("Check the connection to the upload server"),
                                         self.check_connection)
        set_role(self.send_button, "primary")
        set_role(self.cancel_button, "warning")
        for button in (self.send_button, self.later_button, self.pause_button,
                       self.cancel_button, self.check_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, PROGRESS_STEPS)
        self.progress_bar.setAccessibleName(self.tr("Sending progress"))
        self.progress_bar.setTextVisible(True)
        layout.addWidget(self.progress_bar)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(self.tr("Sending status"))
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status_label)

        outcome_row = QHBoxLayout()
        self.outcome_label = QLabel()
        self.outcome_label.setWordWrap(True)
        self.outcome_label.setAccessibleName(self.tr("Sending outcome"))
        self.outcome_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.copy_button = self._button(self.tr("Cop&y address and SHA-256"),
                                        self.tr("Copy the upload address and SHA-256"),
                                        self.copy_outcome)
        self.copy_button.setVisible(False)
        outcome_row.addWidget(self.outcome_label, 1)
        outcome_row.addWidget(self.copy_button)
        layout.addLayout(outcome_row)

        self.queue_box = QGroupBox(self.tr("Waiting to be sent when online"))
        queue_layout = QVBoxLayout(self.queue_box)
        self.queue_list = QListWidget()
        self.queue_list.setAccessibleName(self.tr("Packs waiting to be sent"))
        self.queue_list.setWordWrap(True)
        self.queue_list.setMaximumHeight(160)
        self.queue_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        queue_layout.addWidget(self.queue_list)
        self.try_now_button = self._button(self.tr("&Try waiting packs now"),
                                           self.tr("Try the waiting packs now"), self.try_now)
        queue_layout.addWidget(self.try_now_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.queue_box)
        self.settings_box = ConnectionSettingsBox()
        layout.addWidget(self.settings_box)

    # ----- actions ------------------------------------------------------------------------

    def set_pack(self, path: Path) -> None:
        self.pack_edit.setText(str(path))

    def pack_path(self) -> Path | None:
        text = self.pack_edit.text().strip()
        return Path(text) if text else None

    def choose_pack(self) -> None:
        start = str(self.pack_path().parent) if self.pack_path() else str(self.workspace.folder)
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the pack to send"), start,
                                                self.tr("Evidence packs (*.psnpack)"))
        if chosen:
            self.set_pack(Path(chosen))

    def _remember_address(self) -> str:
        """Keep a changed upload address in the app's settings, so it is typed only once."""
        address = self.address_edit.text().strip()
        settings = load_settings()
        if address and address != settings.upload_endpoint:
            save_settings(replace(settings, upload_endpoint=address))
        return address

    def _ready(self) -> Path | None:
        pack = self.pack_path()
        if pack is None:
            self._say(self.tr("Choose the pack file to send first (Choose…)."), error=True)
            self.pack_edit.setFocus()
        return pack

    def send_now(self) -> None:
        pack = self._ready()
        if pack is not None:
            self.outcome = None
            self.meter = ProgressMeter()
            self.controller.send(pack, self._remember_address())

    def send_later(self) -> None:
        pack = self._ready()
        if pack is not None:
            self.controller.queue_later(pack, self._remember_address())

    def toggle_pause(self) -> None:
        if self.controller.state is State.PAUSED:
            self.meter = ProgressMeter()
            self.controller.resume()
        else:
            self.controller.pause()

    def check_connection(self) -> None:
        if self.controller.check_connection(self._remember_address()):
            self._say(self.tr("Checking the connection to the upload server…"))

    def _checked(self, report: ConnectionReport) -> None:
        self._say(report.as_text(), error=not report.ok)

    def try_now(self) -> None:
        if self.runner is not None and self.runner.run_round():
            self._say(self.tr("Trying the waiting packs now…"))

    def copy_outcome(self) -> None:
        if self.outcome is not None:
            QGuiApplication.clipboard().setText(self.outcome.last_line)

    # ----- what the controller says -------------------------------------------------------

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setProperty("error", error)
        set_role(self.status_label, "error" if error else "value")

    def _state_changed(self, value: str) -> None:
        state = State(value)
        busy = state in (State.CHECKING, State.SENDING)
        self.send_button.setEnabled(state in (State.IDLE,))
        self.later_button.setEnabled(state in (State.IDLE,))
        self.choose_button.setEnabled(not busy and state is not State.STOPPING)
        self.pause_button.setEnabled(busy or state is State.PAUSED)
        self.pause_button.setText(self.tr("&Resume") if state is State.PAUSED
                                  else self.tr("&Pause"))
        self.pause_button.setAccessibleName(self.tr("Resume sending") if state is State.PAUSED
                                            else self.tr("Pause sending"))
        self.cancel_button.setEnabled(busy or state is State.PAUSED)
        self.try_now_button.setEnabled(state is State.IDLE and self.queue_list.count() > 0)
        if state is State.STOPPING:
            self._say(self.tr("Stopping…"))

    def _checking(self, done: int, total: int) -> None:
        self.progress_bar.setValue(int(done * PROGRESS_STEPS / total) if total else 0)
        self._say(self.tr("Checking the pack: {0}%").format(int(done * 100 / total)
                                                          if total else 0))

    def _progress(self, done: int, total: int) -> None:
        reading = self.meter.update(done, total)
        self.progress_bar.setValue(int(reading.fraction * PROGRESS_STEPS))
        self._say(self.progress_text(reading))

    def progress_text(self, reading: ProgressReading) -> str:
        sent = self.tr("Sending: {0}% ({1} of {2})").format(
            reading.percent, size_text(reading.done), size_text(reading.total))
        if not reading.speed:
            return sent + self.tr(", measuring the speed…")
        left = reading.seconds_left or 0
        if left < 60:
            time_left = self.tr("about {0} seconds left").format(max(int(left), 1))
        elif left < 3600:
            time_left = self.tr("about {0} minutes left").format(int(left // 60) + 1)
        else:
            time_left = self.tr("about {0} h {1} min left").format(int(left // 3600),
                                                                   int(left % 3600 // 60))
        return self.tr("{0}, {1}/s, {2}").format(sent, size_text(reading.speed), time_left)

    def _problem(self, message: str, wait: float) -> None:
        self._say(self.tr("{0} Trying again in {1} s.").format(message, max(int(wait), 1)))

    def _sent(self, outcome: Outcome) -> None:
        self.outcome = outcome
        self.progress_bar.setValue(PROGRESS_STEPS)
        if outcome.already_sent:
            self._say(self.tr("This pack was already sent on {0}; it was not sent again.")
                      .format(_day(outcome.sent_at)))
        else:
            self._say(self.tr("Sent: the server holds the whole pack ({0}).")
                      .format(size_text(outcome.size)))
        self.outcome_label.setText(self.tr("Upload address: {0}\nSHA-256: {1}")
                                   .format(outcome.url, outcome.sha256))
        self.copy_button.setVisible(True)
        self.refresh_queue()

    def _failed(self, message: str) -> None:
        self._say(message, error=True)
        self.refresh_queue()

    def _paused(self) -> None:
        self._say(self.tr("Paused. What reached the server is kept; Resume carries on from "
                          "there, even after closing the app."))

    def _cancelled(self) -> None:
        self.progress_bar.setValue(0)
        self._say(self.tr("Sending was cancelled, and the unfinished copy on the server was "
                          "removed. Nothing else changed."))

    def _queued(self, result: QueuedPack | SentRecord) -> None:
        if isinstance(result, SentRecord):
            self._say(self.tr("This pack was already sent on {0}; it was not queued.")
                      .format(_day(result.sent_at)))
        else:
            self._say(self.tr("Queued: PSN Desktop sends {0} by itself when it is online (it "
                              "tries now and every few minutes while open).")
                      .format(result.filename))
            if self.runner is not None:
                QTimer.singleShot(0, self.runner, self.runner.run_round)
        self.refresh_queue()

    def refresh_queue(self) -> None:
        try:
            entries = self.controller.ledger.queue()
        except LEDGER_ERRORS:
            entries = []
        self.queue_list.clear()
        for entry in entries:
            text = self.tr("{0} ({1}), queued on {2}").format(
                entry.filename, size_text(entry.size), _day(entry.queued_at))
            if entry.problem:
                text += "\n" + self.tr("Last try: {0}").format(entry.problem)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, entry.sha256)
            self.queue_list.addItem(item)
        self.queue_box.setVisible(bool(entries))
        self.try_now_button.setEnabled(bool(entries) and self.controller.state is State.IDLE)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.controller.shutdown()
        super().closeEvent(event)
