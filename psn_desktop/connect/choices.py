"""What a site chooses about its VPN profile beyond the connection facts in the workspace.

The workspace's :class:`~psn_desktop.domain.model.Connection` holds the facts the provider
gives (gateway, ranges, identity, certificate or key). Everything else has a safe default
taken from the recommended profile, and is only changed on purpose: by IT staff matching an
older gateway, or by a site that must split the tunnel and says why. The choices are kept in
the workspace's settings so the GUI and the command line produce the same file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

SETTINGS_KEY = "connect.vpn_choices"

CERTIFICATE_STORES = ("user", "machine")


@dataclass
class ProfileChoices:
    profile: str = "recommended"
    # Overrides of the profile's algorithms; None keeps the profile's own.
    ike_version: int | None = None
    aggressive_mode: bool = False
    ike_encryption: str | None = None
    esp_encryption: str | None = None
    integrity: str | None = None
    prf: str | None = None
    dh_group: int | None = None
    pfs: bool = True
    split_tunnel: bool = False
    # Windows: where the site's certificate lives. A user certificate needs no administrator.
    certificate_store: str = "user"
    # The gateway's identity, when it is not its host name or address.
    gateway_identity: str = ""
    # Files the site was given: checked here, and their names written into the profile.
    certificate_file: str = ""
    ca_certificate_file: str = ""
    # The name Windows shows for the connection; empty means "PSN - <organisation>".
    connection_name: str = ""

    def overrides(self) -> dict[str, Any]:
        """The algorithm choices that differ from 'use the profile's own'."""
        names = ("ike_version", "ike_encryption", "esp_encryption", "integrity", "prf",
                 "dh_group")
        chosen = {name: getattr(self, name) for name in names if getattr(self, name) is not None}
        if self.aggressive_mode:
            chosen["aggressive_mode"] = True
        if not self.pfs:
            chosen["pfs"] = False
        return chosen

    def to_setting(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_setting(cls, value: Any) -> ProfileChoices:
        """Rebuild from a stored setting, keeping defaults for anything missing or mistyped.

        A setting written by a newer or older version must never stop the page from opening;
        the worst case is that a choice falls back to its safe default, which checks then show.
        """
        choices = cls()
        if not isinstance(value, dict):
            return choices
        for spec in fields(cls):
            if spec.name not in value:
                continue
            item = value[spec.name]
            default = getattr(choices, spec.name)
            if spec.name in ("ike_version", "dh_group"):
                if item is None or (isinstance(item, int) and not isinstance(item, bool)):
                    setattr(choices, spec.name, item)
            elif isinstance(default, bool):
                if isinstance(item, bool):
                    setattr(choices, spec.name, item)
            elif spec.name in ("ike_encryption", "esp_encryption", "integrity", "prf"):
                if item is None or isinstance(item, str):
                    setattr(choices, spec.name, item or None)
            elif isinstance(item, str):
                setattr(choices, spec.name, item)
        return choices


def load_choices(workspace: Any) -> ProfileChoices:
    return ProfileChoices.from_setting(workspace.setting(SETTINGS_KEY))


def save_choices(workspace: Any, choices: ProfileChoices) -> None:
    workspace.set_setting(SETTINGS_KEY, choices.to_setting())
