"""Validation: every problem at once, in words that say what to do, and never an exception."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psn_desktop.domain.model import (
    Action,
    ActionStatus,
    Address,
    Answer,
    AnswerStatus,
    AuthMethod,
    CloudService,
    Connection,
    Device,
    HealthCheck,
    Organisation,
    OrgType,
    Person,
    PersonRole,
    Route,
    Scope,
    SignOff,
)
from psn_desktop.domain.validation import (
    is_email,
    is_uk_postcode,
    normalise_postcode,
    parse_ip_range,
    validate_action,
    validate_answer,
    validate_cloud_service,
    validate_connection,
    validate_device,
    validate_health_check,
    validate_organisation,
    validate_person,
    validate_scope,
    validate_sign_off,
)


def fields(problems) -> list[str]:
    return [p.field for p in problems]


def test_empty_organisation_reports_everything_at_once() -> None:
    assert fields(validate_organisation(Organisation())) == ["name", "org_type"]


def test_organisation_codes_and_postcode() -> None:
    school = Organisation("A", OrgType.SCHOOL, urn="12345", address=Address(postcode="NOTAPC"))
    problems = validate_organisation(school)
    assert fields(problems) == ["urn", "postcode"]
    assert "6 digits" in problems[0].message
    assert "SW1A 2AA" in problems[1].message
    assert validate_organisation(Organisation("A", OrgType.SCHOOL, urn="123456")) == []
    gp = Organisation("B", OrgType.GP_SURGERY, ods_code="12345")
    assert fields(validate_organisation(gp)) == ["ods_code"]
    assert validate_organisation(Organisation("B", OrgType.GP_SURGERY, ods_code="A81001")) == []


@pytest.mark.parametrize("postcode", ["SW1A 2AA", "sw1a2aa", "M1 1AE", "B33 8TH", "CR2 6XH",
                                      "DN55 1PT", "W1A 0AX", "EC1A 1BB", "CF10 1AA", "GIR 0AA"])
def test_real_postcode_shapes_are_accepted(postcode: str) -> None:
    assert is_uk_postcode(postcode)


@pytest.mark.parametrize("postcode", ["", "12345", "SW1A", "QQ1 1AA", "SW1A 2AAA", "ABC DEF"])
def test_wrong_postcodes_are_refused(postcode: str) -> None:
    assert not is_uk_postcode(postcode)


def test_postcode_is_normalised_as_royal_mail_writes_it() -> None:
    assert normalise_postcode(" sw1a2aa ") == "SW1A 2AA"


def test_people() -> None:
    siro = Person(PersonRole.SIRO)
    assert fields(validate_person(siro)) == ["name", "email", "job_title"]
    bad = Person(PersonRole.CONTACT, "Kim", email="kim at school", phone="call me")
    problems = validate_person(bad)
    assert fields(problems) == ["email", "phone"]
    assert "name@example.org.uk" in problems[0].message
    assert is_email("kim@school.sch.uk")
    assert validate_person(Person(PersonRole.IT_PROVIDER, "Dana", email="d@it.example")) == []


def test_ip_ranges_parse_and_explain() -> None:
    assert str(parse_ip_range("10.20.0.0/16")) == "10.20.0.0/16"
    assert str(parse_ip_range("192.168.1.0-192.168.1.255")) == "192.168.1.0/24"
    assert str(parse_ip_range("10.0.0.5")) == "10.0.0.5/32"
    with pytest.raises(ValueError, match=re.escape("Did you mean 10.20.0.0/16")):
        parse_ip_range("10.20.1.0/16")
    with pytest.raises(ValueError, match="not an IP range"):
        parse_ip_range("the office")
    with pytest.raises(ValueError, match="not a single block"):
        parse_ip_range("10.0.0.1-10.0.0.9")
    with pytest.raises(ValueError, match="must come after"):
        parse_ip_range("10.0.0.9-10.0.0.1")


def test_scope() -> None:
    assert fields(validate_scope(Scope())) == ["environment_name", "user_count", "site_count",
                                               "ip_ranges"]
    problems = validate_scope(Scope("Net", 5, 1, ["10.0.0.0/8", "10.1.0.0/16", "8.8.8.0/24"]))
    messages = " ".join(p.message for p in problems)
    assert "public internet range" in messages
    assert "overlap" in messages
    assert validate_scope(Scope("Net", 5, 1, ["10.0.0.0/16", "192.168.0.0/24"])) == []


def test_connection() -> None:
    assert fields(validate_connection(Connection())) == ["route"]
    assert fields(validate_connection(Connection(Route.PROVIDER_LINK))) == ["provider_name"]
    internet = Connection(Route.INTERNET_ENCRYPTED, gateway="not a host!",
                          remote_ranges=["10.0.0.0/24"], auth_method=AuthMethod.PRE_SHARED_KEY)
    problems = validate_connection(internet, Scope(ip_ranges=["10.0.0.0/16"]))
    assert fields(problems) == ["gateway", "remote_ranges", "local_identity"]
    assert "overlaps your own range" in problems[1].message
    good = Connection(Route.INTERNET_ENCRYPTED, gateway="vpn.example.gov.uk",
                      remote_ranges=["51.0.0.0/16"])
    assert validate_connection(good, Scope(ip_ranges=["10.0.0.0/16"])) == []


def test_other_parts() -> None:
    assert fields(validate_cloud_service(CloudService(""))) == ["name", "assessed"]
    assert fields(validate_device(Device(" "))) == ["name", "os_product"]
    assert fields(validate_answer(Answer("x", AnswerStatus.NOT_MET))) == ["reason"]
    assert validate_answer(Answer("x", AnswerStatus.MET)) == []
    today = date(2026, 11, 23)
    assert fields(validate_health_check(HealthCheck(), today)) == ["provider", "check_date"]
    future = HealthCheck("P", date(2027, 1, 1))
    assert "future" in validate_health_check(future, today)[0].message
    assert fields(validate_action(Action(1))) == ["owner", "target_date"]
    accepted = Action(1, "me", None, ActionStatus.ACCEPTED_RISK)
    assert fields(validate_action(accepted)) == ["reason"]
    unsigned = SignOff("", "", date(2027, 1, 1), False)
    assert fields(validate_sign_off(unsigned, today)) == ["name", "role", "declared",
                                                         "signed_on"]


@given(text=st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_no_typed_text_makes_validation_raise(text: str) -> None:
    validate_organisation(Organisation(text, OrgType.SCHOOL, urn=text, ods_code=text,
                                       address=Address(postcode=text)))
    validate_organisation(Organisation(text, OrgType.GP_SURGERY, ods_code=text))
    validate_person(Person(PersonRole.SIRO, text, text, text, text))
    validate_scope(Scope(text, None, None, [text, text + "/24"]))
    validate_connection(Connection(Route.INTERNET_ENCRYPTED, text, text, [text]),
                        Scope(ip_ranges=[text]))
    for problem in validate_scope(Scope(text, 1, 1, [text])):
        assert problem.message.strip().endswith((".", "?"))
