"""Every section of the task list, from an empty workspace, through the real widgets; then
what the store holds and what the task list says."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from psn_desktop.domain.model import AuthMethod, OrgType, PersonRole, Route
from psn_desktop.journey import SectionState
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
)

pytestmark = pytest.mark.gui


@pytest.fixture
def empty_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "empty"
    Workspace.create(folder).close()
    return folder


def open_section(qtbot, window, section_id: str):
    home = wait_home(qtbot, window)
    click(qtbot, home.tasks.rows[section_id].button)


def check_answers(window) -> dict[str, str]:
    page = window.view.page
    return {b.accessibleName().removeprefix("Change "): b for b in page.change_buttons}


def test_organisation_section(make_window, qtbot, empty_folder):
    window = make_window(empty_folder)
    open_section(qtbot, window, "organisation")
    wait_page(qtbot, window, "organisation", "about")
    type_text(qtbot, window, "name", "Oakfield Primary School")
    choose(qtbot, window, "org_type", OrgType.SCHOOL)
    press_continue(qtbot, window)

    wait_page(qtbot, window, "organisation", "reference")
    assert "ods_code" not in window.view.page.fields  # a school is asked its URN only
    type_text(qtbot, window, "urn", "12345")
    press_continue(qtbot, window)
    assert error_messages(window)[0].startswith("A school's URN is 6 digits")
    type_text(qtbot, window, "urn", "123456")
    press_continue(qtbot, window)

    wait_page(qtbot, window, "organisation", "address")
    type_text(qtbot, window, "line1", "1 School Lane")
    type_text(qtbot, window, "town", "Oakfield")
    type_text(qtbot, window, "postcode", "ox49 9zz")
    press_continue(qtbot, window)

    wait_page(qtbot, window, "organisation", "siro")
    for name, text in (("name", "Priya Shah"), ("job_title", "Headteacher"),
                       ("email", "head@oakfield.example.sch.uk"), ("phone", "01632 960001")):
        type_text(qtbot, window, name, text)
    press_continue(qtbot, window)
    wait_page(qtbot, window, "organisation", "contact")
    for name, text in (("name", "Gareth Lewis"), ("job_title", "School Business Manager"),
                       ("email", "sbm@oakfield.example.sch.uk")):
        type_text(qtbot, window, name, text)
    press_continue(qtbot, window)
    wait_page(qtbot, window, "organisation", "it_provider")
    type_text(qtbot, window, "company", "Schools IT Ltd")
    press_continue(qtbot, window)  # started, so now the name and email are needed
    assert error_messages(window) == ["Enter the name of your IT support contact.",
                                      "Enter an email address for your IT support contact."]
    type_text(qtbot, window, "name", "Dana Okafor")
    type_text(qtbot, window, "email", "dana@schools-it.example.co.uk")
    press_continue(qtbot, window)

    wait_page(qtbot, window, "organisation", "check")
    links = check_answers(window)
    assert set(links) >= {"Name", "Type of organisation", "Unique reference number (URN)",
                          "Address", "Senior information risk owner (signs)",
                          "Day-to-day contact", "IT support provider"}
    click(qtbot, links["Name"])  # Change: back to the page, then straight back here
    wait_page(qtbot, window, "organisation", "about")
    type_text(qtbot, window, "name", "Oakfield Primary")
    press_continue(qtbot, window)
    wait_page(qtbot, window, "organisation", "check")
    assert window.view.continue_button.text() == "Back to the task list"
    press_continue(qtbot, window)

    home = wait_home(qtbot, window)
    assert home.tasks.rows["organisation"].status.state is SectionState.COMPLETED
    data = window.session.workspace.load()
    org = data.organisation
    assert (org.name, org.org_type, org.urn) == ("Oakfield Primary", OrgType.SCHOOL, "123456")
    assert (org.address.line1, org.address.town, org.address.postcode) == (
        "1 School Lane", "Oakfield", "OX49 9ZZ")  # the postcode tidied as Royal Mail writes it
    assert data.person(PersonRole.SIRO).phone == "01632 960001"
    assert data.person(PersonRole.CONTACT).job_title == "School Business Manager"
    provider = data.person(PersonRole.IT_PROVIDER)
    assert (provider.company, provider.name) == ("Schools IT Ltd", "Dana Okafor")


def test_scope_section(make_window, qtbot, empty_folder):
    window = make_window(empty_folder)
    open_section(qtbot, window, "scope")
    wait_page(qtbot, window, "scope", "environment")
    type_text(qtbot, window, "environment_name", "Office network")
    type_text(qtbot, window, "description", "Office PCs and the server.\nNot the guest Wi-Fi.")
    press_continue(qtbot, window)
    wait_page(qtbot, window, "scope", "size")
    type_text(qtbot, window, "user_count", "4x2")  # the field takes digits only
    assert field(window, "user_count").value() == "42"
    type_text(qtbot, window, "site_count", "2")
    press_continue(qtbot, window)

    wait_page(qtbot, window, "scope", "ip_ranges")
    press_continue(qtbot, window)
    assert "Enter at least one internal IP range" in error_messages(window)[0]
    type_text(qtbot, window, "ip_ranges", "192.168.1.0/24\n8.8.8.0/24\n192.168.1.7/24")
    press_continue(qtbot, window)
    messages = error_messages(window)
    assert any("public internet range" in m for m in messages)
    assert any("host bits set. Did you mean 192.168.1.0/24" in m for m in messages)
    assert field(window, "ip_ranges").error.isVisible()
    type_text(qtbot, window, "ip_ranges", "192.168.1.0/24\n10.20.0.0/16")
    assert window.view.page.count.text() == "These ranges hold 65792 IP address(es)."
    press_continue(qtbot, window)
    wait_page(qtbot, window, "scope", "services")
    press_back(qtbot, window)  # Back keeps what was typed
    wait_page(qtbot, window, "scope", "ip_ranges")
    assert field(window, "ip_ranges").values() == ["192.168.1.0/24", "10.20.0.0/16"]
    press_continue(qtbot, window)
    wait_page(qtbot, window, "scope", "services")
    press_continue(qtbot, window)  # hosting none is the usual answer
    wait_page(qtbot, window, "scope", "check")
    shown = [label.accessibleName() for label in window.view.page.findChildren(QLabel)]
    assert "Internal IP addresses in scope: 65792" in shown
    assert "PSN services you host: None" in shown
    press_continue(qtbot, window)
    home = wait_home(qtbot, window)
    assert home.tasks.rows["scope"].status.state is SectionState.COMPLETED
    scope = window.session.workspace.scope()
    assert (scope.environment_name, scope.user_count, scope.site_count) == (
        "Office network", 42, 2)
    assert scope.description == "Office PCs and the server.\nNot the guest Wi-Fi."
    assert scope.ip_ranges == ["192.168.1.0/24", "10.20.0.0/16"]
    assert scope.psn_services_hosted == []


def test_connection_section_both_routes(make_window, qtbot, empty_folder):
    window = make_window(empty_folder)
    open_section(qtbot, window, "connection")
    wait_page(qtbot, window, "connection", "route")
    press_continue(qtbot, window)
    assert error_messages(window) == ["Choose how you connect."]
    choose(qtbot, window, "route", Route.PROVIDER_LINK)
    press_continue(qtbot, window)
    wait_page(qtbot, window, "connection", "provider")
    type_text(qtbot, window, "provider_name", "Council Networks")
    press_continue(qtbot, window)
    wait_page(qtbot, window, "connection", "check")
    links = check_answers(window)
    click(qtbot, links["How you connect"])
    wait_page(qtbot, window, "connection", "route")
    choose(qtbot, window, "route", Route.INTERNET_ENCRYPTED)
    press_continue(qtbot, window)  # the new route needs its own pages first
    wait_page(qtbot, window, "connection", "gateway")
    type_text(qtbot, window, "gateway", "vpn.psn-access.example.gov.uk")
    type_text(qtbot, window, "remote_ranges", "51.0.0.0/16")
    press_continue(qtbot, window)
    wait_page(qtbot, window, "connection", "identity")
    choose(qtbot, window, "auth_method", AuthMethod.PRE_SHARED_KEY)
    press_continue(qtbot, window)
    assert error_messages(window) == ["Enter this site's identity (agreed with the gateway)."]
    type_text(qtbot, window, "local_identity", "oakfield.example.sch.uk")
    press_continue(qtbot, window)
    wait_page(qtbot, window, "connection", "check")
    press_continue(qtbot, window)
    home = wait_home(qtbot, window)
    assert home.tasks.rows["connection"].status.state is SectionState.COMPLETED
    connection = window.session.workspace.connection()
    assert connection.route is Route.INTERNET_ENCRYPTED
    assert connection.gateway == "vpn.psn-access.example.gov.uk"
    assert connection.remote_ranges == ["51.0.0.0/16"]
    assert connection.auth_method is AuthMethod.PRE_SHARED_KEY
    assert connection.local_identity == "oakfield.example.sch.uk"
    assert connection.provider_name == "Council Networks"  # kept, in case they switch back


def test_cloud_section_add_change_remove_and_undo(make_window, qtbot, empty_folder):
    window = make_window(empty_folder)
    open_section(qtbot, window, "cloud")
    wait_page(qtbot, window, "cloud", "uses")
    choose(qtbot, window, "uses", True)
    press_continue(qtbot, window)
    wait_page(qtbot, window, "cloud", "services")
    press_continue(qtbot, window)
    assert "Add the online services you use" in error_messages(window)[0]
    click(qtbot, window.view.page.add)
    wait_page(qtbot, window, "cloud", "service", None)
    assert window.view.heading.text() == "Add an online service"
    press_continue(qtbot, window)
    assert error_messages(window) == [
        "Enter the cloud service's name, for example Microsoft 365.",
        "Say whether this service was checked against the cloud security principles."]
    type_text(qtbot, window, "name", "Microsoft 365")
    type_text(qtbot, window, "purpose", "Email and documents")
    choose(qtbot, window, "assessed", True)
    press_continue(qtbot, window)
    wait_page(qtbot, window, "cloud", "services")
    click(qtbot, window.view.page.add)
    wait_page(qtbot, window, "cloud", "service", None)
    type_text(qtbot, window, "name", "ParentMail")
    choose(qtbot, window, "assessed", False)
    press_continue(qtbot, window)
    wait_page(qtbot, window, "cloud", "services")
    page = window.view.page
    buttons = {b.accessibleName(): b for b in page.findChildren(type(page.add))}
    click(qtbot, buttons["Remove ParentMail"])
    qtbot.waitUntil(lambda: page.notice is not None and bool(page.notice.buttons))
    assert [s.name for s in window.session.workspace.cloud_services()] == ["Microsoft 365"]
    click(qtbot, page.notice.buttons[0])  # Undo
    assert [s.name for s in window.session.workspace.cloud_services()] == ["Microsoft 365",
                                                                           "ParentMail"]
    buttons = {b.accessibleName(): b for b in page.findChildren(type(page.add))}
    click(qtbot, buttons["Change ParentMail"])
    wait_page(qtbot, window, "cloud", "service")
    assert field(window, "name").value() == "ParentMail"
    type_text(qtbot, window, "notes", "Waiting for the supplier's answers.")
    press_continue(qtbot, window)
    wait_page(qtbot, window, "cloud", "services")
    press_continue(qtbot, window)
    wait_page(qtbot, window, "cloud", "check")
    press_continue(qtbot, window)
    home = wait_home(qtbot, window)
    assert home.tasks.rows["cloud"].status.state is SectionState.COMPLETED
    services = window.session.workspace.cloud_services()
    assert [(s.name, s.purpose, s.assessed, s.notes) for s in services] == [
        ("Microsoft 365", "Email and documents", True, ""),
        ("ParentMail", "", False, "Waiting for the supplier's answers.")]
    # "No, not yet" is allowed, and the readiness verdict says it is worth fixing.
    assert any("ParentMail" in label.text() for label in home.readiness.findChildren(
        type(home.title)))


def test_cloud_section_none_used(make_window, qtbot, empty_folder):
    window = make_window(empty_folder)
    open_section(qtbot, window, "cloud")
    wait_page(qtbot, window, "cloud", "uses")
    choose(qtbot, window, "uses", False)
    press_continue(qtbot, window)
    wait_page(qtbot, window, "cloud", "check")
    press_continue(qtbot, window)
    home = wait_home(qtbot, window)
    assert home.tasks.rows["cloud"].status.state is SectionState.COMPLETED
    assert window.session.workspace.setting("journey.answers") == {"cloud.uses": False}
