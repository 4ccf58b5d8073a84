"""Which proxy (if any) a request to the upload server goes through, and where that came from.

Schools and councils often sit behind a web proxy. The order is what a user expects: a
proxy typed into PSN Desktop's settings wins; otherwise the usual environment variables
(``HTTPS_PROXY``, ``NO_PROXY``...); otherwise, on Windows, the proxy set in the system's
Internet Options (what Edge uses). The connection check reports the choice and its source,
so IT support can see at a glance why a request went where it did.

The choice is made here rather than by ``requests`` itself (``trust_env`` is off in the
session) so that no ``.netrc`` login or ``REQUESTS_CA_BUNDLE`` from the environment can
quietly change who we log in as or which certificates we trust.
"""

from __future__ import annotations

import sys
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from requests.utils import should_bypass_proxies

SETTINGS = "settings"
ENVIRONMENT = "environment"
SYSTEM = "system"

_SOURCE_WORDS = {
    SETTINGS: "from PSN Desktop's settings",
    ENVIRONMENT: "from the HTTPS_PROXY/HTTP_PROXY environment variables",
    SYSTEM: "from Windows' proxy settings",
}


@dataclass(frozen=True)
class ProxyChoice:
    url: str = ""  # "" means straight to the server
    source: str = ""

    @property
    def direct(self) -> bool:
        return not self.url

    @property
    def shown_url(self) -> str:
        """The proxy's address with any password hidden, safe for logs and screens."""
        return hide_password(self.url)

    @property
    def description(self) -> str:
        if self.direct:
            return "directly (no proxy)"
        return f"through the proxy {self.shown_url} ({_SOURCE_WORDS.get(self.source, '')})"

    def for_requests(self) -> dict[str, str]:
        return {"http": self.url, "https": self.url} if self.url else {}


def hide_password(url: str) -> str:
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _normalise(proxy: str) -> str:
    proxy = proxy.strip()
    if proxy and "://" not in proxy:
        proxy = "http://" + proxy
    return proxy


def _pick(proxies: dict[str, str], scheme: str) -> str:
    return _normalise(proxies.get(scheme) or proxies.get("all") or "")


def proxy_for(url: str, configured: str = "") -> ProxyChoice:
    """The proxy a request to ``url`` should use, given the proxy typed into settings."""
    if configured.strip():
        return ProxyChoice(_normalise(configured), SETTINGS)
    scheme = urlsplit(url).scheme.lower()
    environment = urllib.request.getproxies_environment()
    environment.pop("no", None)
    if environment:
        if should_bypass_proxies(url, no_proxy=None):
            return ProxyChoice()
        chosen = _pick(environment, scheme)
        return ProxyChoice(chosen, ENVIRONMENT) if chosen else ProxyChoice()
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        system = urllib.request.getproxies_registry()
        host = urlsplit(url).hostname or ""
        if system and not urllib.request.proxy_bypass_registry(host):
            chosen = _pick(system, scheme)
            if chosen:
                return ProxyChoice(chosen, SYSTEM)
    return ProxyChoice()
