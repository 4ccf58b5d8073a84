"""Section: which frameworks (regimes) this workspace answers, suggested from the organisation.

A school business manager should not need to know that the DfE publishes cyber standards, or
a practice manager that the NHS toolkit and Cyber Essentials share half their questions: the
suggestions in ``domain/suggest.py`` say which apply and why, and the user ticks the ones to
work on. Everything answered once then counts wherever the catalogues map it, so adding a
framework late never repeats work. The section stays "not started" until the user has
confirmed a choice, because the default (the PSN Code of Connection alone) was not theirs.
"""

from __future__ import annotations

from psn_desktop.domain.catalogue import CatalogueError, load_framework
from psn_desktop.domain.validation import Problem
from psn_desktop.journey.facts import Facts
from psn_desktop.journey.registry import register
from psn_desktop.journey.section import Section
from psn_desktop.journey.status import SectionStatus
from psn_desktop.journey.steps import Step, StepKind, SummaryRow

SECTION_ID = "frameworks"
CONFIRMED_KEY = "frameworks.confirmed"  # journey answer: the user saved a choice


def confirmed(facts: Facts) -> bool:
    return facts.answer(CONFIRMED_KEY) is True


def _title(framework_id: str) -> str:
    try:
        return load_framework(framework_id).title
    except CatalogueError:
        return framework_id


def _problems(facts: Facts, _item: int | None) -> list[Problem]:
    if not facts.data.info.frameworks:
        return [Problem("frameworks", "Choose at least one framework to work on, for example "
                                      "Cyber Essentials.")]
    return []


def _rows(facts: Facts) -> list[SummaryRow]:
    return [SummaryRow("choose", "Frameworks you are working on",
                       "\n".join(_title(f) for f in facts.data.info.frameworks))]


def status(facts: Facts) -> SectionStatus:
    return SectionStatus.from_problems(SECTION.problems(facts), started=confirmed(facts))


SECTION = register(Section(
    id=SECTION_ID,
    title="Frameworks you are working on",
    summary="The standards you answer, such as Cyber Essentials; evidence given once counts "
            "for all of them.",
    order=15,
    targets=frozenset({SECTION_ID}),
    status=status,
    steps=(
        Step("choose", "Which frameworks are you working on?",
             hint="We suggest the ones that usually apply to an organisation like yours. An "
                  "answer or file you give for one counts for the others wherever they ask "
                  "for the same thing.",
             fields=("frameworks",), check=_problems, summary=_rows),
        Step("check", "Check your answers", kind=StepKind.CHECK),
    ),
))
