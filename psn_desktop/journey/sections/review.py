"""Section: review — is the workspace ready to submit, and if not, what exactly is left.

One page per workspace, with one verdict per framework it targets and every blocker linked
to the page that fixes it (``Issue.target`` names a section or a requirement). It is
complete when nothing blocks a submission except the signature itself, which comes next.
"""

from __future__ import annotations

from psn_desktop.domain.readiness import Issue, Readiness
from psn_desktop.journey.facts import Facts
from psn_desktop.journey.registry import register
from psn_desktop.journey.section import Section
from psn_desktop.journey.status import SectionState, SectionStatus
from psn_desktop.journey.steps import Step, StepKind

SECTION_ID = "review"
SIGN_OFF_TARGET = "sign_off"


def blockers_before_signing(readiness: Readiness) -> list[Issue]:
    """Blockers other than the missing or out-of-date signature."""
    return [i for i in readiness.blockers if i.target != SIGN_OFF_TARGET]


def status(facts: Facts) -> SectionStatus:
    if facts.readiness_problem or not facts.readiness:
        return SectionStatus(SectionState.IN_PROGRESS, (facts.readiness_problem
                                                        or "Readiness cannot be worked out.",))
    left = [i.message for r in facts.readiness for i in blockers_before_signing(r)]
    if not left:
        return SectionStatus(SectionState.COMPLETED)
    started = bool(facts.data.answers)
    return SectionStatus(SectionState.IN_PROGRESS if started else SectionState.NOT_STARTED,
                         tuple(dict.fromkeys(left)))


SECTION = register(Section(
    id=SECTION_ID,
    title="Review before you submit",
    summary="Whether you are ready to submit, and what is left to do if not.",
    order=80,
    status=status,
    steps=(
        # A CHECK page: like "check your answers", it only reports, and Continue leads back
        # to the task list.
        Step("review", "Are you ready to submit?", kind=StepKind.CHECK,
             hint="PSN Desktop checks everything the PSN team checks first. Each thing still "
                  "to sort out links to the page where you fix it.",
             glossary=("psn", "code_of_connection")),
    ),
))
