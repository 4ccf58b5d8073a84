"""The "How you connect" section's check page, with the way to make the VPN profile.

The section's answers are checked on the generic page; when the route is the internet with
an encrypted tunnel, a panel below offers to make the profile from those answers. Putting it
on the check page means the profile is made from facts the user has just reviewed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout

from psn_desktop.domain.model import Route
from psn_desktop.journey import Facts
from psn_desktop.ui.connect.dialog import VpnProfileDialog
from psn_desktop.ui.pages.check_answers import CheckAnswersPage
from psn_desktop.ui.pages.registry import register_page
from psn_desktop.ui.styles import set_role
from psn_desktop.ui.widgets.text import heading, paragraph, secondary_button

SECTION = "connection"


@register_page(SECTION, "check")
class ConnectionCheckPage(CheckAnswersPage):
    def __init__(self, context) -> None:  # type: ignore[no-untyped-def]
        super().__init__(context)
        self.vpn_button = None
        self.dialog: VpnProfileDialog | None = None

    def load(self, facts: Facts) -> None:
        super().load(facts)
        if facts.data.connection.route is not Route.INTERNET_ENCRYPTED:
            return
        panel = QFrame(self)
        set_role(panel, "notice", kind="info")
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(16, 10, 12, 10)
        layout.addWidget(heading(self.tr("Your VPN profile"), 3, panel))
        layout.addWidget(paragraph(self.tr(
            "PSN Desktop can make a ready-made VPN profile from these answers, for Windows' "
            "own VPN or for a router running strongSwan, and tell you how to apply it."),
            "", panel))
        self.vpn_button = secondary_button(self.tr("Make the VPN profile…"),
                                           self.tr("Make the VPN profile"), panel)
        self.vpn_button.clicked.connect(self.open_vpn_dialog)
        layout.addWidget(self.vpn_button)
        self.body.addWidget(panel)
        self.contentChanged.emit()

    def open_vpn_dialog(self) -> None:
        as_of = self.context.as_of or self.session.as_of
        self.dialog = VpnProfileDialog(self.session.workspace, as_of, self)
        self.dialog.open()
