"""Section: the IT Health Check — who did it, when, what it covered, its report and findings.

The PSN asks for a health check by an approved (CHECK) provider in the last 12 months, its
report, and a plan for what it found. Findings come from the provider's spreadsheet (through
the column-mapping step) or are typed in by hand; each then appears in the remediation plan,
which is where its fix is planned. A health check that found nothing is a fine answer.
"""

from __future__ import annotations

from psn_desktop.domain.dates import uk_date
from psn_desktop.domain.model import Finding, FindingSource
from psn_desktop.domain.validation import Problem, validate_finding, validate_health_check
from psn_desktop.journey.facts import Facts
from psn_desktop.journey.registry import register
from psn_desktop.journey.section import Section
from psn_desktop.journey.sections._common import only
from psn_desktop.journey.sections.drafts import date_problems
from psn_desktop.journey.sections.requirements import date_draft_key
from psn_desktop.journey.status import SectionStatus
from psn_desktop.journey.steps import Step, StepKind, SummaryRow
from psn_desktop.remediation.health_check import report_uses
from psn_desktop.remediation.labels import SEVERITY_LABELS

SECTION_ID = "health_check"
CHECK_DATE_DRAFT = "health_check/check_date"


def findings(facts: Facts) -> list[Finding]:
    return [f for f in facts.data.findings if f.source is FindingSource.HEALTH_CHECK]


def finding(facts: Facts, item: int | None) -> Finding | None:
    return next((f for f in facts.data.findings if f.id == item), None) if item else None


def _details_problems(facts: Facts, _item: int | None) -> list[Problem]:
    drafted = date_problems(facts, CHECK_DATE_DRAFT, "check_date")
    problems = validate_health_check(facts.data.health_check, facts.as_of)
    if drafted:
        problems = [p for p in problems if p.field != "check_date"] + drafted
    if not facts.data.health_check.scope.strip():
        problems.append(Problem("scope", "Say what the health check covered, for example "
                                         "'external and internal tests, 10% of PCs'."))
    return only(problems, "provider", "check_date", "scope")


def _details_rows(facts: Facts) -> list[SummaryRow]:
    check = facts.data.health_check
    return [SummaryRow("details", "Done by", check.provider),
            SummaryRow("details", "Date of the health check",
                       uk_date(check.check_date) if check.check_date else ""),
            SummaryRow("details", "What it covered", check.scope)]


def _report_problems(facts: Facts, _item: int | None) -> list[Problem]:
    uses = report_uses(facts.data)
    if not uses:
        return [Problem("report", "Attach the health check report the provider gave you.")]
    problems = []
    for use in uses:
        problems += date_problems(facts, date_draft_key(use.id), "report")
        if use.document_date is None:
            problems.append(Problem("report", f"Enter the date on “{use.title}”."))
    return problems


def _report_rows(facts: Facts) -> list[SummaryRow]:
    uses = report_uses(facts.data)
    return [SummaryRow("report", "Report", ", ".join(u.title for u in uses))]


def _finding_rows(facts: Facts) -> list[SummaryRow]:
    found = findings(facts)
    if not found:
        return [SummaryRow("findings", "Findings", "None recorded")]
    return [SummaryRow("finding", f.title, SEVERITY_LABELS[f.severity], item=f.id)
            for f in found]


def _finding_problems(facts: Facts, item: int | None) -> list[Problem]:
    return validate_finding(finding(facts, item) or Finding("", FindingSource.HEALTH_CHECK))


def _item_exists(facts: Facts, item: int) -> bool:
    return finding(facts, item) is not None


def status(facts: Facts) -> SectionStatus:
    check = facts.data.health_check
    started = bool(check.provider.strip() or check.check_date or report_uses(facts.data)
                   or findings(facts))
    return SectionStatus.from_problems(SECTION.problems(facts), started=started)


SECTION = register(Section(
    id=SECTION_ID,
    title="IT Health Check",
    summary="Who tested your network, when, the report, and what they found.",
    order=60,
    targets=frozenset({SECTION_ID}),
    status=status,
    steps=(
        Step("details", "About your IT Health Check",
             hint="An approved (CHECK) provider tests your network from outside and inside "
                  "and writes a report. The PSN accepts one done in the last 12 months.",
             fields=("provider", "check_date", "scope"), glossary=("ithc", "check_provider"),
             check=_details_problems, summary=_details_rows),
        Step("report", "Attach the health check report",
             hint="The report the provider sent you, usually a PDF. It is kept in the workspace "
                  "and goes into the evidence pack.",
             fields=("report",), glossary=("ithc", "evidence"),
             check=_report_problems, summary=_report_rows),
        Step("findings", "What the health check found", kind=StepKind.LIST,
             hint="Import the findings from the provider's spreadsheet, or add them by hand. "
                  "Each one goes into your remediation plan, where you plan its fix.",
             fields=("findings",), glossary=("remediation_plan",), summary=_finding_rows),
        Step("finding", "About this finding", kind=StepKind.ITEM, parent="findings",
             hint="Copy the title and rating from the report, and say which of your devices "
                  "it affects.",
             fields=("title", "severity", "reference", "devices", "detail"),
             check=_finding_problems, item_exists=_item_exists),
        Step("check", "Check your answers", kind=StepKind.CHECK),
    ),
))
