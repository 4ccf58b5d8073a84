"""Shared pieces for the VPN profile tests: a site's facts and real certificates.

Certificates are made with ``cryptography`` (a real CA signing real site certificates), so
the checks read exactly what a connection provider would hand over.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from psn_desktop.connect.choices import ProfileChoices
from psn_desktop.connect.generate import GenerationResult, generate
from psn_desktop.domain.model import (
    AuthMethod,
    Connection,
    Organisation,
    OrgType,
    Route,
    Scope,
)

AS_OF = date(2026, 11, 23)
SITE_ID = "oakfield.example.sch.uk"
GATEWAY = "vpn.psn-access.example.gov.uk"


def organisation(name: str = "Oakfield Primary School") -> Organisation:
    return Organisation(name=name, org_type=OrgType.SCHOOL)


def scope(*ranges: str) -> Scope:
    return Scope(environment_name="School network", user_count=40, site_count=1,
                 ip_ranges=list(ranges or ("10.20.0.0/16",)))


def connection(**changes: object) -> Connection:
    values: dict[str, object] = {
        "route": Route.INTERNET_ENCRYPTED, "gateway": GATEWAY, "remote_ranges": ["51.0.0.0/16"],
        "local_identity": SITE_ID, "auth_method": AuthMethod.CERTIFICATE,
    }
    values.update(changes)
    return Connection(**values)  # type: ignore[arg-type]


def run_generate(fmt: str = "strongswan", *, choices: ProfileChoices | None = None,
                 org: Organisation | None = None, site: Scope | None = None,
                 conn: Connection | None = None, as_of: date = AS_OF,
                 passphrase: str | None = None) -> GenerationResult:
    return generate(fmt, conn or connection(), site or scope(), org or organisation(),
                    choices or ProfileChoices(), as_of=as_of, certificate_passphrase=passphrase)


def blocking_messages(result: GenerationResult) -> list[str]:
    return [p.message for p in result.problems if p.blocking]


@dataclass
class Pki:
    folder: Path
    ca_key: ec.EllipticCurvePrivateKey
    ca_cert: x509.Certificate

    @property
    def ca_path(self) -> Path:
        return self.folder / "gateway-ca.pem"


def _name(cn: str, org: str = "Oakfield Primary School") -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "GB"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_pki(folder: Path, *, ca_hash: hashes.HashAlgorithm | None = None) -> Pki:
    folder.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime(2026, 1, 1, tzinfo=UTC)
    name = _name("PSN Test CA", "PSN Test")
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, ca_hash or hashes.SHA256()))
    pki = Pki(folder, key, cert)
    pki.ca_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return pki


def site_certificate(pki: Pki, file_name: str = "site.pem", *, key_kind: str = "ec256",
                     cn: str = SITE_ID, dns: tuple[str, ...] = (SITE_ID,),
                     ips: tuple[str, ...] = (), emails: tuple[str, ...] = (),
                     valid_from: date = date(2026, 1, 1), valid_to: date = date(2027, 6, 30),
                     signature_hash: hashes.HashAlgorithm | None = None,
                     pfx_passphrase: str | None = None, der: bool = False) -> Path:
    """A site certificate signed by the test CA, written as PEM, DER or a PKCS#12 bundle."""
    if key_kind == "ec256":
        key = ec.generate_private_key(ec.SECP256R1())
    elif key_kind == "ec384":
        key = ec.generate_private_key(ec.SECP384R1())
    elif key_kind == "ec192":
        key = ec.generate_private_key(ec.SECP192R1())
    elif key_kind == "rsa2048":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    elif key_kind == "rsa1024":
        key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    elif key_kind == "ed25519":
        key = ed25519.Ed25519PrivateKey.generate()
    else:
        raise ValueError(key_kind)
    names: list[x509.GeneralName] = [x509.DNSName(d) for d in dns]
    names += [x509.IPAddress(ipaddress.ip_address(a)) for a in ips]
    names += [x509.RFC822Name(e) for e in emails]
    builder = (x509.CertificateBuilder().subject_name(_name(cn))
               .issuer_name(pki.ca_cert.subject).public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(datetime.combine(valid_from, datetime.min.time(), UTC))
               .not_valid_after(datetime.combine(valid_to, datetime.min.time(), UTC)))
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    cert = builder.sign(pki.ca_key, signature_hash or hashes.SHA256())
    path = pki.folder / file_name
    if pfx_passphrase is not None:
        path.write_bytes(pkcs12.serialize_key_and_certificates(
            b"site", key, cert, [pki.ca_cert],  # type: ignore[arg-type]
            serialization.BestAvailableEncryption(pfx_passphrase.encode())))
    elif der:
        path.write_bytes(cert.public_bytes(serialization.Encoding.DER))
    else:
        path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path
