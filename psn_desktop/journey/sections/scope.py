"""Section: what you are connecting (the scope), as the Code of Connection asks for it.

An environment name, the number of users and sites, the internal IP ranges and the codes of
any PSN services you host. IP ranges are where mistakes hide (typos, public ranges, overlaps),
so each is checked as typed, and the page says how many addresses they add up to.
"""

from __future__ import annotations

from psn_desktop.domain.validation import Problem, parse_ip_range, validate_scope
from psn_desktop.journey.facts import Facts
from psn_desktop.journey.registry import register
from psn_desktop.journey.section import Section
from psn_desktop.journey.sections._common import any_text, lines, only
from psn_desktop.journey.status import SectionStatus
from psn_desktop.journey.steps import Step, StepKind, SummaryRow

SECTION_ID = "scope"


def address_count(ranges: list[str]) -> int:
    """How many addresses the valid ranges hold (the CoCo asks for the number in scope)."""
    total = 0
    for text in ranges:
        try:
            total += parse_ip_range(text).num_addresses
        except ValueError:
            continue
    return total


def _problems(*fields: str):
    def check(facts: Facts, _item: int | None) -> list[Problem]:
        return only(validate_scope(facts.data.scope), *fields)
    return check


def _environment_rows(facts: Facts) -> list[SummaryRow]:
    scope = facts.data.scope
    return [SummaryRow("environment", "Name of the environment", scope.environment_name),
            SummaryRow("environment", "Description", scope.description)]


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _size_rows(facts: Facts) -> list[SummaryRow]:
    scope = facts.data.scope
    return [SummaryRow("size", "People who use the network", _number(scope.user_count)),
            SummaryRow("size", "Sites (buildings)", _number(scope.site_count))]


def _ranges_rows(facts: Facts) -> list[SummaryRow]:
    ranges = facts.data.scope.ip_ranges
    return [SummaryRow("ip_ranges", "Internal IP ranges", lines(ranges)),
            SummaryRow("ip_ranges", "Internal IP addresses in scope",
                       str(address_count(ranges)) if ranges else "")]


def _services_rows(facts: Facts) -> list[SummaryRow]:
    codes = lines(facts.data.scope.psn_services_hosted)
    return [SummaryRow("services", "PSN services you host", codes or "None",
                       translate_value=not codes)]


def status(facts: Facts) -> SectionStatus:
    scope = facts.data.scope
    started = (any_text(scope.environment_name, scope.description) or scope.user_count is not None
               or scope.site_count is not None or bool(scope.ip_ranges)
               or bool(scope.psn_services_hosted))
    return SectionStatus.from_problems(SECTION.problems(facts), started=started)


SECTION = register(Section(
    id=SECTION_ID,
    title="What you are connecting (scope)",
    summary="The part of your network that joins the PSN: its name, size and IP ranges.",
    order=20,
    targets=frozenset({"scope"}),
    status=status,
    steps=(
        Step("environment", "What do you call the network you are connecting?",
             hint="Give it a short name, for example 'Office network' or 'School network'. "
                  "Say what it includes, and anything left out, such as guest Wi-Fi.",
             fields=("environment_name", "description"), glossary=("scope", "environment"),
             check=_problems("environment_name"), summary=_environment_rows),
        Step("size", "How big is it?",
             hint="Count everyone with an account, and every building with equipment on "
                  "this network.",
             fields=("user_count", "site_count"),
             check=_problems("user_count", "site_count"), summary=_size_rows),
        Step("ip_ranges", "Which internal IP ranges does it use?",
             hint="One range on each line, for example 192.168.1.0/24. Your IT provider can "
                  "tell you these, or find them on your router's settings page.",
             fields=("ip_ranges",), glossary=("ip_address", "ip_range"),
             check=_problems("ip_ranges"), summary=_ranges_rows),
        Step("services", "Do you host any PSN services?",
             hint="Only if you run a service that other organisations reach through the PSN. "
                  "Most schools, surgeries and charities host none: leave this empty.",
             fields=("psn_services",), glossary=("psn",), summary=_services_rows),
        Step("check", "Check your answers", kind=StepKind.CHECK),
    ),
))
