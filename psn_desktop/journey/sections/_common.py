"""Small helpers the built-in sections share."""

from __future__ import annotations

from collections.abc import Iterable

from psn_desktop.domain.model import Person
from psn_desktop.domain.validation import Problem


def only(problems: Iterable[Problem], *fields: str) -> list[Problem]:
    """The problems about the given fields: a page reports only what it asks."""
    return [p for p in problems if p.field in fields]


def any_text(*values: str) -> bool:
    return any(value.strip() for value in values)


def person_started(person: Person) -> bool:
    return any_text(person.name, person.job_title, person.email, person.phone, person.company)


def person_line(person: Person) -> str:
    """One person as the check-your-answers page shows them."""
    parts = [person.name, person.job_title, person.company, person.email, person.phone]
    return "\n".join(part.strip() for part in parts if part.strip())


def lines(values: Iterable[str]) -> str:
    return "\n".join(v for v in values if v.strip())
