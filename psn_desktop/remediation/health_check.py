"""The IT Health Check record and its report, kept in step with requirement SUB-01.

The report is evidence for the PSN's "IT Health Check report from the last 12 months", so
attaching it here attaches it there too (dated with the check's date, which the age rule
reads), and answers that requirement as met if nobody has answered it yet: the user has just
given the very thing it asks for.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from psn_desktop.domain.model import Answer, AnswerStatus, EvidenceUse, WorkspaceData
from psn_desktop.domain.rules.psn_coco import HEALTH_CHECK_REQ
from psn_desktop.workspace.evidence_store import StoredBlob
from psn_desktop.workspace.store import Workspace

REPORT_TITLE = "IT Health Check report"


def report_uses(data: WorkspaceData) -> list[EvidenceUse]:
    return data.evidence_for(HEALTH_CHECK_REQ)


def record_report(workspace: Workspace, blob: StoredBlob, source: Path,
                  check_date: date | None, today: date) -> EvidenceUse:
    use = workspace.record_evidence(blob, source, [HEALTH_CHECK_REQ], title=REPORT_TITLE,
                                    document_date=check_date)
    check = workspace.health_check()
    if not check.report_sha256:
        workspace.set_health_check(replace(check, report_sha256=blob.sha256))
    if HEALTH_CHECK_REQ not in workspace.answers():
        workspace.set_answer(Answer(HEALTH_CHECK_REQ, AnswerStatus.MET,
                                    notes="The report is attached in the IT Health Check "
                                          "section.", answered_on=today))
    return use


def remove_use(workspace: Workspace, use_id: int) -> None:
    """Remove one evidence use; if it was the health check's report, point the record at
    another report use (or none), so the stored file is released when nothing needs it."""
    uses = workspace.evidence_uses()
    use = next((u for u in uses if u.id == use_id), None)
    if use is None:
        return
    check = workspace.health_check()
    same_file = [u for u in uses if u.sha256 == use.sha256 and u.id != use_id]
    if check.report_sha256 == use.sha256 and not same_file:
        others = [u for u in uses if HEALTH_CHECK_REQ in u.requirement_ids and u.id != use_id]
        workspace.set_health_check(replace(check, report_sha256=others[0].sha256 if others
                                           else ""))
    workspace.remove_evidence_use(use_id)


def date_reports(workspace: Workspace, check_date: date | None) -> None:
    """Give undated report uses the check's date (the date the age rule reads)."""
    if check_date is None:
        return
    for use in workspace.evidence_uses():
        if HEALTH_CHECK_REQ in use.requirement_ids and use.document_date is None:
            workspace.update_evidence_use(replace(use, document_date=check_date))
