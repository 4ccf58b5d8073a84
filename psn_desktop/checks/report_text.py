"""A scan written out for people: the CLI prints it and the workspace keeps it as evidence.

Plain text on purpose: an assessor opening the evidence pack, or a practice manager reading
the terminal, sees each check's answer and explanation first and the facts after.
"""

from __future__ import annotations

import json

from psn_desktop.checks.result import CheckStatus
from psn_desktop.checks.scan import ScanReport
from psn_desktop.domain.dates import uk_date

_MARKS = {CheckStatus.PASS: "PASS", CheckStatus.FAIL: "FAIL",
          CheckStatus.UNKNOWN: "COULD NOT TELL"}


def scan_as_text(report: ScanReport, *, with_facts: bool = True) -> str:
    counts = report.counts()
    lines = [
        f"Scan of {report.computer_name} on {uk_date(report.as_of)} "
        f"(PSN Desktop {report.app_version}, {report.platform})",
        f"{counts['pass']} passed, {counts['fail']} need attention, "
        f"{counts['could_not_tell']} could not tell.",
    ]
    if report.cancelled:
        lines.append("The scan was cancelled before every check had run.")
    for result in report.results:
        lines += ["", f"[{_MARKS[result.status]}] {result.title}", f"  {result.explanation}"]
        if with_facts and result.facts:
            facts = json.dumps(result.facts, ensure_ascii=False, sort_keys=True, default=str)
            lines.append(f"  Facts: {facts}")
    return "\n".join(lines) + "\n"
