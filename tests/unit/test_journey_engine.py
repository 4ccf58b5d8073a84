"""The journey engine without Qt: registry, statuses, Continue/Back, Change links, resume."""

from __future__ import annotations

from dataclasses import replace

import pytest

from psn_desktop.domain.model import (
    Address,
    AuthMethod,
    CloudService,
    Organisation,
    OrgType,
    Person,
    PersonRole,
    Route,
)
from psn_desktop.domain.validation import Problem
from psn_desktop.journey import (
    Facts,
    Journey,
    Position,
    Section,
    SectionRegistry,
    SectionState,
    SectionStatus,
    Step,
    StepKind,
    SummaryRow,
    default_registry,
)
from psn_desktop.journey.places import (
    FIRST_RUN,
    HOME,
    SECTION,
    Place,
    continue_position,
    last_section_position,
    load_place,
    save_place,
)
from tests.unit.journey_helpers import blank_data, facts_of


def _needs(key: str):
    """A step that is valid once the journey answer ``key`` is set."""
    def check(facts: Facts, _item: int | None) -> list[Problem]:
        return [] if facts.answer(key) else [Problem(key, f"Answer {key}.")]
    return check


def _toy_section(section_id: str = "toy", order: int = 50, **kwargs) -> Section:
    def status(facts: Facts) -> SectionStatus:
        started = any(facts.answer(k) for k in ("a", "b"))
        return SectionStatus.from_problems(section.problems(facts), started=started)

    section = Section(
        id=section_id, title="Toy", summary="A toy section.", order=order, status=status,
        steps=(
            Step("a", "A?", check=_needs("a"),
                 summary=lambda f: [SummaryRow("a", "A", str(f.answer("a") or ""))]),
            Step("b", "B?", check=_needs("b"), applies=lambda f: f.answer("a") != "skip-b"),
            Step("list", "Things", kind=StepKind.LIST),
            Step("thing", "A thing", kind=StepKind.ITEM, parent="list", check=_needs("thing"),
                 item_exists=lambda f, item: item in (f.answer("things") or [])),
            Step("check", "Check your answers", kind=StepKind.CHECK),
        ),
        **kwargs,
    )
    return section


# ----- registry ------------------------------------------------------------------------


BUILT_IN = ["organisation", "scope", "connection", "cloud"]


def _built_in() -> SectionRegistry:
    """Only this issue's sections: later features add theirs to the app's registry."""
    return SectionRegistry([default_registry()[sid] for sid in BUILT_IN])


def test_default_registry_lists_the_built_in_sections_in_order():
    ids = [s.id for s in default_registry().sections()]
    assert [sid for sid in ids if sid in BUILT_IN] == BUILT_IN
    assert ids[0] == "organisation"  # the journey starts with who you are


def test_registry_orders_by_order_then_refuses_duplicate_ids():
    first, second = _toy_section("late", order=90), _toy_section("early", order=5)
    registry = SectionRegistry([first, second])
    assert [s.id for s in registry.sections()] == ["early", "late"]
    with pytest.raises(ValueError, match="Two sections"):
        registry.add(_toy_section("late"))
    registry.add(first)  # adding the same object again is harmless (module re-import)


def test_registry_finds_the_section_for_a_readiness_target():
    claims = _toy_section("reqs", claims=lambda t: t.startswith("psn-coco:"),
                          target_step=lambda t: "b")
    registry = SectionRegistry([*_built_in().sections(), claims])
    assert registry.for_target("organisation").id == "organisation"
    assert registry.for_target("scope").id == "scope"
    assert registry.for_target("cloud").id == "cloud"
    assert registry.for_target("psn-coco:BND-01").id == "reqs"
    assert registry.for_target("health_check") is None
    journey = Journey(registry)
    facts = facts_of(blank_data())
    assert journey.for_target("psn-coco:BND-01", facts) == Position("reqs", "b")
    assert journey.for_target("scope", facts) == Position("scope", "environment")
    assert journey.for_target("plan", facts) is None


def test_section_definition_mistakes_are_refused():
    with pytest.raises(ValueError, match="same id"):
        Section("x", "X", "", 1, (Step("a", "A"), Step("a", "A")), lambda f: None)
    with pytest.raises(ValueError, match="list step"):
        Section("x", "X", "", 1, (Step("i", "I", kind=StepKind.ITEM, parent="nope"),),
                lambda f: None)
    with pytest.raises(ValueError, match="no steps"):
        Section("x", "X", "", 1, (), lambda f: None)


# ----- status ------------------------------------------------------------------------


def test_status_from_problems():
    problems = [Problem("a", "Do A."), Problem("b", "Do B."), Problem("c", "Do A.")]
    assert SectionStatus.from_problems(problems, started=False).state is SectionState.NOT_STARTED
    status = SectionStatus.from_problems(problems, started=True)
    assert status.state is SectionState.IN_PROGRESS
    assert status.missing == ("Do A.", "Do B.")  # each message once
    assert SectionStatus.from_problems([], started=True).completed
    blocked = SectionStatus.cannot_start("Finish the scope first.")
    assert (blocked.state, blocked.why) == (SectionState.CANNOT_START, "Finish the scope first.")
    assert [s.label for s in SectionState] == ["Not started", "In progress", "Completed",
                                               "Cannot start yet"]


# ----- Continue and Back on a toy section ------------------------------------------------


def test_continue_is_blocked_by_problems_and_back_always_works():
    journey = Journey(SectionRegistry([_toy_section()]))
    empty = facts_of(blank_data())
    at_a = Position("toy", "a")
    move = journey.advance(at_a, empty)
    assert move.blocked and move.target == at_a
    assert [p.field for p in move.problems] == ["a"]
    assert journey.back(at_a, empty) is None  # back from the first page: the task list
    answered = facts_of(blank_data(), {"a": "yes"})
    assert journey.advance(at_a, answered).target == Position("toy", "b")
    assert journey.back(Position("toy", "b"), empty) == at_a  # even with problems
    both = facts_of(blank_data(), {"a": "yes", "b": "yes"})
    assert journey.advance(Position("toy", "b"), both).target == Position("toy", "list")
    assert journey.advance(Position("toy", "list"), both).target == Position("toy", "check")
    assert journey.advance(Position("toy", "check"), both).target is None


def test_pages_that_do_not_apply_are_skipped_both_ways():
    journey = Journey(SectionRegistry([_toy_section()]))
    facts = facts_of(blank_data(), {"a": "skip-b"})
    assert journey.advance(Position("toy", "a"), facts).target == Position("toy", "list")
    assert journey.back(Position("toy", "list"), facts) == Position("toy", "a")


def test_item_pages_return_to_their_list():
    journey = Journey(SectionRegistry([_toy_section()]))
    facts = facts_of(blank_data(), {"a": 1, "b": 1, "thing": 1, "things": [7]})
    at_list = Position("toy", "list")
    new_item = journey.open_item(at_list, None)
    assert new_item == Position("toy", "thing", None)
    assert journey.open_item(at_list, 7) == Position("toy", "thing", 7)
    assert journey.advance(new_item, facts).target == at_list
    assert journey.back(Position("toy", "thing", 7), facts_of(blank_data())) == at_list
    assert journey.advance(new_item, facts_of(blank_data())).blocked
    with pytest.raises(KeyError):
        journey.open_item(Position("toy", "a"), None)


def test_change_links_return_to_check_your_answers():
    journey = Journey(SectionRegistry([_toy_section()]))
    facts = facts_of(blank_data(), {"a": 1, "b": 1})
    row = journey.summary("toy", facts)[0]
    assert row == SummaryRow("a", "A", "1")
    asked = ("a", "b", "list", "check")
    changing = journey.change("toy", row, facts)
    assert changing == Position("toy", "a", from_check=True, asked=asked)
    assert journey.advance(changing, facts).target == Position("toy", "check")
    assert journey.back(changing, facts) == Position("toy", "check")
    # A change that leaves a later page with a problem goes there first, returning after.
    gap = facts_of(blank_data(), {"a": 1})
    assert journey.advance(changing, gap).target == Position("toy", "b", from_check=True,
                                                             asked=asked)
    # A change that brings in a page not asked before asks it, even with nothing wrong.
    skipping = facts_of(blank_data(), {"a": "skip-b", "b": 1})
    changing = journey.change("toy", journey.summary("toy", skipping)[0], skipping)
    assert changing.asked == ("a", "list", "check")
    assert journey.advance(changing, facts).target == Position("toy", "b", from_check=True,
                                                               asked=changing.asked)
    # A saved position from before "asked" was recorded only stops at problems.
    assert journey.advance(Position("toy", "a", from_check=True), facts).target == Position(
        "toy", "check")


def test_entry_depends_on_status():
    journey = Journey(SectionRegistry([_toy_section()]))
    assert journey.entry("toy", facts_of(blank_data())) == Position("toy", "a")
    assert journey.entry("toy", facts_of(blank_data(), {"a": 1})) == Position("toy", "b")
    done = facts_of(blank_data(), {"a": 1, "b": 1})
    assert journey.entry("toy", done) == Position("toy", "check")


def test_a_section_can_choose_its_own_entry_page():
    managed = _toy_section("managed", entry=lambda facts: "list")
    journey = Journey(SectionRegistry([managed]))
    done = facts_of(blank_data(), {"a": 1, "b": 1})
    assert journey.entry("managed", done) == Position("managed", "list")
    skipping = _toy_section("skipping", entry=lambda facts: "b")
    journey = Journey(SectionRegistry([skipping]))
    # A page that does not apply (or does not exist) falls back to the usual rule.
    assert journey.entry("skipping", facts_of(blank_data(), {"a": "skip-b"})) == Position(
        "skipping", "check")


def test_resolve_makes_saved_positions_safe():
    journey = Journey(SectionRegistry([_toy_section()]))
    facts = facts_of(blank_data(), {"a": "skip-b", "things": [3]})
    assert journey.resolve(None, facts) is None
    assert journey.resolve(Position("gone", "a"), facts) is None
    # An unknown or no-longer-asked page falls back to the section's entry (here: complete).
    assert journey.resolve(Position("toy", "nope"), facts) == Position("toy", "check")
    assert journey.resolve(Position("toy", "b"), facts) == Position("toy", "check")
    fresh = facts_of(blank_data(), {"a": "skip-b"} | {"b": None})
    assert journey.resolve(Position("toy", "a"), fresh) == Position("toy", "a")
    assert journey.resolve(Position("toy", "thing", 3), facts) == Position("toy", "thing", 3)
    assert journey.resolve(Position("toy", "thing", 4), facts) == Position("toy", "list")
    assert journey.resolve(Position("toy", "thing", None), facts) == Position("toy", "thing")


def test_position_json_round_trip_and_damaged_values():
    position = Position("cloud", "service", 4, from_check=True, asked=("uses", "services"))
    assert Position.from_json(position.to_json()) == position
    assert Position.from_json({**position.to_json(), "asked": [1]}).asked is None
    for bad in (None, "x", {"section": 1}, {"section": "a", "step": "b", "item": "3"},
                {"section": "a", "step": "b", "item": True}):
        assert Position.from_json(bad) is None


def test_cannot_start_sections_are_skipped_by_continue_where_left_off():
    blocked = Section("blocked", "Blocked", "", 1, (Step("a", "A"),),
                      lambda f: SectionStatus.cannot_start("Finish the toy first."))
    journey = Journey(SectionRegistry([blocked, _toy_section()]))
    facts = facts_of(blank_data())
    assert continue_position(journey, facts, None) == Position("toy", "a")
    done = facts_of(blank_data(), {"a": 1, "b": 1})
    assert continue_position(journey, done, None) is None
    # The last page visited wins while its section is unfinished.
    assert continue_position(journey, facts, Position("toy", "b")) == Position("toy", "b")
    assert continue_position(journey, done, Position("toy", "b")) is None


# ----- places kept in the workspace ------------------------------------------------------


def test_places_are_saved_in_the_workspace(empty_workspace):
    assert load_place(empty_workspace) == Place(HOME)
    place = Place(SECTION, Position("scope", "ip_ranges"))
    save_place(empty_workspace, place)
    assert load_place(empty_workspace) == place
    save_place(empty_workspace, Place(HOME))
    assert load_place(empty_workspace) == Place(HOME)
    assert last_section_position(empty_workspace) == Position("scope", "ip_ranges")
    save_place(empty_workspace, Place(FIRST_RUN, first_run_step="organisation/siro"))
    assert load_place(empty_workspace).first_run_step == "organisation/siro"
    empty_workspace.set_setting("journey.place", {"view": "section", "position": "junk"})
    assert load_place(empty_workspace) == Place(HOME)
    empty_workspace.set_setting("journey.place", ["junk"])
    assert load_place(empty_workspace) == Place(HOME)


# ----- the real sections: every path -------------------------------------------------------


def _walk(journey: Journey, section_id: str, data, answers=None, fill=None) -> list[str]:
    """Press Continue from the entry until the task list, filling each page first."""
    answers = dict(answers or {})
    position = journey.entry(section_id, facts_of(data, answers))
    visited = []
    while position is not None:
        visited.append(position.step)
        if fill:
            fill(position.step, data, answers)
        move = journey.advance(position, facts_of(data, answers))
        assert not move.blocked, (position, move.problems)
        position = move.target
        assert len(visited) < 20
    return visited


def _walk_back(journey: Journey, section_id: str, last: str, data, answers=None) -> list[str]:
    position: Position | None = Position(section_id, last)
    visited = []
    while position is not None:
        visited.append(position.step)
        position = journey.back(position, facts_of(data, answers or {}))
    return visited


def _fill_organisation(org_type: OrgType):
    def fill(step: str, data, _answers) -> None:
        if step == "about":
            data.organisation = Organisation("Test Org", org_type)
        elif step == "reference":
            data.organisation.urn = "123456" if org_type is OrgType.SCHOOL else ""
            data.organisation.ods_code = "A81001" if org_type is OrgType.GP_SURGERY else ""
        elif step == "address":
            data.organisation.address = Address("1 High St", "", "Town", "SW1A 2AA")
        elif step in ("siro", "contact"):
            role = PersonRole.SIRO if step == "siro" else PersonRole.CONTACT
            data.people[role] = Person(role, "Sam", "Head", "sam@example.org")
    return fill


@pytest.mark.parametrize(("org_type", "expected"), [
    (OrgType.SCHOOL, ["about", "reference", "address", "siro", "contact", "it_provider",
                      "check"]),
    (OrgType.GP_SURGERY, ["about", "reference", "address", "siro", "contact", "it_provider",
                          "check"]),
    (OrgType.CHARITY, ["about", "address", "siro", "contact", "it_provider", "check"]),
    (OrgType.COUNCIL, ["about", "address", "siro", "contact", "it_provider", "check"]),
    (OrgType.OTHER, ["about", "address", "siro", "contact", "it_provider", "check"]),
])
def test_organisation_paths(org_type, expected):
    journey = Journey(default_registry())
    data = blank_data()
    assert _walk(journey, "organisation", data, fill=_fill_organisation(org_type)) == expected
    assert _walk_back(journey, "organisation", "check", data) == list(reversed(expected))
    section = default_registry()["organisation"]
    assert section.status(facts_of(data)).completed


def test_organisation_status_tells_what_is_missing():
    section = default_registry()["organisation"]
    data = blank_data()
    assert section.status(facts_of(data)).state is SectionState.NOT_STARTED
    data.organisation = Organisation("Oak School", OrgType.SCHOOL, urn="12345")
    status = section.status(facts_of(data))
    assert status.state is SectionState.IN_PROGRESS
    assert any("6 digits" in m for m in status.missing)
    assert any("senior information risk owner" in m for m in status.missing)
    # An IT provider is optional, but once started must be complete.
    _walk(Journey(default_registry()), "organisation", data,
          fill=_fill_organisation(OrgType.SCHOOL))
    assert section.status(facts_of(data)).completed
    data.people[PersonRole.IT_PROVIDER] = Person(PersonRole.IT_PROVIDER, company="Fix-It Ltd")
    status = section.status(facts_of(data))
    assert status.state is SectionState.IN_PROGRESS
    assert status.missing == ("Enter the name of your IT support contact.",
                              "Enter an email address for your IT support contact.")


def test_scope_path_and_ip_range_checks():
    journey = Journey(default_registry())
    data = blank_data()

    def fill(step, data, _answers):
        if step == "environment":
            data.scope.environment_name = "Office network"
        elif step == "size":
            data.scope.user_count, data.scope.site_count = 12, 1
        elif step == "ip_ranges":
            data.scope.ip_ranges = ["192.168.1.0/24"]

    assert _walk(journey, "scope", data, fill=fill) == ["environment", "size", "ip_ranges",
                                                        "services", "check"]
    section = default_registry()["scope"]
    assert section.status(facts_of(data)).completed
    data.scope.ip_ranges = ["192.168.1.0/24", "192.168.1.0/25", "8.8.8.0/24", "10.0.0.1/8"]
    move = journey.advance(Position("scope", "ip_ranges"), facts_of(data))
    messages = " ".join(p.message for p in move.problems)
    assert "overlap" in messages and "public internet range" in messages
    assert "host bits" in messages
    assert section.status(facts_of(data)).state is SectionState.IN_PROGRESS
    summary = {row.label: row.value for row in journey.summary("scope", facts_of(data))}
    assert summary["Internal IP addresses in scope"] == str(256 + 128 + 256)
    assert summary["PSN services you host"] == "None"


@pytest.mark.parametrize(("route", "auth", "expected"), [
    (Route.PROVIDER_LINK, None, ["route", "provider", "check"]),
    (Route.INTERNET_ENCRYPTED, AuthMethod.CERTIFICATE, ["route", "gateway", "identity",
                                                        "check"]),
    (Route.INTERNET_ENCRYPTED, AuthMethod.PRE_SHARED_KEY, ["route", "gateway", "identity",
                                                           "check"]),
])
def test_connection_paths(route, auth, expected):
    journey = Journey(default_registry())
    data = blank_data()

    def fill(step, data, _answers):
        connection = data.connection
        if step == "route":
            connection.route = route
        elif step == "provider":
            connection.provider_name = "Link Co"
        elif step == "gateway":
            connection.gateway, connection.remote_ranges = "vpn.example.gov.uk", ["51.0.0.0/16"]
        elif step == "identity":
            connection.auth_method = auth
            if auth is AuthMethod.PRE_SHARED_KEY:
                connection.local_identity = "site.example.org"

    assert _walk(journey, "connection", data, fill=fill) == expected
    assert _walk_back(journey, "connection", "check", data) == list(reversed(expected))
    assert default_registry()["connection"].status(facts_of(data)).completed


def test_connection_route_is_required_and_ranges_must_not_overlap_the_site():
    journey = Journey(default_registry())
    data = blank_data()
    assert journey.advance(Position("connection", "route"), facts_of(data)).blocked
    data.connection.route = Route.INTERNET_ENCRYPTED
    data.connection.gateway = "not a host!"
    data.connection.remote_ranges = ["10.0.0.0/8"]
    data.scope.ip_ranges = ["10.20.0.0/16"]
    move = journey.advance(Position("connection", "gateway"), facts_of(data))
    assert {p.field for p in move.problems} == {"gateway", "remote_ranges"}
    assert any("overlaps your own range" in p.message for p in move.problems)


def test_changing_the_route_from_check_answers_asks_the_new_pages_first():
    journey = Journey(default_registry())
    data = blank_data()
    data.connection.route = Route.PROVIDER_LINK
    data.connection.provider_name = "Link Co"
    row = journey.summary("connection", facts_of(data))[0]
    changing = journey.change("connection", row, facts_of(data))
    data.connection.route = Route.INTERNET_ENCRYPTED
    target = journey.advance(changing, facts_of(data)).target
    assert target == Position("connection", "gateway", from_check=True, asked=changing.asked)
    data.connection.gateway, data.connection.remote_ranges = "vpn.example.gov.uk", ["51.0.0.0/16"]
    # The identity page is new to this route: asked, though its default is valid.
    target = journey.advance(target, facts_of(data)).target
    assert (target.step, target.from_check) == ("identity", True)
    assert journey.advance(target, facts_of(data)).target == Position("connection", "check")


def test_cloud_paths():
    journey = Journey(default_registry())
    section = default_registry()["cloud"]
    # No cloud services: one question, then check your answers.
    data = blank_data()
    assert section.status(facts_of(data)).state is SectionState.NOT_STARTED
    def say_no(step, _data, answers):
        if step == "uses":
            answers["cloud.uses"] = False

    assert _walk(journey, "cloud", data, fill=say_no) == ["uses", "check"]
    assert section.status(facts_of(data, {"cloud.uses": False})).completed
    # Yes: the list needs at least one service, each added on its own page.
    answers = {"cloud.uses": True}
    at_list = Position("cloud", "services")
    assert journey.advance(Position("cloud", "uses"), facts_of(data, answers)).target == at_list
    assert journey.advance(at_list, facts_of(data, answers)).blocked
    adding = journey.open_item(at_list, None)
    assert {p.field for p in journey.advance(adding, facts_of(data, answers)).problems} == {
        "name", "assessed"}
    data.cloud_services.append(CloudService("Microsoft 365", "Email", True, id=1))
    assert journey.advance(Position("cloud", "service", 1), facts_of(data, answers)).target == (
        at_list)
    assert journey.advance(at_list, facts_of(data, answers)).target == Position("cloud", "check")
    assert section.status(facts_of(data, answers)).completed
    # "No, not yet" is an answer: the section is complete, readiness warns separately.
    data.cloud_services.append(CloudService("ParentMail", "Messages", False, id=2))
    assert section.status(facts_of(data, answers)).completed
    data.cloud_services.append(CloudService("Backup Co", id=3))
    status = section.status(facts_of(data, answers))
    assert status.missing == ("Say whether Backup Co was checked against the cloud security "
                              "principles.",)
    rows = journey.summary("cloud", facts_of(data, answers))
    assert [r.item for r in rows if r.step_id == "service"] == [1, 2, 3]
    changed = journey.change("cloud", rows[1], facts_of(data, answers))
    assert (changed.step, changed.item, changed.from_check) == ("service", 1, True)


def test_cloud_no_with_services_listed_is_a_contradiction():
    journey = Journey(default_registry())
    data = blank_data()
    data.cloud_services.append(CloudService("Microsoft 365", assessed=True, id=1))
    facts = facts_of(data, {"cloud.uses": False})
    move = journey.advance(Position("cloud", "uses"), facts)
    assert move.blocked and "still listed" in move.problems[0].message
    # Services already listed count as "yes" when the question was never asked (older data).
    assert journey.advance(Position("cloud", "uses"), facts_of(data)).target == Position(
        "cloud", "services")


def test_demo_workspace_statuses_tell_the_truth(demo_workspace, as_of):
    from psn_desktop.journey.facts import gather

    facts = gather(demo_workspace, as_of)
    states = {s.id: s.status(facts).state for s in _built_in().sections()}
    assert states == {"organisation": SectionState.COMPLETED, "scope": SectionState.COMPLETED,
                      "connection": SectionState.COMPLETED,
                      "cloud": SectionState.IN_PROGRESS}
    # The demo school has not yet said whether ParentMail was checked.
    assert default_registry()["cloud"].status(facts).missing == (
        "Say whether ParentMail was checked against the cloud security principles.",)
    assert facts.readiness and not facts.readiness[0].ready
    assert facts.readiness_problem == ""


def test_gather_reads_journey_answers(empty_workspace, as_of):
    from psn_desktop.journey.facts import gather, read_answers, write_answer

    write_answer(empty_workspace, "cloud.uses", False)
    assert gather(empty_workspace, as_of).answer("cloud.uses") is False
    write_answer(empty_workspace, "cloud.uses", None)
    assert read_answers(empty_workspace) == {}
    empty_workspace.set_setting("journey.answers", "junk")
    assert read_answers(empty_workspace) == {}


def test_position_label_names_the_section_and_page():
    journey = Journey(default_registry())
    assert journey.position_label(Position("scope", "size")) == (
        "What you are connecting (scope): How big is it?")


def test_replace_keeps_positions_hashable():
    position = Position("scope", "size")
    assert {position, replace(position, from_check=True)} == {position,
                                                              Position("scope", "size", None, True)}
