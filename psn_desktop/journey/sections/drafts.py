"""Text the user typed that cannot be stored yet (a date that is not a real date).

The model keeps real dates only, but nothing a user types may be lost: an unreadable date is
kept here, in the workspace's journey answers, until it is corrected. The page shows it back
as typed, and the step's check reports why it cannot be used.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from psn_desktop.domain.date_entry import DateEntryError, parse_date
from psn_desktop.domain.validation import Problem
from psn_desktop.journey.facts import Facts, SettingsStore, read_answers, write_answer

DRAFTS_KEY = "drafts"


def draft(facts: Facts, key: str) -> str | None:
    drafts = facts.answer(DRAFTS_KEY, {})
    value = drafts.get(key) if isinstance(drafts, dict) else None
    return value if isinstance(value, str) else None


def draft_dict(facts: Facts, key: str) -> dict[str, Any]:
    """A draft made of several values (a small form not yet saved anywhere else)."""
    drafts = facts.answer(DRAFTS_KEY, {})
    value = drafts.get(key) if isinstance(drafts, dict) else None
    return dict(value) if isinstance(value, dict) else {}


def write_draft(store: SettingsStore, key: str, text: str | dict[str, Any] | None) -> None:
    """Keep ``text`` under ``key`` (None: forget it), without touching other drafts."""
    drafts = read_answers(store).get(DRAFTS_KEY)
    drafts = dict(drafts) if isinstance(drafts, dict) else {}
    if text is None:
        if key not in drafts:
            return
        drafts.pop(key)
    else:
        drafts[key] = text
    write_answer(store, DRAFTS_KEY, drafts or None)


def read_date(store: SettingsStore, key: str, text: str) -> tuple[bool, date | None]:
    """Interpret a date box's text: (ok, date). Blank is ok and None; a date that cannot be
    read is kept as a draft and gives (False, None), so the caller keeps what it had."""
    text = text.strip()
    if not text:
        write_draft(store, key, None)
        return True, None
    try:
        day = parse_date(text)
    except DateEntryError:
        write_draft(store, key, text)
        return False, None
    write_draft(store, key, None)
    return True, day


def date_problems(facts: Facts, key: str, field: str) -> list[Problem]:
    text = draft(facts, key)
    if not text:
        return []
    try:
        parse_date(text)
    except DateEntryError as error:
        return [Problem(field, str(error))]
    return []
