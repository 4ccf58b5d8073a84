"""Pages of the "What you are connecting (scope)" section."""

from __future__ import annotations

from psn_desktop.journey import Facts
from psn_desktop.journey.sections.scope import address_count
from psn_desktop.ui.pages.base import PageContext, StepPage
from psn_desktop.ui.pages.registry import register_page
from psn_desktop.ui.widgets.fields import LinesField, NumberField, ParagraphField, TextField
from psn_desktop.ui.widgets.text import paragraph
from psn_desktop.workspace.store import Workspace

SECTION = "scope"


@register_page(SECTION, "environment")
class EnvironmentPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.name = self.add_field(TextField("environment_name",
                                             self.tr("Name of the environment")))
        self.description = self.add_field(ParagraphField(
            "description", self.tr("What it includes (optional)"),
            self.tr("For example: office and classroom computers and the server; the guest "
                    "Wi-Fi is not included.")))

    def load(self, facts: Facts) -> None:
        self.name.set_value(facts.data.scope.environment_name)
        self.description.set_text(facts.data.scope.description)

    def save(self, workspace: Workspace) -> None:
        scope = workspace.scope()
        scope.environment_name = self.name.value()
        scope.description = self.description.text()
        workspace.set_scope(scope)


@register_page(SECTION, "size")
class SizePage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.users = self.add_field(NumberField("user_count",
                                                self.tr("Number of people who use it")))
        self.sites = self.add_field(NumberField("site_count",
                                                self.tr("Number of sites (buildings)")))

    def load(self, facts: Facts) -> None:
        self.users.set_number(facts.data.scope.user_count)
        self.sites.set_number(facts.data.scope.site_count)

    def save(self, workspace: Workspace) -> None:
        scope = workspace.scope()
        scope.user_count = self.users.number()
        scope.site_count = self.sites.number()
        workspace.set_scope(scope)


@register_page(SECTION, "ip_ranges")
class IpRangesPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.ranges = self.add_field(LinesField(
            "ip_ranges", self.tr("Internal IP ranges, one on each line"),
            self.tr("You can also write a range as first-last, for example "
                    "10.20.0.1-10.20.0.254.")))
        self.count = paragraph("", "hint", self)
        self.count.setAccessibleName(self.tr("Number of addresses"))
        self.body.addWidget(self.count)
        self.ranges.edited.connect(self._update_count)

    def _update_count(self) -> None:
        count = address_count(self.ranges.values())
        self.count.setText(self.tr("These ranges hold %n IP address(es).", "", count)
                           if count else "")

    def load(self, facts: Facts) -> None:
        self.ranges.set_values(facts.data.scope.ip_ranges)
        self._update_count()

    def save(self, workspace: Workspace) -> None:
        scope = workspace.scope()
        scope.ip_ranges = self.ranges.values()
        workspace.set_scope(scope)


@register_page(SECTION, "services")
class ServicesPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.codes = self.add_field(LinesField(
            "psn_services", self.tr("Codes of the PSN services you host (if any)"),
            self.tr("One on each line, as the PSN team gave them to you."), lines=3))

    def load(self, facts: Facts) -> None:
        self.codes.set_values(facts.data.scope.psn_services_hosted)

    def save(self, workspace: Workspace) -> None:
        scope = workspace.scope()
        scope.psn_services_hosted = self.codes.values()
        workspace.set_scope(scope)
