"""The support dates this issue adds (Apple, ChromeOS, Linux, Office, browsers) and the
ChromeOS update-expiry rule. Every dated row is also tested around its end dates by
test_support.py, which runs over all bundled entries.
"""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from psn_desktop.domain.support import (
    SupportDataError,
    SupportState,
    load_support_data,
    load_support_file,
    support_status,
)
from psn_desktop.domain.support_rules import parse_expiry_month
from psn_desktop.resource_files import resource_path

DATA = load_support_data()
TODAY = date(2026, 11, 23)
NEW_FILES = ("macos.json", "apple-mobile.json", "chromeos.json", "linux.json",
             "microsoft-office.json", "browsers.json")
VENDOR_HOSTS = {
    "macos": {"support.apple.com"}, "ios": {"support.apple.com"},
    "ipados": {"support.apple.com"}, "ubuntu": {"ubuntu.com"},
    "debian": {"wiki.debian.org", "www.debian.org"}, "rhel": {"access.redhat.com"},
    "linux-mint": {"linuxmint.com"}, "microsoft-office": {"learn.microsoft.com"},
    "microsoft-365-apps": {"learn.microsoft.com"}, "internet-explorer": {"learn.microsoft.com"},
    "google-chrome": {"support.google.com"}, "firefox": {"www.mozilla.org"},
}


@pytest.mark.parametrize("name", NEW_FILES)
def test_new_files_validate_and_are_reviewed(name: str) -> None:
    path = resource_path("support", name)
    doc = json.loads(path.read_text("utf-8"))
    assert doc["reviewed"] == "2026-11-23"
    load_support_file(path)


def test_brief_is_covered() -> None:
    products = set(DATA.products())
    for product in ("macos", "ios", "ipados", "ubuntu", "debian", "rhel", "microsoft-office",
                    "microsoft-365-apps", "internet-explorer", "google-chrome", "firefox"):
        assert product in products, product
    assert DATA.rule_for("chromeos") is not None
    assert DATA.rule_for("ChromeOS") is DATA.rule_for("chromeos")


@pytest.mark.parametrize("entry", [e for e in DATA.entries if e.product in VENDOR_HOSTS],
                         ids=lambda e: f"{e.product}-{e.version}")
def test_sources_are_the_vendors_own_pages(entry: Any) -> None:
    assert urlparse(entry.source).hostname in VENDOR_HOSTS[entry.product]
    assert entry.note, "every new row says where its date comes from or what it assumes"


def test_microsoft_office_ends_on_patch_tuesdays() -> None:
    for entry in DATA.entries:
        if entry.product in ("microsoft-office", "microsoft-365-apps"):
            day = entry.end_of_support
            assert day.weekday() == 1 and 8 <= day.day <= 14, entry.label


def test_apple_estimates_say_so() -> None:
    for entry in DATA.entries:
        if entry.product in ("macos", "ios", "ipados") and entry.end_of_support > TODAY:
            assert "estimate" in entry.note, entry.label


@pytest.mark.parametrize(("product", "version", "edition", "state"), [
    ("macos", "13", None, SupportState.NO),
    ("macos", "15", None, SupportState.YES),
    ("ios", "17", None, SupportState.NO),
    ("ipados", "26", None, SupportState.YES),
    ("ubuntu", "20.04", None, SupportState.NO),  # ESM not bought
    ("ubuntu", "24.04", None, SupportState.YES),
    ("debian", "11", None, SupportState.NO),
    ("debian", "12", None, SupportState.YES),
    ("rhel", "9", None, SupportState.YES),
    ("linux-mint", "21", None, SupportState.YES),
    ("microsoft-office", "2016", None, SupportState.NO),
    ("microsoft-office", "2021", None, SupportState.NO),
    ("microsoft-office", "2024", None, SupportState.YES),
    ("microsoft-365-apps", "2508", "semi-annual-enterprise", SupportState.YES),
    ("microsoft-365-apps", "2408", "semi-annual-enterprise", SupportState.NO),
    ("internet-explorer", "11", None, SupportState.NO),
])
def test_well_known_answers_today(product: str, version: str, edition: str | None,
                                  state: SupportState) -> None:
    verdict = support_status(product, version, edition, TODAY, data=DATA)
    assert verdict.state is state, verdict.reason


def test_ubuntu_pro_is_the_paid_extension() -> None:
    verdict = support_status("ubuntu", "20.04", None, TODAY, extended_updates=True, data=DATA)
    assert verdict.state is SupportState.YES
    assert "Ubuntu Pro" in verdict.reason


# --- ChromeOS: each device's own Auto Update Expiration month --------------------------------


def test_chromeos_supported_to_the_last_day_of_its_month() -> None:
    last = date(2027, 6, 30)
    for day in (last - timedelta(days=1), last):
        verdict = support_status("chromeos", "2027-06", None, day, data=DATA)
        assert verdict.state is SupportState.YES, day
        assert verdict.end_date == last
        assert "30 June 2027" in verdict.reason
    after = support_status("chromeos", "2027-06", None, last + timedelta(days=1), data=DATA)
    assert after.state is SupportState.NO
    assert "30 June 2027" in after.reason and "Replace it" in after.reason


def test_chromeos_without_its_month_depends_on_the_device() -> None:
    verdict = support_status("ChromeOS", None, None, TODAY, data=DATA)
    assert verdict.state is SupportState.DEPENDS and verdict.depends_on == "version"
    assert "Update schedule" in verdict.reason


def test_chromeos_with_something_else_as_version_says_what_is_wanted() -> None:
    verdict = support_status("chromeos", "120.0.6099", None, TODAY, data=DATA)
    assert verdict.state is SupportState.UNKNOWN
    assert "2030-06" in verdict.reason


@pytest.mark.parametrize(("text", "end"), [
    ("2030-06", date(2030, 6, 30)), ("2030/6", date(2030, 6, 30)), ("06/2030", date(2030, 6, 30)),
    ("June 2030", date(2030, 6, 30)), ("Jun 2030", date(2030, 6, 30)),
    ("2028-02-01", date(2028, 2, 29)), ("Feb. 2027", date(2027, 2, 28)),
    ("30/06/2030", date(2030, 6, 30)), ("2030-13", None), ("soon", None), ("", None),
])
def test_expiry_months(text: str, end: date | None) -> None:
    assert parse_expiry_month(text) == end


# --- The additive schema: rules -------------------------------------------------------------


def rule_doc() -> dict[str, Any]:
    return json.loads(resource_path("support", "chromeos.json").read_text("utf-8"))


def write(tmp_path: Path, doc: Any, name: str = "rules.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_empty_entries_need_rules(tmp_path: Path) -> None:
    doc = rule_doc()
    del doc["rules"]
    with pytest.raises(SupportDataError, match="list of entries is empty"):
        load_support_file(write(tmp_path, doc))


def test_unknown_rule_kind_is_refused(tmp_path: Path) -> None:
    doc = rule_doc()
    doc["rules"][0]["rule"] = "guess"
    with pytest.raises(SupportDataError, match=r"rule 1 \(ChromeOS\)"):
        load_support_file(write(tmp_path, doc))


def test_rule_product_cannot_also_have_dates(tmp_path: Path) -> None:
    doc = rule_doc()
    windows = json.loads(resource_path("support", "windows.json").read_text("utf-8"))
    entry = copy.deepcopy(windows["entries"][0])
    entry.update(product="chromeos", product_name="ChromeOS")
    doc["entries"] = [entry]
    with pytest.raises(SupportDataError, match="also has entries with dates"):
        load_support_file(write(tmp_path, doc))


def test_rule_product_in_two_files(tmp_path: Path) -> None:
    write(tmp_path, rule_doc(), "a.json")
    write(tmp_path, rule_doc(), "b.json")
    with pytest.raises(SupportDataError, match=r"b\.json.*also in a\.json"):
        load_support_data(tmp_path)


def test_rule_reviewed_after_file(tmp_path: Path) -> None:
    doc = rule_doc()
    doc["rules"][0]["reviewed"] = "2027-01-01"
    with pytest.raises(SupportDataError, match="later than the file's review date"):
        load_support_file(write(tmp_path, doc))
