"""Section: build the evidence pack, the one file the organisation hands over.

The page itself (what goes in, progress with Cancel, then the fingerprint, open the folder or
the report, verify) is in ``psn_desktop.ui.pack``. The task list says "completed" once a
pack has been built from a workspace that was ready to submit; a pack built earlier (a
draft) leaves the section in progress, since that pack says itself it is not ready.
"""

from __future__ import annotations

from typing import Any

from psn_desktop.journey.facts import Facts
from psn_desktop.journey.registry import register
from psn_desktop.journey.section import Section
from psn_desktop.journey.status import SectionState, SectionStatus
from psn_desktop.journey.steps import Step, SummaryRow

SECTION_ID = "pack"
BUILT_KEY = "pack.built"  # journey answer: {"sha256", "as_of", "ready", "signed", "path"}


def last_built(facts: Facts) -> dict[str, Any] | None:
    value = facts.answer(BUILT_KEY)
    return value if isinstance(value, dict) and value.get("sha256") else None


def status(facts: Facts) -> SectionStatus:
    last = last_built(facts)
    if last is None:
        return SectionStatus(SectionState.NOT_STARTED, ("No pack has been built yet.",))
    if not last.get("ready"):
        return SectionStatus(SectionState.IN_PROGRESS, (
            "The last pack was built before the workspace was ready to submit: build it "
            "again once it is.",))
    return SectionStatus(SectionState.COMPLETED)


def _rows(facts: Facts) -> list[SummaryRow]:
    last = last_built(facts)
    if last is None:
        return [SummaryRow("pack", "Evidence pack", "")]
    return [SummaryRow("pack", "Evidence pack", str(last.get("path", ""))),
            SummaryRow("pack", "SHA-256 fingerprint", str(last.get("sha256", "")))]


SECTION = register(Section(
    id=SECTION_ID,
    title="Build the evidence pack",
    summary="One signed file with the report, your answers, the plan and every piece of "
            "evidence, ready to send.",
    order=90,
    status=status,
    steps=(
        Step("pack", "Build the evidence pack",
             hint="PSN Desktop puts the PDF report, your answers, the remediation plan and "
                  "every evidence file into one file, and signs it so whoever receives it can "
                  "check that nothing was changed on the way.",
             glossary=("evidence_pack", "evidence"), summary=_rows),
    ),
))
