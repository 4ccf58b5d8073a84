"""The glossary viewer: every term in plain words, searchable, opened at a term from a page.

It is a non-modal window, so a user can keep it open beside the question they are answering.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from psn_desktop.domain.glossary import Glossary, GlossaryError, load_glossary
from psn_desktop.ui.i18n import JOURNEY, tr
from psn_desktop.ui.widgets.text import heading, secondary_button


class GlossaryDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Glossary: words explained"))
        self.setObjectName("glossary")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(heading(self.tr("Words explained"), 1, self))
        try:
            self.glossary: Glossary | None = load_glossary()
        except GlossaryError as error:
            self.glossary = None
            layout.addWidget(QLabel(str(error), self))
            return
        search_label = QLabel(self.tr("Search"), self)
        self.search = QLineEdit(self)
        self.search.setAccessibleName(self.tr("Search the glossary"))
        self.search.setPlaceholderText(self.tr("For example SIRO or health check"))
        search_label.setBuddy(self.search)
        layout.addWidget(search_label)
        layout.addWidget(self.search)
        panes = QHBoxLayout()
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Terms"))
        self.list.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        panes.addWidget(self.list, 2)
        self.text = QTextBrowser(self)
        self.text.setAccessibleName(self.tr("Explanation"))
        self.text.setOpenLinks(False)
        self.text.anchorClicked.connect(self._follow)
        panes.addWidget(self.text, 3)
        layout.addLayout(panes, 1)
        close = secondary_button(self.tr("Close"), parent=self)
        close.clicked.connect(self.close)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.search.textChanged.connect(self._filter)
        self.list.currentItemChanged.connect(self._show_current)
        self._filter("")
        width = self.fontMetrics().averageCharWidth() * 120
        self.resize(width, int(width * 0.62))

    def _filter(self, text: str) -> None:
        assert self.glossary is not None
        current = self.list.currentItem().data(Qt.ItemDataRole.UserRole) \
            if self.list.currentItem() else None
        self.list.clear()
        for term in self.glossary.search(text):
            item = QListWidgetItem(tr(JOURNEY, term.term))
            item.setData(Qt.ItemDataRole.UserRole, term.key)
            self.list.addItem(item)
        if self.list.count():
            self.show_term(current or self.list.item(0).data(Qt.ItemDataRole.UserRole),
                           select_only_if_listed=True)
        else:
            self.text.setHtml(html.escape(self.tr("No term matches '{text}'.").format(
                text=text)))

    def _show_current(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self._render(item.data(Qt.ItemDataRole.UserRole))

    def show_term(self, key: str, *, select_only_if_listed: bool = False) -> None:
        """Show one term (from a page's "Words on this page" link)."""
        if self.glossary is None:
            return
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.list.setCurrentRow(row)
                self._render(key)
                return
        if not select_only_if_listed:
            self.search.clear()
            self.show_term(key, select_only_if_listed=True)
        elif self.list.count():
            self.list.setCurrentRow(0)

    def current_key(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _render(self, key: str) -> None:
        assert self.glossary is not None
        term = self.glossary.get(key)
        if term is None:
            return
        parts = [f"<h2>{html.escape(tr(JOURNEY, term.term))}</h2>",
                 f"<p style='font-size:large'>{html.escape(tr(JOURNEY, term.definition))}</p>"]
        if term.also_known_as:
            parts.append("<p><i>" + html.escape(self.tr("Also called: {names}").format(
                names=", ".join(term.also_known_as))) + "</i></p>")
        links = [self.glossary.get(k) for k in term.see_also]
        if any(links):
            parts.append("<p>" + html.escape(self.tr("See also:")) + " " + ", ".join(
                f"<a href='term:{t.key}'>{html.escape(tr(JOURNEY, t.term))}</a>"
                for t in links if t) + "</p>")
        self.text.setHtml("".join(parts))

    def _follow(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("term:"):
            self.show_term(text.removeprefix("term:"))
