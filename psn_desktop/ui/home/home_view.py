"""The home page: where you are, what is left, and the way back in.

Top to bottom: the organisation and its workspace (with the switcher for IT support firms),
anything to know about this workspace (a copy, read-only, on a synced folder), overall
progress with "continue where you left off", the task list, then the readiness verdict
with what still blocks a submission.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from psn_desktop.domain.glossary import load_glossary
from psn_desktop.journey import Facts, Position, SectionState
from psn_desktop.ui.home.readiness_panel import ReadinessPanel
from psn_desktop.ui.home.task_list import TaskList
from psn_desktop.ui.i18n import JOURNEY, tr
from psn_desktop.ui.session import Session
from psn_desktop.ui.step_view import ScrollPage, short_term
from psn_desktop.ui.widgets.boxes import Notice
from psn_desktop.ui.widgets.flow import flow_row
from psn_desktop.ui.widgets.text import (
    heading,
    link_button,
    links_label,
    paragraph,
    primary_button,
)
from psn_desktop.workspace import registry as known
from psn_desktop.workspace.location import LocationKind
from psn_desktop.workspace.store import IdentityState

# The words a new user meets on the task list and in the verdict.
HOME_TERMS = ("psn", "code_of_connection", "siro", "scope", "ithc", "remediation_plan",
              "official")


class HomeView(ScrollPage):
    sectionRequested = Signal(str)
    positionRequested = Signal(object)
    targetRequested = Signal(str)
    workspaceRequested = Signal(str)  # a known workspace's folder
    startRequested = Signal()  # create or open another
    newIdentityRequested = Signal()

    def __init__(self, session: Session, continue_to: Position | None,
                 open_glossary=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        facts = session.facts()
        column = self.column
        workspace = session.workspace
        name = facts.data.organisation.name.strip()
        self.title = heading(name or self.tr("Your new workspace"), 1)
        self.title.setObjectName("home-title")
        column.addWidget(self.title)
        column.addWidget(paragraph(self.tr("Workspace folder: {folder}").format(
            folder=workspace.folder), "caption"))
        column.addWidget(self._switcher(workspace.folder))
        for notice in self._notices():
            column.addWidget(notice)
        column.addLayout(self._progress(facts, continue_to))
        column.addWidget(heading(self.tr("Your tasks"), 2))
        self.tasks = TaskList(session.registry.sections_for(facts), facts)
        self.tasks.opened.connect(self.sectionRequested)
        column.addWidget(self.tasks)
        # One verdict per framework the workspace targets (the first is the main one).
        self.panels: list[ReadinessPanel] = []
        for readiness in facts.readiness or (None,):
            panel = ReadinessPanel(readiness, session.registry, facts.readiness_problem)
            panel.targetRequested.connect(self.targetRequested)
            self.panels.append(panel)
            column.addWidget(panel)
        self.readiness = self.panels[0]
        self.side_by_side = None
        if len(facts.readiness) > 1:
            from psn_desktop.ui.frameworks.side_by_side_panel import SideBySidePanel

            self.side_by_side = SideBySidePanel(facts.readiness)
            column.addWidget(self.side_by_side)
        if open_glossary is not None:
            column.addWidget(self._words(open_glossary))
        column.addStretch(1)

    def _switcher(self, current: Path) -> QWidget:
        self.switcher = QComboBox()
        self.switcher.setObjectName("switcher")
        self.switcher.setAccessibleName(self.tr("Switch to another workspace"))
        self.switcher.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        here = str(current.resolve())
        for entry in known.known_workspaces():
            label = entry.title or self.tr("(no name yet)")
            if not entry.exists:
                label = self.tr("{name} (folder missing)").format(name=label)
            self.switcher.addItem(label, entry.path)
            self.switcher.setItemData(self.switcher.count() - 1, entry.path,
                                      Qt.ItemDataRole.ToolTipRole)
            if entry.path == here:
                self.switcher.setCurrentIndex(self.switcher.count() - 1)
        self.switcher.activated.connect(self._switch)
        another = link_button(self.tr("Start or open another workspace"))
        another.setObjectName("start-another")
        another.clicked.connect(self.startRequested)
        return flow_row(self.switcher, another, spacing=16)

    def _words(self, open_glossary) -> QWidget:
        glossary = load_glossary()
        terms = [t for t in (glossary.get(k) for k in HOME_TERMS) if t is not None]
        words = links_label([(t.key, short_term(tr(JOURNEY, t.term))) for t in terms],
                            self.tr("Words explained:"))
        words.setObjectName("glossary-links")
        words.linkActivated.connect(open_glossary)
        return words

    def _switch(self, index: int) -> None:
        path = self.switcher.itemData(index)
        if path and Path(path).resolve() != self.session.workspace.folder.resolve():
            self.workspaceRequested.emit(path)

    def _notices(self) -> list[QWidget]:
        workspace = self.session.workspace
        notices: list[QWidget] = []
        if workspace.identity_state == IdentityState.COPIED:
            notice = Notice(self.tr(
                "This workspace is a copy of the one at {path}. Give this copy its own "
                "identity before storing passwords, so the two never share them.").format(
                path=workspace.previous_path), "warning",
                [(self.tr("Give this copy its own identity"),
                  lambda: self.newIdentityRequested.emit())])
            notice.setObjectName("copied-notice")
            notices.append(notice)
        elif workspace.identity_state == IdentityState.MOVED:
            notices.append(Notice(self.tr("This workspace was moved here from {path}.").format(
                path=workspace.previous_path or self.tr("another folder"))))
        if workspace.read_only:
            notice = Notice(self.tr("This workspace is open to look only: the folder or disk "
                                    "is read-only, so changes cannot be saved. Copy the folder "
                                    "somewhere you can write to, such as your Documents, and "
                                    "open the copy."), "warning")
            notice.setObjectName("read-only-notice")
            notices.append(notice)
        if workspace.location.kind is not LocationKind.LOCAL:
            notices.append(Notice(self.tr(
                "This workspace is in a shared or synced folder ({why}) PSN Desktop saves in "
                "a slower, safer way here. For the best results keep workspaces on this "
                "computer's own disk.").format(why=workspace.location.reason), "warning"))
        return notices

    def _progress(self, facts: Facts, continue_to: Position | None) -> QVBoxLayout:
        box = QVBoxLayout()
        box.setSpacing(8)
        sections = self.session.registry.sections_for(facts)
        done = sum(s.status(facts).state is SectionState.COMPLETED for s in sections)
        self.progress_text = paragraph(self.tr("You have completed {done} of {total} "
                                               "sections.").format(done=done,
                                                                   total=len(sections)))
        self.progress_text.setObjectName("progress-text")
        box.addWidget(self.progress_text)
        self.progress = QProgressBar()
        self.progress.setRange(0, max(len(sections), 1))
        self.progress.setValue(done)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr("{done} of {total} sections completed").format(
            done=done, total=len(sections)))
        box.addWidget(self.progress)
        row = QHBoxLayout()
        row.setSpacing(16)
        if continue_to is not None:
            self.continue_button = primary_button(self.tr("Continue where you left off"))
            self.continue_button.setObjectName("continue-where-left-off")
            self.continue_button.clicked.connect(lambda: self.positionRequested.emit(continue_to))
            row.addWidget(self.continue_button)
            section = self.session.registry[continue_to.section]
            step = section.step(continue_to.step)
            shown = f"{tr(JOURNEY, section.title)}: {tr(JOURNEY, step.title)}"
            self.continue_label = paragraph(shown, "caption")
            row.addWidget(self.continue_label, 1)
        else:
            self.continue_button = None
            row.addWidget(paragraph(self.tr("Every section here is complete."), ""))
        box.addLayout(row)
        return box
