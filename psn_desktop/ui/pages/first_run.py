"""The first-run wizard's own pages: what the app does, then choose a workspace.

Creating, opening or building the demo runs on a worker thread with a progress bar and a
Cancel button; the page reports the store's own message if it fails (already open
elsewhere, read-only, damaged, too new) and offers what can be done about it.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout

from psn_desktop.domain.validation import Problem
from psn_desktop.journey import opening
from psn_desktop.journey.first_run import START, WELCOME, StartChoice
from psn_desktop.ui import workers
from psn_desktop.ui.pages.base import PageContext, StepPage
from psn_desktop.ui.pages.registry import FIRST_RUN, register_page
from psn_desktop.ui.widgets.boxes import Notice
from psn_desktop.ui.widgets.fields import ChoiceField, TextField
from psn_desktop.ui.widgets.text import bullets, heading, paragraph, secondary_button
from psn_desktop.workspace.errors import WorkspaceError, WorkspaceReadOnly


@register_page(FIRST_RUN, WELCOME)
class WelcomePage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.body.addWidget(paragraph(self.tr(
            "To join the Public Services Network (PSN), your organisation sends evidence each "
            "year that its network is looked after safely. PSN Desktop takes you through it "
            "one question at a time, in plain words, and builds the evidence pack for you.")))
        self.body.addWidget(heading(self.tr("What you'll need"), 2))
        self.body.addWidget(bullets([
            self.tr("Your organisation's name and address"),
            self.tr("The name and email of the person who signs (usually the head or "
                    "practice manager) and of a day-to-day contact"),
            self.tr("How your network connects to the PSN; your IT provider can tell you"),
            self.tr("Your network's IP ranges, also from your IT provider"),
            self.tr("Later: your IT Health Check report and your network diagram"),
        ]))
        self.body.addWidget(paragraph(self.tr(
            "You don't need it all today. Everything is saved as you type, so you can stop at "
            "any point and carry on where you left off."), "hint"))

    def title(self) -> str:
        return self.tr("Prepare your PSN compliance evidence")

    def continue_label(self) -> str:
        return self.tr("Start now")


@register_page(FIRST_RUN, START)
class StartPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.as_of = context.as_of or date.today()
        self.choice = self.add_field(ChoiceField("choice", self.tr("What would you like to do?"), [
            (StartChoice.CREATE, self.tr("Start a new workspace"),
             self.tr("For your organisation's submission this year.")),
            (StartChoice.OPEN, self.tr("Open a workspace I already have"),
             self.tr("For example one your IT provider started, or last year's.")),
            (StartChoice.DEMO, self.tr("Explore the demo school"),
             self.tr("A made-up primary school, part-way through. Nothing you do there "
                     "affects your own workspace.")),
        ]))
        self.new_folder = self.add_field(TextField(
            "new_folder", self.tr("Where to keep the new workspace"),
            self.tr("A folder on this computer. Avoid OneDrive and network drives.")))
        self.new_folder.set_value(str(opening.suggested_new_folder(self.as_of)))
        self.new_browse = self._browse_button(self.new_folder, self.tr("Choose a folder for "
                                                                      "the new workspace"))
        self.open_folder = self.add_field(TextField(
            "open_folder", self.tr("The workspace folder"),
            self.tr("The folder that holds workspace.sqlite3.")))
        self.open_browse = self._browse_button(self.open_folder,
                                               self.tr("Choose the workspace folder to open"))
        self.notice_row = QHBoxLayout()
        self.body.addLayout(self.notice_row)
        self.notice: Notice | None = None
        self.task: workers.Task | None = None
        self.choice.edited.connect(self._reveal)
        self._reveal()

    def _browse_button(self, field: TextField, name: str):
        row = QHBoxLayout()
        button = secondary_button(self.tr("Choose…"), name)
        button.clicked.connect(lambda: self._browse(field))
        row.addWidget(button)
        row.addStretch(1)
        self.body.addLayout(row)
        return button

    def _browse(self, field: TextField) -> None:
        chosen = QFileDialog.getExistingDirectory(self, field.label_text, field.value())
        if chosen:
            field.set_value(chosen)

    def _reveal(self) -> None:
        choice = self.choice.value()
        for widget, shown in ((self.new_folder, choice is StartChoice.CREATE),
                              (self.new_browse, choice is StartChoice.CREATE),
                              (self.open_folder, choice is StartChoice.OPEN),
                              (self.open_browse, choice is StartChoice.OPEN)):
            widget.setVisible(shown)
        self.contentChanged.emit()

    def title(self) -> str:
        return self.tr("Choose a workspace")

    def hint(self) -> str:
        return self.tr("A workspace is a folder that holds everything for one organisation and "
                       "one year. An IT support company can keep one for each customer.")

    def select(self, choice: StartChoice) -> None:
        self.choice.set_value(choice)
        self._reveal()

    def offer_current(self) -> None:
        """Came back from the wizard's questions: Continue carries on with that workspace."""
        if self.session is not None:
            self.select(StartChoice.CREATE)
            self.new_folder.set_value(str(self.session.workspace.folder))

    # ----- Continue: do the work off the UI thread ----------------------------------------

    def accept_continue(self) -> bool:
        choice = self.choice.value()
        problems = []
        if choice is None:
            problems.append(Problem("choice", self.tr("Choose what you want to do.")))
        elif choice is StartChoice.CREATE and not self.new_folder.value():
            problems.append(Problem("new_folder", self.tr("Enter a folder for the new "
                                                          "workspace.")))
        elif choice is StartChoice.OPEN and not self.open_folder.value():
            problems.append(Problem("open_folder", self.tr("Enter the folder of the workspace "
                                                           "to open, or choose it.")))
        if problems:
            self.problemsFound.emit(problems)
            return False
        self.problemsFound.emit([])
        if choice is StartChoice.CREATE:
            folder = Path(self.new_folder.value())
            if self.session is not None and folder.expanduser().resolve() == (
                    self.session.workspace.folder.resolve()):
                # Back from the wizard to here: carry on with the workspace just made.
                self.proceed.emit((choice, self.session.workspace))
                return False
            self._run(choice, lambda cancel, _progress: opening.create(folder, cancel))
        elif choice is StartChoice.OPEN:
            self._open(Path(self.open_folder.value()), read_only=False)
        else:
            folder = opening.suggested_demo_folder()
            as_of = self.as_of
            self._run(choice, lambda cancel, _progress: opening.make_demo(folder, as_of, cancel))
        return False

    def _open(self, folder: Path, *, read_only: bool) -> None:
        def work(cancel: threading.Event, _progress) -> object:
            return opening.open_existing(folder, read_only=read_only, cancel=cancel)
        self._run(StartChoice.OPEN, work)

    def _run(self, choice: StartChoice, work) -> None:
        self._clear_notice()
        self.task = workers.Task(work)
        self.task.signals.finished.connect(lambda workspace: self._done(choice, workspace))
        self.task.signals.failed.connect(self._failed)
        self.task.signals.cancelled.connect(lambda: self.busyChanged.emit(False))
        self.busyChanged.emit(True)
        workers.start(self.task)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _done(self, choice: StartChoice, workspace) -> None:
        self.busyChanged.emit(False)
        self.task = None
        self.proceed.emit((choice, workspace))

    def _failed(self, error: WorkspaceError) -> None:
        self.busyChanged.emit(False)
        self.task = None
        actions = []
        if isinstance(error, WorkspaceReadOnly) and self.choice.value() is StartChoice.OPEN:
            folder = Path(self.open_folder.value())
            actions.append((self.tr("Open it to look only"),
                            lambda: self._open(folder, read_only=True)))
        self._clear_notice()
        self.notice = Notice(str(error), "error", actions, self)
        self.notice.setObjectName("start-problem")
        self.notice_row.addWidget(self.notice)
        self.contentChanged.emit()
        (self.notice.buttons[0] if self.notice.buttons else self.notice).setFocus()

    def _clear_notice(self) -> None:
        if self.notice is not None:
            self.notice.deleteLater()
            self.notice = None

    def set_read_only(self, read_only: bool) -> None:
        """The start page works without a workspace; it is never read-only."""
