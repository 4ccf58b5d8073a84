"""The Credentials section in the real app window: from the task list, through the page."""

from __future__ import annotations

import pytest

from psn_desktop.journey import SectionState
from psn_desktop.journey.sections.credentials import ASK
from psn_desktop.secrets import forget_workspace_secrets, read_secret
from psn_desktop.ui.credentials.page import CredentialsPage
from psn_desktop.workspace.store import Workspace
from tests.gui.driver import choose, click, press_continue, wait_home, wait_page
from tests.keyring_env import require_secret_service, tag

pytestmark = pytest.mark.gui


def test_the_section_page_saves_a_secret_and_the_task_list_follows(make_window, qtbot,
                                                                     demo_workspace: Workspace):
    require_secret_service()
    folder = demo_workspace.folder
    workspace_id = demo_workspace.id
    demo_workspace.close()
    try:
        window = make_window(folder)
        home = wait_home(qtbot, window)
        row = home.tasks.rows["credentials"]
        assert row.status.state is SectionState.NOT_STARTED
        click(qtbot, row.button)
        view = wait_page(qtbot, window, "credentials", "credentials")
        page = view.page
        assert isinstance(page, CredentialsPage)
        panel = page.panel
        qtbot.waitUntil(lambda: panel.status is not None and not panel.busy, timeout=10_000)
        assert "GNOME Keyring" in panel.store_label.text()

        # Continue without answering: the error summary asks the question
        press_continue(qtbot, window)
        qtbot.waitUntil(view.summary.isVisible, timeout=5_000)

        # add a secret from the page; the frame's progress shows while the keyring works
        click(qtbot, panel.add_button)
        editor = panel.editor
        assert editor is not None
        editor.purpose.setCurrentIndex(editor.purpose.findData("portal_password"))
        qtbot.keyClicks(editor.value, tag("portal pw from the page"))
        click(qtbot, editor.save_button)
        qtbot.waitUntil(lambda: panel.editor is None and not panel.busy, timeout=10_000)
        assert read_secret(workspace_id, "portal_password") == tag("portal pw from the page")

        choose(qtbot, window, "keep", ASK)
        press_continue(qtbot, window)
        wait_page(qtbot, window, "credentials", "check")
        summary = window.view.page
        texts = " ".join(label.text() for label in summary.findChildren(type(view.heading)))
        assert "Compliance portal password" in texts
        press_continue(qtbot, window)
        home = wait_home(qtbot, window)
        assert home.tasks.rows["credentials"].status.state is SectionState.COMPLETED
    finally:
        forget_workspace_secrets(workspace_id)
