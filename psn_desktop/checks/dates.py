"""Dates as Windows tools print them: JSON ticks, ISO, US or local forms, FILETIME hex.

Win32_QuickFixEngineering.InstalledOn is a string that is usually M/d/yyyy whatever the
PC's language, sometimes a hexadecimal FILETIME and sometimes empty; PowerShell 5.1's
ConvertTo-Json writes DateTimes as "/Date(ms)/"; a British or German PC formats dates its
own way in text. All of them are read here; anything else is None, never a guess.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)


def parse_windows_date(value: object, *, day_first: bool | None = None) -> date | None:
    """Read a date written by a Windows tool. ``day_first`` settles 03/04/2026 if known."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, dict):  # ConvertTo-Json of a DateTime with -Depth: {value, DateTime}
        return parse_windows_date(value.get("value") or value.get("DateTime"),
                                  day_first=day_first)
    text = str(value).strip()
    if not text:
        return None
    if match := re.fullmatch(r"/Date\((-?\d+)(?:[+-]\d{4})?\)/", text):
        return (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=int(match[1]))).date()
    if match := re.match(r"(\d{4})-(\d{2})-(\d{2})", text):
        return _safe(int(match[1]), int(match[2]), int(match[3]))
    if match := re.fullmatch(r"(?:0x)?([0-9a-fA-F]{15,16})", text):
        ticks = int(match[1], 16)
        try:
            return (_FILETIME_EPOCH + timedelta(microseconds=ticks // 10)).date()
        except OverflowError:
            return None
    if match := re.match(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):  # German and others
        return _safe(int(match[3]), int(match[2]), int(match[1]))
    if match := re.match(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})", text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        if first > 12:
            return _safe(year, second, first)
        if second > 12:
            return _safe(year, first, second)
        if day_first:
            return _safe(year, second, first)
        return _safe(year, first, second)  # M/d/yyyy: what WMI writes on every locale
    return None


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
