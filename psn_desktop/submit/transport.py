"""The HTTP session every upload and connection check uses: OS trust store, proxies, reuse.

Certificates are checked against the operating system's own trust store (``truststore``),
the same one Edge and Windows Update use. That is what makes a school's TLS-inspecting
proxy work: its IT support has already made Windows trust the proxy's certificate, and so
PSN Desktop trusts it too, with no "turn verification off" switch anywhere. An
organisation's own root certificate can be added in settings for the rare proxy that the
PC itself does not trust. Python's bundled ``certifi`` list is never consulted, and no
environment variable can widen or narrow the trust.

One session holds a small pool of kept-alive connections, so the many requests of an upload
(ask the offset, send a part, ask again) reuse one TLS connection instead of paying for a
new handshake each time.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import truststore
from requests.adapters import HTTPAdapter

from psn_desktop import __version__
from psn_desktop.settings import Settings, load_settings
from psn_desktop.submit.errors import BadEndpoint
from psn_desktop.submit.problems import classify
from psn_desktop.submit.proxies import ProxyChoice, proxy_for

TUS_VERSION = "1.0.0"
# Bytes handed to the socket per write: large enough that Python overhead is small next to
# the encryption, small enough that memory stays flat whatever the pack's size.
SEND_BLOCK = 256 * 1024
CONNECT_TIMEOUT = 20.0
# A sleeping laptop or a silently dropped Wi-Fi shows up as a socket that never answers; this
# long without a byte moving, the attempt ends and the retry logic takes over.
READ_TIMEOUT = 60.0


@dataclass(frozen=True)
class TransportOptions:
    """What the session needs from the app's settings (so tests can give their own)."""

    extra_root_certificate: str = ""
    proxy: str = ""

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> TransportOptions:
        settings = settings or load_settings()
        return cls(extra_root_certificate=settings.extra_root_certificate,
                   proxy=settings.proxy)


def trust_context(extra_root_certificate: str = "") -> ssl.SSLContext:
    """An SSL context backed by the OS trust store, plus the organisation's root if given."""
    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if extra_root_certificate.strip():
        _add_root(context, Path(extra_root_certificate.strip()).expanduser())
    return context


def _add_root(context: ssl.SSLContext, path: Path) -> None:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BadEndpoint(
            f"The organisation's root certificate named in Settings ({path}) cannot be read "
            f"({error.strerror or error}). Choose the certificate file again in Settings (a "
            ".pem, .crt or .cer file from your IT support), or clear the setting."
        ) from None
    try:
        if b"-----BEGIN" in data:
            context.load_verify_locations(cadata=data.decode("ascii", "replace"))
        else:
            context.load_verify_locations(cadata=data)  # DER, as Windows exports it
    except (ssl.SSLError, ValueError):
        raise BadEndpoint(
            f"The file named in Settings as the organisation's root certificate ({path}) is "
            "not a certificate PSN Desktop can read. Ask your IT support for the root "
            "certificate as a .pem or .cer file and choose it again in Settings."
        ) from None


class TrustStoreAdapter(HTTPAdapter):
    """Every connection, direct or through a proxy tunnel, verified by one trust context."""

    def __init__(self, context: ssl.SSLContext, **kwargs: Any) -> None:
        self._context = context
        super().__init__(**kwargs)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False,
                         **pool_kwargs: Any) -> None:
        pool_kwargs["ssl_context"] = self._context
        pool_kwargs["blocksize"] = SEND_BLOCK
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        proxy_kwargs.setdefault("ssl_context", self._context)
        proxy_kwargs.setdefault("proxy_ssl_context", self._context)
        proxy_kwargs.setdefault("blocksize", SEND_BLOCK)
        return super().proxy_manager_for(proxy, **proxy_kwargs)

    def build_connection_pool_key_attributes(self, request: requests.PreparedRequest,
                                             verify: Any, cert: Any = None) -> Any:
        # Verification is always on and always this context: no CA-bundle path, no client
        # certificate, whatever a caller or the environment asked for.
        return super().build_connection_pool_key_attributes(request, True, None)

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        # requests would point the connection at certifi's bundle, which urllib3 would then
        # load into our context beside the OS store; the context already holds all we trust.
        conn.cert_reqs = "CERT_REQUIRED"
        conn.ca_certs = None
        conn.ca_cert_dir = None


class Transport:
    """A session plus the proxy choice for one server; close it (or use ``with``)."""

    def __init__(self, endpoint: str, options: TransportOptions | None = None,
                 token: str = "") -> None:
        options = options or TransportOptions.from_settings()
        self.endpoint = endpoint
        self.proxy: ProxyChoice = proxy_for(endpoint, options.proxy)
        self.session = requests.Session()
        self.session.trust_env = False
        self.session.verify = True
        adapter = TrustStoreAdapter(trust_context(options.extra_root_certificate),
                                    pool_connections=2, pool_maxsize=2, max_retries=0)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.session.headers.update({
            "User-Agent": f"psn-desktop/{__version__}",
            "Tus-Resumable": TUS_VERSION,
        })
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        self.session.proxies.update(self.proxy.for_requests())

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", (CONNECT_TIMEOUT, READ_TIMEOUT))
        kwargs.setdefault("allow_redirects", False)
        kwargs["verify"] = True
        kwargs["proxies"] = self.proxy.for_requests()
        try:
            return self.session.request(method, url, **kwargs)
        except requests.RequestException as error:
            raise classify(error, self.proxy) from error

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

