"""Which upload addresses PSN Desktop will send a pack to.

A pack holds an organisation's network diagram and health-check findings, so it only ever
travels encrypted: ``https://`` always, plain ``http://`` only to this computer itself
(a test server on 127.0.0.1 or localhost), where nothing crosses a wire.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urljoin, urlsplit, urlunsplit

from psn_desktop.submit.errors import BadEndpoint

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_endpoint(text: str) -> str:
    """The address, tidied, or :class:`BadEndpoint` saying what is wrong and what to do."""
    url = (text or "").strip()
    if not url:
        raise BadEndpoint(
            "No upload address is set. Ask whoever receives your pack (your assessor, IT "
            "support firm or the network's compliance team) for their upload address, then "
            "enter it in Settings, or give it with --endpoint."
        )
    if "://" not in url:
        url = "https://" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise BadEndpoint(f"'{text}' is not a web address. It should look like "
                          "https://upload.example.org/files/") from None
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if scheme not in ("https", "http") or not host:
        raise BadEndpoint(f"'{text}' is not a web address. It should look like "
                          "https://upload.example.org/files/")
    if parts.username or parts.password:
        raise BadEndpoint(
            "The upload address must not contain a user name or password. Save the upload "
            "token in Credentials instead, and enter the address without it."
        )
    if scheme == "http" and not is_loopback(host):
        raise BadEndpoint(
            f"PSN Desktop only sends packs over an encrypted connection, and {url} is not "
            "encrypted (it starts with http://). Ask the receiver for their https:// address."
        )
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None:
        netloc += f":{port}"
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, parts.query, ""))


def resolve_location(endpoint: str, location: str) -> str:
    """An upload's own address from the server's Location header (which may be relative).

    The result must stay on a safe address too: a server cannot send the pack's bytes to
    an unencrypted place by naming one.
    """
    url = urljoin(endpoint, location.strip())
    try:
        return check_endpoint(url)
    except BadEndpoint:
        raise BadEndpoint(
            f"The upload server gave an unsafe address for the upload ({url}). Nothing was "
            "sent. Tell whoever runs the server."
        ) from None


def host_of(url: str) -> str:
    return urlsplit(url).hostname or ""
