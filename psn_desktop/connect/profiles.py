"""The IPsec profiles and algorithm grades, loaded from ``resources/ipsec/profiles.json``.

The national guidance changes every few years; when it does, the change should be a reviewed
edit to one data file with its source and review date, not a hunt through generator code. So
the profiles (what to offer) and the grades of every algorithm we know (what to refuse, and
why, in words a school business manager can follow) live in that file. It is checked against
its schema and against the rules a schema cannot express (every name a profile uses exists,
no profile uses a refused algorithm) when first loaded, because a broken file found at start-up
is a bug report, while one found half-way through generating a profile is a broken tunnel.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from psn_desktop.resource_files import resource_path

PROFILES_PARTS = ("ipsec", "profiles.json")
SCHEMA_PARTS = ("schemas", "ipsec-profiles-v1.schema.json")

# Grades, strongest first. "recommended" and "strong" fit the recommended profile; "legacy"
# fits only the legacy profile; "refused" fits nothing.
RECOMMENDED = "recommended"
STRONG = "strong"
LEGACY = "legacy"
REFUSED = "refused"


class ProfileDataError(ValueError):
    """The profile file is unusable; the message names the file and what to fix."""


@dataclass(frozen=True)
class Encryption:
    id: str
    label: str
    aead: bool
    grade: str
    reason: str
    strongswan: str
    windows_ike: str | None
    windows_cipher: str | None
    windows_authentication: str | None


@dataclass(frozen=True)
class Integrity:
    id: str
    label: str
    grade: str
    reason: str
    strongswan: str
    windows_ike: str | None
    windows_authentication: str | None


@dataclass(frozen=True)
class Prf:
    id: str
    label: str
    grade: str
    reason: str
    strongswan: str
    windows_ike: str | None


@dataclass(frozen=True)
class DhGroup:
    group: int
    label: str
    grade: str
    reason: str
    strongswan: str
    windows_dh: str | None
    windows_pfs: str | None


@dataclass(frozen=True)
class CertificateRule:
    key_types: tuple[str, ...]
    min_ecdsa_bits: int | None
    min_rsa_bits: int | None


@dataclass(frozen=True)
class Profile:
    id: str
    title: str
    summary: str
    ike_version: int
    ike_encryption: str
    ike_integrity: str | None
    ike_prf: str
    ike_dh_group: int
    esp_encryption: str
    esp_integrity: str | None
    esp_pfs_group: int
    certificates: CertificateRule
    ike_lifetime_seconds: int
    ipsec_lifetime_seconds: int


@dataclass(frozen=True)
class Source:
    publisher: str
    title: str
    url: str
    note: str


@dataclass(frozen=True)
class ProfileCatalogue:
    title: str
    reviewed: date
    review_by: date
    source: Source
    default_profile: str
    profiles: dict[str, Profile]
    encryption: dict[str, Encryption]
    integrity: dict[str, Integrity]
    prf: dict[str, Prf]
    dh_groups: dict[int, DhGroup]

    def profile(self, profile_id: str) -> Profile:
        try:
            return self.profiles[profile_id]
        except KeyError:
            raise KeyError(
                f"There is no '{profile_id}' profile; choose one of "
                + ", ".join(sorted(self.profiles)) + "."
            ) from None

    def is_stale(self, as_of: date) -> bool:
        """True once the review date has passed: the guidance may have moved on."""
        return as_of > self.review_by


def _graded_reason(raw: dict[str, Any]) -> str:
    return str(raw.get("reason", ""))


def _parse(raw: dict[str, Any], where: str) -> ProfileCatalogue:
    encryption = {
        e["id"]: Encryption(
            e["id"], e["label"], e["aead"], e["grade"], _graded_reason(e), e["strongswan"],
            e["windows"]["ike"], e["windows"]["cipher"], e["windows"]["authentication"],
        )
        for e in raw["encryption"]
    }
    integrity = {
        i["id"]: Integrity(i["id"], i["label"], i["grade"], _graded_reason(i), i["strongswan"],
                           i["windows"]["ike"], i["windows"]["authentication"])
        for i in raw["integrity"]
    }
    prf = {
        p["id"]: Prf(p["id"], p["label"], p["grade"], _graded_reason(p), p["strongswan"],
                     p["windows_ike"])
        for p in raw["prf"]
    }
    dh_groups = {
        g["group"]: DhGroup(g["group"], g["label"], g["grade"], _graded_reason(g),
                            g["strongswan"], g["windows"]["dh"], g["windows"]["pfs"])
        for g in raw["dh_groups"]
    }
    profiles: dict[str, Profile] = {}
    for p in raw["profiles"]:
        certs = p["certificates"]
        profiles[p["id"]] = Profile(
            id=p["id"], title=p["title"], summary=p["summary"], ike_version=p["ike_version"],
            ike_encryption=p["ike"]["encryption"], ike_integrity=p["ike"]["integrity"],
            ike_prf=p["ike"]["prf"], ike_dh_group=p["ike"]["dh_group"],
            esp_encryption=p["esp"]["encryption"], esp_integrity=p["esp"]["integrity"],
            esp_pfs_group=p["esp"]["pfs_group"],
            certificates=CertificateRule(tuple(certs["key_types"]), certs["min_ecdsa_bits"],
                                         certs["min_rsa_bits"]),
            ike_lifetime_seconds=p["ike_lifetime_seconds"],
            ipsec_lifetime_seconds=p["ipsec_lifetime_seconds"],
        )
    source = raw["source"]
    catalogue = ProfileCatalogue(
        title=raw["title"], reviewed=date.fromisoformat(raw["reviewed"]),
        review_by=date.fromisoformat(raw["review_by"]),
        source=Source(source["publisher"], source["title"], source["url"], source["note"]),
        default_profile=raw["default_profile"], profiles=profiles, encryption=encryption,
        integrity=integrity, prf=prf, dh_groups=dh_groups,
    )
    _check_references(catalogue, where)
    return catalogue


def _check_references(catalogue: ProfileCatalogue, where: str) -> None:
    """What the schema cannot say: names resolve, and no profile builds on a refused part."""
    if catalogue.default_profile not in catalogue.profiles:
        raise ProfileDataError(f"{where}: the default profile '{catalogue.default_profile}' is "
                               "not one of the profiles. Fix the file or reinstall the app.")
    for profile in catalogue.profiles.values():
        parts: list[tuple[str, Any, dict[Any, Any]]] = [
            ("IKE encryption", profile.ike_encryption, catalogue.encryption),
            ("IKE pseudo-random function", profile.ike_prf, catalogue.prf),
            ("IKE Diffie-Hellman group", profile.ike_dh_group, catalogue.dh_groups),
            ("ESP encryption", profile.esp_encryption, catalogue.encryption),
            ("ESP perfect forward secrecy group", profile.esp_pfs_group, catalogue.dh_groups),
        ]
        if profile.ike_integrity is not None:
            parts.append(("IKE integrity", profile.ike_integrity, catalogue.integrity))
        if profile.esp_integrity is not None:
            parts.append(("ESP integrity", profile.esp_integrity, catalogue.integrity))
        for what, name, table in parts:
            if name not in table:
                raise ProfileDataError(f"{where}: profile '{profile.id}' uses {what} '{name}', "
                                       "which the file does not define. Fix the file or "
                                       "reinstall the app.")
            if table[name].grade == REFUSED:
                raise ProfileDataError(f"{where}: profile '{profile.id}' uses {what} '{name}', "
                                       "which the same file refuses. Fix the file.")


def load_catalogue_file(path: Path, schema_path: Path | None = None) -> ProfileCatalogue:
    schema_path = schema_path or resource_path(*SCHEMA_PARTS)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ProfileDataError(f"{path.name}: cannot be read ({error}). Reinstall the app.") \
            from None
    except json.JSONDecodeError as error:
        raise ProfileDataError(f"{path.name}: line {error.lineno} is not valid JSON "
                               f"({error.msg}). Fix the file or reinstall the app.") from None
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    try:
        Draft202012Validator(schema).validate(raw)
    except ValidationError as error:
        place = "/".join(str(p) for p in error.absolute_path) or "the top level"
        raise ProfileDataError(f"{path.name}: at {place}: {error.message}. Fix the file or "
                               "reinstall the app.") from None
    return _parse(raw, path.name)


@cache
def load_catalogue() -> ProfileCatalogue:
    return load_catalogue_file(resource_path(*PROFILES_PARTS))
