"""Sections: one per area of each framework (firewalls, backups…), one page per requirement.

Every area of every installed catalogue is registered once, and shown on the task list only
for a workspace that targets its framework (``Section.shown``), so a school doing the PSN
and the DfE standards sees both sets of areas and a GP surgery never sees the schools'. A
requirement's page is a step of its area: the user answers each in turn, Continue moving to
the next, and the area's "check your answers" page is its overview.

What a page may not be left with is what readiness would count against it: no answer, no
reason where one is needed, no evidence where evidence is required, an undated document
where the date matters, or a 'not met' with nothing in the remediation plan. A requirement
an answer given for another framework already provides needs nothing more here; one that is
only partly provided asks for an answer of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from psn_desktop.domain.catalogue import Area, CatalogueError, Framework, Requirement
from psn_desktop.domain.model import Answer, AnswerStatus, EvidenceUse
from psn_desktop.domain.readiness import RequirementStatus, requirement_status
from psn_desktop.domain.reuse import Reuse, reuse_for
from psn_desktop.domain.rules.psn_coco import COMMITMENT_REQ, HEALTH_CHECK_REQ, PLAN_REQ
from psn_desktop.domain.validation import Problem, validate_answer
from psn_desktop.journey.facts import Facts
from psn_desktop.journey.registry import register
from psn_desktop.journey.section import Section
from psn_desktop.journey.status import SectionStatus
from psn_desktop.journey.steps import Step, StepKind, SummaryRow

PRIMARY_FRAMEWORK = "psn-coco"  # its areas come first and need no framework name in front
ORDER = 55  # after devices (50), before the health check (60)

# Requirements the app works out rather than asks, and the section where they are made.
MADE_ELSEWHERE: dict[str, str] = {PLAN_REQ: "plan", COMMITMENT_REQ: "sign_off"}
# Requirements whose evidence another section also attaches (it leads there as well).
ALSO_IN: dict[str, str] = {HEALTH_CHECK_REQ: "health_check"}

EVIDENCE_FIELD = "evidence"
PLAN_FIELD = "plan"


def section_id(framework_id: str, area_id: str) -> str:
    return f"{framework_id}:{area_id}"


def date_draft_key(use_id: int | None) -> str:
    return f"evidence-date/{use_id}"


@dataclass(frozen=True)
class RequirementView:
    """What a requirement's page shows: its own answer and files, or what reuse provides."""

    requirement: Requirement
    status: RequirementStatus
    answer: Answer | None
    evidence: list[EvidenceUse]  # attached to this requirement itself
    reuse: Reuse | None = None
    made_in: str = ""  # the section that makes it, for requirements the app works out

    @property
    def qualified_id(self) -> str:
        return self.requirement.qualified_id


def view_of(facts: Facts, requirement: Requirement) -> RequirementView:
    qid = requirement.qualified_id
    data = facts.data
    answer = data.answers.get(qid)
    evidence = data.evidence_for(qid)
    made_in = MADE_ELSEWHERE.get(qid, "")
    for readiness in facts.readiness:
        if readiness.framework_id != requirement.framework_id:
            continue
        for row in readiness.requirements:
            if row.requirement.qualified_id == qid:
                return RequirementView(requirement, row.status, answer, evidence, row.reuse,
                                       made_in)
    # Not assessed (another framework, or not for this type of organisation): work it out.
    reused = None if answer is not None else reuse_for(data, requirement)
    status = reused.status if reused is not None else requirement_status(requirement, answer,
                                                                          evidence)
    return RequirementView(requirement, status, answer, evidence, reused, made_in)


def planned(facts: Facts, qid: str) -> bool:
    return any(facts.data.actions_for(f.id) for f in facts.data.findings_for_requirement(qid))


def requirement_problems(facts: Facts, requirement: Requirement) -> list[Problem]:
    from psn_desktop.journey.sections.drafts import date_problems

    qid = requirement.qualified_id
    if qid in MADE_ELSEWHERE:
        return []  # nothing to answer on the page: it says where it is made
    view = view_of(facts, requirement)
    answer = view.answer
    if answer is None:
        if view.reuse is not None and view.status is RequirementStatus.MET:
            return []
        if view.reuse is not None and view.status is RequirementStatus.PARTLY_PROVIDED:
            return [Problem("answer", "Your answers elsewhere cover only part of this. Choose "
                                      "an answer for it here.")]
        return [Problem("answer", "Choose whether this is met, partly met, not met or does not "
                                  "apply to you.")]
    problems = list(validate_answer(answer))
    positive = answer.status in (AnswerStatus.MET, AnswerStatus.PARTLY)
    if positive and requirement.evidence_required and not view.evidence:
        problems.append(Problem(EVIDENCE_FIELD, "Attach evidence that shows this, or choose "
                                                "'Not met' and plan how you will meet it."))
    for use in view.evidence:
        problems += date_problems(facts, date_draft_key(use.id), EVIDENCE_FIELD)
        if not requirement.document_date_matters:
            continue
        name = use.title or "the document"
        if use.document_date is None:
            problems.append(Problem(EVIDENCE_FIELD, f"Enter the date on “{name}”: the date "
                                                    "it was made or drawn."))
        elif use.document_date > facts.as_of:
            problems.append(Problem(EVIDENCE_FIELD, f"The date on “{name}” is in the future."))
    if answer.status is AnswerStatus.NOT_MET and not planned(facts, qid):
        problems.append(Problem(PLAN_FIELD, "Add the fix to the remediation plan: say what "
                                            "will be done, who will do it and by when."))
    return problems


def _summary_value(facts: Facts, requirement: Requirement) -> str:
    view = view_of(facts, requirement)
    lines = [view.status.label]
    if view.answer is not None and view.answer.reason.strip():
        lines.append(view.answer.reason.strip())
    if view.reuse is not None and view.answer is None:
        lines.append(view.reuse.explanation)
    if view.evidence:
        lines.append("Evidence: " + ", ".join(u.title or "untitled" for u in view.evidence))
    return "\n".join(lines)


def _requirement_step(requirement: Requirement) -> Step:
    def applies(facts: Facts) -> bool:
        org = facts.data.organisation.org_type
        return requirement.applies_to_org(org.value if org else None)

    def check(facts: Facts, _item: int | None) -> list[Problem]:
        return requirement_problems(facts, requirement)

    def rows(facts: Facts) -> list[SummaryRow]:
        return [SummaryRow(requirement.id, f"{requirement.id} {requirement.title}",
                           _summary_value(facts, requirement), translate_value=False)]

    return Step(requirement.id, requirement.title, hint=requirement.why,
                fields=("answer", "reason", "notes", EVIDENCE_FIELD, PLAN_FIELD),
                glossary=(*requirement.glossary, "evidence"), applies=applies, check=check,
                summary=rows)


def _started(facts: Facts, requirements: tuple[Requirement, ...]) -> bool:
    data = facts.data
    return any(r.qualified_id in data.answers or data.evidence_for(r.qualified_id)
               for r in requirements)


def _area_section(framework: Framework, area: Area, order: float) -> Section:
    requirements = framework.requirements_in(area.id)
    qids = frozenset(r.qualified_id for r in requirements)
    steps = tuple(_requirement_step(r) for r in requirements)
    title = area.title if framework.id == PRIMARY_FRAMEWORK else (
        f"{framework.title}: {area.title}")

    def shown(facts: Facts) -> bool:
        if framework.id not in facts.data.info.frameworks:
            return False
        org = facts.data.organisation.org_type
        return any(r.applies_to_org(org.value if org else None) for r in requirements)

    def status(facts: Facts) -> SectionStatus:
        # Each gap names its requirement, so the task list says which ones are left.
        unanswered: list[str] = []
        problems: list[Problem] = []
        for step in section.linear_steps(facts):
            if step.kind is StepKind.CHECK:
                continue
            for problem in step.problems(facts):
                if problem.field == "answer":
                    unanswered.append(step.id)
                else:
                    problems.append(Problem(problem.field, f"{step.id}: {problem.message}"))
        if unanswered:
            problems.insert(0, Problem("answer", "Not answered yet: " + ", ".join(unanswered)
                                       + "."))
        return SectionStatus.from_problems(problems, started=_started(facts, requirements))

    section = Section(
        id=section_id(framework.id, area.id), title=title, summary=area.summary, order=order,
        steps=(*steps, Step("check", "Check your answers", kind=StepKind.CHECK)),
        status=status, claims=qids.__contains__,
        target_step=lambda target: target.partition(":")[2], shown=shown)
    return section


def _frameworks() -> list[Framework]:
    """Every catalogue that loads (a broken one is left out and logged, and the home page
    says readiness cannot be worked out), the PSN's first."""
    from psn_desktop.domain.reuse import installed_frameworks

    return sorted(installed_frameworks(), key=lambda f: (f.id != PRIMARY_FRAMEWORK, f.id))


def _register_all() -> dict[str, Section]:
    sections = {}
    for rank, framework in enumerate(_frameworks()):
        for index, area in enumerate(framework.areas):
            section = register(_area_section(framework, area, ORDER + (rank * 20 + index) / 100))
            sections[section.id] = section
    return sections


SECTIONS: dict[str, Section] = _register_all()


def requirement_of(section: str, step: str) -> Requirement | None:
    """The requirement a page of an area section is about."""
    from psn_desktop.domain.catalogue import load_framework

    framework_id, _, _area = section.partition(":")
    try:
        return load_framework(framework_id).requirement(step)
    except (CatalogueError, KeyError):
        return None
