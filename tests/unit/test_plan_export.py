"""The plan as CSV (the pack's own plan.csv) and as an Excel workbook read back."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from openpyxl import load_workbook

from psn_desktop.domain.catalogue import load_framework
from psn_desktop.domain.model import ActionStatus, Finding, FindingSource
from psn_desktop.pack.plan_csv import HEADER, plan_csv
from psn_desktop.remediation.export import XLSX_HEADINGS, export_plan, plan_contents

PSN = load_framework("psn-coco")


def test_csv_is_the_packs_plan_csv(demo_workspace, as_of, tmp_path):
    data = demo_workspace.load()
    path = export_plan(data, PSN, as_of, tmp_path / "plan.csv")
    assert path.read_bytes() == plan_csv(plan_contents(data, PSN, as_of))
    text = path.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(HEADER)
    assert "Local admin password the same on all classroom PCs" in text
    # No extension chosen: CSV, with its extension added.
    assert export_plan(data, PSN, as_of, tmp_path / "plan").name == "plan.csv"


def test_xlsx_reads_back_with_plain_headings_and_overdue_marked(demo_workspace, as_of,
                                                                tmp_path):
    ws = demo_workspace
    late = next(a for a in ws.actions() if a.status is ActionStatus.PLANNED)
    ws.save_action(replace(late, target_date=as_of - timedelta(days=10)))
    ws.save_finding(Finding('=HYPERLINK("http://evil.example")', FindingSource.HEALTH_CHECK))
    path = export_plan(ws.load(), PSN, as_of, tmp_path / "plan.xlsx")
    book = load_workbook(path)
    sheet = book["Remediation plan"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == [XLSX_HEADINGS[name] for name in HEADER]
    assert sheet.freeze_panes == "A2"
    overdue_at = HEADER.index("overdue")
    finding_at = HEADER.index("finding")
    overdue = [r for r in sheet.iter_rows(min_row=2) if r[overdue_at].value == "yes"]
    assert len(overdue) == 1 and overdue[0][finding_at].font.bold
    assert overdue[0][finding_at].font.color.rgb.endswith("B42318")
    # A title that looks like a formula stays text: no formula in the workbook.
    evil = [r for r in rows if r[finding_at] and "HYPERLINK" in r[finding_at]]
    assert evil[0][finding_at] == '=HYPERLINK("http://evil.example")'
    assert all(c.data_type == "s" for row in sheet.iter_rows(min_row=2) for c in row
               if c.value is not None)
    assert len(rows) == 1 + len(ws.findings())


def test_a_failed_write_says_what_to_do(demo_workspace, as_of, tmp_path):
    import pytest

    from psn_desktop.workspace.errors import WorkspaceError

    blocked = tmp_path / "plan.xlsx"
    blocked.mkdir()  # a folder where the file should go
    with pytest.raises(WorkspaceError, match="could not be written"):
        export_plan(demo_workspace.load(), PSN, as_of, blocked)
    assert blocked.is_dir() and not list(tmp_path.glob(".plan.xlsx.*"))


def test_stopped_before_writing_writes_nothing(demo_workspace, as_of, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    assert export_plan(demo_workspace.load(), PSN, as_of, out / "plan.xlsx",
                       stop=lambda: True) is None
    assert list(out.iterdir()) == []
