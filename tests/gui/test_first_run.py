"""First run, driven through the real widgets: welcome, create a workspace, the organisation,
the signer and contact, how you connect, then the task list, which tells the truth."""

from __future__ import annotations

import pytest

from psn_desktop.domain.model import OrgType, PersonRole, Route
from psn_desktop.journey import SectionState
from psn_desktop.journey.first_run import START, WELCOME, StartChoice
from psn_desktop.ui.home.home_view import HomeView
from psn_desktop.ui.pages.first_run import StartPage, WelcomePage
from psn_desktop.ui.step_view import StepView
from psn_desktop.workspace import registry
from psn_desktop.workspace.store import Workspace
from tests.gui.driver import (
    choose,
    click,
    error_messages,
    field,
    press_back,
    press_continue,
    type_text,
    wait_home,
    wait_page,
    wait_view,
)

pytestmark = pytest.mark.gui


def _start_page(qtbot, window) -> StartPage:
    view = wait_view(qtbot, window, StepView)
    assert isinstance(view.page, WelcomePage)
    assert view.heading.text() == "Prepare your PSN compliance evidence"
    assert not view.back.isVisible()  # nothing before the welcome
    press_continue(qtbot, window)
    qtbot.waitUntil(lambda: isinstance(window.view.page, StartPage))
    return window.view.page


def test_first_run_creates_a_workspace_and_asks_the_key_questions(make_window, qtbot, tmp_path):
    window = make_window()
    start = _start_page(qtbot, window)
    press_continue(qtbot, window)  # nothing chosen yet
    assert error_messages(window) == ["Choose what you want to do."]
    choose(qtbot, window, "choice", StartChoice.CREATE)
    folder = tmp_path / "Oak Academy 2026"
    assert field(window, "new_folder").isVisible()
    assert not field(window, "open_folder").isVisible()
    type_text(qtbot, window, "new_folder", str(folder))
    assert start.new_folder.value() == str(folder)
    press_continue(qtbot, window)

    wait_page(qtbot, window, "organisation", "about")
    assert window.view.caption.text() == "Getting started: step 3 of 6"
    assert (folder / "workspace.sqlite3").is_file()
    made = window.session.workspace.id
    press_back(qtbot, window)  # Back to the choice: Continue carries on with the same one
    qtbot.waitUntil(lambda: isinstance(window.view.page, StartPage))
    assert window.view.page.new_folder.value() == str(folder)
    press_continue(qtbot, window)
    wait_page(qtbot, window, "organisation", "about")
    assert window.session.workspace.id == made
    assert [e.path for e in registry.known_workspaces()] == [str(folder.resolve())]
    press_continue(qtbot, window)
    assert error_messages(window) == ["Enter the organisation's name.",
                                      "Choose what kind of organisation this is."]
    assert field(window, "name").error.isVisible()
    type_text(qtbot, window, "name", "Oak Academy")
    choose(qtbot, window, "org_type", OrgType.SCHOOL)
    press_continue(qtbot, window)

    wait_page(qtbot, window, "organisation", "siro")
    type_text(qtbot, window, "name", "Priya Shah")
    type_text(qtbot, window, "job_title", "Headteacher")
    type_text(qtbot, window, "email", "head@oak")
    press_continue(qtbot, window)
    assert error_messages(window) == [
        "'head@oak' is not an email address. Write it like name@example.org.uk."]
    type_text(qtbot, window, "email", "head@oak.example.sch.uk")
    press_continue(qtbot, window)

    wait_page(qtbot, window, "organisation", "contact")
    click(qtbot, window.view.page.copy)  # "Use the signer's details"
    assert field(window, "name").value() == "Priya Shah"
    type_text(qtbot, window, "name", "Gareth Lewis")
    type_text(qtbot, window, "email", "sbm@oak.example.sch.uk")
    press_continue(qtbot, window)

    wait_page(qtbot, window, "connection", "route")
    choose(qtbot, window, "route", Route.INTERNET_ENCRYPTED)
    press_continue(qtbot, window)

    home = wait_home(qtbot, window)
    window.close()
    with Workspace.open(folder) as workspace:
        data = workspace.load()
    assert (data.organisation.name, data.organisation.org_type) == ("Oak Academy",
                                                                    OrgType.SCHOOL)
    siro = data.person(PersonRole.SIRO)
    assert (siro.name, siro.job_title, siro.email) == ("Priya Shah", "Headteacher",
                                                       "head@oak.example.sch.uk")
    contact = data.person(PersonRole.CONTACT)
    assert (contact.name, contact.job_title, contact.email) == ("Gareth Lewis", "Headteacher",
                                                                "sbm@oak.example.sch.uk")
    assert data.connection.route is Route.INTERNET_ENCRYPTED
    # The home page told the truth about what is left.
    states = {sid: row.status.state for sid, row in home.tasks.rows.items()
              if sid in ("organisation", "scope", "connection", "cloud")}
    assert states == {"organisation": SectionState.IN_PROGRESS,
                      "scope": SectionState.NOT_STARTED,
                      "connection": SectionState.IN_PROGRESS,
                      "cloud": SectionState.NOT_STARTED}
    assert "first line of the address" in home.tasks.rows["organisation"].detail.text()
    assert "gateway" in home.tasks.rows["connection"].detail.text()
    # Later features add their own sections (the requirement areas of its framework too):
    # the count is of the rows this workspace's task list shows.
    total = len(home.tasks.rows)
    assert "organisation" in home.tasks.rows and total > 4
    assert home.progress_text.text() == f"You have completed 0 of {total} sections."
    assert home.readiness.verdict.text().startswith("Not ready to submit yet")
    assert [e.title for e in registry.known_workspaces()] == ["Oak Academy"]


def test_back_works_on_every_wizard_page_and_the_demo_goes_home(make_window, qtbot):
    window = make_window()
    _start_page(qtbot, window)
    press_back(qtbot, window)
    qtbot.waitUntil(lambda: isinstance(window.view.page, WelcomePage))
    assert window.first_run_page == WELCOME
    press_continue(qtbot, window)
    qtbot.waitUntil(lambda: window.first_run_page == START)
    choose(qtbot, window, "choice", StartChoice.DEMO)
    press_continue(qtbot, window)
    home = wait_home(qtbot, window)
    assert isinstance(home, HomeView)
    assert home.title.text() == "Oakfield Primary School"
    assert window.session.workspace.folder.name == "Demo - Oakfield Primary School"


def test_finish_later_goes_to_the_task_list_with_everything_kept(make_window, qtbot,
                                                                 tmp_path):
    window = make_window()
    _start_page(qtbot, window)
    choose(qtbot, window, "choice", StartChoice.CREATE)
    type_text(qtbot, window, "new_folder", str(tmp_path / "later"))
    press_continue(qtbot, window)
    wait_page(qtbot, window, "organisation", "about")
    type_text(qtbot, window, "name", "Half Done Charity")
    click(qtbot, window.view.leave)  # "Finish later: go to the task list"
    home = wait_home(qtbot, window)
    assert home.title.text() == "Half Done Charity"
    assert home.tasks.rows["organisation"].status.state is SectionState.IN_PROGRESS
