"""Section: the online (cloud) services the organisation uses.

The Code of Connection asks you to confirm that each cloud service you use was checked
against the national cloud security principles. A service not checked yet is a warning,
not a blocker, so the answer "No, not yet" is allowed and the task list still says so.
Having no cloud services at all is a real answer, kept as the journey answer USES_KEY.
"""

from __future__ import annotations

from psn_desktop.domain.model import CloudService
from psn_desktop.domain.validation import Problem, validate_cloud_service
from psn_desktop.journey.facts import Facts
from psn_desktop.journey.registry import register
from psn_desktop.journey.section import Section
from psn_desktop.journey.status import SectionStatus
from psn_desktop.journey.steps import Step, StepKind, SummaryRow

SECTION_ID = "cloud"
USES_KEY = "cloud.uses"

ASSESSED_LABELS = {True: "Yes", False: "No, not yet", None: ""}


def uses_cloud(facts: Facts) -> bool | None:
    """True, False, or None when not answered (services already listed count as yes)."""
    answer = facts.answer(USES_KEY)
    if facts.data.cloud_services and answer is None:
        return True
    return answer if isinstance(answer, bool) else None


def service(facts: Facts, item: int | None) -> CloudService | None:
    return next((s for s in facts.data.cloud_services if s.id == item), None)


def _uses_problems(facts: Facts, _item: int | None) -> list[Problem]:
    uses = uses_cloud(facts)
    if uses is None:
        return [Problem("uses", "Choose yes if you use any online services, or no if you "
                        "use none.")]
    if uses is False and facts.data.cloud_services:
        count = len(facts.data.cloud_services)
        return [Problem("uses", f"You chose no, but {count} service"
                        f"{'s are' if count != 1 else ' is'} still listed. Choose yes, or "
                        "remove them from the list first.")]
    return []


def _uses_rows(facts: Facts) -> list[SummaryRow]:
    uses = uses_cloud(facts)
    text = {True: "Yes", False: "No", None: ""}[uses]
    return [SummaryRow("uses", "Do you use online (cloud) services?", text,
                       translate_value=True)]


def _list_applies(facts: Facts) -> bool:
    return uses_cloud(facts) is not False


def _service_problems(item: CloudService) -> list[Problem]:
    problems = []
    for problem in validate_cloud_service(item):
        message = problem.message
        if item.name.strip() and item.name not in message:
            message = f"{item.name}: {message[0].lower()}{message[1:]}"
        problems.append(Problem("services", message))
    return problems


def _list_problems(facts: Facts, _item: int | None) -> list[Problem]:
    services = facts.data.cloud_services
    if not services:
        return [Problem("services", "Add the online services you use, for example "
                        "Microsoft 365 or Google Workspace.")]
    return [p for s in services for p in _service_problems(s)]


def _list_rows(facts: Facts) -> list[SummaryRow]:
    rows = []
    for item in facts.data.cloud_services:
        parts = [item.purpose.strip()] if item.purpose.strip() else []
        assessed = ASSESSED_LABELS[item.assessed] or "Not answered"
        parts.append(f"Checked against the cloud security principles: {assessed}")
        rows.append(SummaryRow("service", item.name or "(no name)", "\n".join(parts),
                               item=item.id))
    return rows


def _item_problems(facts: Facts, item: int | None) -> list[Problem]:
    found = service(facts, item) if item is not None else None
    return validate_cloud_service(found or CloudService(""))


def _item_exists(facts: Facts, item: int) -> bool:
    return service(facts, item) is not None


def status(facts: Facts) -> SectionStatus:
    started = uses_cloud(facts) is not None
    return SectionStatus.from_problems(SECTION.problems(facts), started=started)


SECTION = register(Section(
    id=SECTION_ID,
    title="Cloud services you use",
    summary="Online services such as Microsoft 365, and whether each was checked.",
    order=40,
    targets=frozenset({"cloud"}),
    status=status,
    steps=(
        Step("uses", "Do you use any online (cloud) services?",
             hint="For example Microsoft 365, Google Workspace, an online pupil or patient "
                  "records system, or an online backup.",
             fields=("uses",), glossary=("cloud_service",),
             check=_uses_problems, summary=_uses_rows),
        Step("services", "Your online services", kind=StepKind.LIST,
             hint="Add each online service that holds or handles your organisation's "
                  "information.",
             fields=("services",), glossary=("cloud_service", "cloud_security_principles"),
             applies=_list_applies, check=_list_problems, summary=_list_rows),
        Step("service", "About this online service", kind=StepKind.ITEM, parent="services",
             hint="Your supplier can tell you whether the service was checked against the "
                  "cloud security principles; many publish a statement.",
             fields=("name", "purpose", "assessed", "notes"),
             glossary=("cloud_security_principles",),
             check=_item_problems, item_exists=_item_exists),
        Step("check", "Check your answers", kind=StepKind.CHECK),
    ),
))
