"""IKE identities: what shape a typed identity has, and whether it is safe to use.

strongSwan reads an identity's type from its shape (an address, ``user@host``, ``C=GB, O=…``
or a host name) and gives some characters special meaning: ``%any`` matches every peer, ``*``
in a distinguished name is a wildcard, and prefixes such as ``keyid:`` change the type. Any of
those in a site's identity would quietly make the tunnel accept or claim far more than meant,
so only the four plain shapes are accepted, with characters that have no special meaning.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from enum import StrEnum

from psn_desktop.domain.validation import is_hostname_or_address


class IdentityKind(StrEnum):
    ADDRESS = "address"
    EMAIL = "email"
    DN = "dn"
    FQDN = "fqdn"


@dataclass(frozen=True)
class Identity:
    kind: IdentityKind
    text: str
    # For a distinguished name: the (attribute, value) pairs in the order written.
    rdns: tuple[tuple[str, str], ...] = ()


class IdentityError(ValueError):
    """A typed identity that cannot be used; the message says why and what to type instead."""


_EMAIL_LOCAL = re.compile(r"^[A-Za-z0-9._+-]+$")
_RDN_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
# Characters a distinguished name's value may hold, besides letters and digits of any script.
_DN_VALUE_EXTRA = set(" .'&()-_:@+!?")
# strongSwan's DN parser knows these attribute names; others would become a different DN.
DN_ATTRIBUTES = {
    "C", "ST", "L", "O", "OU", "CN", "E", "EMAIL", "EMAILADDRESS", "DC", "SN", "G", "GN",
    "T", "TITLE", "SERIALNUMBER", "UID", "STREET", "POSTALCODE", "D", "N", "I", "ID",
}

_EXAMPLES = ("Write it as the host name the certificate was issued to (oakfield.example.sch.uk), "
             "an email address, an IP address, or a distinguished name such as "
             "'C=GB, O=Oakfield Primary School, CN=oakfield.example.sch.uk'.")


def parse_identity(text: str, what: str = "The identity") -> Identity:
    """Classify ``text`` the way strongSwan would, refusing anything with special meaning."""
    value = text.strip()
    if not value:
        raise IdentityError(f"{what} is empty. {_EXAMPLES}")
    if value != text:
        raise IdentityError(f"{what} starts or ends with a space; remove it.")
    if value.startswith("%") or "*" in value or value.startswith("@"):
        raise IdentityError(f"{what} '{value}' would match any peer (it uses %, * or a leading "
                            f"@, which are wildcards to strongSwan). {_EXAMPLES}")
    if re.match(r"^[a-z0-9]+:", value, re.IGNORECASE) and "=" not in value.split(":", 1)[0]:
        try:
            ipaddress.ip_address(value)
        except ValueError:
            raise IdentityError(f"{what} '{value}' starts with a type prefix "
                                f"('{value.split(':', 1)[0]}:'), which changes how it is read. "
                                f"{_EXAMPLES}") from None
    try:
        return Identity(IdentityKind.ADDRESS, str(ipaddress.ip_address(value)))
    except ValueError:
        pass
    if "=" in value:
        return Identity(IdentityKind.DN, value, _parse_dn(value, what))
    if "@" in value:
        local, _, host = value.rpartition("@")
        if not local or not _EMAIL_LOCAL.match(local) or not _is_fqdn(host):
            raise IdentityError(f"{what} '{value}' is not an email address. {_EXAMPLES}")
        return Identity(IdentityKind.EMAIL, value)
    if _is_fqdn(value):
        return Identity(IdentityKind.FQDN, value)
    raise IdentityError(f"{what} '{value}' is not a host name, email address, IP address or "
                        f"distinguished name. {_EXAMPLES}")


def _is_fqdn(text: str) -> bool:
    if not is_hostname_or_address(text):
        return False
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return True
    return False


def _parse_dn(value: str, what: str) -> tuple[tuple[str, str], ...]:
    rdns: list[tuple[str, str]] = []
    for part in value.split(","):
        key, sep, rdn_value = part.strip().partition("=")
        key = key.strip()
        rdn_value = rdn_value.strip()
        if not sep or not key or not rdn_value:
            raise IdentityError(f"{what} '{value}' is not a distinguished name: each part must "
                                f"look like O=Organisation, separated by commas. {_EXAMPLES}")
        if not _RDN_KEY.match(key) or key.upper() not in DN_ATTRIBUTES:
            raise IdentityError(f"{what} uses '{key}', which is not a distinguished-name "
                                "attribute strongSwan knows (use C, ST, L, O, OU, CN or E).")
        bad = [c for c in rdn_value if not (c.isalnum() or c in _DN_VALUE_EXTRA)]
        if bad:
            raise IdentityError(f"{what} contains '{bad[0]}' in '{key}={rdn_value}'. "
                                "Distinguished names here may use letters, digits, spaces and "
                                ". ' & ( ) - _ : @ + ! ? only.")
        rdns.append((key.upper(), rdn_value))
    return tuple(rdns)
