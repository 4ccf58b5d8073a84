"""Pages of the "Cloud services you use" section: a yes/no question, a list, one service."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from psn_desktop.domain.model import CloudService
from psn_desktop.journey import Facts
from psn_desktop.journey.facts import write_answer
from psn_desktop.journey.sections.cloud import USES_KEY, service, uses_cloud
from psn_desktop.ui.pages.base import PageContext, StepPage
from psn_desktop.ui.pages.registry import register_page
from psn_desktop.ui.styles import set_role
from psn_desktop.ui.widgets.boxes import Notice
from psn_desktop.ui.widgets.fields import ChoiceField, ParagraphField, TextField
from psn_desktop.ui.widgets.text import link_button, paragraph, secondary_button
from psn_desktop.workspace.errors import WorkspaceError
from psn_desktop.workspace.store import Workspace

SECTION = "cloud"


@register_page(SECTION, "uses")
class UsesPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.uses = self.add_field(ChoiceField("uses", self.tr("Online services"), [
            (True, self.tr("Yes, we use one or more"), ""),
            (False, self.tr("No, we use none"), ""),
        ]))

    def load(self, facts: Facts) -> None:
        self.uses.set_value(uses_cloud(facts))

    def save(self, workspace: Workspace) -> None:
        write_answer(workspace, USES_KEY, self.uses.value())


@register_page(SECTION, "services")
class ServicesListPage(StepPage):
    """The GOV.UK "add another" pattern: each service with Change and Remove, then Add."""

    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.notice_slot = QVBoxLayout()
        self.body.addLayout(self.notice_slot)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(0)
        self.body.addLayout(self.rows)
        self.empty = paragraph(self.tr("No online services added yet."), "hint", self)
        self.body.addWidget(self.empty)
        add_row = QHBoxLayout()
        self.add = secondary_button(self.tr("Add an online service"))
        self.add.clicked.connect(lambda: self.goTo.emit(self._item_position(None)))
        add_row.addWidget(self.add)
        add_row.addStretch(1)
        self.body.addLayout(add_row)
        self.notice: Notice | None = None

    def _item_position(self, item: int | None):
        return self.session.journey.open_item(self.context.position, item)

    def load(self, facts: Facts) -> None:
        while self.rows.count():
            widget = self.rows.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        for item in facts.data.cloud_services:
            self.rows.addWidget(self._row(item))
        self.empty.setVisible(not facts.data.cloud_services)
        self.contentChanged.emit()

    def _row(self, item: CloudService) -> QWidget:
        row = QFrame(self)
        set_role(row, "row")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 8, 0, 8)
        text = QVBoxLayout()
        name = paragraph(item.name or self.tr("(no name)"), "label", row)
        text.addWidget(name)
        assessed = {True: self.tr("Checked against the cloud security principles"),
                    False: self.tr("Not checked against the principles yet"),
                    None: self.tr("Not yet said whether it was checked")}[item.assessed]
        details = " · ".join(p for p in (item.purpose.strip(), assessed) if p)
        text.addWidget(paragraph(details, "hint", row))
        layout.addLayout(text, 1)
        label = item.name or self.tr("this service")
        change = link_button(self.tr("Change"), self.tr("Change {name}").format(name=label), row)
        change.clicked.connect(lambda: self.goTo.emit(self._item_position(item.id)))
        remove = link_button(self.tr("Remove"), self.tr("Remove {name}").format(name=label), row)
        remove.clicked.connect(lambda: self._remove(item))
        remove.setEnabled(not (self.session and self.session.read_only))
        layout.addWidget(change)
        layout.addSpacing(12)
        layout.addWidget(remove)
        return row

    def _remove(self, item: CloudService) -> None:
        """Remove at once, and offer Undo: nothing typed is lost by a slip."""
        try:
            self.session.workspace.delete_cloud_service(item.id or 0)
        except WorkspaceError as error:
            self._say(str(error), "error")
            return
        self._say(self.tr("Removed {name}.").format(name=item.name or self.tr("the service")),
                  "info", [(self.tr("Undo"), lambda: self._undo(item))])
        self.load(self.session.refresh())
        self.add.setFocus()

    def _undo(self, item: CloudService) -> None:
        try:
            self.session.workspace.save_cloud_service(replace(item, id=None))
        except WorkspaceError as error:
            self._say(str(error), "error")
            return
        self._say(self.tr("{name} is back in the list.").format(name=item.name), "info")
        self.load(self.session.refresh())
        self.add.setFocus()

    def _say(self, text: str, kind: str, actions=None) -> None:
        if self.notice is not None:
            self.notice.deleteLater()
        self.notice = Notice(text, kind, actions, self)
        self.notice_slot.addWidget(self.notice)
        self.contentChanged.emit()

    def set_read_only(self, read_only: bool) -> None:
        self.add.setEnabled(not read_only)

    def focus_field(self, name: str) -> None:
        self.add.setFocus()

    def focus_first(self) -> None:
        self.add.setFocus()


@register_page(SECTION, "service")
class ServicePage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.name = self.add_field(TextField("name", self.tr("Name of the service"),
                                             self.tr("For example Microsoft 365.")))
        self.purpose = self.add_field(TextField("purpose", self.tr("What you use it for "
                                                                   "(optional)")))
        self.assessed = self.add_field(ChoiceField(
            "assessed", self.tr("Was it checked against the cloud security principles?"),
            [(True, self.tr("Yes"), ""),
             (False, self.tr("No, not yet"), self.tr("You can still submit; the plan should "
                                                     "say when it will be checked."))]))
        self.notes = self.add_field(ParagraphField(
            "notes", self.tr("Notes (optional)"),
            self.tr("For example where the supplier's statement is, or who is checking.")))

    def title(self) -> str:
        position = self.context.position
        if position is not None and position.item is None:
            return self.tr("Add an online service")
        return super().title()

    def load(self, facts: Facts) -> None:
        position = self.context.position
        found = service(facts, position.item) if position and position.item else None
        if found is not None:
            self.name.set_value(found.name)
            self.purpose.set_value(found.purpose)
            self.assessed.set_value(found.assessed)
            self.notes.set_text(found.notes)

    def save(self, workspace: Workspace) -> None:
        position = self.context.position
        item = CloudService(self.name.value(), self.purpose.value(),
                            self.assessed.value(),  # type: ignore[arg-type]
                            self.notes.text(), id=position.item)
        if item.id is None and not (item.name or item.purpose or item.notes
                                    or item.assessed is not None):
            return
        new_id = workspace.save_cloud_service(item)
        if position.item is None:
            self.context.position = replace(position, item=new_id)
            self.positionChanged.emit(self.context.position)
