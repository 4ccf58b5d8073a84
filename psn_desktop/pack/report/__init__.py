"""The pack's PDF report (``data/report.pdf``), one module per section.

:func:`build_report` turns :class:`~psn_desktop.pack.contents.PackContents` into PDF bytes.
It never reads the workspace or the clock, so the same contents give the same bytes.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from psn_desktop.domain.dates import uk_date
from psn_desktop.pack.contents import APP_NAME, PackContents
from psn_desktop.pack.report.cover import cover
from psn_desktop.pack.report.declaration import declaration
from psn_desktop.pack.report.devices import devices
from psn_desktop.pack.report.document import contents_table, render
from psn_desktop.pack.report.evidence import evidence
from psn_desktop.pack.report.organisation import organisation
from psn_desktop.pack.report.plan import health_check, plan
from psn_desktop.pack.report.requirements import requirements
from psn_desktop.pack.report.styles import para
from psn_desktop.pack.report.summary import summary


def report_story(contents: PackContents) -> list[Flowable]:
    story: list[Flowable] = [*cover(contents), NextPageTemplate("body"), PageBreak()]
    story += [para("Contents", "h1"), contents_table(), PageBreak()]
    for section in (summary, organisation, requirements, devices):
        story += section(contents)
        story.append(PageBreak())
    story += health_check(contents) + plan(contents)
    story.append(PageBreak())
    story += evidence(contents)
    story.append(PageBreak())
    story += declaration(contents)
    return story


def build_report(contents: PackContents) -> bytes:
    signer = contents.signer
    key_note = (f"Signing key {signer.fingerprint}" if signer.signed else "Unsigned pack")
    framework = contents.framework
    return render(
        report_story(contents),
        as_of=contents.as_of,
        header_left=contents.organisation_name,
        header_right=f"{framework.title} · evidence as of {uk_date(contents.as_of)}",
        footer_note=f"{APP_NAME} {contents.app_version} · {key_note}",
        title=f"PSN evidence pack: {contents.organisation_name}",
        author=contents.organisation_name,
        subject=f"{framework.title} {framework.version}: evidence as of "
                f"{contents.as_of.isoformat()}",
        creator=f"{APP_NAME} {contents.app_version}",
        keywords=["PSN", "Code of Connection", framework.id, contents.as_of.isoformat()],
    )
