"""One finding's fix: who, by when, what, and how far it has got (or a new item by hand).

For a finding that came from the health check, a scan or an answer, what was found is shown
as it is (it is changed where it came from); the page edits the action. "Add something else
to the plan" opens this page with no finding, and then asks what it is too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import QVBoxLayout

from psn_desktop.domain.dates import uk_date
from psn_desktop.domain.model import Action, ActionStatus, Finding, FindingSource, Severity
from psn_desktop.journey import Facts
from psn_desktop.journey.sections.drafts import draft, read_date
from psn_desktop.journey.sections.plan import target_date_draft
from psn_desktop.remediation.labels import (
    SEVERITY_LABELS,
    SOURCE_LABELS,
    STATUS_HINTS,
    STATUS_LABELS,
)
from psn_desktop.remediation.plan_items import item_for
from psn_desktop.ui.health_check.finding_page import severity_field
from psn_desktop.ui.i18n import MODEL, tr
from psn_desktop.ui.pages.base import PageContext, StepPage
from psn_desktop.ui.pages.registry import register_page
from psn_desktop.ui.widgets.date_field import DateField
from psn_desktop.ui.widgets.fields import ChoiceField, ParagraphField, TextField
from psn_desktop.ui.widgets.text import heading, paragraph
from psn_desktop.workspace.store import Workspace

SECTION = "plan"


@register_page(SECTION, "action")
class ActionPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        position = context.position
        self.new = position is None or position.item is None
        self.about = QVBoxLayout()
        self.body.addLayout(self.about)
        self.title_field: TextField | None = None
        self.severity: ChoiceField | None = None
        if self.new:
            self.title_field = self.add_field(TextField(
                "title", self.tr("What needs fixing?"),
                self.tr("In a few words, for example “Old server still runs Windows Server "
                        "2012”.")))
            self.severity = self.add_field(severity_field(self.tr))
        self.body.addWidget(heading(self.tr("The fix"), 2, self))
        self.owner = self.add_field(TextField(
            "owner", self.tr("Who will do it?"),
            self.tr("A person or a company, for example your IT support provider.")))
        self.target_date = self.add_field(DateField(
            "target_date", self.tr("By when?"),
            self.tr("A realistic date: critical findings within days, high within weeks.")))
        self.status = self.add_field(ChoiceField("status", self.tr("How far has it got?"), [
            (status, tr(MODEL, STATUS_LABELS[status]), tr(MODEL, STATUS_HINTS[status]))
            for status in ActionStatus]))
        self.status.edited.connect(self._arrange)
        self.reason = self.add_field(ParagraphField(
            "reason", self.tr("Why is the risk accepted?"),
            self.tr("For example: the old PC is not connected to the network and is kept only "
                    "to read archived files. The signer agrees to this.")))
        self.notes = self.add_field(ParagraphField(
            "notes", self.tr("What will be done (optional)"),
            self.tr("The steps, so whoever picks it up knows what to do.")))

    def title(self) -> str:
        return self.tr("Add something to the plan") if self.new else super().title()

    def _arrange(self) -> None:
        self.reason.setVisible(self.status.value() is ActionStatus.ACCEPTED_RISK)
        self.contentChanged.emit()

    def load(self, facts: Facts) -> None:
        position = self.context.position
        item = item_for(facts.data, position.item, facts.as_of) if position.item else None
        if item is not None:
            self._describe(item.finding, item.devices, facts)
        action = item.action if item is not None else None
        self.owner.set_value(action.owner if action else "")
        self.target_date.set_date(action.target_date if action else None,
                                  draft(facts, target_date_draft(position.item)))
        self.status.set_value(action.status if action else None)
        self.reason.set_text(action.reason if action else "")
        self.notes.set_text(action.notes if action else "")
        self._arrange()

    def _describe(self, finding: Finding, devices: tuple[str, ...], facts: Facts) -> None:
        box = QVBoxLayout()
        frame = paragraph(finding.title, "label", self)
        box.addWidget(frame)
        parts = [self.tr("How serious: {level}").format(
                     level=tr(MODEL, SEVERITY_LABELS[finding.severity])),
                 self.tr("Found by: {source}").format(
                     source=tr(MODEL, SOURCE_LABELS[finding.source]))]
        if finding.date_found:
            parts.append(self.tr("on {date}").format(date=uk_date(finding.date_found)))
        if finding.reference:
            parts.append(finding.reference)
        box.addWidget(paragraph(" · ".join(parts), "hint", self))
        if devices:
            box.addWidget(paragraph(self.tr("Devices: {names}").format(
                names=", ".join(devices)), "", self))
        if finding.detail:
            box.addWidget(paragraph(finding.detail, "", self))
        self.about.addLayout(box)

    def save(self, workspace: Workspace) -> None:
        position = self.context.position
        ok, day = read_date(workspace, target_date_draft(position.item),
                            self.target_date.text())
        status = self.status.value()
        finding_id = position.item
        current = None
        if finding_id is not None:
            current = next((a for a in workspace.actions() if a.finding_id == finding_id), None)
        values = {"owner": self.owner.value(), "reason": self.reason.text(),
                  "notes": self.notes.text()}
        target = day if ok else (current.target_date if current else None)
        chosen = status if isinstance(status, ActionStatus) else (
            current.status if current else ActionStatus.PLANNED)
        if finding_id is None:
            title = self.title_field.value() if self.title_field else ""
            severity = self.severity.value() if self.severity else None
            if not (title or any(values.values()) or target or isinstance(status, ActionStatus)
                    or severity is not None):
                return
            finding = Finding(title, FindingSource.SELF_ASSESSED,
                              severity if isinstance(severity, Severity) else Severity.MEDIUM,
                              date_found=self.context.as_of or date.today())
            new_id = workspace.save_finding(finding, Action(0, target_date=target,
                                                            status=chosen, **values))
            self.context.position = replace(position, item=new_id)
            self.positionChanged.emit(self.context.position)
            # A date typed before the item existed was kept under the "new item" key.
            if not ok:
                read_date(workspace, target_date_draft(new_id), self.target_date.text())
                read_date(workspace, target_date_draft(None), "")
            return
        if self.title_field is not None and self.severity is not None:
            # Added on this page: what it is can still be changed here.
            finding = next((f for f in workspace.findings() if f.id == finding_id), None)
            severity = self.severity.value()
            if finding is not None:
                changed = replace(finding, title=self.title_field.value(),
                                  severity=severity if isinstance(severity, Severity)
                                  else finding.severity)
                if changed != finding:
                    workspace.save_finding(changed)
        if current is None:
            workspace.save_action(Action(finding_id, target_date=target, status=chosen,
                                         **values))
        else:
            updated = replace(current, target_date=target, status=chosen, **values)
            if updated != current:
                workspace.save_action(updated)
