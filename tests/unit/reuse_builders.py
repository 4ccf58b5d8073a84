"""Builders for the framework and reuse tests: in-memory workspaces answered on purpose.

Rules tests use plain ``WorkspaceData`` (fast, every field under control); the tests that
matter end to end use a real workspace on disk through the store instead.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from psn_desktop.domain.catalogue import Framework, load_framework
from psn_desktop.domain.model import (
    Answer,
    AnswerStatus,
    CloudService,
    EvidenceFile,
    EvidenceUse,
    Organisation,
    OrgType,
    Person,
    PersonRole,
    Scope,
    SignOff,
    WorkspaceData,
    WorkspaceInfo,
)

AS_OF = date(2026, 11, 23)


def workspace_data(org_type: OrgType | None = OrgType.SCHOOL,
                   frameworks: tuple[str, ...] = ("psn-coco",)) -> WorkspaceData:
    data = WorkspaceData(WorkspaceInfo("test", date(2026, 1, 1), list(frameworks)))
    data.organisation = Organisation("Test organisation", org_type, ods_code="A12345")
    data.people[PersonRole.SIRO] = Person(PersonRole.SIRO, "Sam Senior", "Head")
    data.people[PersonRole.CONTACT] = Person(PersonRole.CONTACT, "Kim", "SBM", "k@example.org")
    data.scope = Scope("Office network", 20, 1, ["10.0.0.0/16"], description="Whole school")
    data.cloud_services = [CloudService("Email", assessed=True, id=1)]
    return data


def attach(data: WorkspaceData, requirement_ids: list[str], name: str,
           document_date: date | None = None) -> EvidenceUse:
    """One stored file (named by the hash of its name) used for the given requirements."""
    sha = hashlib.sha256(name.encode()).hexdigest()
    data.evidence_files[sha] = EvidenceFile(sha, 10, name, "text/plain")
    use = EvidenceUse(sha, list(requirement_ids), name, document_date,
                      id=len(data.evidence_uses) + 1)
    data.evidence_uses.append(use)
    return use


def answer(data: WorkspaceData, qid: str, status: AnswerStatus = AnswerStatus.MET,
           reason: str = "", *, evidence: bool = True,
           document_date: date | None = None) -> EvidenceUse | None:
    if status.needs_reason and not reason:
        reason = "Because."
    data.answers[qid] = Answer(qid, status, reason)
    if evidence:
        return attach(data, [qid], f"{qid}.txt", document_date or AS_OF - timedelta(days=10))
    return None


def answer_all(data: WorkspaceData, framework: Framework | str,
               skip: tuple[str, ...] = ()) -> None:
    """Every requirement met with its own dated evidence file."""
    framework = load_framework(framework) if isinstance(framework, str) else framework
    for requirement in framework.requirements:
        if requirement.qualified_id not in skip and requirement.id not in skip:
            answer(data, requirement.qualified_id)


def sign(data: WorkspaceData, framework_id: str, on: date = AS_OF) -> None:
    data.sign_offs.append(SignOff("Sam Senior", "Head", on, True, framework_id))
