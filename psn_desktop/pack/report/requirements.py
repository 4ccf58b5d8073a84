"""Section 3: every requirement, area by area, with the answer, the reason and the evidence."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from psn_desktop.domain.readiness import RequirementReadiness, RequirementStatus
from psn_desktop.pack.contents import PackContents
from psn_desktop.pack.report.document import Heading, subheading
from psn_desktop.pack.report.fonts import BOLD
from psn_desktop.pack.report.styles import (
    AMBER_FILL,
    CONTENT_WIDTH,
    GREEN_FILL,
    GREY_FILL,
    RED_FILL,
    fit,
    para,
    plain,
    text,
)
from psn_desktop.pack.report.tables import CellStyles, table

_FILLS = {
    RequirementStatus.MET: GREEN_FILL,
    RequirementStatus.NOT_APPLICABLE: GREY_FILL,
    RequirementStatus.PARTLY: AMBER_FILL,
    RequirementStatus.NOT_MET: RED_FILL,
    RequirementStatus.NEEDS_EVIDENCE: AMBER_FILL,
    RequirementStatus.NEEDS_REASON: AMBER_FILL,
    RequirementStatus.NOT_STARTED: GREY_FILL,
    RequirementStatus.PARTLY_PROVIDED: AMBER_FILL,
}
WIDTHS = [16 * mm, 52 * mm, 20 * mm, 0.0, 44 * mm]
_STATUS_LINES = {  # the status words, broken to fit the column
    RequirementStatus.NOT_APPLICABLE: "Not\napplicable",
    RequirementStatus.NEEDS_EVIDENCE: "Needs\nevidence",
    RequirementStatus.NEEDS_REASON: "Needs a\nreason",
    RequirementStatus.NOT_STARTED: "Not\nstarted",
    RequirementStatus.PARTLY_PROVIDED: "Partly\ncovered",
}
WIDTHS[3] = CONTENT_WIDTH - sum(WIDTHS)


def _reason(row: RequirementReadiness) -> str:
    parts = []
    if row.derived:
        parts.append("Worked out by PSN Desktop from the plan and the sign-off.")
    if row.answer is not None:
        if row.answer.reason:
            parts.append(text(row.answer.reason))
        if row.answer.notes:
            parts.append(f"<i>{text(row.answer.notes)}</i>")
    if row.reuse is not None:
        # Not answered for this framework: say whose answer it is and what is still missing.
        parts.append(text(row.reuse.explanation))
        parts += [f"Still missing: {text(item)}" if not item.startswith("Still to show")
                  else text(item) for item in row.missing]
    return "<br/>".join(parts)


EVIDENCE_SHOWN = 8  # names listed in a requirement's row; the index lists every file


def _evidence_lines(names: list[str]) -> str:
    if not names:
        return "None"
    shown = [fit(name, WIDTHS[4]) for name in names[:EVIDENCE_SHOWN]]
    if len(names) > EVIDENCE_SHOWN + 1:
        shown = shown[:EVIDENCE_SHOWN - 1]
        shown.append(f"and {len(names) - len(shown)} more (see the evidence index)")
    elif len(names) == EVIDENCE_SHOWN + 1:
        shown.append(fit(names[-1], WIDTHS[4]))
    return "\n".join(shown)


def requirements(contents: PackContents) -> list[Flowable]:
    story: list[Flowable] = [
        Heading("3. Requirements", 0, "requirements"),
        para(f"Each requirement of {text(contents.framework.title)} that applies to this "
             f"organisation, with its id (all ids are in the <b>{text(contents.framework.id)}"
             "</b> framework), the answer given, the reason or notes, and the evidence files "
             "attached (listed in full in the evidence index)."),
    ]
    for area in contents.readiness.areas:
        story += subheading(f"{area.area.id} · {area.area.title}", f"area-{area.area.id}",
                            markup=f"{text(area.area.title)} <font size=9 color='#667085'>"
                                   f"&nbsp;{area.completed} of {area.total} complete</font>")
        rows = []
        # Colour only the status cell, so the row striping stays readable.
        cells: CellStyles = []
        for index, row in enumerate(area.requirements):
            cells += [(index, 2, ("BACKGROUND", _FILLS[row.status])),
                      (index, 2, ("FONT", BOLD, 8))]
        for row in area.requirements:
            evidence = contents.evidence_names(row.requirement.qualified_id)
            reason = _reason(row)
            # Plain strings (one name per line) where nothing needs wrapping: a 500-row
            # catalogue is four times faster to lay out without a paragraph in every cell.
            rows.append([
                fit(row.requirement.id, WIDTHS[0]),
                plain(row.requirement.title, "cell"),
                _STATUS_LINES.get(row.status, row.status.label),
                para(reason, "cell") if reason else "",
                _evidence_lines(evidence),
            ])
        story += table(["Id", "Requirement", "Status", "Reason and notes", "Evidence"], rows,
                       WIDTHS, cell_styles=cells)
    return story
