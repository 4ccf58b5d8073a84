"""Closing at any moment loses nothing, and reopening returns to the same page."""

from __future__ import annotations

from pathlib import Path

import pytest

from psn_desktop.journey.first_run import StartChoice
from psn_desktop.workspace.store import Workspace
from tests.gui.driver import (
    choose,
    click,
    field,
    press_continue,
    type_text,
    wait_home,
    wait_page,
    wait_view,
)

pytestmark = pytest.mark.gui


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "ws"
    Workspace.create(path).close()
    return path


def test_close_mid_page_before_the_autosave_then_reopen(make_window, qtbot, folder):
    window = make_window(folder)
    home = wait_home(qtbot, window)
    click(qtbot, home.tasks.rows["scope"].button)
    wait_page(qtbot, window, "scope", "environment")
    type_text(qtbot, window, "environment_name", "Office net")
    press_continue(qtbot, window)
    wait_page(qtbot, window, "scope", "size")
    type_text(qtbot, window, "user_count", "17")
    type_text(qtbot, window, "site_count", "1")
    press_continue(qtbot, window)
    wait_page(qtbot, window, "scope", "ip_ranges")
    type_text(qtbot, window, "ip_ranges", "10.1.0.0/16\n10.2.0")  # half typed
    assert window.session.autosave.pending  # closed well inside the autosave pause
    window.close()

    with Workspace.open(folder) as workspace:
        scope = workspace.scope()
    assert (scope.environment_name, scope.user_count) == ("Office net", 17)
    assert scope.ip_ranges == ["10.1.0.0/16", "10.2.0"]  # exactly as typed, even unfinished

    again = make_window(folder)
    wait_page(qtbot, again, "scope", "ip_ranges")
    assert field(again, "ip_ranges").values() == ["10.1.0.0/16", "10.2.0"]
    # Back keeps every earlier value too.
    click(qtbot, again.view.back)
    wait_page(qtbot, again, "scope", "size")
    assert field(again, "user_count").number() == 17


def test_reopen_returns_to_a_new_list_item_and_the_task_list_offers_it(make_window, qtbot,
                                                                         folder):
    window = make_window(folder)
    click(qtbot, wait_home(qtbot, window).tasks.rows["cloud"].button)
    wait_page(qtbot, window, "cloud", "uses")
    choose(qtbot, window, "uses", True)
    press_continue(qtbot, window)
    wait_page(qtbot, window, "cloud", "services")
    click(qtbot, window.view.page.add)
    wait_page(qtbot, window, "cloud", "service", None)
    type_text(qtbot, window, "name", "Google Workspace")
    qtbot.waitUntil(lambda: not window.session.autosave.pending, timeout=3000)  # autosaved
    saved_id = window.view.page.context.position.item
    assert saved_id is not None
    window.close()

    again = make_window(folder)
    wait_page(qtbot, again, "cloud", "service", saved_id)
    assert field(again, "name").value() == "Google Workspace"
    click(qtbot, again.view.leave)  # Return to the task list
    home = wait_home(qtbot, again)
    assert home.continue_label.text() == "Cloud services you use: About this online service"
    click(qtbot, home.continue_button)
    wait_page(qtbot, again, "cloud", "service", saved_id)


def test_reopen_mid_wizard_returns_to_the_wizard_page(make_window, qtbot, tmp_path):
    window = make_window()
    wait_view(qtbot, window, type(window.view))
    press_continue(qtbot, window)
    choose(qtbot, window, "choice", StartChoice.CREATE)
    target = tmp_path / "new"
    type_text(qtbot, window, "new_folder", str(target))
    press_continue(qtbot, window)
    wait_page(qtbot, window, "organisation", "about")
    type_text(qtbot, window, "name", "Riverside Surgery")
    press_continue(qtbot, window)  # blocked: the type is missing
    window.close()

    again = make_window()  # no folder given: the last workspace opens
    wait_page(qtbot, again, "organisation", "about")
    assert again.view.caption.text() == "Getting started: step 3 of 6"
    assert field(again, "name").value() == "Riverside Surgery"
