"""The remediation plan as a spreadsheet, for the people who track it in one.

CSV is exactly the pack's ``plan.csv`` (same writer, same columns), so what the IT provider
works from is what the assessor receives. The XLSX copy is for the head teacher and the
governors: the same rows under plain headings, most urgent first, overdue actions marked in
words and in red, the header row frozen and the columns wide enough to read.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from psn_desktop.domain.catalogue import Framework
from psn_desktop.domain.model import WorkspaceData
from psn_desktop.pack.contents import AsOfSource, PackContents, SignerInfo, gather
from psn_desktop.pack.plan_csv import HEADER, plan_csv, plan_rows
from psn_desktop.workspace.errors import DiskFull, WorkspaceError

# Plain headings for each plan.csv column, in the same order.
XLSX_HEADINGS = {
    "finding_id": "Finding no.", "reference": "Provider's reference", "finding": "What was found",
    "severity": "How serious", "source": "Found by", "requirements": "Requirements",
    "devices": "Devices", "date_found": "Date found", "action_id": "Action no.",
    "owner": "Who will fix it", "target_date": "By when", "status": "Status",
    "overdue": "Overdue?", "reason": "Why the risk is accepted", "notes": "What will be done",
}
_WIDTHS = {"finding": 48, "notes": 44, "reason": 36, "devices": 28, "requirements": 22,
           "owner": 22, "reference": 16}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plan_contents(data: WorkspaceData, framework: Framework, as_of: date) -> PackContents:
    return gather(data, framework, as_of, AsOfSource.GIVEN, SignerInfo(False))


def plan_xlsx(contents: PackContents) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Remediation plan"
    sheet.append([XLSX_HEADINGS[name] for name in HEADER])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="E4EAF2")
    overdue_at = HEADER.index("overdue")
    red = Font(bold=True, color="B42318")
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in plan_rows(contents):
        values = []
        for value in row:
            # plan.csv guards formula-like text with an apostrophe; a workbook cell is kept
            # as text by its type instead, so the apostrophe is not needed.
            if value.startswith("'") and value[1:2] and value[1:].startswith(_FORMULA_START):
                value = value[1:]
            values.append(value)
        sheet.append(values)
        cells = sheet[sheet.max_row]
        for cell in cells:
            cell.data_type = "s"
            cell.alignment = wrap
        if values[overdue_at] == "yes":
            for cell in cells:
                cell.font = red
    for index, name in enumerate(HEADER, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 14)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_atomic(path: Path, data: bytes) -> Path:
    """Write so that a crash leaves the old file or the new one, never half of one."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise WorkspaceError(f"{path} could not be written ({error.strerror}). Choose a "
                             "folder you can save in, such as your Documents.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if error.errno == errno.ENOSPC:
            raise DiskFull(path.parent) from None
        raise WorkspaceError(f"{path} could not be written ({error.strerror}). If it is open "
                             "in Excel, close it and try again.") from None
    return path


def export_plan(data: WorkspaceData, framework: Framework, as_of: date, path: Path, *,
                stop: Callable[[], bool] | None = None) -> Path | None:
    """Write the plan as CSV or XLSX, chosen by the file's extension (CSV if neither).

    Returns None, having written nothing, if ``stop`` says to stop before the file is
    written."""
    contents = plan_contents(data, framework, as_of)
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        body = plan_xlsx(contents)
    else:
        if path.suffix.lower() != ".csv":
            path = path.with_name(path.name + ".csv")
        body = plan_csv(contents)
    if stop is not None and stop():
        return None
    return write_atomic(path, body)
