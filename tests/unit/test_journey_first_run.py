"""The first-run wizard's paths, headless."""

from __future__ import annotations

from psn_desktop.domain.model import Organisation, OrgType, Person, PersonRole, Route
from psn_desktop.journey import SectionRegistry, default_registry
from psn_desktop.journey.first_run import START, WELCOME, FirstRun, StartChoice, position_of
from tests.unit.journey_helpers import blank_data, facts_of

NEW_WORKSPACE = [WELCOME, START, "organisation/about", "organisation/siro",
                 "organisation/contact", "connection/route"]


def test_new_workspace_path_asks_the_key_questions_then_goes_home():
    wizard = FirstRun(default_registry())
    data = blank_data()
    page, visited = WELCOME, []
    fills = {
        "organisation/about": lambda: setattr(data, "organisation",
                                              Organisation("Oak", OrgType.CHARITY)),
        "organisation/siro": lambda: data.people.__setitem__(
            PersonRole.SIRO, Person(PersonRole.SIRO, "Ann", "Chair", "ann@example.org")),
        "organisation/contact": lambda: data.people.__setitem__(
            PersonRole.CONTACT, Person(PersonRole.CONTACT, "Bo", "", "bo@example.org")),
        "connection/route": lambda: setattr(data.connection, "route", Route.PROVIDER_LINK),
    }
    while page is not None:
        visited.append(page)
        move = wizard.advance(page, StartChoice.CREATE, facts_of(data))
        if move.target == page:
            break
        if move.target in fills:
            fills[move.target]()
        page = move.target
    assert visited[:2] == [WELCOME, START]
    # The answer on each page is filled after arriving; walk again now everything is valid.
    page, visited = WELCOME, []
    while page is not None:
        visited.append(page)
        page = wizard.advance(page, StartChoice.CREATE, facts_of(data)).target
    assert visited == NEW_WORKSPACE
    assert wizard.number("organisation/siro", StartChoice.CREATE) == (4, 6)


def test_each_question_page_blocks_until_answered_and_back_always_works():
    wizard = FirstRun(default_registry())
    empty = facts_of(blank_data())
    for page in NEW_WORKSPACE[2:]:
        move = wizard.advance(page, StartChoice.CREATE, empty)
        assert move.target == page and move.problems, page
    for index, page in enumerate(NEW_WORKSPACE):
        expected = NEW_WORKSPACE[index - 1] if index else None
        assert wizard.back(page, StartChoice.CREATE) == expected


def test_start_needs_a_choice():
    wizard = FirstRun(default_registry())
    move = wizard.advance(START, None, None)
    assert move.target == START and move.problems[0].field == "choice"


def test_opening_a_workspace_or_the_demo_goes_straight_home():
    wizard = FirstRun(default_registry())
    for choice in (StartChoice.OPEN, StartChoice.DEMO):
        assert wizard.pages(choice) == [WELCOME, START]
        assert wizard.advance(WELCOME, choice, None).target == START
        assert wizard.advance(START, choice, None).target is None
        assert wizard.number(START, choice) == (2, 2)


def test_only_registered_sections_appear_in_the_wizard():
    registry = SectionRegistry([default_registry()["organisation"]])
    wizard = FirstRun(registry)
    assert wizard.pages(StartChoice.CREATE) == NEW_WORKSPACE[:-1]
    assert not wizard.is_page("connection/route")
    assert wizard.is_page(WELCOME) and wizard.is_page("organisation/about")


def test_positions_of_wizard_pages():
    assert position_of(WELCOME) is None
    position = position_of("organisation/siro")
    assert (position.section, position.step) == ("organisation", "siro")
