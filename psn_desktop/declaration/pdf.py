"""The declaration as a PDF: what is being signed for, the promises, and a box to sign in.

The signer is often a head teacher or practice manager who will not open PSN Desktop, so the
paper must stand on its own: who the organisation is, what is connected, how far the answers
go, the remediation plan they are agreeing to, the declaration itself, and lines for a name,
a signature and a date. A reference printed on it (from the sign-off digest) ties the signed
paper to the state it describes; the pack-signing key's fingerprint, where the workspace has
one, lets the recipient tie the paper to the pack. Same bundled fonts and styles as the
pack's report, so the two look like one set of documents.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from psn_desktop import __version__
from psn_desktop.domain.dates import uk_date
from psn_desktop.domain.model import PersonRole, WorkspaceData
from psn_desktop.domain.readiness import Readiness, RequirementStatus
from psn_desktop.domain.sign_off import content_digest, reference
from psn_desktop.pack.report.fonts import BOLD, REGULAR, register_fonts
from psn_desktop.pack.report.styles import (
    AMBER_FILL,
    BOTTOM_MARGIN,
    CONTENT_WIDTH,
    GREY_FILL,
    INK,
    MARGIN,
    MUTED,
    NAVY,
    PAGE_SIZE,
    RED,
    TOP_MARGIN,
    para,
    plain,
    short_date,
    text,
)
from psn_desktop.pack.report.tables import key_value, table
from psn_desktop.remediation.labels import SEVERITY_LABELS, STATUS_LABELS
from psn_desktop.remediation.plan_items import plan_items

APP_NAME = "PSN Desktop"


@dataclass(frozen=True)
class FrameworkLine:
    framework_id: str
    title: str
    version: str
    verdict: str
    ready: bool
    blockers: tuple[str, ...]
    counts: dict[str, int]
    digest: str

    @property
    def reference(self) -> str:
        return reference(self.digest)


@dataclass(frozen=True)
class Declaration:
    """Everything printed, worked out once (and the digests recorded when it is printed)."""

    organisation: str
    signer_name: str
    signer_role: str
    as_of: date
    frameworks: tuple[FrameworkLine, ...]
    fingerprint: str = ""
    workspace_id: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def digests(self) -> dict[str, str]:
        return {line.framework_id: line.digest for line in self.frameworks}


def _counts(readiness: Readiness) -> dict[str, int]:
    counted = Counter(r.status for r in readiness.requirements)
    return {
        "total": len(readiness.requirements),
        "met": counted[RequirementStatus.MET],
        "partly": counted[RequirementStatus.PARTLY] + counted[RequirementStatus.PARTLY_PROVIDED],
        "not_met": counted[RequirementStatus.NOT_MET],
        "not_applicable": counted[RequirementStatus.NOT_APPLICABLE],
    }


def prepare(data: WorkspaceData, readiness: list[Readiness], as_of: date, *,
            fingerprint: str = "") -> Declaration:
    siro = data.person(PersonRole.SIRO)
    lines = tuple(FrameworkLine(
        r.framework_id, r.framework_title, r.framework_version, r.verdict, r.ready,
        tuple(i.message for i in r.blockers if i.target != "sign_off"), _counts(r),
        content_digest(data, r.framework_id)) for r in readiness)
    return Declaration(
        organisation=data.organisation.name.strip() or "Organisation not named yet",
        signer_name=siro.name.strip(),
        signer_role=siro.job_title.strip() or "Senior information risk owner",
        as_of=as_of, frameworks=lines, fingerprint=fingerprint, workspace_id=data.info.id)


def _titles(declaration: Declaration) -> str:
    titles = [text(f.title) for f in declaration.frameworks] or ["PSN Code of Connection"]
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]


def _what(data: WorkspaceData, declaration: Declaration) -> list[Flowable]:
    scope = data.scope
    check = data.health_check
    items = plan_items(data, declaration.as_of)
    open_items = [i for i in items if i.open]
    overdue = sum(i.overdue for i in items)
    pairs = [
        ("Organisation", plain(declaration.organisation, "cell")),
        ("What is connected", plain(scope.environment_name or "Not described yet", "cell")),
        ("Size", plain(f"{scope.user_count if scope.user_count is not None else '?'} users, "
                       f"{scope.site_count if scope.site_count is not None else '?'} site(s); "
                       f"internal addresses {', '.join(scope.ip_ranges) or 'not given'}",
                       "cell")),
        ("IT Health Check", plain(f"{check.provider}, {uk_date(check.check_date)}"
                                  if check.check_date else "Not recorded yet", "cell")),
        ("Remediation plan", plain(f"{len(items)} finding(s): {len(open_items)} still open"
                                   f"{f', {overdue} overdue' if overdue else ''}.", "cell")),
    ]
    for line in declaration.frameworks:
        counts = line.counts
        pairs.append(("Requirements", para(
            f"<b>{text(line.title)}</b>: {counts['met']} of {counts['total']} requirements "
            f"met, {counts['partly']} partly, {counts['not_met']} not met, "
            f"{counts['not_applicable']} not applicable. <b>{text(line.verdict)}</b>",
            "cell")))
    story: list[Flowable] = [para("What you are signing for", "h2"),
                             key_value(pairs, [42 * mm, CONTENT_WIDTH - 42 * mm])]
    blockers = [b for line in declaration.frameworks for b in line.blockers]
    if blockers:
        rows = [[para("<b>Still to sort out before submitting</b>", "small")]]
        rows += [[plain(f"• {b}", "small")] for b in blockers[:12]]
        if len(blockers) > 12:
            rows.append([plain(f"…and {len(blockers) - 12} more (see PSN Desktop).", "small")])
        box = Table(rows, colWidths=[CONTENT_WIDTH], hAlign="LEFT")
        box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), AMBER_FILL),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 8)]))
        story += [Spacer(1, 3 * mm), box]
    if open_items:
        story.append(para("The actions you are agreeing to", "h2"))
        rows = []
        emphasis = []
        for number, item in enumerate(open_items):
            action = item.action
            due = short_date(action.target_date) if action and action.target_date else "—"
            status = STATUS_LABELS[action.status] if action else "No action yet"
            if item.overdue:
                status = "OVERDUE"
                emphasis.append((number, 4, ("TEXTCOLOR", RED)))
            rows.append([plain(item.finding.title, "cell"),
                         SEVERITY_LABELS[item.finding.severity],
                         plain(action.owner if action else "", "cell"), due, status])
        story += table(["What was found", "How serious", "Who", "By when", "Status"], rows,
                       [CONTENT_WIDTH - 104 * mm, 22 * mm, 34 * mm, 24 * mm, 24 * mm],
                       cell_styles=[(r, c, cmd) for r, c, cmd in emphasis])
    return story


def _promises(declaration: Declaration) -> list[Flowable]:
    org = text(declaration.organisation)
    day = uk_date(declaration.as_of)
    return [
        para("The declaration", "h2"),
        para(f"On behalf of <b>{org}</b>, as its senior information risk owner, I confirm "
             "that:"),
        para(f"1. the information recorded for this submission is accurate and complete, to "
             f"the best of my knowledge, as of {day};"),
        para(f"2. the organisation will keep to the conditions of the {_titles(declaration)} "
             "for the scope described above, and will tell the PSN team promptly about any "
             "change to that scope or any serious security incident;"),
        para("3. the remediation plan has been agreed, and its actions will be carried out "
             "by the dates shown or the PSN team told why not."),
    ]


def _signature_box(declaration: Declaration) -> Table:
    rows = [
        ["Name", declaration.signer_name],
        ["Role", declaration.signer_role],
        ["Signature", ""],
        ["Date", ""],
    ]
    box = Table(rows, colWidths=[30 * mm, CONTENT_WIDTH - 30 * mm],
                rowHeights=[11 * mm, 11 * mm, 22 * mm, 11 * mm], hAlign="LEFT")
    box.setStyle(TableStyle([
        ("FONT", (0, 0), (0, -1), BOLD, 9),
        ("FONT", (1, 0), (1, -1), REGULAR, 11),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("BOX", (0, 0), (-1, -1), 1, NAVY),
        ("LINEBELOW", (0, 0), (-1, -2), 0.5, MUTED),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return box


def _references(declaration: Declaration) -> Table:
    rows = [[para("<b>Declaration reference</b> (ties this page to the answers as they were "
                  "when it was printed)", "small")]]
    for line in declaration.frameworks:
        rows.append([para(f"{text(line.title)}: <font name='{BOLD}' size='11'>"
                          f"{line.reference}</font>", "small")])
    if declaration.fingerprint:
        rows.append([para("<b>Pack signing key fingerprint</b>", "small")])
        rows.append([para(f"<font name='{BOLD}' size='11'>{text(declaration.fingerprint)}"
                          "</font>", "small")])
        rows.append([para("The evidence pack is signed with this key. Give the fingerprint to "
                          "the recipient separately from the pack, so they can check the pack "
                          "came from this organisation.", "small")])
    rows.append([plain(f"Workspace {declaration.workspace_id}. Printed by {APP_NAME} "
                       f"{__version__} on {uk_date(declaration.as_of)}.", "small")])
    box = Table(rows, colWidths=[CONTENT_WIDTH], hAlign="LEFT")
    box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), GREY_FILL),
                             ("LINEBEFORE", (0, 0), (0, -1), 3, NAVY),
                             ("LEFTPADDING", (0, 0), (-1, -1), 10),
                             ("TOPPADDING", (0, 0), (-1, 0), 8),
                             ("BOTTOMPADDING", (0, -1), (-1, -1), 8)]))
    return box


def declaration_pdf(data: WorkspaceData, declaration: Declaration) -> bytes:
    """The PDF's bytes: the same workspace and date always give the same bytes."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=PAGE_SIZE, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=TOP_MARGIN - 8 * mm, bottomMargin=BOTTOM_MARGIN, invariant=1,
        title=f"Declaration – {declaration.organisation}", author=declaration.organisation,
        subject=f"Signed declaration for the {_titles(declaration)}", creator=APP_NAME,
        lang="en-GB", initialFontName=REGULAR)
    signer = declaration.signer_name or "the senior information risk owner"
    story: list[Flowable] = [
        para(f"Declaration for the {_titles(declaration)}", "h1"),
        para(f"<b>{text(declaration.organisation)}</b>. Prepared on "
             f"{uk_date(declaration.as_of)} for {text(signer)} to read and sign.", "body"),
        para("Please read what you are signing for, then sign and date the box at the end. "
             "Scan or photograph the signed page and give it back to the person preparing the "
             "submission, who attaches it in PSN Desktop.", "muted"),
    ]
    story += _what(data, declaration)
    story += [Spacer(1, 4 * mm),
              KeepTogether([*_promises(declaration), Spacer(1, 5 * mm),
                            _signature_box(declaration)]),
              Spacer(1, 6 * mm), _references(declaration)]
    stamp = f"D:{declaration.as_of:%Y%m%d}120000+00'00'"

    def fixed_date(canvas, _doc) -> None:
        canvas.setDateFormatter(lambda *_: stamp)
        canvas.saveState()
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, 11 * mm, f"Declaration – {declaration.organisation}")
        canvas.drawRightString(PAGE_SIZE[0] - MARGIN, 11 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=fixed_date, onLaterPages=fixed_date)
    return buffer.getvalue()
