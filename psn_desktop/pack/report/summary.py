"""Section 1: the verdict, a chart of every area, and what stands in the way."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, ListFlowable, ListItem, Spacer

from psn_desktop.domain.readiness import Issue
from psn_desktop.pack.contents import PackContents
from psn_desktop.pack.report.chart import status_chart
from psn_desktop.pack.report.document import Heading, subheading
from psn_desktop.pack.report.styles import CONTENT_WIDTH, para, plain, styles


def _bullets(messages: list[str]) -> ListFlowable:
    return ListFlowable([ListItem(plain(m), leftIndent=12, value="•") for m in messages],
                        bulletType="bullet", start="•", leftIndent=12,
                        bulletFontName=styles()["body"].fontName, bulletFontSize=9)


GROUP_SHOWN = 5  # issues of one kind listed before "and N more"


def grouped(issues: list[Issue]) -> list[str]:
    """Issue messages, with a long run of one kind cut short: an estate with 1,500 unplanned
    Windows 10 PCs needs five examples and the count, not 1,500 bullets."""
    by_code: dict[str, list[Issue]] = {}
    for issue in issues:
        by_code.setdefault(issue.code, []).append(issue)
    lines = []
    for group in by_code.values():
        if len(group) <= GROUP_SHOWN + 1:
            lines += [issue.message for issue in group]
        else:
            lines += [issue.message for issue in group[:GROUP_SHOWN]]
            lines.append(f"… and {len(group) - GROUP_SHOWN} more like these (all listed in "
                         "results.json and in the sections that follow).")
    return lines


def summary(contents: PackContents) -> list[Flowable]:
    readiness = contents.readiness
    story: list[Flowable] = [Heading("1. Summary", 0, "summary"), plain(readiness.verdict)]
    story.append(para(
        f"Of the {len(readiness.requirements)} requirements that apply, "
        f"<b>{readiness.completion}%</b> are answered and <b>{readiness.met}%</b> are met or "
        "do not apply. The chart shows each area of the framework; the number at the end of "
        "each bar counts the requirements fully answered."))
    story.append(Spacer(1, 3 * mm))
    story.append(KeepTogether([para("<b>Status by area</b>", "h3"),
                               status_chart(readiness, CONTENT_WIDTH)]))
    story.append(Spacer(1, 4 * mm))
    story += subheading("What stops submission", "summary-blockers")
    if readiness.blockers:
        story.append(_bullets(grouped(readiness.blockers)))
    else:
        story.append(plain("Nothing: every requirement the framework sets for submission is "
                           "in place."))
    if readiness.warnings:
        story += subheading("Worth looking at", "summary-warnings")
        story.append(_bullets(grouped(readiness.warnings)))
    return story
