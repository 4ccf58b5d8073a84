"""The VPN profile dialog and its place on the connection section's check page, driven like a
user would: real widgets offscreen, mouse and keyboard, a real workspace."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QProgressBar, QRadioButton, QWidget

from psn_desktop.connect.generate import ProfileFormat
from psn_desktop.domain.model import AuthMethod, Route
from psn_desktop.journey import Position
from psn_desktop.ui.connect.check_page import ConnectionCheckPage
from psn_desktop.ui.connect.dialog import VpnProfileDialog
from tests.conftest import AS_OF
from tests.gui.driver import click, wait_home, wait_page

pytestmark = pytest.mark.gui


@pytest.fixture
def dialog(qtbot, demo_workspace) -> VpnProfileDialog:  # type: ignore[no-untyped-def]
    made = VpnProfileDialog(demo_workspace, AS_OF)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


def _choose(qtbot, field, value) -> None:  # type: ignore[no-untyped-def]
    button = field.buttons[value]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton,
                     pos=button.rect().topLeft() + button.rect().center() / 4)
    assert button.isChecked()


def _make(qtbot, dialog: VpnProfileDialog) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, dialog.make_button)
    qtbot.waitUntil(lambda: dialog.task is None and bool(dialog.result_view.notices),
                    timeout=10_000)


def _notices(dialog: VpnProfileDialog) -> list[str]:
    return [n.label.text() for n in dialog.result_view.notices]


def test_makes_a_strongswan_profile_and_shows_how_to_apply_it(qtbot, dialog,  # type: ignore[no-untyped-def]
                                                              tmp_path: Path) -> None:
    _choose(qtbot, dialog.format, ProfileFormat.STRONGSWAN)
    assert not dialog.store.isVisible(), "the Windows-only question is hidden"
    _make(qtbot, dialog)
    assert dialog.profile is not None
    assert "proposals = aes128gcm16-prfsha256-ecp256" in dialog.result_view.preview.toPlainText()
    commands = [box.text() for box in dialog.result_view.command_boxes]
    assert "sudo swanctl --load-all" in commands
    steps = [label.text() for label in dialog.result_view.findChildren(QLabel)]
    assert any("(IT staff: needs an administrator)" in text for text in steps)

    target = tmp_path / "psn-desktop.conf"
    dialog.save_path = lambda: str(target)  # type: ignore[method-assign]
    click(qtbot, dialog.save_button)
    assert target.read_text(encoding="utf-8") == dialog.profile.text
    assert f"Saved to {target}." in dialog.status.text()


def test_windows_profile_for_a_user_certificate(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    _choose(qtbot, dialog.format, ProfileFormat.WINDOWS)
    assert dialog.store.isVisible()
    _choose(qtbot, dialog.store, "user")
    _make(qtbot, dialog)
    text = dialog.result_view.preview.toPlainText()
    assert "Add-VpnConnection" in text and "$CertificateStore = 'user'" in text


def test_pre_shared_key_on_windows_is_refused_in_plain_words(qtbot, dialog,  # type: ignore[no-untyped-def]
                                                             demo_workspace) -> None:
    connection = demo_workspace.connection()
    connection.auth_method = AuthMethod.PRE_SHARED_KEY
    demo_workspace.set_connection(connection)
    _choose(qtbot, dialog.format, ProfileFormat.WINDOWS)
    _make(qtbot, dialog)
    assert dialog.profile is None
    assert any("only use a pre-shared key with the older L2TP protocol" in n
               for n in _notices(dialog))
    assert not dialog.save_button.isVisible()


def test_split_tunnel_needs_a_reason_and_the_reason_is_kept(qtbot, dialog,  # type: ignore[no-untyped-def]
                                                            demo_workspace) -> None:
    _choose(qtbot, dialog.format, ProfileFormat.STRONGSWAN)
    _choose(qtbot, dialog.traffic, True)
    assert dialog.reason.isVisible()
    _make(qtbot, dialog)
    assert any("Say why this site needs it" in n for n in _notices(dialog))

    reason = "The catering supplier's ordering system must not go through the PSN gateway."
    dialog.reason.edit.setFocus()
    qtbot.keyClicks(dialog.reason.edit, reason)
    _make(qtbot, dialog)
    assert dialog.profile is not None
    assert demo_workspace.connection().split_tunnel_reason == reason
    assert "remote_ts = 51.0.0.0/16" in dialog.profile.text


def test_choices_are_saved_and_come_back(qtbot, dialog, demo_workspace) -> None:  # type: ignore[no-untyped-def]
    _choose(qtbot, dialog.profile_choice, "legacy")
    _make(qtbot, dialog)
    again = VpnProfileDialog(demo_workspace, AS_OF)
    qtbot.addWidget(again)
    assert again.profile_choice.value() == "legacy"


def test_every_control_is_named_and_reachable_with_tab(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    _choose(qtbot, dialog.format, ProfileFormat.STRONGSWAN)
    _make(qtbot, dialog)
    controls = [w for w in dialog.findChildren(QWidget)
                if w.isVisibleTo(dialog) and w.isEnabled()
                and (bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)
                     or isinstance(w, QProgressBar))
                and not isinstance(w, QLabel)
                and type(w).__name__ not in ("QScrollBar", "QScrollArea")
                and w.objectName() != "qt_scrollarea_viewport"]
    unnamed = [f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}" for w in controls
               if not w.accessibleName().strip()]
    assert not unnamed

    dialog.activateWindow()
    start = dialog.format.buttons[ProfileFormat.STRONGSWAN]
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=2000)
    reached = {start}
    for _ in range(len(controls) * 2 + 10):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.add(QApplication.focusWidget())
    for control in controls:
        if control in reached or (isinstance(control, QRadioButton)
                                  and any(b in reached for b in control.group().buttons())):
            continue
        if isinstance(control, QProgressBar):
            continue  # announced, not focused
        raise AssertionError(f"{control.accessibleName()} cannot be reached with Tab")


def test_check_page_offers_the_profile_for_the_internet_route_only(make_window, qtbot,  # type: ignore[no-untyped-def]
                                                                   demo_workspace) -> None:
    folder = demo_workspace.folder
    demo_workspace.close()
    window = make_window(folder)
    wait_home(qtbot, window)
    window.show_position(Position("connection", "check"))
    view = wait_page(qtbot, window, "connection", "check")
    page = view.page
    assert isinstance(page, ConnectionCheckPage)
    assert page.vpn_button is not None and page.vpn_button.isVisible()
    click(qtbot, page.vpn_button)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=5000)
    page.dialog.close()

    connection = window.session.workspace.connection()
    connection.route = Route.PROVIDER_LINK
    connection.provider_name = "Example Networks"
    window.session.workspace.set_connection(connection)
    window.show_position(Position("connection", "check"))
    qtbot.waitUntil(lambda: window.view.page is not page, timeout=5000)
    assert window.view.page.vpn_button is None
