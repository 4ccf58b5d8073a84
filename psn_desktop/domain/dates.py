"""Calendar helpers for rules written in months ("within 12 months", "under six months old")."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 Aug + 6 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def uk_date(day: date) -> str:
    """'14 October 2025': how dates are written for our users, with no zero padding."""
    return f"{day.day} {day.strftime('%B')} {day.year}"
