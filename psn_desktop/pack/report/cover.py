"""The cover: who, which framework, as of when, and the verdict, before anything else."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from psn_desktop.domain.dates import uk_date
from psn_desktop.domain.model import PersonRole
from psn_desktop.pack.contents import APP_NAME, AsOfSource, PackContents
from psn_desktop.pack.report.fonts import REGULAR
from psn_desktop.pack.report.styles import (
    AMBER,
    AMBER_FILL,
    CONTENT_WIDTH,
    GREEN,
    GREEN_FILL,
    INK,
    NAVY,
    RULE,
    para,
    plain,
    styles,
    text,
)


def _as_of_line(contents: PackContents) -> str:
    day = uk_date(contents.as_of)
    if contents.as_of_source == AsOfSource.SIGN_OFF:
        return f"As of {day}, the day the commitment was signed"
    if contents.as_of_source == AsOfSource.TODAY:
        return f"As of {day}, the day this pack was built"
    return f"As of {day}"


def verdict_panel(contents: PackContents) -> Table:
    readiness = contents.readiness
    ready = readiness.ready
    colour, fill = (GREEN, GREEN_FILL) if ready else (AMBER, AMBER_FILL)
    headline = "Ready to submit" if ready else "Not ready to submit yet"
    verdict_style = styles()["verdict"].clone("verdict_coloured", textColor=colour)
    rows = [[Paragraph(text(headline), verdict_style)]]
    if ready:  # when not ready, the draft note below says what and where
        rows.append([plain(readiness.verdict)])
    rows += [
        [para(f"Answered: <b>{readiness.completion}%</b> of the requirements that apply"
              f"&nbsp;&nbsp;·&nbsp;&nbsp;Met or not applicable: <b>{readiness.met}%</b>")],
    ]
    for note in contents.notes:
        rows.append([plain(note, "small")])
    panel = Table(rows, colWidths=[CONTENT_WIDTH], hAlign="LEFT")
    panel.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), REGULAR, 9),
        ("BACKGROUND", (0, 0), (-1, -1), fill),
        ("LINEBEFORE", (0, 0), (0, -1), 4, colour),
        ("LEFTPADDING", (0, 0), (-1, -1), 12),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, 0), 10),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
    ]))
    return panel


def cover(contents: PackContents) -> list[Flowable]:
    data = contents.data
    org = data.organisation
    address = ", ".join(part for part in (org.address.line1, org.address.line2,
                                          org.address.town, org.address.postcode) if part)
    kind = org.org_type.label if org.org_type else ""
    identifiers = "  ·  ".join(part for part in (
        kind, f"URN {org.urn}" if org.urn else "", f"ODS code {org.ods_code}"
        if org.ods_code else "") if part)
    framework = contents.framework
    story: list[Flowable] = [
        Spacer(1, 16 * mm),
        para("PSN COMPLIANCE EVIDENCE PACK", "muted"),
        Spacer(1, 2 * mm),
        plain(contents.organisation_name, "cover_title"),
    ]
    if identifiers:
        story.append(plain(identifiers, "cover_line"))
    if address:
        story.append(plain(address, "cover_line"))
    story += [
        Spacer(1, 10 * mm),
        plain(f"{framework.title}", "cover_org"),
        plain(f"Framework version {framework.version}", "cover_line"),
        plain(_as_of_line(contents), "cover_line"),
        Spacer(1, 9 * mm),
        verdict_panel(contents),
        Spacer(1, 12 * mm),
    ]
    siro = data.person(PersonRole.SIRO)
    contact = data.person(PersonRole.CONTACT)
    provider = data.person(PersonRole.IT_PROVIDER)

    def who(person_name: str, *extra: str) -> str:
        return ", ".join(p for p in (person_name, *extra) if p) or "Not recorded"

    signer = contents.signer
    key_line = (f"{signer.fingerprint} ({signer.algorithm})" if signer.signed
                else "Not signed: " + (signer.reason or "no signing key was available."))
    details = [
        ("Senior information risk owner", who(siro.name, siro.job_title)),
        ("Day-to-day contact", who(contact.name, contact.email, contact.phone)),
        ("IT support provider", who(provider.company or provider.name,
                                    provider.name if provider.company else "")),
        ("Signing key fingerprint", key_line),
        ("Prepared with", f"{APP_NAME} {contents.app_version}"),
    ]
    rows = [[para(f"<b>{text(label)}</b>", "small"), plain(value, "small")]
            for label, value in details]
    block = Table(rows, colWidths=[52 * mm, CONTENT_WIDTH - 52 * mm], hAlign="LEFT")
    block.setStyle(TableStyle([
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, NAVY),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("FONT", (0, 0), (-1, -1), REGULAR, 8),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    story.append(block)
    story.append(Spacer(1, 6 * mm))
    story.append(para(
        "This pack is a BagIt bag (RFC 8493) in a zip. Every file in it is listed with its "
        "SHA-256 checksum, and the list is signed with the key above. To check it, run "
        "<b>psn-desktop verify</b> on the .psnpack file, or unzip it and use any BagIt tool; "
        "then confirm the key fingerprint with the organisation.", "small"))
    return story
