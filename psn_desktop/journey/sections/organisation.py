"""Section: the organisation and its people (who signs, who to contact, who gives IT support).

The PSN team needs the organisation's details and named people to write to; the senior
information risk owner (SIRO) signs the commitment. A school's URN and a GP practice's ODS
code are asked only of those organisations, and may be left blank.
"""

from __future__ import annotations

from psn_desktop.domain.model import OrgType, PersonRole
from psn_desktop.domain.validation import (
    Problem,
    validate_address,
    validate_organisation,
    validate_person,
)
from psn_desktop.journey.facts import Facts
from psn_desktop.journey.registry import register
from psn_desktop.journey.section import Section
from psn_desktop.journey.sections._common import any_text, only, person_line, person_started
from psn_desktop.journey.status import SectionStatus
from psn_desktop.journey.steps import Step, StepKind, SummaryRow

SECTION_ID = "organisation"
_REFERENCED = (OrgType.SCHOOL, OrgType.GP_SURGERY)


def _about_problems(facts: Facts, _item: int | None) -> list[Problem]:
    return only(validate_organisation(facts.data.organisation), "name", "org_type")


def _about_rows(facts: Facts) -> list[SummaryRow]:
    org = facts.data.organisation
    return [
        SummaryRow("about", "Name", org.name),
        SummaryRow("about", "Type of organisation", org.org_type.label if org.org_type else "",
                   translate_value=True),
    ]


def _has_reference(facts: Facts) -> bool:
    return facts.data.organisation.org_type in _REFERENCED


def _reference_problems(facts: Facts, _item: int | None) -> list[Problem]:
    return only(validate_organisation(facts.data.organisation), "urn", "ods_code")


def _reference_rows(facts: Facts) -> list[SummaryRow]:
    org = facts.data.organisation
    if org.org_type is OrgType.SCHOOL:
        return [SummaryRow("reference", "Unique reference number (URN)", org.urn)]
    return [SummaryRow("reference", "ODS code", org.ods_code)]


def _address_problems(facts: Facts, _item: int | None) -> list[Problem]:
    return validate_address(facts.data.organisation.address)


def _address_rows(facts: Facts) -> list[SummaryRow]:
    a = facts.data.organisation.address
    text = "\n".join(p.strip() for p in (a.line1, a.line2, a.town, a.postcode) if p.strip())
    return [SummaryRow("address", "Address", text)]


def _person_problems(role: PersonRole):
    def check(facts: Facts, _item: int | None) -> list[Problem]:
        return validate_person(facts.data.person(role))
    return check


def _it_provider_problems(facts: Facts, _item: int | None) -> list[Problem]:
    person = facts.data.person(PersonRole.IT_PROVIDER)
    return validate_person(person) if person_started(person) else []


def _person_rows(step_id: str, label: str, role: PersonRole, empty: str = ""):
    def rows(facts: Facts) -> list[SummaryRow]:
        text = person_line(facts.data.person(role))
        return [SummaryRow(step_id, label, text or empty, translate_value=not text)]
    return rows


def status(facts: Facts) -> SectionStatus:
    org = facts.data.organisation
    started = (any_text(org.name, org.urn, org.ods_code) or org.org_type is not None
               or not org.address.is_empty()
               or any(person_started(p) for p in facts.data.people.values()))
    return SectionStatus.from_problems(SECTION.problems(facts), started=started)


SECTION = register(Section(
    id=SECTION_ID,
    title="Your organisation and people",
    summary="Who you are, where you are, who signs and who we talk to.",
    order=10,
    targets=frozenset({"organisation"}),
    status=status,
    steps=(
        Step("about", "About your organisation",
             hint="The name the PSN team knows you by, and what kind of organisation you are.",
             fields=("name", "org_type"), glossary=("psn",),
             check=_about_problems, summary=_about_rows),
        Step("reference", "Your organisation's reference number",
             hint="Official lists know you by this number. Leave it blank if you don't know it.",
             fields=("urn", "ods_code"), applies=_has_reference,
             check=_reference_problems, summary=_reference_rows),
        Step("address", "Your organisation's address",
             hint="The main address, where the network you are connecting is based.",
             fields=("line1", "line2", "town", "postcode"),
             check=_address_problems, summary=_address_rows),
        Step("siro", "Who signs the commitment?",
             hint="The senior information risk owner (SIRO) owns information risk and signs "
                  "the commitment to the PSN. Usually the headteacher, practice manager, chief "
                  "executive or a director.",
             fields=("name", "job_title", "email", "phone"),
             glossary=("siro", "code_of_connection"),
             check=_person_problems(PersonRole.SIRO),
             summary=_person_rows("siro", "Senior information risk owner (signs)",
                                  PersonRole.SIRO)),
        Step("contact", "Who is the day-to-day contact?",
             hint="The person the PSN team writes to about this submission. It can be the "
                  "same person as the signer.",
             fields=("name", "job_title", "email", "phone"),
             check=_person_problems(PersonRole.CONTACT),
             summary=_person_rows("contact", "Day-to-day contact", PersonRole.CONTACT)),
        Step("it_provider", "Who gives you IT support?",
             hint="The company or person who looks after your computers and network, if "
                  "you have one. Leave everything blank if you do it yourselves.",
             fields=("company", "name", "email", "phone"),
             check=_it_provider_problems,
             summary=_person_rows("it_provider", "IT support provider",
                                  PersonRole.IT_PROVIDER, "None")),
        Step("check", "Check your answers", kind=StepKind.CHECK),
    ),
))
