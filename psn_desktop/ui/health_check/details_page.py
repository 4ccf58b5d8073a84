"""The health check's details (who, when, what it covered) and its report."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from psn_desktop.domain.rules.psn_coco import HEALTH_CHECK_REQ
from psn_desktop.journey import Facts
from psn_desktop.journey.sections.drafts import draft, read_date
from psn_desktop.journey.sections.health_check import CHECK_DATE_DRAFT
from psn_desktop.remediation.health_check import date_reports, record_report, report_uses
from psn_desktop.ui.evidence.field import EvidenceField
from psn_desktop.ui.pages.base import PageContext, StepPage
from psn_desktop.ui.pages.registry import register_page
from psn_desktop.ui.widgets.date_field import DateField
from psn_desktop.ui.widgets.fields import ParagraphField, TextField
from psn_desktop.workspace.evidence_store import StoredBlob
from psn_desktop.workspace.store import Workspace

SECTION = "health_check"


@register_page(SECTION, "details")
class DetailsPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.provider = self.add_field(TextField(
            "provider", self.tr("Which company did it?"),
            self.tr("The approved (CHECK) provider named on the report.")))
        self.check_date = self.add_field(DateField(
            "check_date", self.tr("When was it done?"),
            self.tr("The date on the report, or the last day of testing.")))
        self.scope = self.add_field(ParagraphField(
            "scope", self.tr("What did it cover?"),
            self.tr("For example: external tests of the firewall and VPN, internal tests of "
                    "the server and a 10% sample of PCs.")))

    def load(self, facts: Facts) -> None:
        check = facts.data.health_check
        self.provider.set_value(check.provider)
        self.check_date.set_date(check.check_date, draft(facts, CHECK_DATE_DRAFT))
        self.scope.set_text(check.scope)

    def save(self, workspace: Workspace) -> None:
        current = workspace.health_check()
        ok, day = read_date(workspace, CHECK_DATE_DRAFT, self.check_date.text())
        updated = replace(current, provider=self.provider.value(), scope=self.scope.text(),
                          check_date=day if ok else current.check_date)
        if updated != current:
            workspace.set_health_check(updated)
        if ok and day is not None:
            date_reports(workspace, day)


@register_page(SECTION, "report")
class ReportPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.report = EvidenceField(
            "report", self.tr("The report"),
            self.tr("It is also used as the evidence for “IT Health Check report from the last "
                    "12 months”."),
            session=self.session, requirement_id=HEALTH_CHECK_REQ, date_matters=True,
            date_label=self.tr("Date on the report"), record=self._record)
        self.add_field(self.report)
        self.report.busyChanged.connect(self.busyChanged)
        self.report.contentChanged.connect(self.contentChanged)

    def _record(self, workspace: Workspace, blob: StoredBlob, path: Path):
        today = self.context.as_of or date.today()
        return record_report(workspace, blob, path, workspace.health_check().check_date, today)

    def load(self, facts: Facts) -> None:
        self.report.load(report_uses(facts.data), facts.data.evidence_files, facts)

    def set_read_only(self, read_only: bool) -> None:
        self.report.set_read_only(read_only)

    def cancel(self) -> None:
        self.report.cancel()
