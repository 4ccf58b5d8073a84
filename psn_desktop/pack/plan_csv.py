"""``data/plan.csv``: the remediation plan as a spreadsheet an IT provider can work from.

One row per action (a finding with no action yet gets one row saying so), most severe first.
It starts with a UTF-8 byte order mark because Excel on Windows, which is what our users and
their IT providers open it with, otherwise reads Welsh and other accented names as gibberish.
Cells that Excel would run as a formula (starting ``=``, ``+``, ``-``, ``@``) get a leading
apostrophe: finding titles come from imported reports, and an imported report must not be
able to run anything on the assessor's PC.
"""

from __future__ import annotations

import csv
import io

from psn_desktop.domain.model import Finding
from psn_desktop.pack.contents import PackContents

HEADER = [
    "finding_id", "reference", "finding", "severity", "source", "requirements", "devices",
    "date_found", "action_id", "owner", "target_date", "status", "overdue", "reason", "notes",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _device_names(contents: PackContents, finding: Finding) -> str:
    names = {row.device.id: row.device.name for row in contents.devices}
    return "; ".join(names.get(i, f"device {i}") for i in finding.device_ids)


def plan_rows(contents: PackContents) -> list[list[str]]:
    rows = []
    findings = sorted(contents.data.findings, key=lambda f: (f.severity.rank, f.id or 0))
    for finding in findings:
        base = [finding.id, finding.reference, finding.title, finding.severity.value,
                finding.source.value, "; ".join(finding.requirement_ids),
                _device_names(contents, finding),
                finding.date_found.isoformat() if finding.date_found else ""]
        actions = contents.data.actions_for(finding.id)
        if not actions:
            rows.append([_cell(v) for v in [*base, "", "", "", "no action yet", "", "", ""]])
        for action in actions:
            rows.append([_cell(v) for v in [
                *base, action.id, action.owner,
                action.target_date.isoformat() if action.target_date else "",
                action.status.value, "yes" if action.is_overdue(contents.as_of) else "no",
                action.reason, action.notes]])
    return rows


def plan_csv(contents: PackContents) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(plan_rows(contents))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
