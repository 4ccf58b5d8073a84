"""Section 4: every device and whether its operating system still gets security updates.

Unsupported devices are listed first, in their own short table, because they are what an
assessor looks for; the full estate follows with the same rows marked. The full table uses
plain strings rather than paragraphs: a 5,000-device estate must still build in seconds.
"""

from __future__ import annotations

from datetime import timedelta

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from psn_desktop.domain.support import SupportState, edition_words
from psn_desktop.pack.contents import DeviceRow, PackContents
from psn_desktop.pack.report.document import Heading, subheading
from psn_desktop.pack.report.fonts import BOLD, REGULAR
from psn_desktop.pack.report.styles import (
    AMBER_FILL,
    CONTENT_WIDTH,
    RED,
    RED_FILL,
    fit,
    para,
    plain,
    short_date,
)
from psn_desktop.pack.report.tables import Listing, table

WIDTHS = [35 * mm, 16 * mm, 33 * mm, 15 * mm, 43 * mm, 0.0]
WIDTHS[5] = CONTENT_WIDTH - sum(WIDTHS)


def support_words(row: DeviceRow) -> str:
    verdict = row.verdict
    end = verdict.end_date
    if verdict.state is SupportState.YES:
        return f"Until {short_date(end)}" if end else "Supported"
    if verdict.state is SupportState.NO:
        return (f"ENDED {short_date(end + timedelta(days=1))}" if end else "ENDED")
    if verdict.state is SupportState.DEPENDS:
        return f"Depends on the {(verdict.depends_on or 'details').replace('_', ' ')}"
    return "Unknown"


def _row(row: DeviceRow) -> list[str]:
    device = row.device
    font = BOLD if row.unsupported else REGULAR
    values = [device.name, device.device_type.value.title(),
              row.product_name or device.os_product or "Not recorded", device.os_version or "—",
              edition_words(device.os_edition) if device.os_edition else "—", support_words(row)]
    return [fit(value, width, font, Listing.FONT_SIZE)
            for value, width in zip(values, WIDTHS, strict=True)]


def _unsupported_groups(contents: PackContents, rows: list[DeviceRow]) -> list[list[object]]:
    """One row per reason (a release and edition), not per device: an estate with 1,500
    Windows 10 PCs needs the reason once, with how many and which are in the plan."""
    groups: dict[str, list[DeviceRow]] = {}
    for row in rows:
        groups.setdefault(row.verdict.reason, []).append(row)
    data = contents.data
    table_rows: list[list[object]] = []
    for reason, members in groups.items():
        planned = sum(1 for row in members
                      if any(data.actions_for(f.id) for f in data.findings_for_device(
                          row.device.id)))
        names = [row.device.name for row in members]
        shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6
                                        else "")
        plan = ("In the remediation plan" if planned == len(members) else
                "No action planned yet" if not planned else
                f"{planned} of {len(members)} in the remediation plan")
        table_rows.append([plain(shown, "cell_bold"), plain(reason, "cell"), plain(plan, "cell")])
    return table_rows


def devices(contents: PackContents) -> list[Flowable]:
    rows = contents.devices
    unsupported = [r for r in rows if r.unsupported]
    unclear = [r for r in rows if r.verdict.state in (SupportState.DEPENDS, SupportState.UNKNOWN)]
    story: list[Flowable] = [
        Heading("4. Devices", 0, "devices"),
        para(f"<b>{len(rows)}</b> device{'s' if len(rows) != 1 else ''} recorded; "
             f"<b>{len(unsupported)}</b> no longer get{'s' if len(unsupported) == 1 else ''} "
             f"security updates and <b>{len(unclear)}</b> need more details to tell. Support "
             "dates come from the vendors' published lifecycles, as of the pack's date."),
    ]
    header = ["Device", "Type", "Operating system", "Version", "Edition", "Security updates"]
    header = [fit(h, w, BOLD, Listing.FONT_SIZE) for h, w in zip(header, WIDTHS, strict=True)]
    if unsupported:
        story += subheading("Unsupported devices", "devices-unsupported")
        groups = _unsupported_groups(contents, unsupported)
        story += table(["Devices", "Why", "Plan"], groups,
                       [38 * mm, CONTENT_WIDTH - 83 * mm, 45 * mm],
                       row_styles={i: [("BACKGROUND", RED_FILL)] for i in range(len(groups))})
    story += subheading("All devices", "devices-all")
    fills = {}
    emphasis = {}
    for index, row in enumerate(rows):
        if row.unsupported:
            fills[index] = RED_FILL
            emphasis[index] = RED
        elif row.verdict.state is SupportState.DEPENDS:
            fills[index] = AMBER_FILL
    if rows:
        story.append(Listing(header, [_row(r) for r in rows], WIDTHS, fills=fills,
                             emphasis=emphasis))
    else:
        story.append(plain("No devices are recorded yet."))
    return story
