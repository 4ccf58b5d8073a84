"""The page where a workspace chooses its frameworks, with our suggestions and their reasons.

Suggestions come first, each with the reason (school → the DfE standards, GP surgery → the
NHS toolkit, everyone → Cyber Essentials, a PSN connection → the Code of Connection); the
other installed frameworks follow, so an organisation with an unusual mix can still tick
them. Unticking everything is not saved (a workspace with no framework has nothing to
assess): the page says so at once and keeps the last real choice.
"""

from __future__ import annotations

from psn_desktop.domain.reuse import installed_frameworks
from psn_desktop.domain.suggest import suggest_frameworks
from psn_desktop.journey import Facts
from psn_desktop.journey.facts import write_answer
from psn_desktop.journey.sections.frameworks import CONFIRMED_KEY, SECTION_ID
from psn_desktop.ui.frameworks.checklist import ChecklistField
from psn_desktop.ui.i18n import JOURNEY, tr
from psn_desktop.ui.pages.base import PageContext, StepPage
from psn_desktop.ui.pages.registry import register_page
from psn_desktop.workspace.store import Workspace


@register_page(SECTION_ID, "choose")
class ChooseFrameworksPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.installed = {f.id: f for f in installed_frameworks()}
        self.suggested: list[str] = []
        self.choice = self.add_field(ChecklistField(
            "frameworks", self.tr("Frameworks"),
            [(f.id, tr(JOURNEY, f.title)) for f in self.installed.values()]))
        self.choice.edited.connect(self._check_empty)

    def load(self, facts: Facts) -> None:
        suggestions = suggest_frameworks(facts.data, self.installed)
        self.suggested = [s.framework_id for s in suggestions if s.suggested]
        for framework_id in self.installed:
            found = next((s for s in suggestions if s.framework_id == framework_id), None)
            if found is not None and found.suggested:
                hint = self.tr("Suggested for you. {reason}").format(
                    reason=tr(JOURNEY, found.reason))
            elif found is not None:
                hint = tr(JOURNEY, found.reason)
            else:
                hint = self.tr("Not usually needed for an organisation like yours.")
            self.choice.set_hint(framework_id, hint)
        self.choice.order([s.framework_id for s in suggestions])
        chosen = list(facts.data.info.frameworks)
        if facts.answer(CONFIRMED_KEY) is not True:
            # The first visit: offer every suggestion ticked, on top of what is there.
            chosen += [f for f in self.suggested if f not in chosen]
            self.on_edited()  # saving the offer is what the user sees; they can untick
        self.choice.set_values(chosen)
        self.contentChanged.emit()

    def _check_empty(self) -> None:
        self.choice.set_error(None if self.choice.values() else self.tr(
            "Choose at least one framework to work on. Until you do, the last choice is kept."))

    def save(self, workspace: Workspace) -> None:
        ticked = self.choice.values()
        if not ticked:
            return
        current = [f for f in workspace.frameworks() if f in ticked]
        workspace.set_frameworks(current + [f for f in ticked if f not in current])
        write_answer(workspace, CONFIRMED_KEY, True)
