"""Section 7: the declaration the SIRO signs, with the signing key's fingerprint.

It starts on its own page so it can be printed, signed by hand and sent separately from the
pack. The fingerprint printed on it is how the recipient knows the pack's signature is the
organisation's: a forger can re-sign a pack with another key, but cannot change a piece of
paper already in the recipient's hands.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from psn_desktop.domain.dates import uk_date
from psn_desktop.domain.model import PersonRole
from psn_desktop.pack.contents import PackContents
from psn_desktop.pack.report.document import Heading
from psn_desktop.pack.report.fonts import BOLD, REGULAR
from psn_desktop.pack.report.styles import (
    AMBER_FILL,
    CONTENT_WIDTH,
    GREY_FILL,
    INK,
    NAVY,
    para,
    plain,
    text,
)


def _fingerprint_box(contents: PackContents) -> Table:
    signer = contents.signer
    if signer.signed:
        rows = [
            [para("<b>Pack signing key fingerprint</b>", "small")],
            [para(f"<font name='{BOLD}' size='13'>{text(signer.fingerprint)}</font>")],
            [para("Algorithm: Ed25519. Give this fingerprint to the recipient separately from "
                  "the pack (on this printed page, or read out by phone), so they can confirm "
                  "the pack was signed by this organisation. <b>psn-desktop verify</b> shows "
                  "the fingerprint of the key that signed a pack.", "small")],
        ]
        fill = GREY_FILL
    else:
        rows = [
            [para("<b>This pack is not signed</b>", "small")],
            [plain(signer.reason or "No signing key was available.", "small")],
            [para("Its checksums still show whether any file was changed, but not who built "
                  "it. Build it again on a PC with a secure password store to sign it.",
                  "small")],
        ]
        fill = AMBER_FILL
    box = Table(rows, colWidths=[CONTENT_WIDTH], hAlign="LEFT")
    box.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), REGULAR, 9),
        ("BACKGROUND", (0, 0), (-1, -1), fill),
        ("LINEBEFORE", (0, 0), (0, -1), 3, NAVY),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, 0), 8),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
    ]))
    return box


def declaration(contents: PackContents) -> list[Flowable]:
    data = contents.data
    siro = data.person(PersonRole.SIRO)
    org = text(contents.organisation_name)
    framework = text(contents.framework.title)
    day = uk_date(contents.as_of)
    story: list[Flowable] = [
        Heading("7. Declaration", 0, "declaration"),
        para(f"On behalf of <b>{org}</b>, as its senior information risk owner, I confirm "
             f"that:"),
        para(f"1. the information in this pack is accurate and complete, to the best of my "
             f"knowledge, as of {day};"),
        para(f"2. the organisation will keep to the conditions of the {framework} for the "
             "scope described in section 2, and will tell the PSN team promptly about any "
             "change to that scope or any serious security incident;"),
        para("3. the remediation plan in section 5 has been agreed, and its actions will be "
             "carried out by the dates shown or the PSN team told why not."),
        Spacer(1, 4 * mm),
    ]
    sign_off = contents.sign_off
    if sign_off is not None and sign_off.declared:
        story.append(para(f"<b>Recorded in PSN Desktop:</b> declared by {text(sign_off.name)}, "
                          f"{text(sign_off.role)}, on {uk_date(sign_off.signed_on)}."))
    else:
        story.append(para("<b>Not yet declared in PSN Desktop.</b> Sign below, or record the "
                          "declaration in the app and build the pack again."))
    story.append(Spacer(1, 6 * mm))
    lines = [
        ["Name", siro.name or ""],
        ["Role", siro.job_title or "Senior information risk owner"],
        ["Signature", ""],
        ["Date", ""],
    ]
    form = Table(lines, colWidths=[30 * mm, CONTENT_WIDTH - 30 * mm], rowHeights=[11 * mm] * 4,
                 hAlign="LEFT")
    form.setStyle(TableStyle([
        ("FONT", (0, 0), (0, -1), BOLD, 9),
        ("FONT", (1, 0), (1, -1), REGULAR, 10),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LINEBELOW", (1, 0), (1, -1), 0.6, INK),
    ]))
    story += [form, Spacer(1, 10 * mm), _fingerprint_box(contents), Spacer(1, 6 * mm),
              para(f"Workspace id: {text(data.info.id)}", "muted")]
    return story
