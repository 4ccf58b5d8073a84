"""One health-check finding, added or changed by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from psn_desktop.domain.model import Finding, FindingSource, Severity
from psn_desktop.journey import Facts
from psn_desktop.journey.sections.health_check import finding
from psn_desktop.remediation.labels import SEVERITY_LABELS
from psn_desktop.ui.health_check.device_picker import DevicesField
from psn_desktop.ui.i18n import MODEL, tr
from psn_desktop.ui.pages.base import PageContext, StepPage
from psn_desktop.ui.pages.registry import register_page
from psn_desktop.ui.widgets.fields import SHORT, ChoiceField, ParagraphField, TextField
from psn_desktop.workspace.store import Workspace

SECTION = "health_check"

SEVERITY_HINTS = {
    Severity.CRITICAL: "Fix at once: the report usually says so.",
    Severity.HIGH: "Fix within weeks.",
    Severity.MEDIUM: "",
    Severity.LOW: "",
    Severity.INFO: "Nothing to fix, but worth knowing.",
}


def severity_field(parent_tr, name: str = "severity") -> ChoiceField:
    return ChoiceField(name, parent_tr("How serious is it?"), [
        (severity, tr(MODEL, SEVERITY_LABELS[severity]), parent_tr(SEVERITY_HINTS[severity])
         if SEVERITY_HINTS[severity] else "") for severity in Severity],
        parent_tr("Use the provider's rating from the report."))


@register_page(SECTION, "finding")
class FindingPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.title_field = self.add_field(TextField(
            "title", self.tr("Title"), self.tr("As the report words it, for example “SMB "
                                               "signing not required”.")))
        self.severity = self.add_field(severity_field(self.tr))
        self.reference = self.add_field(TextField(
            "reference", self.tr("The provider's reference (optional)"),
            self.tr("The finding's number in the report, for example ITHC-07."), SHORT * 2))
        self.devices = self.add_field(DevicesField(
            "devices", self.tr("Which of your devices does it affect? (optional)"),
            self.tr("Tick each one. Use the arrow keys and Space to tick from the keyboard.")))
        self.detail = self.add_field(ParagraphField(
            "detail", self.tr("Details (optional)"),
            self.tr("What the report says about it, and its recommended fix.")))

    def title(self) -> str:
        position = self.context.position
        if position is not None and position.item is None:
            return self.tr("Add a finding")
        return super().title()

    def load(self, facts: Facts) -> None:
        found = finding(facts, self.context.position.item)
        self.devices.set_devices(facts.data.devices, found.device_ids if found else [])
        if found is None:
            return
        self.title_field.set_value(found.title)
        self.severity.set_value(found.severity)
        self.reference.set_value(found.reference)
        self.detail.set_text(found.detail)

    def save(self, workspace: Workspace) -> None:
        position = self.context.position
        current = next((f for f in workspace.findings() if f.id == position.item), None) \
            if position.item is not None else None
        severity = self.severity.value()
        values = {"title": self.title_field.value(), "reference": self.reference.value(),
                  "detail": self.detail.text(), "device_ids": self.devices.chosen()}
        if current is None:
            if not (values["title"] or values["reference"] or values["detail"]
                    or severity is not None or values["device_ids"]):
                return
            check = workspace.health_check().check_date
            item = Finding(source=FindingSource.HEALTH_CHECK,
                           severity=severity if isinstance(severity, Severity)
                           else Severity.MEDIUM,
                           date_found=check or self.context.as_of or date.today(), **values)
        else:
            item = replace(current, severity=severity if isinstance(severity, Severity)
                           else current.severity, **values)
        new_id = workspace.save_finding(item)
        if position.item is None:
            self.context.position = replace(position, item=new_id)
            self.positionChanged.emit(self.context.position)
