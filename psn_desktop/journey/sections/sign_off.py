"""Section: the signed declaration, made in the app or on paper.

The senior information risk owner declares, for each framework the workspace targets, that
the submission is accurate and that the plan will be carried out. In the app: name, role, a
tick and the date. On paper: a printed declaration (``psn_desktop.declaration``), signed and
scanned, then attached back as evidence for the commitment (psn-coco:SUB-04), which records
the declaration with what the paper was printed from. Either way the sign-off records a
digest of what it covers, so a later change marks it out of date and says what changed.

What the user types before signing (name, role, date, tick) is kept in the journey's answers
under FORM_KEY, so leaving the page loses nothing; only the Sign button records a sign-off.
"""

from __future__ import annotations

from typing import Any

from psn_desktop.domain.sign_off import SignOffState, sign_off_state
from psn_desktop.domain.validation import Problem
from psn_desktop.journey.facts import Facts
from psn_desktop.journey.registry import register
from psn_desktop.journey.section import Section
from psn_desktop.journey.status import SectionState, SectionStatus
from psn_desktop.journey.steps import Step, SummaryRow

SECTION_ID = "sign_off"
FORM_KEY = "sign_off.form"  # {"name", "role", "date", "declared"}
PRINTED_KEY = "sign_off.printed"  # {"on": iso date, "digests": {framework id: digest}}
SIGNED_DATE_DRAFT = "sign_off/signed_on"


def form(facts: Facts) -> dict[str, Any]:
    value = facts.answer(FORM_KEY, {})
    return dict(value) if isinstance(value, dict) else {}


def printed(facts: Facts) -> dict[str, Any]:
    value = facts.answer(PRINTED_KEY, {})
    return dict(value) if isinstance(value, dict) else {}


def states(facts: Facts) -> list[SignOffState]:
    return [sign_off_state(facts.data, framework_id, facts.as_of)
            for framework_id in facts.data.info.frameworks]


def _problems(facts: Facts, _item: int | None) -> list[Problem]:
    problems = []
    for state in states(facts):
        if state.current:
            continue
        problems.append(Problem("declared", state.message if state.signed else
                                "The declaration has not been signed yet: sign it here, or "
                                "print it for the signer and attach the signed copy."))
    return list({p.message: p for p in problems}.values())


def status(facts: Facts) -> SectionStatus:
    found = states(facts)
    if found and all(s.current for s in found):
        return SectionStatus(SectionState.COMPLETED)
    started = any(s.signed for s in found) or bool(form(facts))
    return SectionStatus.from_problems(_problems(facts, None), started=started)


def _rows(facts: Facts) -> list[SummaryRow]:
    return [SummaryRow("sign_off", "Declaration", state.message) for state in states(facts)]


SECTION = register(Section(
    id=SECTION_ID,
    title="Sign-off",
    summary="Your senior information risk owner confirms the submission, in the app or on "
            "paper.",
    order=85,
    targets=frozenset({SECTION_ID}),
    status=status,
    steps=(
        Step("sign_off", "The declaration",
             hint="The senior information risk owner (SIRO) confirms the answers are right "
                  "and agrees to the remediation plan. If they will not use PSN Desktop, print "
                  "the declaration for them to sign on paper.",
             fields=("name", "role", "signed_on", "declared", "scan"),
             glossary=("siro", "code_of_connection", "remediation_plan"),
             check=_problems, summary=_rows),
    ),
))
