"""The frame around every question page: Back, the error summary, the heading, the page,
the words explained, and Continue.

The frame knows nothing of where buttons lead: it reports Back, Continue and "return to the
task list", and shows the problems it is given. While a page is busy (creating a workspace)
Continue is replaced by a progress bar and a Cancel button; Back still works.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSlider,
    QHBoxLayout,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from psn_desktop.domain.glossary import load_glossary
from psn_desktop.domain.validation import Problem
from psn_desktop.ui.focus import fix_tab_order
from psn_desktop.ui.i18n import JOURNEY, tr
from psn_desktop.ui.pages.base import StepPage
from psn_desktop.ui.widgets.boxes import ErrorSummary, Notice
from psn_desktop.ui.widgets.flow import flow_row
from psn_desktop.ui.widgets.text import (
    heading,
    link_button,
    links_label,
    paragraph,
    primary_button,
    secondary_button,
)

CONTENT_WIDTH_CHARS = 90  # a comfortable line length; the content never grows wider


def short_term(text: str) -> str:
    """"SIRO (senior information risk owner)" → "SIRO", for a compact link."""
    return text.split(" (", 1)[0]


class ScrollPage(QScrollArea):
    """A vertically scrolling column of limited width, used by every view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        # The page itself is not a Tab stop (an invisible stop confuses keyboard users);
        # Page Up/Down and Ctrl+Home/End scroll it from anywhere on the page.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        bar = self.verticalScrollBar()
        for keys, action in (("PgDown", QAbstractSlider.SliderAction.SliderPageStepAdd),
                             ("PgUp", QAbstractSlider.SliderAction.SliderPageStepSub),
                             ("Ctrl+End", QAbstractSlider.SliderAction.SliderToMaximum),
                             ("Ctrl+Home", QAbstractSlider.SliderAction.SliderToMinimum)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda a=action: bar.triggerAction(a))
        outer = QWidget(self)
        outer.setObjectName("page")
        outer_layout = QHBoxLayout(outer)
        outer_layout.setContentsMargins(32, 20, 32, 32)
        self.column_widget = QWidget(outer)
        self.column_widget.setMaximumWidth(
            self.fontMetrics().averageCharWidth() * CONTENT_WIDTH_CHARS + 64)
        self.column = QVBoxLayout(self.column_widget)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(16)
        outer_layout.addWidget(self.column_widget, 1)
        outer_layout.addStretch(0)
        self.setWidget(outer)


class StepView(ScrollPage):
    continueRequested = Signal()
    backRequested = Signal()
    leaveRequested = Signal()

    def __init__(self, page: StepPage, *, caption: str = "", leave_text: str = "",
                 glossary_keys: tuple[str, ...] = (), read_only: bool = False,
                 open_glossary=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        column = self.column
        self.back = link_button(self.tr("‹ Back"), self.tr("Back"))
        self.back.setProperty("role", "back")
        self.back.setShortcut("Alt+Left")
        self.back.clicked.connect(self.backRequested)
        column.addWidget(self.back, 0, Qt.AlignmentFlag.AlignLeft)
        self.summary = ErrorSummary()
        self.summary.fieldRequested.connect(page.focus_field)
        column.addWidget(self.summary)
        if read_only:
            column.addWidget(Notice(self.tr("This workspace is open to look only: changes "
                                            "cannot be saved."), "warning"))
        if caption:
            self.caption = paragraph(caption, "caption")
            column.addWidget(self.caption)
        self.heading = heading(page.title(), 1)
        column.addWidget(self.heading)
        hint = page.hint()
        if hint:
            column.addWidget(paragraph(hint, "hint"))
        column.addWidget(page)
        if glossary_keys and open_glossary is not None:
            glossary = load_glossary()
            terms = [t for t in (glossary.get(k) for k in glossary_keys) if t]
            if terms:
                words = links_label([(t.key, short_term(tr(JOURNEY, t.term))) for t in terms],
                                    self.tr("Words on this page:"))
                words.linkActivated.connect(open_glossary)
                words.setObjectName("glossary-links")
                column.addWidget(words)
        self.busy = QWidget()
        busy_row = QHBoxLayout(self.busy)
        busy_row.setContentsMargins(0, 0, 0, 0)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Working, please wait"))
        self.progress.setTextVisible(False)
        busy_row.addWidget(self.progress, 1)
        self.cancel = secondary_button(self.tr("Cancel"))
        self.cancel.clicked.connect(page.cancel)
        busy_row.addWidget(self.cancel)
        self.busy.hide()
        column.addWidget(self.busy)
        self.continue_button = primary_button(page.continue_label())
        self.continue_button.clicked.connect(self.continueRequested)
        self.leave = None
        buttons = [self.continue_button]
        if leave_text:
            self.leave = link_button(leave_text)
            self.leave.clicked.connect(self.leaveRequested)
            buttons.append(self.leave)
        column.addWidget(flow_row(*buttons, spacing=24))
        column.addStretch(1)
        page.busyChanged.connect(self.set_busy)
        page.problemsFound.connect(self.show_problems)
        page.submitted.connect(self._submit)
        page.contentChanged.connect(lambda: fix_tab_order(self))
        page.set_read_only(read_only)

    def _submit(self) -> None:
        if self.continue_button.isVisible() and self.continue_button.isEnabled():
            self.continueRequested.emit()

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.continue_button.setVisible(not busy)
        self.page.setEnabled(not busy)
        if busy:
            self.cancel.setFocus()

    def show_problems(self, problems: list[Problem]) -> None:
        shown = self.page.show_problems(problems)
        self.summary.show_problems(shown)
        if shown:
            self.ensureWidgetVisible(self.summary)
        self.summary.setVisible(bool(shown))

    def start_focus(self) -> None:
        """Put the keyboard where the user starts: the first field, or Continue."""
        if self.page.fields or hasattr(self.page, "change_buttons"):
            self.page.focus_first()
        if self.focusWidget() is None or not self.page.isAncestorOf(self.focusWidget()):
            self.continue_button.setFocus()
