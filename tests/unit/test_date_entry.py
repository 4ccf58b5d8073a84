"""Dates typed the way people type them, and a clear message when one cannot be read."""

from __future__ import annotations

from datetime import date

import pytest

from psn_desktop.domain.date_entry import DateEntryError, format_date, parse_date


@pytest.mark.parametrize("text", [
    "27/3/2026", "27/03/2026", " 27 / 3 / 2026 ", "27-3-2026", "27.3.2026", "27 3 2026",
    "27/3/26", "2026-03-27", "27 March 2026", "27th March 2026", "27 Mar 2026", "27 mar. 2026",
    "27 march, 2026",
])
def test_common_forms_are_read_day_first(text):
    assert parse_date(text) == date(2026, 3, 27)


@pytest.mark.parametrize(("text", "words"), [
    ("", "Enter a date, for example 27/3/2026."),
    ("31/2/2026", "February 2026 has 28 days"),
    ("29/2/2028", None),
    ("3/27/2026", "there is no month 27"),
    ("27 Marchember 2026", "“marchember” is not a month"),
    ("next Tuesday", "is not a date PSN Desktop can read"),
    ("1/1/1066", "check the year"),
])
def test_impossible_dates_say_what_is_wrong(text, words):
    if words is None:
        assert parse_date(text) == date(2028, 2, 29)
        return
    with pytest.raises(DateEntryError) as raised:
        parse_date(text)
    assert words in str(raised.value)


def test_a_stored_date_is_shown_the_way_it_is_typed():
    assert format_date(date(2026, 3, 7)) == "7/3/2026"
    assert format_date(None) == ""
    assert parse_date(format_date(date(2026, 12, 31))) == date(2026, 12, 31)
