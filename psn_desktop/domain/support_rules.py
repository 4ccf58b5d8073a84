"""Support answers for products whose end date belongs to each device, not to a release.

ChromeOS is the case: Google gives every Chromebook model its own Auto Update Expiration
month, so the support data can only state the rule (see ``rules`` in the support-v1 schema)
and the device's recorded version is that month. Kept apart from ``support`` so that module
stays about dated releases.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from psn_desktop.domain.support import (
    _MONTHS,
    SupportRule,
    SupportState,
    SupportVerdict,
    format_uk_date,
)

__all__ = ["parse_expiry_month", "rule_verdict"]

_MONTH_NUMBERS = {name[:3].lower(): number for number, name in enumerate(_MONTHS, start=1)}


def parse_expiry_month(text: str) -> date | None:
    """The last day of the month written in ``text`` ("2030-06", "06/2030", "June 2030"...).

    Google shows a Chromebook's Auto Update Expiration as a month; staff copy it in whatever
    form they see, so the common spellings are all read. None when it is not a month.
    """
    cleaned = text.strip().lower().replace(",", " ")
    year = month = None
    if match := re.fullmatch(r"(\d{4})[-/. ](\d{1,2})(?:[-/. ]\d{1,2})?", cleaned):
        year, month = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"(?:\d{1,2}[-/. ])?(\d{1,2})[-/. ](\d{4})", cleaned):
        year, month = int(match[2]), int(match[1])
    elif match := re.fullmatch(r"([a-z]{3,9})\.?\s+(\d{4})", cleaned):
        month = _MONTH_NUMBERS.get(match[1][:3])
        year = int(match[2])
    if year is None or month is None or not 1 <= month <= 12 or not 1990 <= year <= 2100:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def rule_verdict(rule: SupportRule, version: str | None, as_of: date) -> SupportVerdict:
    """Support for a product whose end date is the device's own (ChromeOS's expiry month)."""
    where = (
        "Find it on the device (for a Chromebook: Settings, About ChromeOS, Additional "
        "details, Update schedule) or in the Google Admin console"
    )
    if version is None or not version.strip():
        return SupportVerdict(
            SupportState.DEPENDS,
            f"Each {rule.product_name} device gets security updates until its own update "
            f"expiry month, so it depends on this device. {where}, and record the month as "
            "the version, for example 2030-06.",
            depends_on="version",
        )
    end = parse_expiry_month(version)
    if end is None:
        return SupportVerdict(
            SupportState.UNKNOWN,
            f"“{version}” is not an update expiry month, which is what {rule.product_name} "
            f"support depends on. {where}, and record it as the version, for example 2030-06.",
        )
    month = f"{_MONTHS[end.month - 1]} {end.year}"
    if as_of <= end:
        return SupportVerdict(
            SupportState.YES,
            f"This {rule.product_name} device gets security updates until the end of {month} "
            f"(its update expiry date, {format_uk_date(end)}). Nothing to do now; plan its "
            "replacement before then.",
            end_date=end,
        )
    return SupportVerdict(
        SupportState.NO,
        f"This {rule.product_name} device stopped getting security updates on "
        f"{format_uk_date(end)}, its update expiry date. Replace it; until then, keep it off "
        "the internet.",
        end_date=end,
    )
