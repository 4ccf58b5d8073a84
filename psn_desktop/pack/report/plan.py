"""Section 5: the IT Health Check and the remediation plan, overdue actions marked.

An organisation with gaps and a credible plan is progressing, not failing; this section is
where an assessor judges that plan, so every finding is shown with who owns the fix, by when,
and how far it has got, most severe first. A finding with no action is shown as such rather
than hidden.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from psn_desktop.domain.dates import uk_date
from psn_desktop.domain.model import Action, ActionStatus, Finding
from psn_desktop.pack.contents import PackContents
from psn_desktop.pack.report.document import Heading, subheading
from psn_desktop.pack.report.fonts import BOLD
from psn_desktop.pack.report.styles import (
    AMBER_FILL,
    CONTENT_WIDTH,
    RED,
    RED_FILL,
    fit,
    para,
    plain,
    short_date,
    text,
)
from psn_desktop.pack.report.tables import CellStyles, RowStyles, key_value, table

_STATUS_WORDS = {
    ActionStatus.PLANNED: "Planned",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
    ActionStatus.ACCEPTED_RISK: "Risk accepted",
}
WIDTHS = [16 * mm, 0.0, 17 * mm, 30 * mm, 21 * mm, 30 * mm]
WIDTHS[1] = CONTENT_WIDTH - sum(WIDTHS)


def _finding_cell(finding: Finding, action: Action | None) -> object:
    parts = [f"<b>{text(finding.title)}</b>"]
    if finding.detail:
        parts.append(text(finding.detail))
    if action is not None and action.notes:
        parts.append(f"<i>Action: {text(action.notes)}</i>")
    if action is not None and action.status is ActionStatus.ACCEPTED_RISK and action.reason:
        parts.append(f"<i>Why the risk is accepted: {text(action.reason)}</i>")
    return para("<br/>".join(parts), "cell")


def health_check(contents: PackContents) -> list[Flowable]:
    check = contents.data.health_check
    by_sha = contents.evidence_by_sha()
    report = by_sha[check.report_sha256].name if check.report_sha256 in by_sha else "Not attached"
    return [
        Heading("5. IT Health Check and remediation plan", 0, "plan"),
        *subheading("IT Health Check", "health-check"),
        key_value([
            ("Provider", plain(check.provider or "Not recorded", "cell")),
            ("Date of the check", plain(uk_date(check.check_date) if check.check_date
                                        else "Not recorded", "cell")),
            ("What it covered", plain(check.scope or "Not recorded", "cell")),
            ("Report", plain(report, "cell")),
        ], [50 * mm, CONTENT_WIDTH - 50 * mm]),
    ]


def plan(contents: PackContents) -> list[Flowable]:
    data = contents.data
    findings = sorted(data.findings, key=lambda f: (f.severity.rank, f.id or 0))
    actions = [a for f in findings for a in data.actions_for(f.id)]
    overdue = sum(a.is_overdue(contents.as_of) for a in actions)
    unplanned = sum(1 for f in findings if not data.actions_for(f.id))
    story: list[Flowable] = [
        *subheading("Remediation plan", "remediation-plan"),
        para(f"<b>{len(findings)}</b> finding{'s' if len(findings) != 1 else ''} from the health "
             f"check, device checks and self-assessment; <b>{len(actions)}</b> "
             f"action{'s' if len(actions) != 1 else ''}, of which <b>{overdue}</b> "
             f"{'are' if overdue != 1 else 'is'} overdue; <b>{unplanned}</b> without an action "
             "yet. The same plan is in the pack as plan.csv."),
    ]
    rows: list[list[object]] = []
    styles: RowStyles = {}
    cells: CellStyles = []
    for finding in findings:
        finding_actions = data.actions_for(finding.id) or [None]
        for action in finding_actions:
            if action is None:
                status, owner, target = "No action yet", "—", "—"
                styles[len(rows)] = [("BACKGROUND", AMBER_FILL)]
            else:
                status = _STATUS_WORDS[action.status]
                owner = action.owner or "Not assigned"
                target = short_date(action.target_date, "No date")
                if action.is_overdue(contents.as_of):
                    status = f"OVERDUE ({status.lower()})"
                    styles[len(rows)] = [("BACKGROUND", RED_FILL)]
                    cells += [(len(rows), 5, ("TEXTCOLOR", RED)), (len(rows), 5, ("FONT", BOLD, 8)),
                              (len(rows), 4, ("TEXTCOLOR", RED))]
            rows.append([fit(finding.reference or f"F{finding.id}", WIDTHS[0]),
                         _finding_cell(finding, action), finding.severity.value.title(),
                         fit(owner, WIDTHS[3]), target, status])
    story += table(["Ref", "Finding and action", "Severity", "Owner", "Target date", "Status"],
                   rows, WIDTHS, row_styles=styles, cell_styles=cells)
    return story
