"""The kinds of secret a workspace can hold, and the keys they are filed under.

Each workspace has one slot per purpose (one portal password, one upload token...). "Other"
secrets carry a label saying what they are for, and there may be several, filed as
``other_1``, ``other_2``...; asking to store an ``other`` secret picks the slot with the
same label, or the next free one. The key names both the keyring entry
(``<workspace-id>/<key>``) and the workspace's record, so it never changes once a secret is
saved; labels can.
"""

from __future__ import annotations

import re
from enum import StrEnum

from psn_desktop.secrets.errors import SecretRejected


class SecretPurpose(StrEnum):
    PORTAL_PASSWORD = "portal_password"
    UPLOAD_TOKEN = "upload_token"
    VPN_PSK = "vpn_psk"
    CERT_PASSPHRASE = "cert_passphrase"
    SIGNING_KEY = "signing_key"
    OTHER = "other"


PLAIN_NAMES: dict[SecretPurpose, str] = {
    SecretPurpose.PORTAL_PASSWORD: "Compliance portal password",
    SecretPurpose.UPLOAD_TOKEN: "Upload token",
    SecretPurpose.VPN_PSK: "VPN pre-shared key",
    SecretPurpose.CERT_PASSPHRASE: "Certificate passphrase",
    SecretPurpose.SIGNING_KEY: "Pack-signing key",
    SecretPurpose.OTHER: "Other",
}

# A workspace has a handful of extra secrets at most; the bound lets "forget this workspace"
# find every entry even when the workspace's own records are gone.
MAX_OTHER_SLOTS = 20

_OTHER_SLOT = re.compile(r"^other_(\d+)$")


def fixed_keys() -> list[str]:
    return [p.value for p in SecretPurpose if p is not SecretPurpose.OTHER]


def other_keys() -> list[str]:
    return [f"other_{n}" for n in range(1, MAX_OTHER_SLOTS + 1)]


def all_keys() -> list[str]:
    """Every key a workspace could have used, in display order."""
    return fixed_keys() + other_keys()


def is_key(text: str) -> bool:
    """Whether a recorded key is one this version knows (a newer version may add purposes)."""
    return text in all_keys()


def parse_key(text: str | SecretPurpose) -> str:
    """Turn what a user or caller wrote (``vpn-psk``, ``VPN_PSK``, ``other-2``) into a key.

    The result is a slot key, or ``other`` meaning "an other secret, chosen by its label".
    """
    if isinstance(text, SecretPurpose):
        return text.value
    key = text.strip().lower().replace("-", "_")
    if key in {p.value for p in SecretPurpose}:
        return key
    match = _OTHER_SLOT.match(key)
    if match and 1 <= int(match.group(1)) <= MAX_OTHER_SLOTS:
        return key
    choices = ", ".join(p.value.replace("_", "-") for p in SecretPurpose)
    raise SecretRejected(
        f"'{text}' is not a kind of secret PSN Desktop keeps. Use one of: {choices} "
        f"(or other-1 to other-{MAX_OTHER_SLOTS} for a particular 'other' secret)."
    )


def purpose_of(key: str) -> SecretPurpose:
    key = parse_key(key)
    return SecretPurpose.OTHER if key == "other" or _OTHER_SLOT.match(key) else SecretPurpose(key)


def plain_name(key: str, label: str = "") -> str:
    """How a secret is named to the user: its purpose, and its label when it has one."""
    key = parse_key(key)
    purpose = purpose_of(key)
    if purpose is SecretPurpose.OTHER:
        if label:
            return label
        match = _OTHER_SLOT.match(key)
        return f"Other secret {match.group(1)}" if match else "Other secret"
    name = PLAIN_NAMES[purpose]
    return f"{name} ({label})" if label else name


def phrase(key: str, label: str = "") -> str:
    """The secret as it reads in a sentence: "the VPN pre-shared key", "'Router admin'"."""
    if purpose_of(key) is SecretPurpose.OTHER:
        return f"'{plain_name(key, label)}'"
    name = plain_name(key, label)
    if not name.split()[0].isupper():  # keep acronyms such as VPN as they are
        name = name[0].lower() + name[1:]
    return f"the {name}"


def cli_name(key: str) -> str:
    return key.replace("_", "-")
