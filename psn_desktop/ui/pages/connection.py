"""Pages of the "How you connect" section."""

from __future__ import annotations

from psn_desktop.domain.model import AuthMethod, Route
from psn_desktop.journey import Facts
from psn_desktop.journey.sections.connection import AUTH_LABELS
from psn_desktop.ui.i18n import JOURNEY, MODEL, tr
from psn_desktop.ui.pages.base import PageContext, StepPage
from psn_desktop.ui.pages.registry import register_page
from psn_desktop.ui.widgets.fields import MEDIUM, ChoiceField, LinesField, TextField
from psn_desktop.workspace.store import Workspace

SECTION = "connection"


@register_page(SECTION, "route")
class RoutePage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.route = self.add_field(ChoiceField("route", self.tr("Your route to the PSN"), [
            (Route.PROVIDER_LINK, tr(MODEL, Route.PROVIDER_LINK.label),
             self.tr("A line supplied by a PSN network provider, often arranged by your "
                     "council or trust.")),
            (Route.INTERNET_ENCRYPTED, tr(MODEL, Route.INTERNET_ENCRYPTED.label),
             self.tr("Your own internet connection, with an encrypted tunnel to a PSN "
                     "gateway. PSN Desktop can help you set this up.")),
        ]))

    def load(self, facts: Facts) -> None:
        self.route.set_value(facts.data.connection.route)

    def save(self, workspace: Workspace) -> None:
        connection = workspace.connection()
        connection.route = self.route.value()  # type: ignore[assignment]
        workspace.set_connection(connection)


@register_page(SECTION, "provider")
class ProviderPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.provider = self.add_field(TextField("provider_name",
                                                 self.tr("Network provider's name")))

    def load(self, facts: Facts) -> None:
        self.provider.set_value(facts.data.connection.provider_name)

    def save(self, workspace: Workspace) -> None:
        connection = workspace.connection()
        connection.provider_name = self.provider.value()
        workspace.set_connection(connection)


@register_page(SECTION, "gateway")
class GatewayPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.gateway = self.add_field(TextField(
            "gateway", self.tr("Gateway address"),
            self.tr("A name like vpn.example.gov.uk, or an IP address.")))
        self.ranges = self.add_field(LinesField(
            "remote_ranges", self.tr("Ranges reached through the tunnel, one on each line"),
            self.tr("The PSN addresses your provider lists, for example 51.0.0.0/16.")))

    def load(self, facts: Facts) -> None:
        self.gateway.set_value(facts.data.connection.gateway)
        self.ranges.set_values(facts.data.connection.remote_ranges)

    def save(self, workspace: Workspace) -> None:
        connection = workspace.connection()
        connection.gateway = self.gateway.value()
        connection.remote_ranges = self.ranges.values()
        workspace.set_connection(connection)


@register_page(SECTION, "identity")
class IdentityPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.method = self.add_field(ChoiceField(
            "auth_method", self.tr("This site proves who it is with"),
            [(AuthMethod.CERTIFICATE, tr(JOURNEY, AUTH_LABELS[AuthMethod.CERTIFICATE]),
              self.tr("A digital certificate made for this site. The strongest choice.")),
             (AuthMethod.PRE_SHARED_KEY, tr(JOURNEY, AUTH_LABELS[AuthMethod.PRE_SHARED_KEY]),
              self.tr("For older equipment. The key itself is kept in your computer's "
                      "password store, never in the workspace."))]))
        self.identity = self.add_field(TextField(
            "local_identity", self.tr("This site's identity (needed for a pre-shared key)"),
            self.tr("Usually your domain name, for example oakfield.example.sch.uk, as "
                    "agreed with the gateway's operator."), MEDIUM))

    def load(self, facts: Facts) -> None:
        self.method.set_value(facts.data.connection.auth_method)
        self.identity.set_value(facts.data.connection.local_identity)

    def save(self, workspace: Workspace) -> None:
        connection = workspace.connection()
        connection.auth_method = self.method.value() or AuthMethod.CERTIFICATE  # type: ignore[assignment]
        connection.local_identity = self.identity.value()
        workspace.set_connection(connection)
