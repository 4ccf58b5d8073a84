"""Can this computer reach the upload server, and if not, why not and what would fix it?

Sent to IT support, the report answers their first five questions in one go: is it
reachable; directly or through which proxy (and where that proxy setting came from); which
TLS version; who issued the server's certificate and when it expires (a TLS-inspecting
proxy shows up here as an unexpected issuer); and, for a failure, the likely cause in plain
words with its fix: no network, DNS, a proxy wanting a login, an untrusted certificate,
or the server being down. It uses exactly the session an upload uses, so what it says
holds for the upload too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import requests

from psn_desktop.submit.endpoint import check_endpoint
from psn_desktop.submit.errors import ConnectionTrouble, ServerRefused
from psn_desktop.submit.problems import check_status
from psn_desktop.submit.proxies import ProxyChoice
from psn_desktop.submit.transport import Transport, TransportOptions

# A certificate this close to expiring is worth a warning: uploads fail the day it lapses.
EXPIRY_WARNING_DAYS = 14
NOT_TUS = "not-tus"
TOKEN_NEEDED = "token-needed"


@dataclass(frozen=True)
class Certificate:
    subject: str
    issuer: str
    expires: datetime

    def days_left(self, now: datetime | None = None) -> int:
        return (self.expires - (now or datetime.now(UTC))).days


@dataclass(frozen=True)
class ConnectionReport:
    endpoint: str
    reachable: bool
    proxy: ProxyChoice
    tls_version: str = ""
    certificate: Certificate | None = None
    tus_version: str = ""
    max_size: int | None = None
    problem_kind: str = ""
    problem: str = ""  # what went wrong and the likely fix; "" when all is well
    note: str = ""  # worth knowing, but not a failure

    @property
    def ok(self) -> bool:
        return self.reachable and not self.problem

    def as_dict(self) -> dict[str, Any]:
        cert = self.certificate
        return {
            "endpoint": self.endpoint,
            "reachable": self.reachable,
            "ok": self.ok,
            "proxy": self.proxy.shown_url or None,
            "proxy_source": self.proxy.source or None,
            "tls_version": self.tls_version or None,
            "certificate": None if cert is None else {
                "subject": cert.subject,
                "issuer": cert.issuer,
                "expires": cert.expires.isoformat(),
                "days_left": cert.days_left(),
            },
            "tus_version": self.tus_version or None,
            "max_size": self.max_size,
            "problem_kind": self.problem_kind or None,
            "problem": self.problem or None,
            "note": self.note or None,
        }

    def as_text(self) -> str:
        lines = [f"Upload server: {self.endpoint}",
                 f"Reachable:     {'yes' if self.reachable else 'no'}",
                 f"Route:         {self.proxy.description}"]
        if self.tls_version:
            lines.append(f"Encryption:    {self.tls_version}")
        if self.certificate is not None:
            cert = self.certificate
            lines.append(f"Certificate:   issued by {cert.issuer}")
            lines.append(f"               for {cert.subject}")
            lines.append(f"               expires {cert.expires:%d %B %Y} "
                         f"({cert.days_left()} days from now)")
        if self.tus_version:
            lines.append(f"Server:        tus upload server (protocol {self.tus_version})")
        if self.note:
            lines.append(f"Note:          {self.note}")
        if self.problem:
            lines.append("")
            lines.append(f"Problem: {self.problem}")
        elif self.ok:
            lines.append("")
            lines.append("All good: packs can be sent to this server from this computer.")
        return "\n".join(lines)


def _name(name: Any) -> str:
    """A certificate name as people read it: its common name, else its organisation."""
    from cryptography.x509.oid import NameOID

    for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME):
        values = name.get_attributes_for_oid(oid)
        if values:
            return str(values[0].value)
    return name.rfc4514_string() or "(no name)"


def read_certificate(der: bytes) -> Certificate | None:
    from cryptography import x509

    try:
        cert = x509.load_der_x509_certificate(der)
    except ValueError:
        return None
    names = [_name(cert.subject)]
    try:
        alternatives = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        names = [str(v) for v in alternatives.value.get_values_for_type(x509.DNSName)] + \
                [str(v) for v in alternatives.value.get_values_for_type(x509.IPAddress)] or names
    except x509.ExtensionNotFound:
        pass
    return Certificate(subject=", ".join(names), issuer=_name(cert.issuer),
                       expires=cert.not_valid_after_utc)


def _tls_facts(response: requests.Response) -> tuple[str, Certificate | None]:
    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if sock is None or not hasattr(sock, "version"):
        return "", None
    der = sock.getpeercert(binary_form=True)
    return sock.version() or "", read_certificate(der) if der else None


def check_connection(endpoint: str, *, options: TransportOptions | None = None,
                     token: str = "") -> ConnectionReport:
    """Reach the server once, the way an upload would, and report what happened.

    A bad address raises :class:`~psn_desktop.submit.errors.BadEndpoint` (it is input,
    not the network); every network outcome is in the report.
    """
    endpoint = check_endpoint(endpoint)
    options = options or TransportOptions.from_settings()
    with Transport(endpoint, options, token=token) as transport:
        proxy = transport.proxy
        try:
            response = transport.request("OPTIONS", endpoint, stream=True)
        except ConnectionTrouble as trouble:
            return ConnectionReport(endpoint, False, proxy, problem_kind=trouble.kind,
                                    problem=str(trouble))
        try:
            tls_version, certificate = _tls_facts(response)
            return _judge(endpoint, proxy, response, tls_version, certificate, token)
        finally:
            response.close()


def _judge(endpoint: str, proxy: ProxyChoice, response: requests.Response, tls_version: str,
           certificate: Certificate | None, token: str) -> ConnectionReport:
    base = {"tls_version": tls_version, "certificate": certificate}
    note = ""
    if certificate is not None and certificate.days_left() < EXPIRY_WARNING_DAYS:
        note = (f"The server's certificate expires in {max(certificate.days_left(), 0)} "
                "days; tell whoever runs the server, or uploads will stop working then.")
    if response.status_code in (401, 403) and not token:
        return ConnectionReport(
            endpoint, True, proxy, **base, problem_kind=TOKEN_NEEDED, note=note or (
                "The server asks for an upload token before it says more; uploads use the "
                "token saved for the workspace (Credentials > Upload token)."))
    try:
        check_status(response, proxy, expected={200, 204},
                     action="asking the server what it supports")
    except (ConnectionTrouble, ServerRefused) as error:
        kind = getattr(error, "kind", "") or "refused"
        return ConnectionReport(endpoint, True, proxy, **base, problem_kind=kind,
                                problem=str(error), note=note)
    version = response.headers.get("Tus-Version", "").strip()
    if not version:
        return ConnectionReport(
            endpoint, True, proxy, **base, problem_kind=NOT_TUS, note=note, problem=(
                f"Something answered at {endpoint}, but it is not a tus upload server "
                "(no Tus-Version in its reply). Check the upload address with whoever "
                "receives your pack; a proxy's sign-in or block page can also cause this."))
    size = response.headers.get("Tus-Max-Size", "").strip()
    return ConnectionReport(endpoint, True, proxy, **base, tus_version=version,
                            max_size=int(size) if size.isdigit() else None, note=note)

