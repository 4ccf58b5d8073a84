"""Section: the organisation's devices and software, and whether each still gets updates.

The page itself (scan this computer, import a list, make the collector) is in
``psn_desktop.ui.devices``; this module says when the section is done: every device's
system is known and supported, or its problem is in the remediation plan.
"""

from __future__ import annotations

from psn_desktop.checks.device_status import Level, device_statuses
from psn_desktop.checks.support_update import current_support_data
from psn_desktop.domain.validation import Problem
from psn_desktop.journey.facts import Facts
from psn_desktop.journey.registry import register
from psn_desktop.journey.section import Section
from psn_desktop.journey.status import SectionState, SectionStatus
from psn_desktop.journey.steps import Step, SummaryRow

SECTION_ID = "devices"


def _problems(facts: Facts, _item: int | None) -> list[Problem]:
    if not facts.data.devices:
        return [Problem("devices", "Add your devices: scan this computer, import a list, or "
                        "run the collector on your other PCs.")]
    return []


def _missing(facts: Facts) -> list[str]:
    statuses = device_statuses(facts.data, facts.as_of, current_support_data())
    missing = []
    unplanned = [d.name for d, s in statuses if s.level is Level.UNSUPPORTED and not s.planned]
    ask = [d.name for d, s in statuses if s.level in (Level.ASK, Level.UNKNOWN)]
    if unplanned:
        missing.append(f"{len(unplanned)} device(s) no longer get security updates and have no "
                       f"action in the plan: {', '.join(unplanned[:5])}.")
    if ask:
        missing.append(f"{len(ask)} device(s) need a detail checked and recorded: "
                       f"{', '.join(ask[:5])}.")
    return missing


def status(facts: Facts) -> SectionStatus:
    if not facts.data.devices:
        return SectionStatus(SectionState.NOT_STARTED, tuple(p.message for p in
                                                             _problems(facts, None)))
    missing = _missing(facts)
    if missing:
        return SectionStatus(SectionState.IN_PROGRESS, tuple(missing))
    return SectionStatus(SectionState.COMPLETED)


def _rows(facts: Facts) -> list[SummaryRow]:
    return [SummaryRow("devices", device.name, f"{s.system or 'System not known'}\n{s.text}")
            for device, s in device_statuses(facts.data, facts.as_of, current_support_data())]


SECTION = register(Section(
    id=SECTION_ID,
    title="Devices and software",
    summary="Every computer's system, and whether it still gets security updates.",
    order=50,
    targets=frozenset({"devices"}),
    status=status,
    steps=(
        Step("devices", "Your devices and software",
             hint="Scan this computer, import a list from a spreadsheet or your IT provider's "
                  "tool, or run the collector on your other PCs. Each device's system is "
                  "checked against its end of support date.",
             fields=("devices",), check=_problems, summary=_rows),
    ),  # no "check your answers" page: the device table is the summary
))
