"""Free-text system names as people and tools write them, turned into support-data slugs."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psn_desktop.domain.model import DeviceType
from psn_desktop.domain.os_names import edition_family, recognise_linux, recognise_os
from psn_desktop.domain.support import SupportState, load_support_data, support_status

CASES = [
    # text, (product, version, edition)
    ("Win10 22H2", ("windows-10", "22H2", "")),
    ("Windows 7 Pro", ("windows-7", "", "home-pro")),
    ("Microsoft Windows 11 Enterprise", ("windows-11", "", "enterprise-education")),
    ("10.0.19045", ("windows-10", "22H2", "")),
    ("10.0.19045.6456", ("windows-10", "22H2", "")),
    ("10.0.22631", ("windows-11", "23H2", "")),
    ("10.0.26100", ("windows-11", "24H2", "")),
    ("10.0.26200", ("windows-11", "25H2", "")),
    ("Windows 10 Pro 10.0.22000", ("windows-11", "21H2", "home-pro")),  # old registry name
    ("W11 23H2 Education", ("windows-11", "23H2", "enterprise-education")),
    ("windows 11 home 24h2", ("windows-11", "24H2", "home-pro")),
    ("Windows 10 Pro for Workstations 21H2", ("windows-10", "21H2", "home-pro")),
    ("Windows 10 Enterprise LTSC 2019", ("windows-10", "", "ltsc")),
    ("Windows 10 Pro 2009", ("windows-10", "20H2", "home-pro")),
    ("Microsoft Windows 10 Professionnel", ("windows-10", "", "home-pro")),
    ("Microsoft Windows 11 Famille", ("windows-11", "", "home-pro")),
    ("Microsoft Windows 10 Entreprise", ("windows-10", "", "enterprise-education")),
    ("Microsoft Windows 10 Éducation", ("windows-10", "", "enterprise-education")),
    ("Майкрософт Windows 10 Корпоративная", ("windows-10", "", "enterprise-education")),
    ("Windows XP Professional SP3", ("windows-xp", "", "home-pro")),
    ("5.1.2600", ("windows-xp", "", "")),
    ("6.1.7601", ("windows-7", "", "")),
    ("Windows Vista Business", ("windows-vista", "", "")),
    ("Windows 8.1 Pro", ("windows-8.1", "", "home-pro")),
    ("win8", ("windows-8", "", "")),
    ("Windows Server 2012 R2 Standard", ("windows-server-2012-r2", "", "")),
    ("Microsoft Windows Server 2019 Datacenter", ("windows-server-2019", "", "")),
    ("Windows Server 10.0.20348", ("windows-server-2022", "", "")),
    ("Windows Server 2008 R2", ("windows-server-2008-r2", "", "")),
    ("macOS 14.5", ("macos", "14", "")),
    ("Mac OS X 10.15.7", ("macos", "10.15", "")),
    ("macOS Sonoma", ("macos", "14", "")),
    ("macOS Tahoe 26.1", ("macos", "26", "")),
    ("Darwin 23.4.0", ("macos", "14", "")),
    ("iPadOS 17.2", ("ipados", "17", "")),
    ("iPhone 15 iOS 18.1", ("ios", "18", "")),
    ("Chromebook AUE June 2029", ("chromeos", "2029-06", "")),
    ("ChromeOS 2030-06", ("chromeos", "2030-06", "")),
    ("Ubuntu 22.04.3 LTS", ("ubuntu", "22.04", "")),
    ("Ubuntu Noble", ("ubuntu", "24.04", "")),
    ("Debian GNU/Linux 12 (bookworm)", ("debian", "12", "")),
    ("Debian trixie", ("debian", "13", "")),
    ("Red Hat Enterprise Linux 9.3 (Plow)", ("rhel", "9", "")),
    ("Rocky Linux 8.9", ("rhel", "8", "")),
    ("Linux Mint 21.3", ("linux-mint", "21", "")),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_recognised(text: str, expected: tuple[str, str, str]) -> None:
    guess = recognise_os(text)
    assert (guess.product, guess.version, guess.edition) == expected
    assert guess.recognised and guess.label and not guess.problem


def test_every_recognised_product_has_support_data() -> None:
    data = load_support_data()
    for _text, (product, _version, _edition) in CASES:
        assert data.find(product, None) or data.rule_for(product), product


def test_separate_fields_combine() -> None:
    guess = recognise_os("Windows 11", version="23H2", edition="Professional")
    assert (guess.product, guess.version, guess.edition) == ("windows-11", "23H2", "home-pro")
    guess = recognise_os("Microsoft Windows 10 Pro", build="10.0.19044")
    assert guess.version == "21H2"
    # The SKU number is the same in every language, so it beats words.
    assert recognise_os("Windows 10", sku=121).edition == "enterprise-education"


@pytest.mark.parametrize(("text", "family"), [
    ("Professional", "home-pro"), ("Core", "home-pro"), ("CoreSingleLanguage", "home-pro"),
    ("Enterprise", "enterprise-education"), ("EnterpriseS", "ltsc"),
    ("IoTEnterprise", "enterprise-education"), ("ProfessionalEducation", "home-pro"),
    ("Education", "enterprise-education"), (48, "home-pro"), ("125", "ltsc"),
    ("Ultimate", ""), ("", ""), (None, ""), (9999, ""),
])
def test_edition_family(text: object, family: str) -> None:
    assert edition_family(text) == family  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "words"), [
    ("Windows", "not which one"),
    ("Windows Server", "which year"),
    ("Android 14", "Android"),
    ("Banana", "not an operating system"),
    ("", "No operating system"),
])
def test_not_recognised_says_why(text: str, words: str) -> None:
    guess = recognise_os(text)
    assert not guess.recognised
    assert words in guess.problem


def test_incomplete_but_recognised_asks_for_the_missing_part() -> None:
    guess = recognise_os("macOS")
    assert guess.product == "macos" and not guess.version and "Which macOS" in guess.problem


def test_device_type_hints() -> None:
    assert recognise_os("Windows Server 2022").device_type is DeviceType.SERVER
    assert recognise_os("iPadOS 18").device_type is DeviceType.TABLET
    assert recognise_os("iOS 18").device_type is DeviceType.PHONE
    assert recognise_os("ChromeOS").device_type is DeviceType.LAPTOP


def test_unknown_edition_depends_on_edition_where_it_matters() -> None:
    guess = recognise_os("W11 24H2")
    verdict = support_status(guess.product, guess.version, guess.edition or None,
                             date(2026, 11, 23))
    assert verdict.state is SupportState.DEPENDS and verdict.depends_on == "edition"
    # Where every edition agrees, the edition does not matter.
    guess = recognise_os("Windows 7")
    assert support_status(guess.product, None, None, date(2026, 11, 23)).state is \
        SupportState.NO


def test_os_release() -> None:
    assert recognise_linux({"ID": "debian", "VERSION_ID": "12"}).label == "Debian 12"
    assert recognise_linux({"ID": "rocky", "VERSION_ID": "9.4"}).version == "9"
    assert recognise_linux({"ID": "ubuntu", "VERSION_ID": "24.04"}).version == "24.04"
    other = recognise_linux({"ID": "arch", "PRETTY_NAME": "Arch Linux"})
    assert not other.recognised and "Arch Linux" in other.problem


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.text(max_size=10), st.text(max_size=20))
def test_never_raises(text: str, version: str, edition: str) -> None:
    guess = recognise_os(text, version=version, edition=edition)
    assert guess.recognised or guess.problem
