"""The profile data file: it follows the guidance, says where from, and is checked at load."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from psn_desktop.connect.profiles import (
    PROFILES_PARTS,
    REFUSED,
    ProfileDataError,
    load_catalogue,
    load_catalogue_file,
)
from psn_desktop.resource_files import resource_path


def _raw() -> dict:
    return json.loads(resource_path(*PROFILES_PARTS).read_text(encoding="utf-8"))


def _write(tmp_path: Path, raw: dict) -> Path:
    path = tmp_path / "profiles.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def test_recommended_profile_is_what_the_guidance_asks_for() -> None:
    catalogue = load_catalogue()
    profile = catalogue.profile(catalogue.default_profile)
    assert profile.id == "recommended"
    assert profile.ike_version == 2
    for name in (profile.ike_encryption, profile.esp_encryption):
        assert catalogue.encryption[name].aead and "GCM" in catalogue.encryption[name].label
    assert profile.ike_prf in ("prfsha256", "prfsha384", "prfsha512"), "a SHA-2 PRF"
    for group in (profile.ike_dh_group, profile.esp_pfs_group):
        assert group in (19, 20, 21, 31), "group 19 or a stronger elliptic curve"
    assert profile.certificates.key_types == ("ecdsa",)
    assert profile.certificates.min_ecdsa_bits >= 256


def test_legacy_profile_is_main_mode_ikev1_with_group_14_and_rsa_2048() -> None:
    legacy = load_catalogue().profile("legacy")
    assert legacy.ike_version == 1
    assert (legacy.ike_encryption, legacy.ike_integrity, legacy.ike_dh_group) == \
        ("aes128", "sha256", 14)
    assert legacy.certificates.min_rsa_bits == 2048
    assert (legacy.ike_lifetime_seconds, legacy.ipsec_lifetime_seconds) == (86400, 28800)


def test_the_file_names_its_source_and_review_dates() -> None:
    catalogue = load_catalogue()
    assert catalogue.source.url == "https://www.ncsc.gov.uk/guidance/using-ipsec-protect-data"
    assert "Recommended Profile" in catalogue.source.note
    assert catalogue.reviewed <= catalogue.review_by
    assert not catalogue.is_stale(catalogue.reviewed)
    assert catalogue.is_stale(date(catalogue.review_by.year + 1, 1, 1))


def test_every_weak_algorithm_the_issue_names_is_refused_with_a_reason() -> None:
    catalogue = load_catalogue()
    refused = {
        "3des": catalogue.encryption["3des"], "des": catalogue.encryption["des"],
        "sha1": catalogue.integrity["sha1"], "md5": catalogue.integrity["md5"],
        "prfsha1": catalogue.prf["prfsha1"], "prfmd5": catalogue.prf["prfmd5"],
        **{f"group {n}": catalogue.dh_groups[n] for n in (1, 2, 5)},
    }
    for name, item in refused.items():
        assert item.grade == REFUSED, name
        assert len(item.reason) > 30, f"{name} needs a reason in plain words"
    for number, group in catalogue.dh_groups.items():
        if number < 14:
            assert group.grade == REFUSED, f"group {number} is below 14"


def test_a_file_that_breaks_the_schema_is_refused_with_the_place(tmp_path: Path) -> None:
    raw = _raw()
    raw["profiles"][0]["ike_version"] = 3
    with pytest.raises(ProfileDataError, match=r"profiles\.json: at profiles/0/ike_version"):
        load_catalogue_file(_write(tmp_path, raw))


def test_a_refused_algorithm_needs_its_reason(tmp_path: Path) -> None:
    raw = _raw()
    del raw["encryption"][4]["reason"]  # 3DES
    with pytest.raises(ProfileDataError, match="reason"):
        load_catalogue_file(_write(tmp_path, raw))


def test_a_profile_built_on_a_refused_algorithm_is_refused(tmp_path: Path) -> None:
    raw = _raw()
    raw["profiles"][0]["esp"]["encryption"] = "3des"
    with pytest.raises(ProfileDataError, match="'recommended' uses ESP encryption '3des', which "
                                               "the same file refuses"):
        load_catalogue_file(_write(tmp_path, raw))


def test_a_profile_naming_an_unknown_group_is_refused(tmp_path: Path) -> None:
    raw = _raw()
    raw["profiles"][1]["ike"]["dh_group"] = 99
    with pytest.raises(ProfileDataError, match="Diffie-Hellman group '99', which the file does "
                                               "not define"):
        load_catalogue_file(_write(tmp_path, raw))


def test_a_keyword_that_could_inject_into_a_config_is_refused_by_the_schema(
        tmp_path: Path) -> None:
    raw = _raw()
    raw["encryption"][0]["strongswan"] = "aes128gcm16\n    auth = psk"
    with pytest.raises(ProfileDataError, match="encryption/0/strongswan"):
        load_catalogue_file(_write(tmp_path, raw))


def test_unreadable_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "profiles.json"
    path.write_text('{\n  "schema_version": 1,\n  oops\n}', encoding="utf-8")
    with pytest.raises(ProfileDataError, match="line 3 is not valid JSON"):
        load_catalogue_file(path)
