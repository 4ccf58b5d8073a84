"""Section: how the organisation reaches the PSN.

Either through a network provider's direct link (just name the provider), or over the
internet through an encrypted tunnel (a VPN): then the gateway, the ranges reached through
it, and how this site proves who it is. Certificates are recommended over a shared key.
"""

from __future__ import annotations

from psn_desktop.domain.model import AuthMethod, Route
from psn_desktop.domain.validation import Problem, validate_connection
from psn_desktop.journey.facts import Facts
from psn_desktop.journey.registry import register
from psn_desktop.journey.section import Section
from psn_desktop.journey.sections._common import any_text, lines, only
from psn_desktop.journey.status import SectionStatus
from psn_desktop.journey.steps import Step, StepKind, SummaryRow

SECTION_ID = "connection"

AUTH_LABELS = {
    AuthMethod.CERTIFICATE: "A certificate (recommended)",
    AuthMethod.PRE_SHARED_KEY: "A pre-shared key (a long shared password)",
}


def _problems(*fields: str):
    def check(facts: Facts, _item: int | None) -> list[Problem]:
        return only(validate_connection(facts.data.connection, facts.data.scope), *fields)
    return check


def _route_is(route: Route):
    def applies(facts: Facts) -> bool:
        return facts.data.connection.route is route
    return applies


def _route_rows(facts: Facts) -> list[SummaryRow]:
    route = facts.data.connection.route
    return [SummaryRow("route", "How you connect", route.label if route else "",
                       translate_value=True)]


def _provider_rows(facts: Facts) -> list[SummaryRow]:
    return [SummaryRow("provider", "Network provider", facts.data.connection.provider_name)]


def _gateway_rows(facts: Facts) -> list[SummaryRow]:
    connection = facts.data.connection
    return [SummaryRow("gateway", "Gateway address", connection.gateway),
            SummaryRow("gateway", "Ranges reached through the tunnel",
                       lines(connection.remote_ranges))]


def _identity_rows(facts: Facts) -> list[SummaryRow]:
    connection = facts.data.connection
    rows = [SummaryRow("identity", "How this site proves who it is",
                       AUTH_LABELS[connection.auth_method], translate_value=True)]
    if connection.local_identity or connection.auth_method is AuthMethod.PRE_SHARED_KEY:
        rows.append(SummaryRow("identity", "This site's identity", connection.local_identity))
    return rows


def status(facts: Facts) -> SectionStatus:
    connection = facts.data.connection
    started = (connection.route is not None
               or any_text(connection.provider_name, connection.gateway,
                           connection.local_identity)
               or bool(connection.remote_ranges))
    return SectionStatus.from_problems(SECTION.problems(facts), started=started)


SECTION = register(Section(
    id=SECTION_ID,
    title="How you connect",
    summary="The route your network takes to the PSN.",
    order=30,
    targets=frozenset({"connection"}),
    status=status,
    steps=(
        Step("route", "How does your network connect to the PSN?",
             hint="Ask your IT provider if you are not sure. Many small organisations now "
                  "connect over the internet through an encrypted tunnel.",
             fields=("route",), glossary=("psn", "vpn", "encryption"),
             check=_problems("route"), summary=_route_rows),
        Step("provider", "Who provides your direct link?",
             hint="The company that supplies your PSN line, as named on your contract.",
             fields=("provider_name",), applies=_route_is(Route.PROVIDER_LINK),
             check=_problems("provider_name"), summary=_provider_rows),
        Step("gateway", "Where does your tunnel go?",
             hint="Your connection provider gives you these details when you sign up.",
             fields=("gateway", "remote_ranges"), glossary=("gateway", "vpn", "ip_range"),
             applies=_route_is(Route.INTERNET_ENCRYPTED),
             check=_problems("gateway", "remote_ranges"), summary=_gateway_rows),
        Step("identity", "How does this site prove who it is?",
             hint="National guidance recommends certificates. A pre-shared key works with "
                  "older equipment, and needs this site's identity as agreed with the gateway.",
             fields=("auth_method", "local_identity"), glossary=("certificate",
                                                                  "pre_shared_key"),
             applies=_route_is(Route.INTERNET_ENCRYPTED),
             check=_problems("auth_method", "local_identity"), summary=_identity_rows),
        Step("check", "Check your answers", kind=StepKind.CHECK),
    ),
))
