"""How ready a workspace is to submit, for one framework, as of one date.

The answer has three layers users see: each requirement's status, each area's status (the
task list), and an overall verdict with every reason it is not yet "ready to submit". A
blocker stops submission; a warning is worth fixing but does not. Everything takes an
explicit as-of date so that a pack built next month says what it said on the day it was
signed.

A requirement nobody has answered directly may still be covered by an answer given for
another framework that maps to it (``reuse.py``): it then shows as provided, or as partly
covered with what is still missing, so work done once is never asked for twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from psn_desktop.domain.catalogue import Area, Framework, Requirement
from psn_desktop.domain.model import Answer, AnswerStatus, EvidenceUse, WorkspaceData
from psn_desktop.domain.rules import deadline_for, deriver_for, rules_for
from psn_desktop.domain.support import SupportData, load_support_data

if TYPE_CHECKING:
    from psn_desktop.domain.reuse import MappingIndex, Reuse


class RequirementStatus(StrEnum):
    NOT_STARTED = "not_started"
    NEEDS_EVIDENCE = "needs_evidence"
    NEEDS_REASON = "needs_reason"
    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"
    # Not answered here, but an answer to another framework covers part of it.
    PARTLY_PROVIDED = "partly_provided"

    @property
    def label(self) -> str:
        return {
            RequirementStatus.NOT_STARTED: "Not started",
            RequirementStatus.NEEDS_EVIDENCE: "Needs evidence",
            RequirementStatus.NEEDS_REASON: "Needs a reason",
            RequirementStatus.MET: "Met",
            RequirementStatus.PARTLY: "Partly met",
            RequirementStatus.NOT_MET: "Not met",
            RequirementStatus.NOT_APPLICABLE: "Not applicable",
            RequirementStatus.PARTLY_PROVIDED: "Partly covered by other answers",
        }[self]

    @property
    def complete(self) -> bool:
        """Answered fully: nothing more to do on the page (a 'not met' still needs a plan)."""
        return self in (RequirementStatus.MET, RequirementStatus.PARTLY, RequirementStatus.NOT_MET,
                        RequirementStatus.NOT_APPLICABLE)


class AreaStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class Severity(StrEnum):
    BLOCKER = "blocker"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One reason the workspace is not ready (or a warning), and where to fix it."""

    code: str
    message: str
    severity: Severity = Severity.BLOCKER
    target: str = ""  # a section id ("scope", "devices", "health_check") or a requirement id


@dataclass
class RequirementReadiness:
    requirement: Requirement
    status: RequirementStatus
    answer: Answer | None
    evidence: list[EvidenceUse]
    derived: bool = False  # worked out by the app (from the plan, the sign-off), not asked
    reuse: Reuse | None = None  # set when the status comes from another framework's answer

    @property
    def reused(self) -> bool:
        return self.reuse is not None

    @property
    def missing(self) -> tuple[str, ...]:
        """What is still to show when the status came from elsewhere (empty otherwise)."""
        return self.reuse.missing if self.reuse is not None else ()


@dataclass
class AreaReadiness:
    area: Area
    requirements: list[RequirementReadiness]

    @property
    def total(self) -> int:
        return len(self.requirements)

    @property
    def completed(self) -> int:
        return sum(1 for r in self.requirements if r.status.complete)

    @property
    def status(self) -> AreaStatus:
        if self.total and self.completed == self.total:
            return AreaStatus.COMPLETED
        if any(r.status is not RequirementStatus.NOT_STARTED for r in self.requirements):
            return AreaStatus.IN_PROGRESS
        return AreaStatus.NOT_STARTED


@dataclass
class Readiness:
    framework_id: str
    framework_title: str
    framework_version: str
    as_of: date
    areas: list[AreaReadiness]
    issues: list[Issue] = field(default_factory=list)
    deadline: date | None = None  # the framework's next submission deadline, where it has one

    @property
    def requirements(self) -> list[RequirementReadiness]:
        return [r for area in self.areas for r in area.requirements]

    @property
    def reused(self) -> list[RequirementReadiness]:
        """Requirements covered, fully or partly, by answers given for other frameworks."""
        return [r for r in self.requirements if r.reused]

    @property
    def blockers(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.BLOCKER]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.WARNING]

    @property
    def ready(self) -> bool:
        return not self.blockers

    @property
    def completion(self) -> int:
        """Percentage of applicable requirements fully answered."""
        items = self.requirements
        return round(100 * sum(r.status.complete for r in items) / len(items)) if items else 0

    @property
    def met(self) -> int:
        """Percentage of applicable requirements met or not applicable (the compliance figure)."""
        items = self.requirements
        good = sum(r.status in (RequirementStatus.MET, RequirementStatus.NOT_APPLICABLE)
                   for r in items)
        return round(100 * good / len(items)) if items else 0

    @property
    def verdict(self) -> str:
        if self.ready:
            return f"Ready to submit for {self.framework_title}."
        count = len(self.blockers)
        return (f"Not ready to submit yet: {count} thing{'s' if count != 1 else ''} "
                "to sort out first.")


def requirement_status(requirement: Requirement, answer: Answer | None,
                       evidence: list[EvidenceUse]) -> RequirementStatus:
    if answer is None:
        return RequirementStatus.NOT_STARTED
    if answer.status.needs_reason and not answer.reason.strip():
        return RequirementStatus.NEEDS_REASON
    if answer.status is AnswerStatus.NOT_APPLICABLE:
        return RequirementStatus.NOT_APPLICABLE
    if answer.status is AnswerStatus.NOT_MET:
        return RequirementStatus.NOT_MET
    if requirement.evidence_required and not evidence:
        return RequirementStatus.NEEDS_EVIDENCE
    return RequirementStatus.MET if answer.status is AnswerStatus.MET else RequirementStatus.PARTLY


def assess(data: WorkspaceData, framework: Framework, as_of: date,
           support: SupportData | None = None, *, index: MappingIndex | None = None
           ) -> Readiness:
    """``index`` says which requirements of other frameworks map here (default: every
    installed catalogue); it only matters for requirements with no direct answer."""
    from psn_desktop.domain.reuse import installed_index, reuse_for

    support = support or load_support_data()
    index = index or installed_index()
    org_type = data.organisation.org_type.value if data.organisation.org_type else None
    applicable = {r.qualified_id for r in framework.applicable(org_type)}
    deriver = deriver_for(framework.id)
    derived = deriver(data, as_of) if deriver else {}
    areas = []
    for area in framework.areas:
        rows = []
        for requirement in framework.requirements_in(area.id):
            if requirement.qualified_id not in applicable:
                continue
            answer = data.answers.get(requirement.qualified_id)
            evidence = data.evidence_for(requirement.qualified_id)
            qid = requirement.qualified_id
            reused = None if qid in derived or answer is not None else reuse_for(
                data, requirement, index)
            if qid in derived:
                rows.append(RequirementReadiness(requirement, derived[qid], answer, evidence,
                                                 derived=True))
            elif reused is not None:
                rows.append(RequirementReadiness(
                    requirement, reused.status, None, _merge(evidence, reused.evidence),
                    reuse=reused))
            else:
                rows.append(RequirementReadiness(
                    requirement, requirement_status(requirement, answer, evidence), answer,
                    evidence))
        if rows:
            areas.append(AreaReadiness(area, rows))
    readiness = Readiness(framework.id, framework.title, framework.version, as_of, areas)
    deadline = deadline_for(framework.id)
    readiness.deadline = deadline(as_of) if deadline else None
    readiness.issues.extend(_generic_issues(readiness))
    rules = rules_for(framework.id)
    if rules is not None:
        readiness.issues.extend(rules(data, framework, as_of, support))
    # A declaration signed before a later change no longer covers the workspace.
    from psn_desktop.domain.sign_off import stale_sign_off_issues

    readiness.issues.extend(stale_sign_off_issues(data, framework.id, as_of))
    return readiness


def _generic_issues(readiness: Readiness) -> list[Issue]:
    issues = []
    for area in readiness.areas:
        # Derived requirements are reported by the framework's own rules, with their reasons.
        waiting = [r for r in area.requirements if not r.status.complete and not r.derived]
        if not waiting:
            continue
        not_started = sum(r.status is RequirementStatus.NOT_STARTED for r in waiting)
        evidence = sum(r.status is RequirementStatus.NEEDS_EVIDENCE for r in waiting)
        reason = sum(r.status is RequirementStatus.NEEDS_REASON for r in waiting)
        partly = sum(r.status is RequirementStatus.PARTLY_PROVIDED for r in waiting)
        parts = []
        if not_started:
            parts.append(f"{not_started} not answered")
        if evidence:
            parts.append(f"{evidence} without evidence")
        if reason:
            parts.append(f"{reason} without a reason")
        if partly:
            parts.append(f"{partly} only partly covered by answers given elsewhere")
        issues.append(Issue("area-incomplete", f"{area.area.title}: " + ", ".join(parts) + ".",
                            target=waiting[0].requirement.qualified_id))
    for row in readiness.requirements:
        if row.reuse is not None and row.reuse.conflicts:
            issues.append(Issue("answers-disagree", row.reuse.conflict_message,
                                severity=Severity.WARNING, target=row.requirement.qualified_id))
    return issues


def _merge(first: list[EvidenceUse], second: tuple[EvidenceUse, ...]) -> list[EvidenceUse]:
    """Both lists, each use once (a file attached to two mapped requirements is one use)."""
    merged = list(first)
    seen = {id(use) for use in merged}
    for use in second:
        if id(use) not in seen:
            merged.append(use)
            seen.add(id(use))
    return merged
