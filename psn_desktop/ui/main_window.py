"""The main window: shows one view at a time (wizard page, home, section page, busy) and
moves between them as the journey engine says.

Every move first saves pending edits (so Back, Continue, switching workspace and closing
never lose anything), then records the new place in the workspace so reopening returns to
it. Problems opening a workspace are shown in the window, with the store's own message.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from psn_desktop.journey import (
    Journey,
    Position,
    SectionRegistry,
    StepKind,
    default_registry,
    opening,
)
from psn_desktop.journey.first_run import START, WELCOME, FirstRun, StartChoice, position_of
from psn_desktop.journey.places import (
    FIRST_RUN,
    HOME,
    SECTION,
    Place,
    continue_position,
    last_section_position,
)
from psn_desktop.ui import workers
from psn_desktop.ui.busy_view import BusyView
from psn_desktop.ui.focus import fix_tab_order
from psn_desktop.ui.glossary_dialog import GlossaryDialog
from psn_desktop.ui.home.home_view import HomeView
from psn_desktop.ui.i18n import JOURNEY, tr
from psn_desktop.ui.pages.base import PageContext
from psn_desktop.ui.pages.first_run import StartPage
from psn_desktop.ui.pages.registry import FIRST_RUN as FIRST_RUN_PAGES
from psn_desktop.ui.pages.registry import page_class
from psn_desktop.ui.session import Session
from psn_desktop.ui.step_view import StepView
from psn_desktop.ui.styles import TEXT_SCALES, apply_style
from psn_desktop.ui.upload import start_background_sending
from psn_desktop.ui.widgets.boxes import Notice
from psn_desktop.ui.window_settings import saved_text_scale, window_settings
from psn_desktop.workspace.errors import WorkspaceError, WorkspaceReadOnly
from psn_desktop.workspace.store import Workspace

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, *, as_of: date | None = None,
                 registry: SectionRegistry | None = None) -> None:
        super().__init__()
        self.as_of = as_of or date.today()
        self.registry = registry or default_registry()
        self.journey = Journey(self.registry)
        self.first_run = FirstRun(self.registry)
        self.session: Session | None = None
        self.place = Place(HOME)
        self.first_run_page = WELCOME
        self.choice: StartChoice | None = None
        self.view: QWidget | None = None
        self.task: workers.Task | None = None
        self.glossary: GlossaryDialog | None = None
        self.setWindowTitle(self.tr("PSN Desktop"))
        self._build_frame()
        self._build_menus()
        settings = window_settings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 820)

    # ----- frame ---------------------------------------------------------------------------

    def _build_frame(self) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        header = QWidget(central)
        header.setObjectName("header")
        header_row = QHBoxLayout(header)
        header_row.setContentsMargins(32, 10, 32, 10)
        brand = QLabel(self.tr("PSN Desktop"), header)
        brand.setProperty("role", "brand")
        header_row.addWidget(brand)
        header_row.addStretch(1)
        self.workspace_label = QLabel("", header)
        self.workspace_label.setObjectName("header-workspace")
        header_row.addWidget(self.workspace_label)
        self.saved_label = QLabel("", header)
        self.saved_label.setObjectName("saved-state")
        header_row.addSpacing(24)
        header_row.addWidget(self.saved_label)
        layout.addWidget(header)
        self.banner_slot = QVBoxLayout()
        self.banner_slot.setContentsMargins(32, 8, 32, 0)
        layout.addLayout(self.banner_slot)
        self.banner: Notice | None = None
        self.stack = QStackedWidget(central)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _build_menus(self) -> None:
        workspace_menu = self.menuBar().addMenu(self.tr("&Workspace"))
        self.home_action = QAction(self.tr("&Task list"), self)
        self.home_action.setShortcut(QKeySequence("Ctrl+H"))
        self.home_action.triggered.connect(self.go_home)
        workspace_menu.addAction(self.home_action)
        another = QAction(self.tr("&Start or open another workspace…"), self)
        another.setShortcut(QKeySequence.StandardKey.Open)
        another.triggered.connect(lambda: self.show_first_run(START))
        workspace_menu.addAction(another)
        workspace_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        workspace_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        text_menu = view_menu.addMenu(self.tr("Text &size"))
        group = QActionGroup(self)
        current = saved_text_scale()
        names = {1.0: self.tr("&Normal"), 1.5: self.tr("&Larger (150%)"),
                 2.0: self.tr("L&argest (200%)")}
        for scale in TEXT_SCALES:
            action = QAction(names[scale], self, checkable=True)
            action.setChecked(abs(scale - current) < 0.01)
            action.triggered.connect(lambda _checked, s=scale: self.set_text_scale(s))
            group.addAction(action)
            text_menu.addAction(action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        glossary = QAction(self.tr("&Glossary: words explained"), self)
        glossary.setShortcut(QKeySequence.StandardKey.HelpContents)
        glossary.triggered.connect(lambda: self.open_glossary(""))
        help_menu.addAction(glossary)

    def set_text_scale(self, scale: float) -> None:
        window_settings().setValue("view/text_scale", scale)
        self._flush()
        apply_style(QApplication.instance(), scale)
        self._show_place(self.place)  # rebuild the view with the new sizes

    def say(self, text: str, kind: str = "error", actions=None) -> None:
        """A message across the top of the window (until the next one, or dismissed)."""
        self.clear_banner()
        self.banner = Notice(text, kind, [*(actions or []),
                                          (self.tr("Dismiss"), self.clear_banner)])
        self.banner.setObjectName("banner")
        self.banner_slot.addWidget(self.banner)

    def clear_banner(self) -> None:
        if self.banner is not None:
            self.banner.deleteLater()
            self.banner = None

    def _set_view(self, view: QWidget) -> None:
        old = self.view
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        self.view = view
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        fix_tab_order(view)

    def open_glossary(self, key: str) -> None:
        if self.glossary is None:
            self.glossary = GlossaryDialog(self)
        self.glossary.show()
        self.glossary.raise_()
        if key:
            self.glossary.show_term(key)

    # ----- starting up and opening workspaces ------------------------------------------------

    def start(self, workspace: Path | None = None) -> None:
        """Open the given workspace, else the last one used, else the first-run wizard."""
        folder = workspace or opening.last_known_folder()
        if folder is None:
            self.show_first_run(WELCOME)
        else:
            self.open_folder(folder)

    def open_folder(self, folder: Path, *, read_only: bool = False) -> None:
        folder = Path(folder)
        previous = self.place

        def work(cancel, _progress) -> Workspace:
            return opening.open_existing(folder, read_only=read_only, cancel=cancel)

        busy = BusyView(self.tr("Opening the workspace…"), str(folder))
        self.task = workers.Task(work)
        busy.cancelRequested.connect(self.task.cancel)
        self.task.signals.finished.connect(lambda ws: self.adopt(ws, resume=True))
        self.task.signals.failed.connect(lambda error: self._open_failed(error, previous,
                                                                         folder))
        self.task.signals.cancelled.connect(lambda: self._show_place(previous))
        self._set_view(busy)
        workers.start(self.task)

    def _open_failed(self, error: WorkspaceError, previous: Place, folder: Path) -> None:
        """Say what the store said, and offer what can be done (look only, choose another)."""
        self.task = None
        actions = []
        if isinstance(error, WorkspaceReadOnly):
            actions.append((self.tr("Open it to look only"),
                            lambda: self.open_folder(folder, read_only=True)))
        self.say(str(error), "error", actions)
        if self.session is not None:
            self._show_place(previous)
        else:
            self.choice = StartChoice.OPEN
            self.show_first_run(START)
            page = self.view.page
            if isinstance(page, StartPage):
                page.open_folder.set_value(str(folder))

    def adopt(self, workspace: Workspace, *, resume: bool, show: bool = True) -> None:
        """Make ``workspace`` the one the window works on; close the previous one.

        ``resume`` returns to the page saved in the workspace, else the task list;
        ``show=False`` leaves the choice of view to the caller.
        """
        self.task = None
        if self.session is not None and not self.session.close():
            self.say(self.tr("Your last change in the previous workspace could not be "
                             "saved."))
        self.session = Session(workspace, self.registry, self.as_of, self)
        start_background_sending(workspace, self.session)  # 'send when online' (ui/upload)
        self.session.saved.connect(lambda: self.saved_label.setText(self.tr("All changes "
                                                                            "saved")))
        self.session.saveFailed.connect(self._save_failed)
        self.saved_label.setText("")
        self._show_title()
        self.session.changed.connect(self._workspace_changed)
        if workspace.read_only:
            self.saved_label.setText(self.tr("Open to look only"))
        if not show:
            return
        if resume:
            self._show_place(self.session.place())
        else:
            self.go_home()

    def _workspace_changed(self, part: str) -> None:
        if part in ("organisation", "title"):
            self._show_title()

    def _show_title(self) -> None:
        if self.session is None:
            return
        workspace = self.session.workspace
        name = opening.title_of(workspace) or workspace.folder.name
        self.workspace_label.setText(name)
        self.setWindowTitle(self.tr("{name} – PSN Desktop").format(name=name))

    def _save_failed(self, message: str) -> None:
        self.saved_label.setText(self.tr("Not saved"))
        self.say(self.tr("Your last change could not be saved: {message} What you typed is "
                         "still on screen; PSN Desktop will try again when you next change "
                         "something.").format(message=message))

    def _flush(self) -> bool:
        return self.session.flush() if self.session is not None else True

    # ----- places --------------------------------------------------------------------------

    def _remember(self, place: Place) -> None:
        self.place = place
        if self.session is not None:
            self.session.save_place(place)

    def _show_place(self, place: Place) -> None:
        if self.session is None:
            self.show_first_run(WELCOME)
            return
        if place.view == SECTION and place.position is not None:
            resolved = self.journey.resolve(place.position, self.session.facts())
            if resolved is not None:
                self.show_position(resolved)
                return
        if place.view == FIRST_RUN and self.first_run.is_page(place.first_run_step):
            self.choice = StartChoice.CREATE
            self.show_first_run(place.first_run_step)
            return
        self.go_home()

    def go_home(self) -> None:
        if self.session is None:
            self.show_first_run(WELCOME)
            return
        self._flush()
        facts = self.session.refresh()
        target = continue_position(self.journey, facts,
                                   last_section_position(self.session.workspace))
        home = HomeView(self.session, target, self.open_glossary)
        home.sectionRequested.connect(
            lambda sid: self.show_position(self.journey.entry(sid, self.session.facts())))
        home.positionRequested.connect(self.show_position)
        home.targetRequested.connect(self._open_target)
        home.workspaceRequested.connect(self._switch_workspace)
        home.startRequested.connect(lambda: self.show_first_run(START))
        home.newIdentityRequested.connect(self._take_new_identity)
        self._set_view(home)
        self._remember(Place(HOME))
        if home.continue_button is not None:
            home.continue_button.setFocus()

    def _open_target(self, target: str) -> None:
        position = self.journey.for_target(target, self.session.facts())
        if position is not None:
            self.show_position(position)

    def _switch_workspace(self, folder: str) -> None:
        if self._flush():
            self.open_folder(Path(folder))

    def _take_new_identity(self) -> None:
        try:
            self.session.workspace.take_new_identity()
            opening.remember(self.session.workspace)
        except WorkspaceError as error:
            self.say(str(error))
            return
        self.say(self.tr("This copy now has its own identity."), "info")
        self.go_home()

    # ----- section pages --------------------------------------------------------------------

    def _context(self, position: Position | None, step=None) -> PageContext:
        return PageContext(self.session, position, step, self.open_glossary, self.as_of)

    def show_position(self, position: Position) -> None:
        self._flush()
        facts = self.session.facts()
        section = self.registry[position.section]
        step = section.step(position.step)
        page = page_class(section.id, step.id, step.kind)(self._context(position, step))
        page.load(facts)
        # On "check your answers" Continue itself goes back to the task list.
        leave = "" if step.kind is StepKind.CHECK else self.tr("Return to the task list")
        view = StepView(page, caption=tr(JOURNEY, section.title), leave_text=leave,
                        glossary_keys=step.glossary, read_only=self.session.read_only,
                        open_glossary=self.open_glossary)
        view.continueRequested.connect(lambda: self._continue_section(view))
        view.backRequested.connect(lambda: self._back_section(view))
        view.leaveRequested.connect(self.go_home)
        page.goTo.connect(self.show_position)
        page.positionChanged.connect(lambda p: self._remember(Place(SECTION, p)))
        self._set_view(view)
        self._remember(Place(SECTION, position))
        view.start_focus()

    def _continue_section(self, view: StepView) -> None:
        if not self._flush():
            return
        position = view.page.context.position
        move = self.journey.advance(position, self.session.refresh())
        if move.blocked:
            view.show_problems(move.problems)
            fix_tab_order(view)
        elif move.target is None:
            self.go_home()
        else:
            self.show_position(move.target)

    def _back_section(self, view: StepView) -> None:
        self._flush()
        target = self.journey.back(view.page.context.position, self.session.refresh())
        if target is None:
            self.go_home()
        else:
            self.show_position(target)

    # ----- the first-run wizard ---------------------------------------------------------------

    def show_first_run(self, page_id: str) -> None:
        self._flush()
        self.first_run_page = page_id
        position = position_of(page_id)
        number, total = self.first_run.number(page_id, self.choice)
        caption = self.tr("Getting started: step {n} of {total}").format(n=number, total=total)
        if position is None:
            page = page_class(FIRST_RUN_PAGES, page_id)(self._context(None))
            glossary: tuple[str, ...] = ("psn", "workspace") if page_id == WELCOME else ()
            leave = self.tr("Go to the task list") if self.session is not None else ""
        else:
            step = self.registry[position.section].step(position.step)
            page = page_class(position.section, step.id, step.kind)(
                self._context(position, step))
            page.load(self.session.facts())
            glossary = step.glossary
            leave = self.tr("Finish later: go to the task list")
        view = StepView(page, caption=caption, leave_text=leave, glossary_keys=glossary,
                        read_only=bool(position and self.session.read_only),
                        open_glossary=self.open_glossary)
        view.back.setVisible(self.first_run.back(page_id, self.choice) is not None)
        view.continueRequested.connect(lambda: self._continue_wizard(view, page_id))
        view.backRequested.connect(lambda: self._back_wizard(page_id))
        view.leaveRequested.connect(self.go_home)
        if isinstance(page, StartPage):
            self._prepare_start_page(page, view)
        self._set_view(view)
        if self.session is not None and position is not None:
            self._remember(Place(FIRST_RUN, first_run_step=page_id))
        else:
            self.place = Place(FIRST_RUN, first_run_step=page_id)
        view.start_focus()

    def _prepare_start_page(self, page: StartPage, view: StepView) -> None:
        if self.choice is StartChoice.CREATE and self.place.view == FIRST_RUN and (
                self.place.first_run_step not in (WELCOME, START)):
            page.offer_current()  # Back from the wizard's first question
        elif self.choice is not None:
            page.select(self.choice)
        page.choice.edited.connect(lambda: setattr(self, "choice", page.choice.value()))
        page.proceed.connect(self._workspace_chosen)

    def _continue_wizard(self, view: StepView, page_id: str) -> None:
        if not self._flush():
            return
        if not view.page.accept_continue():
            return  # the page works asynchronously (the start page), or found problems
        facts = self.session.refresh() if self.session is not None else None
        move = self.first_run.advance(page_id, self.choice, facts)
        if move.problems:
            view.show_problems(list(move.problems))
        elif move.target is None:
            self.go_home()
        else:
            self.show_first_run(move.target)

    def _workspace_chosen(self, result: tuple[StartChoice, Workspace]) -> None:
        choice, workspace = result
        self.choice = choice
        if self.session is None or workspace is not self.session.workspace:
            self.adopt(workspace, resume=choice is StartChoice.OPEN,
                       show=choice is not StartChoice.CREATE)
        if choice is StartChoice.CREATE:
            next_page = self.first_run.advance(START, choice, None).target
            if next_page is None:
                self.go_home()
            else:
                self.show_first_run(next_page)

    def _back_wizard(self, page_id: str) -> None:
        target = self.first_run.back(page_id, self.choice)
        if target is not None:
            self.show_first_run(target)

    # ----- closing -------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session is not None and not self.session.flush():
            answer = QMessageBox.warning(
                self, self.tr("Not saved"),
                self.tr("Your last change could not be saved: {message}\n\nClose anyway and "
                        "lose that change?").format(message=self.session.autosave.last_error),
                QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Close:
                event.ignore()
                return
        if self.task is not None:
            self.task.cancel()
        if self.session is not None:
            self.session.close()
            self.session = None
        if self.glossary is not None:
            self.glossary.close()
        window_settings().setValue("window/geometry", self.saveGeometry())
        event.accept()
