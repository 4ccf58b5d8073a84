"""The Credentials task-list section, worked out headless from facts."""

from __future__ import annotations

from dataclasses import replace

from psn_desktop.domain.model import AuthMethod, Connection, Route
from psn_desktop.journey import SectionState, default_registry
from psn_desktop.journey.sections.credentials import ASK, KEEP_KEY, SAVE, SECTION, needed
from tests.unit.journey_helpers import blank_data, facts_of

SAVED = ("", "2026-11-23T10:00:00+00:00")


def internet(auth: AuthMethod) -> Connection:
    return Connection(route=Route.INTERNET_ENCRYPTED, gateway="203.0.113.1",
                      auth_method=auth)


def test_it_is_on_the_task_list_after_the_earlier_sections():
    registry = default_registry()
    assert "credentials" in registry
    orders = {s.id: s.order for s in registry.sections()}
    assert orders["credentials"] > orders["connection"]


def test_not_started_until_answered_or_something_saved():
    status = SECTION.status(facts_of(blank_data()))
    assert status.state is SectionState.NOT_STARTED
    assert "Choose whether to save" in status.missing[0]
    data = replace(blank_data(), secret_records={"portal_password": SAVED})
    assert SECTION.status(facts_of(data)).state is SectionState.IN_PROGRESS


def test_the_connection_decides_which_secret_is_needed():
    psk = replace(blank_data(), connection=internet(AuthMethod.PRE_SHARED_KEY))
    cert = replace(blank_data(), connection=internet(AuthMethod.CERTIFICATE))
    link = replace(blank_data(), connection=Connection(route=Route.PROVIDER_LINK))
    assert needed(facts_of(psk)) == ["vpn_psk"]
    assert needed(facts_of(cert)) == ["cert_passphrase"]
    assert needed(facts_of(link)) == []

    status = SECTION.status(facts_of(psk, {KEEP_KEY: SAVE}))
    assert status.state is SectionState.IN_PROGRESS
    assert status.missing == ("The VPN pre-shared key is not saved yet.",)
    saved = replace(psk, secret_records={"vpn_psk": SAVED})
    assert SECTION.status(facts_of(saved, {KEEP_KEY: SAVE})).state is SectionState.COMPLETED


def test_choosing_to_be_asked_each_time_completes_it():
    psk = replace(blank_data(), connection=internet(AuthMethod.PRE_SHARED_KEY))
    assert SECTION.status(facts_of(psk, {KEEP_KEY: ASK})).state is SectionState.COMPLETED
    assert SECTION.status(facts_of(psk, {KEEP_KEY: "maybe"})).state is \
        SectionState.NOT_STARTED


def test_the_question_must_be_answered_to_continue_and_the_summary_tells_the_truth():
    step = SECTION.step("credentials")
    assert [p.field for p in step.problems(facts_of(blank_data()))] == ["keep"]
    assert step.problems(facts_of(blank_data(), {KEEP_KEY: ASK})) == []
    psk = replace(blank_data(), connection=internet(AuthMethod.PRE_SHARED_KEY),
                  secret_records={"upload_token": SAVED})
    rows = [(r.label, r.value) for r in step.summary(facts_of(psk, {KEEP_KEY: SAVE}))]
    assert rows == [
        ("Save passwords and keys on this PC?", "Yes, save them on this PC"),
        ("Upload token", "Saved"),
        ("VPN pre-shared key", "Not saved: you will be asked for it when it is needed"),
    ]
