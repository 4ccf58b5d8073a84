"""Support dates: the bundled data, the loader's checks and the verdict rules.

Every data row is tested on the days around its end dates, because an off-by-one there turns
a supported device into a finding (or hides a real one) on exactly the day people look.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from psn_desktop.domain.support import (
    SupportData,
    SupportDataError,
    SupportEntry,
    SupportState,
    data_is_stale,
    format_uk_date,
    load_support_data,
    load_support_file,
    support_status,
)
from psn_desktop.resource_files import resource_path

DAY = timedelta(days=1)
TODAY = date(2026, 11, 23)
DATA = load_support_data()
ENTRIES = DATA.entries
ESU_ENTRIES = [e for e in ENTRIES if e.extended_updates_end is not None]
LIFECYCLE = "https://learn.microsoft.com/en-us/lifecycle/products/"
# The Windows rows; other vendors' files have their own checks in test_checks_support_data.py.
WINDOWS_ENTRIES = [
    entry
    for name in ("windows.json", "windows-server.json")
    for entry in load_support_file(resource_path("support", name))
]


def entry_id(entry: SupportEntry) -> str:
    return "-".join(p for p in (entry.product, entry.version, entry.editions) if p)


def status(entry: SupportEntry, as_of: date, esu: bool | None = False):
    return support_status(entry.product, entry.version, entry.editions, as_of,
                          extended_updates=esu, data=DATA)  # fmt: skip


def get(product: str, version: str | None, editions: str) -> SupportEntry:
    (entry,) = [e for e in DATA.find(product, version) if e.editions == editions]
    return entry


# --- The bundled data ----------------------------------------------------------------------


def test_schema_is_valid_draft_2020_12() -> None:
    schema = json.loads(resource_path("schemas", "support-v1.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", ["windows.json", "windows-server.json"])
def test_bundled_files_validate(name: str) -> None:
    entries = load_support_file(resource_path("support", name))
    assert entries


def test_bundled_data_covers_the_brief() -> None:
    keys = {(e.product, e.version, e.editions) for e in ENTRIES}
    for product in ("windows-xp", "windows-vista", "windows-7", "windows-8", "windows-8.1"):
        assert (product, None, "all") in keys
    windows_10 = ["1507", "1511", "1607", "1703", "1709", "1803", "1809", "1903", "1909",
                  "2004", "20H2", "21H1", "21H2", "22H2"]  # fmt: skip
    for product, versions in (
        ("windows-10", windows_10),
        ("windows-11", ["21H2", "22H2", "23H2", "24H2", "25H2"]),
    ):
        for version in versions:
            assert (product, version, "home-pro") in keys
            assert (product, version, "enterprise-education") in keys
    for server in ("2003", "2008", "2008-r2", "2012", "2012-r2", "2016", "2019", "2022", "2025"):
        assert (f"windows-server-{server}", None, "all") in keys


def test_well_known_dates() -> None:
    assert get("windows-10", "22H2", "home-pro").end_of_support == date(2025, 10, 14)
    assert get("windows-10", "22H2", "enterprise-education").extended_updates_end == date(
        2028, 10, 10
    )
    assert get("windows-11", "23H2", "home-pro").end_of_support == date(2025, 11, 11)
    assert get("windows-11", "23H2", "enterprise-education").end_of_support == date(2026, 11, 10)
    assert get("windows-7", None, "all").end_of_support == date(2020, 1, 14)
    assert get("windows-server-2012-r2", None, "all").extended_updates_end == date(2026, 10, 13)


@pytest.mark.parametrize("entry", WINDOWS_ENTRIES, ids=entry_id)
def test_microsoft_dates_fall_on_patch_tuesday(entry: SupportEntry) -> None:
    # Microsoft ends servicing on a second Tuesday; a date on any other day is a typo.
    for day in (entry.end_of_support, entry.extended_updates_end):
        if day is not None:
            assert day.weekday() == 1 and 8 <= day.day <= 14, day


@pytest.mark.parametrize("entry", WINDOWS_ENTRIES, ids=entry_id)
def test_every_entry_has_a_microsoft_source(entry: SupportEntry) -> None:
    assert entry.source.startswith(LIFECYCLE)


# --- Every row, around its dates -----------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRIES, ids=entry_id)
def test_supported_up_to_and_including_end_of_support(entry: SupportEntry) -> None:
    for as_of in (entry.end_of_support - DAY, entry.end_of_support):
        for esu in (False, None, True):
            verdict = status(entry, as_of, esu)
            assert verdict.state is SupportState.YES, (as_of, esu, verdict.reason)
            assert verdict.end_date == entry.end_of_support
            assert verdict.entry == entry
            assert format_uk_date(entry.end_of_support) in verdict.reason


@pytest.mark.parametrize("entry", ENTRIES, ids=entry_id)
def test_not_supported_the_day_after(entry: SupportEntry) -> None:
    after = entry.end_of_support + DAY
    if entry.extended_updates_end is None:
        for esu in (False, None, True):
            verdict = status(entry, after, esu)
            assert verdict.state is SupportState.NO
            assert verdict.end_date == entry.end_of_support
            assert format_uk_date(entry.end_of_support) in verdict.reason
        return
    no = status(entry, after, False)
    assert no.state is SupportState.NO
    assert format_uk_date(entry.extended_updates_end) in no.reason
    depends = status(entry, after, None)
    assert depends.state is SupportState.DEPENDS
    assert depends.depends_on == "extended_updates"
    paid = status(entry, after, True)
    assert paid.state is SupportState.YES
    assert paid.end_date == entry.extended_updates_end


@pytest.mark.parametrize("entry", ESU_ENTRIES, ids=entry_id)
def test_extended_updates_end_day_and_day_after(entry: SupportEntry) -> None:
    assert entry.extended_updates_end is not None
    last = status(entry, entry.extended_updates_end, True)
    assert last.state is SupportState.YES
    assert format_uk_date(entry.extended_updates_end) in last.reason
    for esu in (False, None, True):
        verdict = status(entry, entry.extended_updates_end + DAY, esu)
        assert verdict.state is SupportState.NO, (esu, verdict.reason)
        assert "ended on " + format_uk_date(entry.extended_updates_end) in verdict.reason


# --- Reasons -------------------------------------------------------------------------------


def test_reason_for_an_ended_windows_11_release_points_to_a_newer_one() -> None:
    verdict = support_status("windows-11", "23H2", "home-pro", TODAY, data=DATA)
    assert verdict.state is SupportState.NO
    assert verdict.reason.startswith(
        "Windows 11 23H2 Home and Pro stopped getting security updates on 11 November 2025."
    )
    assert "Update it to Windows 11 25H2 Home and Pro" in verdict.reason


def test_windows_10_reasons_mention_esu_and_who_pays() -> None:
    no = support_status("windows-10", "22H2", "enterprise-education", TODAY, data=DATA)
    assert "14 October 2025" in no.reason
    assert "10 October 2028" in no.reason
    depends = support_status("windows-10", "22H2", "home-pro", TODAY, extended_updates=None,
                             data=DATA)  # fmt: skip
    assert "only if your organisation pays" in depends.reason
    paid = support_status("windows-10", "22H2", "home-pro", TODAY, extended_updates=True,
                          data=DATA)  # fmt: skip
    assert "pays for Extended Security Updates, which run until 10 October 2028" in paid.reason


def test_reasons_use_uk_dates_not_iso() -> None:
    for entry in ENTRIES:
        for as_of in (entry.end_of_support, entry.end_of_support + DAY):
            reason = status(entry, as_of, None).reason
            assert not re.search(r"\d{4}-\d{2}-\d{2}", reason), reason
            assert re.search(r"\b\d{1,2} [A-Z][a-z]+ \d{4}\b", reason), reason


def test_format_uk_date() -> None:
    assert format_uk_date(date(2025, 10, 14)) == "14 October 2025"
    assert format_uk_date(date(2028, 1, 9)) == "9 January 2028"


# --- Editions and versions -----------------------------------------------------------------


def test_edition_unknown_when_home_pro_ended_but_enterprise_has_not() -> None:
    # 24H2: Home and Pro ended on 13 October 2026, Enterprise and Education run to 2027.
    verdict = support_status("windows-11", "24H2", None, TODAY, data=DATA)
    assert verdict.state is SupportState.DEPENDS
    assert verdict.depends_on == "edition"
    assert "Enterprise and Education (until 12 October 2027)" in verdict.reason
    assert verdict.end_date == date(2027, 10, 12)
    assert verdict.entry is None


def test_edition_unknown_but_every_edition_agrees() -> None:
    supported = support_status("windows-11", "25H2", None, TODAY, data=DATA)
    assert supported.state is SupportState.YES
    assert supported.end_date == date(2027, 10, 12)  # the earlier of the two, to be safe
    ended = support_status("windows-11", "22H2", None, TODAY, data=DATA)
    assert ended.state is SupportState.NO


def test_edition_all_matches_any_edition() -> None:
    verdict = support_status("windows-server-2019", None, "enterprise-education", TODAY, data=DATA)
    assert verdict.state is SupportState.YES
    assert verdict.entry == get("windows-server-2019", None, "all")


def test_version_unknown_for_windows_10_after_end_of_support() -> None:
    no = support_status("windows-10", None, None, TODAY, data=DATA)
    assert no.state is SupportState.NO
    assert "14 October 2025" in no.reason
    depends = support_status("windows-10", None, None, TODAY, extended_updates=None, data=DATA)
    assert depends.state is SupportState.DEPENDS
    assert depends.depends_on == "extended_updates"
    assert "22H2" in depends.reason
    # Paying for ESU only covers 22H2, so now the version matters.
    paid = support_status("windows-10", None, None, TODAY, extended_updates=True, data=DATA)
    assert paid.state is SupportState.DEPENDS
    assert paid.depends_on == "version"


def test_version_unknown_on_windows_10_last_day() -> None:
    verdict = support_status("windows-10", None, None, date(2025, 10, 14), data=DATA)
    assert verdict.state is SupportState.DEPENDS
    assert verdict.depends_on == "version"
    assert "22H2 (until 14 October 2025)" in verdict.reason


def test_version_unknown_after_consumer_and_commercial_esu_end() -> None:
    verdict = support_status("windows-10", None, None, date(2028, 10, 11), extended_updates=True,
                             data=DATA)  # fmt: skip
    assert verdict.state is SupportState.NO


def test_version_unknown_windows_11_today_depends_on_version() -> None:
    verdict = support_status("windows-11", None, None, TODAY, data=DATA)
    assert verdict.state is SupportState.DEPENDS
    assert verdict.depends_on == "version"
    assert "25H2" in verdict.reason


def test_version_unknown_ignores_releases_not_out_yet() -> None:
    # On 1 December 2021 only 21H2 existed, and it was supported in every edition.
    verdict = support_status("windows-11", None, None, date(2021, 12, 1), data=DATA)
    assert verdict.state is SupportState.YES
    assert verdict.end_date == date(2023, 10, 10)


def test_version_is_ignored_for_products_without_releases() -> None:
    with_version = support_status("windows-7", "SP1", None, TODAY, data=DATA)
    without = support_status("windows-7", None, None, TODAY, data=DATA)
    assert with_version == without
    assert without.state is SupportState.NO


def test_product_and_version_are_matched_loosely() -> None:
    verdict = support_status("Windows 11", " 25h2 ", "HOME-PRO", TODAY, data=DATA)
    assert verdict.state is SupportState.YES
    assert verdict.entry == get("windows-11", "25H2", "home-pro")


@pytest.mark.parametrize(
    ("product", "version", "edition", "needle"),
    [
        ("macos-14", None, None, "macos-14"),
        ("windows-11", "26H9", None, "26H9"),
        ("windows-11", "24H2", "ltsc", "ltsc"),
    ],
)
def test_unknown_product_version_or_edition(
    product: str, version: str | None, edition: str | None, needle: str
) -> None:
    verdict = support_status(product, version, edition, TODAY, data=DATA)
    assert verdict.state is SupportState.UNKNOWN
    assert needle in verdict.reason
    assert "Check" in verdict.reason
    assert verdict.entry is None and verdict.end_date is None


# --- Property ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    entry=st.sampled_from(ENTRIES),
    as_of=st.dates(min_value=date(1995, 1, 1), max_value=date(2040, 12, 31)),
    esu=st.sampled_from([True, None, False]),
)
def test_never_yes_after_last_date_never_no_before_end(
    entry: SupportEntry, as_of: date, esu: bool | None
) -> None:
    verdict = status(entry, as_of, esu)
    if as_of > entry.last_possible_date:
        assert verdict.state is not SupportState.YES
    if as_of <= entry.end_of_support:
        assert verdict.state is not SupportState.NO
        assert verdict.state is SupportState.YES
    assert verdict.state is not SupportState.UNKNOWN


# --- Staleness and caching -----------------------------------------------------------------


def test_data_is_stale() -> None:
    data = SupportData(entries=(), reviewed=date(2026, 1, 1))
    assert not data_is_stale(data, date(2026, 1, 1))
    assert not data_is_stale(data, date(2027, 1, 1))  # 365 days
    assert data_is_stale(data, date(2027, 1, 2))
    assert data_is_stale(data, date(2026, 2, 1), max_age_days=30)


def test_bundled_data_is_fresh_today_and_reviewed_is_oldest_file() -> None:
    assert not data_is_stale(DATA, TODAY)
    reviewed = [
        date.fromisoformat(json.loads(p.read_text("utf-8"))["reviewed"])
        for p in resource_path("support").glob("*.json")
    ]
    assert min(reviewed) == DATA.reviewed


def test_default_data_is_cached() -> None:
    assert load_support_data() is load_support_data()


def test_products_and_find() -> None:
    products = DATA.products()
    assert "windows-11" in products and len(products) == len(set(products))
    assert len(DATA.find("windows-11", "23H2")) == 2
    assert len(DATA.find("windows-11", None)) == 10
    assert DATA.find("windows-11", "99H9") == ()
    assert DATA.find("no-such-thing", None) == ()


# --- Broken files --------------------------------------------------------------------------


def good_doc() -> dict[str, Any]:
    return {
        "schema_version": 1,
        "family": "test",
        "title": "Test data",
        "reviewed": "2026-11-23",
        "entries": [
            {
                "product": "windows-11",
                "product_name": "Windows 11",
                "version": "23H2",
                "editions": "home-pro",
                "released": "2023-10-31",
                "end_of_support": "2025-11-11",
                "source": LIFECYCLE + "windows-11-home-and-pro",
                "reviewed": "2026-11-23",
            },
            {
                "product": "windows-10",
                "product_name": "Windows 10",
                "version": "22H2",
                "editions": "enterprise-education",
                "released": "2022-10-18",
                "end_of_support": "2025-10-14",
                "extended_updates": {
                    "name": "Extended Security Updates",
                    "end": "2028-10-10",
                    "note": "Organisations can buy it.",
                },
                "source": LIFECYCLE + "windows-10-enterprise-and-education",
                "reviewed": "2026-11-23",
            },
        ],
    }  # fmt: skip


def write(tmp_path: Path, doc: Any, name: str = "broken.json") -> Path:
    path = tmp_path / name
    text = doc if isinstance(doc, str) else json.dumps(doc)
    path.write_text(text, encoding="utf-8")
    return path


def test_good_doc_loads(tmp_path: Path) -> None:
    entries = load_support_file(write(tmp_path, good_doc(), "good.json"))
    assert [e.label for e in entries] == [
        "Windows 11 23H2 Home and Pro",
        "Windows 10 22H2 Enterprise and Education",
    ]
    assert entries[1].extended_updates_name == "Extended Security Updates"


def _broken(mutate) -> dict[str, Any]:
    doc = copy.deepcopy(good_doc())
    mutate(doc)
    return doc


BROKEN = {
    "missing field": (
        _broken(lambda d: d["entries"][0].pop("end_of_support")),
        "Windows 11 23H2 Home and Pro", "end of support date", "missing",
    ),
    "bad date form": (
        _broken(lambda d: d["entries"][0].update(end_of_support="11/11/2025")),
        "Windows 11 23H2 Home and Pro", "end of support date", "YYYY-MM-DD",
    ),
    "impossible date": (
        _broken(lambda d: d["entries"][1].update(released="2022-02-30")),
        "Windows 10 22H2 Enterprise and Education", "release date", "not a real date",
    ),
    "end before release": (
        _broken(lambda d: d["entries"][0].update(end_of_support="2023-10-10")),
        "Windows 11 23H2 Home and Pro", "end of support date", "before the release date",
    ),
    "esu end before end of support": (
        _broken(lambda d: d["entries"][1]["extended_updates"].update(end="2025-10-13")),
        "Windows 10 22H2 Enterprise and Education", "extended updates end date", "not after",
    ),
    "duplicate entry": (
        _broken(lambda d: d["entries"].append(copy.deepcopy(d["entries"][0]))),
        "entry 3 (Windows 11 23H2 Home and Pro)", "edition family", "repeats entry 1",
    ),
    "unexpected field": (
        _broken(lambda d: d["entries"][1].update(end_of_life="2025-10-14")),
        "Windows 10 22H2 Enterprise and Education", "field “end_of_life”",
        "not part of this format",
    ),
    "bad version": (
        _broken(lambda d: d["entries"][0].update(version="")),
        "Windows 11", "version", "feature release",
    ),
    "all beside another edition": (
        _broken(lambda d: d["entries"].append(
            {**copy.deepcopy(d["entries"][0]), "editions": "all"})),
        "Windows 11 23H2", "edition family", "'all'",
    ),
    "entry reviewed after file": (
        _broken(lambda d: d["entries"][0].update(reviewed="2026-12-01")),
        "Windows 11 23H2 Home and Pro", "review date", "later than the file's",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_broken_file_names_file_entry_and_field(tmp_path: Path, case: str) -> None:
    doc, entry_words, field_words, problem = BROKEN[case]
    path = write(tmp_path, doc)
    with pytest.raises(SupportDataError) as caught:
        load_support_file(path)
    message = str(caught.value)
    assert "broken.json" in message
    assert entry_words in message
    assert field_words in message
    assert problem in message
    assert caught.value.file == str(path)
    assert caught.value.field == field_words


def test_missing_top_level_field(tmp_path: Path) -> None:
    doc = good_doc()
    del doc["reviewed"]
    with pytest.raises(SupportDataError, match=r"broken\.json: the review date is missing"):
        load_support_file(write(tmp_path, doc))


def test_bad_json_names_file_and_line(tmp_path: Path) -> None:
    text = json.dumps(good_doc(), indent=2).replace('"Windows 11",', '"Windows 11"', 1)
    with pytest.raises(SupportDataError, match=r"broken\.json is not valid JSON: .* line \d+"):
        load_support_file(write(tmp_path, text))


def test_wrong_schema_version(tmp_path: Path) -> None:
    doc = good_doc()
    doc["schema_version"] = 2
    with pytest.raises(SupportDataError, match="schema version 2 is not 1"):
        load_support_file(write(tmp_path, doc))


def test_folder_rejects_product_in_two_files(tmp_path: Path) -> None:
    write(tmp_path, good_doc(), "a.json")
    write(tmp_path, good_doc(), "b.json")
    with pytest.raises(SupportDataError, match=r"b\.json.*also in a\.json"):
        load_support_data(tmp_path)


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SupportDataError, match="No support dates files"):
        load_support_data(tmp_path)


def test_folder_loads_and_uses_oldest_review(tmp_path: Path) -> None:
    doc_a = good_doc()
    doc_a["entries"] = doc_a["entries"][:1]
    doc_b = good_doc()
    doc_b["entries"] = doc_b["entries"][1:]
    doc_b["reviewed"] = "2026-12-01"
    write(tmp_path, doc_a, "a.json")
    write(tmp_path, doc_b, "b.json")
    data = load_support_data(tmp_path)
    assert data.reviewed == date(2026, 11, 23)
    assert data.products() == ("windows-11", "windows-10")
