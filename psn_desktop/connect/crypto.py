"""Turning a profile plus any requested changes into concrete algorithms, refusing weak ones.

Requests for weak options usually come from someone copying an old router's settings, who
deserves to know why the app will not do it, in words they can pass on. Each refusal therefore
carries the reason from the profile file (3DES, SHA-1, MD5, small Diffie-Hellman groups) or
from here (IKEv1 aggressive mode, no forward secrecy). Options that are sound but belong to the
legacy profile are refused in the recommended profile with a pointer to the legacy one, so a
profile called "recommended" always is; the legacy profile itself is allowed with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass

from psn_desktop.connect.choices import ProfileChoices
from psn_desktop.connect.problems import ProfileProblem, error, warning
from psn_desktop.connect.profiles import (
    LEGACY,
    REFUSED,
    DhGroup,
    Encryption,
    Integrity,
    Prf,
    Profile,
    ProfileCatalogue,
)

AGGRESSIVE_MODE_REASON = (
    "IKEv1 aggressive mode sends the identity in the clear and lets anyone who listens test "
    "guesses of a pre-shared key offline. The national guidance requires main mode or IKEv2."
)
NO_PFS_REASON = (
    "Without perfect forward secrecy, one stolen key unlocks every session recorded before it. "
    "The national guidance requires a fresh Diffie-Hellman exchange for each set of keys."
)


@dataclass(frozen=True)
class Crypto:
    profile: Profile
    ike_version: int
    aggressive_mode: bool
    ike_encryption: Encryption
    ike_integrity: Integrity | None  # None with AES-GCM, which protects integrity itself
    ike_prf: Prf
    ike_dh: DhGroup
    esp_encryption: Encryption
    esp_integrity: Integrity | None
    pfs_group: DhGroup

    @property
    def is_profile_default(self) -> bool:
        p = self.profile
        return (self.ike_version == p.ike_version and self.ike_encryption.id == p.ike_encryption
                and (self.ike_integrity.id if self.ike_integrity else None) == p.ike_integrity
                and self.ike_prf.id == p.ike_prf and self.ike_dh.group == p.ike_dh_group
                and self.esp_encryption.id == p.esp_encryption
                and (self.esp_integrity.id if self.esp_integrity else None) == p.esp_integrity
                and self.pfs_group.group == p.esp_pfs_group)

    def strongswan_ike_proposal(self) -> str:
        parts = [self.ike_encryption.strongswan]
        if self.ike_integrity is not None:
            parts.append(self.ike_integrity.strongswan)
        # IKEv1 derives its PRF from the integrity algorithm; naming one is an IKEv2 feature.
        if self.ike_version == 2:
            parts.append(self.ike_prf.strongswan)
        parts.append(self.ike_dh.strongswan)
        return "-".join(parts)

    def strongswan_esp_proposal(self) -> str:
        parts = [self.esp_encryption.strongswan]
        if self.esp_integrity is not None:
            parts.append(self.esp_integrity.strongswan)
        parts.append(self.pfs_group.strongswan)
        return "-".join(parts)

    def describe(self) -> list[str]:
        """The negotiated parameters in words, for the file header and the GUI."""
        ike = self.ike_encryption.label
        if self.ike_integrity is not None:
            ike += f" with {self.ike_integrity.label}"
        lines = [
            f"Key exchange: IKEv{self.ike_version}"
            + (" main mode" if self.ike_version == 1 else ""),
            f"IKE: {ike}, pseudo-random function {self.ike_prf.label}, "
            f"Diffie-Hellman {self.ike_dh.label}",
        ]
        esp = self.esp_encryption.label
        if self.esp_integrity is not None:
            esp += f" with {self.esp_integrity.label}"
        lines.append(f"ESP: {esp}, perfect forward secrecy with {self.pfs_group.label}")
        return lines


def _grade_problem(field: str, what: str, label: str, grade: str, reason: str,
                   profile: Profile) -> ProfileProblem | None:
    if grade == REFUSED:
        return error(field, f"{what} {label} is refused: {reason}")
    if grade == LEGACY and profile.id != "legacy":
        return error(field, f"{what} {label} is not part of the {profile.title.lower()}: "
                            f"{reason} If the gateway really cannot do better, choose the legacy "
                            "profile instead.")
    return None


def resolve_crypto(choices: ProfileChoices,
                   catalogue: ProfileCatalogue) -> tuple[Crypto | None, list[ProfileProblem]]:
    problems: list[ProfileProblem] = []
    try:
        profile = catalogue.profile(choices.profile)
    except KeyError as exc:
        return None, [error("profile", str(exc.args[0]))]

    ike_version = choices.ike_version if choices.ike_version is not None else profile.ike_version
    if ike_version not in (1, 2):
        problems.append(error("ike_version", f"IKE version {ike_version} does not exist; "
                                             "use 2 (IKEv2)."))
    elif ike_version == 1 and profile.id != "legacy":
        problems.append(error("ike_version", "IKEv1 is not part of the recommended profile, "
                                             "which uses IKEv2. If the gateway cannot do IKEv2, "
                                             "choose the legacy profile."))
    if choices.aggressive_mode:
        problems.append(error("aggressive_mode", f"IKEv1 aggressive mode is refused: "
                                                 f"{AGGRESSIVE_MODE_REASON}"))
    if not choices.pfs:
        problems.append(error("pfs", f"Turning off perfect forward secrecy is refused: "
                                     f"{NO_PFS_REASON}"))

    def pick(table: dict, key: object, field: str, what: str):  # type: ignore[no-untyped-def]
        if key not in table:
            known = ", ".join(str(k) for k, v in table.items() if v.grade != REFUSED)
            problems.append(error(field, f"{what} '{key}' is not one this app knows. Choose "
                                         f"one of: {known}."))
            return None
        item = table[key]
        problem = _grade_problem(field, what, item.label, item.grade, item.reason, profile)
        if problem:
            problems.append(problem)
        return item

    ike_enc = pick(catalogue.encryption, choices.ike_encryption or profile.ike_encryption,
                   "ike_encryption", "IKE encryption")
    esp_enc = pick(catalogue.encryption, choices.esp_encryption or profile.esp_encryption,
                   "esp_encryption", "ESP encryption")
    prf = pick(catalogue.prf, choices.prf or profile.ike_prf, "prf", "The pseudo-random function")
    group_number = choices.dh_group if choices.dh_group is not None else profile.ike_dh_group
    ike_dh = pick(catalogue.dh_groups, group_number, "dh_group", "Diffie-Hellman group")
    pfs_number = choices.dh_group if choices.dh_group is not None else profile.esp_pfs_group
    pfs_group = (ike_dh if pfs_number == group_number
                 else pick(catalogue.dh_groups, pfs_number, "dh_group", "Diffie-Hellman group"))

    # Integrity: only without AEAD encryption, where it is required.
    ike_int = esp_int = None
    wanted_integrity = choices.integrity
    needs_integrity = [e for e in (ike_enc, esp_enc) if e is not None and not e.aead]
    if wanted_integrity is not None or needs_integrity:
        integrity_key = wanted_integrity or profile.ike_integrity or profile.esp_integrity \
            or "sha256"
        integrity = pick(catalogue.integrity, integrity_key, "integrity", "Integrity check")
        if ike_enc is not None and not ike_enc.aead:
            ike_int = integrity
        if esp_enc is not None and not esp_enc.aead:
            esp_int = integrity
        if integrity is not None and wanted_integrity and not needs_integrity:
            problems.append(warning("integrity", f"{integrity.label} is not used: AES-GCM checks "
                                                 "integrity itself."))

    if any(p.blocking for p in problems):
        return None, problems
    assert ike_enc and esp_enc and prf and ike_dh and pfs_group
    if (ike_int is None and not ike_enc.aead) or (esp_int is None and not esp_enc.aead):
        return None, [*problems, error("integrity", "Choose an integrity check for AES-CBC.")]
    crypto = Crypto(profile=profile, ike_version=ike_version, aggressive_mode=False,
                    ike_encryption=ike_enc, ike_integrity=ike_int, ike_prf=prf, ike_dh=ike_dh,
                    esp_encryption=esp_enc, esp_integrity=esp_int, pfs_group=pfs_group)
    if profile.id == "legacy":
        problems.append(warning("profile", "The legacy profile is only for older gateways that "
                                           "cannot do IKEv2 yet. Plan the move to the "
                                           "recommended profile with your connection provider."))
    elif not crypto.is_profile_default:
        problems.append(warning("profile", "Some settings differ from the recommended profile "
                                           "(all are still strong). Make sure the gateway uses "
                                           "the same ones."))
    return crypto, problems
