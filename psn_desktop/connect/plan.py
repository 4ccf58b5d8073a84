"""Everything a VPN profile needs, checked and resolved once, before any file is written.

Both generators (the Windows script and the strongSwan configuration) work from one
:class:`VpnPlan`, so a check made here holds for both, and each generator only adds what its
own platform cannot do. Building the plan collects every problem at once (the user fixes them
in one go, as with the other forms in the app) and returns no plan while any is blocking.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from psn_desktop.connect.certificates import (
    CertificateError,
    CertificateInfo,
    certificate_problems,
    identity_matches,
    read_certificate,
)
from psn_desktop.connect.choices import CERTIFICATE_STORES, ProfileChoices
from psn_desktop.connect.crypto import Crypto, resolve_crypto
from psn_desktop.connect.identity import Identity, IdentityError, IdentityKind, parse_identity
from psn_desktop.connect.problems import ProfileProblem, error, warning
from psn_desktop.connect.profiles import ProfileCatalogue, load_catalogue
from psn_desktop.connect.quoting import UnsafeValue, check_plain_text
from psn_desktop.domain.model import AuthMethod, Connection, Organisation, Route, Scope
from psn_desktop.domain.validation import parse_ip_range, validate_connection

MAX_CONNECTION_NAME = 64
SPLIT_TUNNEL_REASON_MIN = 15


@dataclass(frozen=True)
class VpnPlan:
    organisation_name: str
    connection_name: str
    gateway: str
    gateway_identity: Identity
    local_identity: Identity | None  # None: the certificate's subject is used
    auth_method: AuthMethod
    local_ranges: tuple[str, ...]
    remote_ranges: tuple[str, ...]
    split_tunnel: bool
    split_tunnel_reason: str
    crypto: Crypto
    certificate_store: str
    certificate_name: str  # file name in strongSwan's x509 folder
    certificate_chosen: bool  # False: certificate_name is the default, no file was checked
    ca_certificate_name: str  # file name in x509ca, or "" to accept any CA loaded there
    catalogue: ProfileCatalogue
    as_of: date

    @property
    def tunnel_ranges(self) -> tuple[str, ...]:
        """Where traffic goes through the tunnel: everything, unless the tunnel is split."""
        if self.split_tunnel:
            return self.remote_ranges
        every = ["0.0.0.0/0"]
        if any(":" in r for r in (*self.local_ranges, *self.remote_ranges)):
            every.append("::/0")
        return tuple(every)


@dataclass(frozen=True)
class PlanResult:
    plan: VpnPlan | None
    problems: list[ProfileProblem]
    certificate: CertificateInfo | None = None

    @property
    def ok(self) -> bool:
        return self.plan is not None


def default_connection_name(organisation: Organisation) -> str:
    name = " ".join(organisation.name.split())
    text = f"PSN - {name}" if name else "PSN connection"
    return text[:MAX_CONNECTION_NAME].rstrip()


def _file_name(path_text: str, fallback: str) -> str:
    return Path(path_text).name if path_text.strip() else fallback


def _safe_file_name(name: str, field: str, problems: list[ProfileProblem]) -> str:
    allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
    if not name or name.startswith(".") or not set(name) <= allowed:
        problems.append(error(field, f"The file name '{name}' is awkward to copy to a router. "
                                     "Rename the file using letters, digits, dots, dashes and "
                                     "underscores only (for example site-cert.pem)."))
    return name


def build_plan(connection: Connection, scope: Scope, organisation: Organisation,
               choices: ProfileChoices, *, as_of: date,
               catalogue: ProfileCatalogue | None = None,
               certificate_passphrase: str | None = None) -> PlanResult:
    catalogue = catalogue or load_catalogue()
    problems: list[ProfileProblem] = []

    if connection.route is not Route.INTERNET_ENCRYPTED:
        return PlanResult(None, [error("route", "A VPN profile is only for connecting over the "
                                                "internet with encryption. Choose that route in "
                                                "the connection section first.")])
    problems.extend(error(p.field, p.message) for p in validate_connection(connection, scope))
    problems.extend(error("ip_ranges", p.message) for p in _scope_range_problems(scope))

    crypto, crypto_problems = resolve_crypto(choices, catalogue)
    problems.extend(crypto_problems)

    gateway = connection.gateway.strip()
    try:
        check_plain_text(connection.gateway, "The gateway address")
    except UnsafeValue as exc:
        problems.append(error("gateway", str(exc)))
    gateway_identity = None
    if choices.gateway_identity.strip() or gateway:  # no gateway: validation already said so
        gateway_identity = _identity(choices.gateway_identity or gateway, "gateway_identity",
                                     "The gateway's identity", problems)
    local_identity = None
    if connection.local_identity.strip() or connection.auth_method is AuthMethod.PRE_SHARED_KEY:
        local_identity = _identity(connection.local_identity, "local_identity",
                                   "This site's identity", problems)

    remote_ranges = _normalised(connection.remote_ranges)
    local_ranges = _normalised(scope.ip_ranges)

    split_reason = " ".join(connection.split_tunnel_reason.split())
    if choices.split_tunnel:
        if not split_reason:
            problems.append(error("split_tunnel_reason",
                                  "Sending only some traffic through the tunnel (split tunnel) "
                                  "lets the rest bypass the PSN's protections, so the guidance "
                                  "advises against it. Say why this site needs it, or keep all "
                                  "traffic in the tunnel."))
        elif len(split_reason) < SPLIT_TUNNEL_REASON_MIN:
            problems.append(error("split_tunnel_reason",
                                  "Give a fuller reason for the split tunnel (a sentence the "
                                  "person signing off can judge)."))
        else:
            problems.append(warning("split_tunnel",
                                    "Only traffic to the PSN ranges will go through the tunnel; "
                                    "everything else goes straight to the internet. Reason "
                                    f"given: {split_reason}"))

    if connection.auth_method is AuthMethod.PRE_SHARED_KEY:
        problems.append(warning("auth_method",
                                "A pre-shared key is weaker than a certificate: anyone who "
                                "learns it can pose as this site. The guidance prefers "
                                "certificates; ask your connection provider for one."))
    if choices.certificate_store not in CERTIFICATE_STORES:
        problems.append(error("certificate_store", "Choose where the certificate is kept on "
                                                   "Windows: 'user' or 'machine'."))

    certificate_name = _safe_file_name(_file_name(choices.certificate_file, "psn-site.pem"),
                                       "certificate_file", problems)
    ca_name = ""
    if choices.ca_certificate_file.strip():
        ca_name = _safe_file_name(_file_name(choices.ca_certificate_file, ""),
                                  "ca_certificate_file", problems)

    connection_name = (" ".join(choices.connection_name.split())
                       or default_connection_name(organisation))
    if len(connection_name) > MAX_CONNECTION_NAME:
        problems.append(error("connection_name", "Keep the connection's name to "
                                                 f"{MAX_CONNECTION_NAME} characters."))
    for text, field, what in ((connection_name, "connection_name", "The connection's name"),
                              (organisation.name, "name", "The organisation's name"),
                              (split_reason, "split_tunnel_reason", "The split-tunnel reason")):
        try:
            check_plain_text(text, what)
        except UnsafeValue as exc:
            problems.append(error(field, str(exc)))

    certificate = None
    if crypto is not None and connection.auth_method is AuthMethod.CERTIFICATE:
        certificate = _check_certificates(choices, crypto, local_identity, as_of,
                                          certificate_passphrase, problems)

    if catalogue.is_stale(as_of):
        problems.append(warning("profile", "The IPsec profiles in this version of the app were "
                                           "due for review by "
                                           f"{catalogue.review_by.isoformat()}. Update the app "
                                           "to be sure they still match the guidance."))

    if crypto is None or gateway_identity is None or any(p.blocking for p in problems):
        return PlanResult(None, problems, certificate)
    plan = VpnPlan(
        organisation_name=" ".join(organisation.name.split()),
        connection_name=connection_name, gateway=_normal_gateway(gateway),
        gateway_identity=gateway_identity, local_identity=local_identity,
        auth_method=connection.auth_method, local_ranges=local_ranges,
        remote_ranges=remote_ranges, split_tunnel=choices.split_tunnel,
        split_tunnel_reason=split_reason, crypto=crypto,
        certificate_store=choices.certificate_store, certificate_name=certificate_name,
        certificate_chosen=bool(choices.certificate_file.strip()),
        ca_certificate_name=ca_name, catalogue=catalogue, as_of=as_of,
    )
    return PlanResult(plan, problems, certificate)


def _normal_gateway(gateway: str) -> str:
    try:
        return str(ipaddress.ip_address(gateway))
    except ValueError:
        return gateway.lower()


def _normalised(ranges: list[str]) -> tuple[str, ...]:
    result = []
    for text in ranges:
        try:
            result.append(str(parse_ip_range(text)))
        except ValueError:
            continue  # reported by the domain's validation
    return tuple(result)


def _scope_range_problems(scope: Scope) -> list[ProfileProblem]:
    problems = []
    for text in scope.ip_ranges:
        try:
            parse_ip_range(text)
        except ValueError as exc:
            problems.append(error("ip_ranges", f"In this site's own ranges: {exc}"))
    return problems


def _identity(text: str, field: str, what: str,
              problems: list[ProfileProblem]) -> Identity | None:
    try:
        check_plain_text(text, what)
        return parse_identity(text, what)
    except (UnsafeValue, IdentityError) as exc:
        problems.append(error(field, str(exc)))
        return None


def _check_certificates(choices: ProfileChoices, crypto: Crypto, local_identity: Identity | None,
                        as_of: date, passphrase: str | None,
                        problems: list[ProfileProblem]) -> CertificateInfo | None:
    rule = crypto.profile.certificates
    title = crypto.profile.title
    info = None
    if choices.certificate_file.strip():
        try:
            info = read_certificate(Path(choices.certificate_file), passphrase)
        except CertificateError as exc:
            problems.append(error("certificate_file", str(exc)))
        else:
            problems.extend(certificate_problems(info, rule, title, as_of,
                                                 field="certificate_file"))
            if info.is_ca:
                problems.append(error("certificate_file", "That file is a certificate "
                                                          "authority's certificate, not this "
                                                          "site's. Choose the site's own."))
            if local_identity is not None and not identity_matches(local_identity, info):
                names = [info.subject_text, *info.dns_names, *info.emails, *info.addresses]
                problems.append(error("local_identity",
                                      f"This site's identity '{local_identity.text}' is not in "
                                      "its certificate, so the gateway would refuse it. The "
                                      "certificate was issued to: " + "; ".join(names) + ". "
                                      "Use one of those, or ask for a certificate that "
                                      "matches."))
            elif local_identity is None and not info.subject:
                problems.append(error("local_identity", "The certificate has no subject name; "
                                                        "enter this site's identity (one of "
                                                        "its alternative names)."))
    else:
        problems.append(warning("certificate_file",
                                "No certificate file was chosen, so its key type, dates and "
                                "names could not be checked. Choose the file your connection "
                                "provider gave you to check it now."))
    if choices.ca_certificate_file.strip():
        try:
            ca_info = read_certificate(Path(choices.ca_certificate_file))
        except CertificateError as exc:
            problems.append(error("ca_certificate_file", str(exc)))
        else:
            problems.extend(certificate_problems(ca_info, rule, title, as_of,
                                                 field="ca_certificate_file",
                                                 role="The gateway's certificate authority"))
            if not ca_info.is_ca:
                problems.append(error("ca_certificate_file", "That file is not a certificate "
                                                             "authority's certificate. Choose "
                                                             "the CA certificate that signed "
                                                             "the gateway's certificate."))
    if local_identity is not None and local_identity.kind is IdentityKind.DN and info is None:
        problems.append(warning("local_identity", "Check that the identity is written exactly "
                                                  "as in the certificate's subject."))
    return info
