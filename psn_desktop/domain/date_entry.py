"""Dates as people type them: '27/3/2026', '27 March 2026', '2026-03-27'.

Our users write dates the British way, day first, and copy them from letters and reports in
every style. Rather than a calendar widget (slow by keyboard, awkward at 200% text) the app
takes text and reads any common form; a date it cannot read gets a message that says exactly
what is wrong ("February 2026 has 28 days"), never a silent guess.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

EXAMPLE = "27/3/2026"

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr)
                if name})
_MONTHS["sept"] = 9

_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$")


class DateEntryError(ValueError):
    """The text is not a date; the message says what to type instead."""


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _make(year: int, month: int, day: int, typed: str) -> date:
    if not 1 <= month <= 12:
        raise DateEntryError(f"“{typed}” is not a real date: there is no month {month}. "
                             f"Write the day first, for example {EXAMPLE}.")
    if year < 1990 or year > 2100:
        raise DateEntryError(f"“{typed}” is not a likely date: check the year.")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateEntryError(f"“{typed}” is not a real date: {calendar.month_name[month]} "
                             f"{year} has {last} days.")
    return date(year, month, day)


def parse_date(text: str) -> date:
    """The date in ``text``; raises DateEntryError with a message for the user."""
    typed = " ".join(text.split())
    if not typed:
        raise DateEntryError(f"Enter a date, for example {EXAMPLE}.")
    folded = typed.lower()
    if match := _ISO.match(folded):
        return _make(int(match[1]), int(match[2]), int(match[3]), typed)
    if match := _NUMERIC.match(folded):
        return _make(_year(match[3]), int(match[2]), int(match[1]), typed)
    if match := _WORDS.match(folded):
        month = _MONTHS.get(match[2])
        if month is None:
            raise DateEntryError(f"“{typed}” is not a date PSN Desktop can read: "
                                 f"“{match[2]}” is not a month.")
        return _make(int(match[3]), month, int(match[1]), typed)
    raise DateEntryError(f"“{typed}” is not a date PSN Desktop can read. Write the day, "
                         f"month and year, for example {EXAMPLE}.")


def format_date(day: date | None) -> str:
    """How a stored date is shown in a date box: '27/3/2026' (easy to edit, day first)."""
    return f"{day.day}/{day.month}/{day.year}" if day else ""
