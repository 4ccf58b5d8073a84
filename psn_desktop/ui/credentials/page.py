"""The Credentials section's page: one question, then the panel that manages the secrets.

The journey section (``psn_desktop.journey.sections.credentials``) decides what the task list
says; this page renders the question and embeds :class:`CredentialsPanel`. While the panel
waits on the keyring the frame shows its own progress bar, and its Cancel stops waiting.
"""

from __future__ import annotations

from psn_desktop.journey import Facts
from psn_desktop.journey.facts import write_answer
from psn_desktop.journey.sections.credentials import ASK, KEEP_KEY, KEEP_LABELS, SAVE, keep
from psn_desktop.ui.credentials.panel import CredentialsPanel
from psn_desktop.ui.i18n import JOURNEY, tr
from psn_desktop.ui.pages.base import PageContext, StepPage
from psn_desktop.ui.pages.registry import register_page
from psn_desktop.ui.widgets.fields import ChoiceField
from psn_desktop.workspace.store import Workspace

SECTION = "credentials"


@register_page(SECTION, "credentials")
class CredentialsPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.keep = self.add_field(ChoiceField(
            "keep", self.tr("Save passwords and keys on this PC?"),
            [(SAVE, tr(JOURNEY, KEEP_LABELS[SAVE]),
              self.tr("Add them below. Features use them without asking.")),
             (ASK, tr(JOURNEY, KEEP_LABELS[ASK]),
              self.tr("Nothing is saved; each one is forgotten after use."))]))
        assert self.session is not None
        self.panel = CredentialsPanel(self.session.workspace, self, show_progress=False)
        self.panel.busyChanged.connect(self.busyChanged)
        self.body.addWidget(self.panel)

    def load(self, facts: Facts) -> None:
        self.keep.set_value(keep(facts))

    def save(self, workspace: Workspace) -> None:
        write_answer(workspace, KEEP_KEY, self.keep.value())

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.panel.setEnabled(not read_only)

    def cancel(self) -> None:
        self.panel.stop_waiting()

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.panel.close_up()
        super().hideEvent(event)
