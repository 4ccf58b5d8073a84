"""Reading the site's certificate to check it before it reaches a gateway.

A tunnel that fails because the certificate has the wrong key type, has expired or was issued
to another name fails at the gateway with a log line only the provider can read. Reading the
certificate here turns each of those into a sentence the site can act on before anything is
sent. Certificates come as PEM or DER files (.pem, .crt, .cer) or as PKCS#12 bundles
(.pfx, .p12); a bundle's passphrase is asked for by the caller and used only in memory.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtensionOID, NameOID

from psn_desktop.connect.identity import Identity, IdentityKind
from psn_desktop.connect.problems import ProfileProblem, error, warning
from psn_desktop.connect.profiles import CertificateRule
from psn_desktop.domain.dates import uk_date

_WEAK_HASHES = {"md5", "sha1"}
# The short names strongSwan writes distinguished names with.
_SHORT_NAMES = {
    NameOID.COUNTRY_NAME: "C", NameOID.STATE_OR_PROVINCE_NAME: "ST", NameOID.LOCALITY_NAME: "L",
    NameOID.ORGANIZATION_NAME: "O", NameOID.ORGANIZATIONAL_UNIT_NAME: "OU",
    NameOID.COMMON_NAME: "CN", NameOID.EMAIL_ADDRESS: "E", NameOID.DOMAIN_COMPONENT: "DC",
    NameOID.SURNAME: "SN", NameOID.GIVEN_NAME: "G", NameOID.TITLE: "T",
    NameOID.SERIAL_NUMBER: "SERIALNUMBER", NameOID.USER_ID: "UID",
    NameOID.STREET_ADDRESS: "STREET", NameOID.POSTAL_CODE: "POSTALCODE",
}
_SOON_DAYS = 30
MAX_CERTIFICATE_BYTES = 1_000_000


class CertificateError(ValueError):
    """The file cannot be read as a certificate; the message says what to do."""


class PassphraseNeeded(CertificateError):
    """A PKCS#12 bundle that needs its passphrase before it can be read."""


@dataclass(frozen=True)
class CertificateInfo:
    subject: tuple[tuple[str, str], ...]  # (attribute, value), in the certificate's order
    subject_text: str
    dns_names: tuple[str, ...]
    emails: tuple[str, ...]
    addresses: tuple[str, ...]
    key_type: str  # "ecdsa", "rsa" or the other key's name
    key_bits: int
    signature_hash: str | None
    not_before: date
    not_after: date
    is_ca: bool


def read_certificate(path: Path, passphrase: str | None = None) -> CertificateInfo:
    try:
        size = path.stat().st_size
        if size > MAX_CERTIFICATE_BYTES:
            raise CertificateError(f"{path.name} is {size // 1024} KB, far too big for a "
                                   "certificate. Choose the certificate file itself.")
        data = path.read_bytes()
    except FileNotFoundError:
        raise CertificateError(f"{path} does not exist. Check the name and folder.") from None
    except OSError as exc:
        raise CertificateError(f"{path.name} cannot be read ({exc.strerror}).") from None
    return parse_certificate(data, path.name, passphrase)


def parse_certificate(data: bytes, name: str = "The certificate",
                      passphrase: str | None = None) -> CertificateInfo:
    cert = _load(data, name, passphrase)
    return _describe(cert)


def _load(data: bytes, name: str, passphrase: str | None) -> x509.Certificate:
    if b"-----BEGIN" in data:
        try:
            return x509.load_pem_x509_certificate(data)
        except ValueError:
            raise CertificateError(f"{name} is a text (PEM) file but not a certificate. If it "
                                   "holds a private key, choose the certificate instead.") \
                from None
    try:
        return x509.load_der_x509_certificate(data)
    except ValueError:
        pass
    password = passphrase.encode("utf-8") if passphrase is not None else None
    try:
        _key, cert, _extra = pkcs12.load_key_and_certificates(data, password)
    except ValueError:
        if passphrase is None:
            raise PassphraseNeeded(f"{name} is protected by a passphrase. Enter the passphrase "
                                   "you were given with the certificate.") from None
        raise CertificateError(f"{name} could not be opened: the passphrase is wrong, or the "
                               "file is not a certificate.") from None
    if cert is None:
        raise CertificateError(f"{name} holds no certificate. Ask your connection provider for "
                               "the certificate file again.")
    return cert


def _describe(cert: x509.Certificate) -> CertificateInfo:
    subject = tuple((_SHORT_NAMES.get(attr.oid, attr.oid.dotted_string), str(attr.value))
                    for rdn in cert.subject.rdns for attr in rdn)
    dns: list[str] = []
    emails: list[str] = []
    addresses: list[str] = []
    try:
        san = cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value
        dns = list(san.get_values_for_type(x509.DNSName))
        emails = list(san.get_values_for_type(x509.RFC822Name))
        addresses = [str(a) for a in san.get_values_for_type(x509.IPAddress)]
    except x509.ExtensionNotFound:
        pass
    try:
        basic = cert.extensions.get_extension_for_oid(ExtensionOID.BASIC_CONSTRAINTS).value
        is_ca = bool(basic.ca)
    except x509.ExtensionNotFound:
        is_ca = False
    key = cert.public_key()
    if isinstance(key, ec.EllipticCurvePublicKey):
        key_type, bits = "ecdsa", key.curve.key_size
    elif isinstance(key, rsa.RSAPublicKey):
        key_type, bits = "rsa", key.key_size
    else:
        key_type, bits = type(key).__name__.removesuffix("PublicKey").lower(), 0
    try:
        hash_algorithm = cert.signature_hash_algorithm
        signature_hash = hash_algorithm.name if hash_algorithm is not None else None
    except Exception:  # an algorithm cryptography does not know: report it as unknown
        signature_hash = "unknown"
    return CertificateInfo(
        subject=subject,
        subject_text=", ".join(f"{k}={v}" for k, v in subject),
        dns_names=tuple(dns), emails=tuple(emails), addresses=tuple(addresses),
        key_type=key_type, key_bits=bits, signature_hash=signature_hash,
        not_before=cert.not_valid_before_utc.date(), not_after=cert.not_valid_after_utc.date(),
        is_ca=is_ca,
    )


_ATTRIBUTE_ALIASES = {"EMAIL": "E", "EMAILADDRESS": "E", "GN": "G", "TITLE": "T"}


def _same_attribute(a: str, b: str) -> bool:
    return _ATTRIBUTE_ALIASES.get(a, a) == _ATTRIBUTE_ALIASES.get(b, b)


def identity_matches(identity: Identity, info: CertificateInfo) -> bool:
    """Would a gateway accept this identity for this certificate (subject or alt names)?"""
    if identity.kind is IdentityKind.DN:
        wanted = identity.rdns
        for order in (info.subject, tuple(reversed(info.subject))):
            if len(order) == len(wanted) and all(
                _same_attribute(a, b) and va == vb for (a, va), (b, vb) in zip(order, wanted,
                                                                               strict=True)
            ):
                return True
        return False
    if identity.kind is IdentityKind.FQDN:
        return identity.text.lower() in (d.lower() for d in info.dns_names)
    if identity.kind is IdentityKind.EMAIL:
        return identity.text.lower() in (e.lower() for e in info.emails)
    wanted_address = ipaddress.ip_address(identity.text)
    return any(ipaddress.ip_address(a) == wanted_address for a in info.addresses)


def certificate_problems(info: CertificateInfo, rule: CertificateRule, profile_title: str,
                         as_of: date, *, field: str = "certificate",
                         role: str = "This site's certificate") -> list[ProfileProblem]:
    """Key type and size, signature hash and dates, against the chosen profile's rule."""
    problems: list[ProfileProblem] = []
    if info.key_type not in rule.key_types:
        allowed = " or ".join("ECDSA (elliptic curve)" if k == "ecdsa" else "RSA"
                              for k in rule.key_types)
        advice = (" Ask your connection provider for an ECDSA P-256 certificate; only old "
                  "gateways on the legacy profile use RSA." if "rsa" not in rule.key_types
                  else "")
        problems.append(error(field, f"{role} has an {info.key_type.upper()} key, but the "
                                     f"{profile_title.lower()} needs {allowed}.{advice}"))
    elif info.key_type == "ecdsa" and rule.min_ecdsa_bits and info.key_bits < rule.min_ecdsa_bits:
        problems.append(error(field, f"{role} has a {info.key_bits}-bit elliptic-curve key; "
                                     f"the {profile_title.lower()} needs P-{rule.min_ecdsa_bits} "
                                     "or stronger. Ask for a new certificate."))
    elif info.key_type == "rsa" and rule.min_rsa_bits and info.key_bits < rule.min_rsa_bits:
        problems.append(error(field, f"{role} has a {info.key_bits}-bit RSA key, which can be "
                                     f"broken; {rule.min_rsa_bits} bits is the least allowed. "
                                     "Ask for a new certificate."))
    if info.signature_hash in _WEAK_HASHES:
        problems.append(error(field, f"{role} is signed with {info.signature_hash.upper()}, "
                                     "which is broken (forged certificates have been made with "
                                     "it). Ask for a certificate signed with SHA-256 or "
                                     "stronger."))
    if as_of < info.not_before:
        problems.append(error(field, f"{role} is not valid until {uk_date(info.not_before)}. "
                                     "Check this computer's date, or wait until then."))
    elif as_of > info.not_after:
        problems.append(error(field, f"{role} expired on {uk_date(info.not_after)}. Ask your "
                                     "connection provider for a new one."))
    elif (info.not_after - as_of).days <= _SOON_DAYS:
        problems.append(warning(field, f"{role} expires on {uk_date(info.not_after)}. Ask for "
                                       "its replacement now, so the tunnel does not stop."))
    return problems


def today_utc() -> date:
    return datetime.now(UTC).date()
