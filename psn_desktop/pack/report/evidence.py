"""Section 6: the evidence index: every file in the pack, what it supports, its checksum.

Each SHA-256 is printed whole and on one line, so a recipient can compare it with
``sha256sum`` or ``certutil -hashfile`` by eye, and so that text copied from the PDF is the
checksum rather than a hyphenated fragment of it.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from psn_desktop.domain.dates import uk_date
from psn_desktop.pack.contents import EvidenceItem, PackContents
from psn_desktop.pack.report.document import Heading
from psn_desktop.pack.report.fonts import BOLD, REGULAR
from psn_desktop.pack.report.styles import (
    CONTENT_WIDTH,
    HEADER_FILL,
    INK,
    MUTED,
    NAVY,
    RULE,
    human_size,
    para,
    plain,
    text,
)
from psn_desktop.pack.report.tables import SPLIT_IN_ROW

FILES_PER_TABLE = 15
WIDTHS = [58 * mm, 0.0, 20 * mm]
WIDTHS[1] = CONTENT_WIDTH - sum(WIDTHS)


def _supports(contents: PackContents, item: EvidenceItem) -> str:
    own = contents.framework.id + ":"
    ids = [rid[len(own):] if rid.startswith(own) else rid for rid in item.requirement_ids]
    return ", ".join(ids) if ids else "Not linked to a requirement"


def _description(item: EvidenceItem) -> str:
    parts = []
    for use in item.uses:
        if use.title and use.document_date:
            parts.append(f"{text(use.title)} (dated {uk_date(use.document_date)})")
        elif use.title:
            parts.append(text(use.title))
    if item.original_name and item.original_name != item.name:
        parts.append(f"attached as {text(item.original_name)}")
    return "; ".join(dict.fromkeys(parts))


def _file_table(contents: PackContents, items: list[EvidenceItem]) -> Table:
    data: list[list[Any]] = [["File", "Supports", "Size"]]
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 8),
        ("FONT", (0, 0), (-1, 0), BOLD, 8),
        ("TEXTCOLOR", (0, 0), (-1, 0), NAVY),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for item in items:
        row = len(data)
        description = _description(item)
        name = f"<b>{text(item.name)}</b>" + (f"<br/><font color='#667085'>{description}</font>"
                                              if description else "")
        data.append([para(name, "cell"), plain(_supports(contents, item), "cell"),
                     human_size(item.size)])
        data.append([f"SHA-256  {item.sha256}", "", ""])
        commands += [
            ("FONT", (2, row), (2, row), REGULAR, 8),
            ("TEXTCOLOR", (0, row), (-1, row), INK),
            ("SPAN", (0, row + 1), (-1, row + 1)),
            ("FONT", (0, row + 1), (-1, row + 1), REGULAR, 7.5),
            ("TEXTCOLOR", (0, row + 1), (-1, row + 1), MUTED),
            ("LINEBELOW", (0, row + 1), (-1, row + 1), 0.25, RULE),
            ("TOPPADDING", (0, row + 1), (-1, row + 1), 0),
            ("BOTTOMPADDING", (0, row + 1), (-1, row + 1), 4),
        ]
    return Table(data, colWidths=WIDTHS, repeatRows=1, style=TableStyle(commands),
                 hAlign="LEFT", splitByRow=1, splitInRow=SPLIT_IN_ROW)


def evidence(contents: PackContents) -> list[Flowable]:
    items = contents.evidence
    total = sum(item.size for item in items)
    story: list[Flowable] = [
        Heading("6. Evidence index", 0, "evidence"),
        para(f"<b>{len(items)}</b> file{'s' if len(items) != 1 else ''} "
             f"({human_size(total)}), each stored once in the pack's <b>data/evidence</b> "
             "folder under the name shown, with the requirements it supports and its SHA-256 "
             "checksum. The pack's manifest lists the same checksums, and the signature covers "
             "the manifest."),
    ]
    if not items:
        story.append(plain("No evidence files are attached yet."))
    for start in range(0, len(items), FILES_PER_TABLE):
        story.append(_file_table(contents, items[start:start + FILES_PER_TABLE]))
    return story
