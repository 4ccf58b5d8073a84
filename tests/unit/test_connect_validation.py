"""Bad facts are caught before a profile is written: addresses, ranges, identities, certificates."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from psn_desktop.connect.choices import ProfileChoices
from psn_desktop.connect.identity import IdentityError, IdentityKind, parse_identity
from psn_desktop.domain.model import AuthMethod, Route
from tests.unit.connect_helpers import (
    SITE_ID,
    blocking_messages,
    connection,
    make_pki,
    run_generate,
    scope,
    site_certificate,
)


@pytest.mark.parametrize("gateway", ["vpn example.gov.uk", "vpn..example", "999.1.1.1", "-vpn",
                                     "vpn.example.gov.uk;calc", ""])
def test_malformed_gateway_is_refused(gateway: str) -> None:
    result = run_generate(conn=connection(gateway=gateway))
    assert result.profile is None
    assert any("gateway" in m.lower() for m in blocking_messages(result))


@pytest.mark.parametrize("remote", ["51.0.0.0/33", "51.0.0.1/16", "not-a-range", "10.0.0.0/8/1"])
def test_malformed_remote_range_is_refused(remote: str) -> None:
    result = run_generate(conn=connection(remote_ranges=[remote]))
    assert result.profile is None
    assert blocking_messages(result)


def test_remote_range_overlapping_the_sites_own_is_refused() -> None:
    result = run_generate(conn=connection(remote_ranges=["10.20.128.0/17"]),
                          site=scope("10.20.0.0/16"))
    assert any("overlaps your own range 10.20.0.0/16" in m for m in blocking_messages(result))


def test_a_malformed_site_range_is_refused_rather_than_dropped() -> None:
    result = run_generate(site=scope("10.20.0.0/16", "10.30.0.5/16"))
    assert any("this site's own ranges" in m and "host bits" in m
               for m in blocking_messages(result))


def test_provider_link_route_gets_no_vpn_profile() -> None:
    result = run_generate(conn=connection(route=Route.PROVIDER_LINK, provider_name="Jisc"))
    assert blocking_messages(result) == [
        "A VPN profile is only for connecting over the internet with encryption. Choose that "
        "route in the connection section first."]


@pytest.mark.parametrize(("text", "kind"), [
    ("oakfield.example.sch.uk", IdentityKind.FQDN),
    ("it@oakfield.example.sch.uk", IdentityKind.EMAIL),
    ("192.0.2.7", IdentityKind.ADDRESS),
    ("2001:db8::7", IdentityKind.ADDRESS),
    ("C=GB, O=St Mary's & St John's (Oakfield), CN=oakfield", IdentityKind.DN),
])
def test_identity_shapes_are_read_as_strongswan_reads_them(text: str,
                                                           kind: IdentityKind) -> None:
    assert parse_identity(text).kind is kind


@pytest.mark.parametrize(("text", "words"), [
    ("%any", "would match any peer"),
    ("C=GB, O=Oakfield, CN=*", "would match any peer"),
    ("@oakfield.example", "would match any peer"),
    ("keyid:0a1b2c", "type prefix"),
    ("fqdn:oakfield.example", "type prefix"),
    ("C=GB, O=Oak\"field", "contains '\"'"),
    ("C=GB, X-Evil=1", "not a distinguished-name attribute"),
    ("C=GB,, CN=x", "is not a distinguished name"),
    ("not an identity!", "is not a host name"),
    (" oakfield.example.sch.uk", "starts or ends with a space"),
])
def test_identities_with_special_meaning_are_refused(text: str, words: str) -> None:
    with pytest.raises(IdentityError, match=words.replace("(", r"\(").replace("*", r"\*")):
        parse_identity(text)


def test_psk_site_needs_an_identity() -> None:
    result = run_generate(conn=connection(auth_method=AuthMethod.PRE_SHARED_KEY,
                                          local_identity=""))
    assert any("identity" in m for m in blocking_messages(result))


# ----- certificates ---------------------------------------------------------------------------


def _cert_choices(pki_folder: Path, cert: Path) -> ProfileChoices:
    return ProfileChoices(certificate_file=str(cert),
                          ca_certificate_file=str(pki_folder / "gateway-ca.pem"))


def test_a_good_certificate_matching_the_identity_passes(tmp_path: Path) -> None:
    pki = make_pki(tmp_path)
    result = run_generate(choices=_cert_choices(tmp_path, site_certificate(pki)))
    assert result.profile is not None, blocking_messages(result)
    assert result.certificate is not None and result.certificate.key_bits == 256
    assert 'certs = "site.pem"' in result.profile.text
    assert 'cacerts = "gateway-ca.pem"' in result.profile.text


def test_identity_not_in_the_certificate_is_refused_with_the_names_it_has(
        tmp_path: Path) -> None:
    pki = make_pki(tmp_path)
    cert = site_certificate(pki, dns=("other-school.example.sch.uk",), cn="other")
    result = run_generate(choices=_cert_choices(tmp_path, cert))
    message = next(m for m in blocking_messages(result) if "is not in its certificate" in m)
    assert f"'{SITE_ID}'" in message and "other-school.example.sch.uk" in message


@pytest.mark.parametrize(("identity", "kwargs"), [
    ("C=GB, O=Oakfield Primary School, CN=oakfield.example.sch.uk", {}),
    ("CN=oakfield.example.sch.uk, O=Oakfield Primary School, C=GB", {}),
    ("192.0.2.9", {"ips": ("192.0.2.9",)}),
    ("it@oakfield.example.sch.uk", {"emails": ("it@oakfield.example.sch.uk",)}),
])
def test_every_identity_kind_is_matched_against_the_certificate(tmp_path: Path, identity: str,
                                                                kwargs: dict) -> None:
    pki = make_pki(tmp_path)
    cert = site_certificate(pki, **kwargs)
    result = run_generate(choices=_cert_choices(tmp_path, cert),
                          conn=connection(local_identity=identity))
    assert result.profile is not None, blocking_messages(result)


def test_a_dn_in_another_order_or_with_another_value_does_not_match(tmp_path: Path) -> None:
    pki = make_pki(tmp_path)
    result = run_generate(choices=_cert_choices(tmp_path, site_certificate(pki)),
                          conn=connection(local_identity="C=GB, O=Oakfield, CN="
                                                         "oakfield.example.sch.uk"))
    assert any("is not in its certificate" in m for m in blocking_messages(result))


@pytest.mark.parametrize(("key_kind", "words"), [
    ("rsa2048", "has an RSA key, but the recommended profile needs ECDSA"),
    ("ed25519", "has an ED25519 key"),
    ("ec192", "192-bit elliptic-curve key"),
])
def test_recommended_profile_needs_an_ecdsa_p256_certificate(tmp_path: Path, key_kind: str,
                                                             words: str) -> None:
    pki = make_pki(tmp_path)
    result = run_generate(choices=_cert_choices(tmp_path, site_certificate(pki,
                                                                           key_kind=key_kind)))
    assert any(words in m for m in blocking_messages(result)), blocking_messages(result)


def test_legacy_profile_accepts_rsa_2048_but_not_rsa_1024(tmp_path: Path) -> None:
    pki = make_pki(tmp_path)
    good = site_certificate(pki, "rsa2048.pem", key_kind="rsa2048")
    result = run_generate(choices=ProfileChoices(profile="legacy", certificate_file=str(good)))
    assert result.profile is not None, blocking_messages(result)
    assert "auth = ecdsa-256-sha256-sha384-sha512-rsa-2048-sha256-sha384-sha512" in \
        result.profile.text
    weak = site_certificate(pki, "rsa1024.pem", key_kind="rsa1024")
    result = run_generate(choices=ProfileChoices(profile="legacy", certificate_file=str(weak)))
    assert any("1024-bit RSA key" in m for m in blocking_messages(result))


def _pki(*args: str) -> bytes:
    """strongSwan's pki tool: cryptography no longer signs with SHA-1, old CAs still do."""
    assert shutil.which("pki"), "strongSwan's pki tool is missing; scripts/setup.sh installs it"
    return subprocess.run(["pki", *args], capture_output=True, check=True, timeout=30).stdout


def test_sha1_signed_certificate_is_refused(tmp_path: Path) -> None:
    (tmp_path / "ca.key").write_bytes(_pki("--gen", "--type", "ecdsa", "--size", "256"))
    (tmp_path / "ca.pem").write_bytes(_pki("--self", "--ca", "--in", str(tmp_path / "ca.key"),
                                           "--type", "ecdsa", "--dn", "C=GB, CN=Old CA",
                                           "--outform", "pem"))
    (tmp_path / "site.key").write_bytes(_pki("--gen", "--type", "ecdsa", "--size", "256"))
    cert = tmp_path / "site.pem"
    cert.write_bytes(_pki("--issue", "--cacert", str(tmp_path / "ca.pem"), "--cakey",
                          str(tmp_path / "ca.key"), "--type", "priv", "--in",
                          str(tmp_path / "site.key"), "--dn", f"C=GB, CN={SITE_ID}", "--san",
                          SITE_ID, "--digest", "sha1", "--lifetime", "3650", "--outform", "pem"))
    result = run_generate(choices=ProfileChoices(certificate_file=str(cert)), as_of=date.today())
    assert any("signed with SHA1, which is broken" in m for m in blocking_messages(result))


def test_expired_and_not_yet_valid_certificates_are_refused(tmp_path: Path) -> None:
    pki = make_pki(tmp_path)
    expired = site_certificate(pki, "old.pem", valid_from=date(2024, 1, 1),
                               valid_to=date(2025, 1, 1))
    result = run_generate(choices=_cert_choices(tmp_path, expired))
    assert any("expired on 1 January 2025" in m for m in blocking_messages(result))
    future = site_certificate(pki, "new.pem", valid_from=date(2027, 1, 1))
    result = run_generate(choices=_cert_choices(tmp_path, future))
    assert any("not valid until 1 January 2027" in m for m in blocking_messages(result))


def test_certificate_expiring_soon_is_a_warning(tmp_path: Path) -> None:
    pki = make_pki(tmp_path)
    cert = site_certificate(pki, valid_to=date(2026, 12, 10))
    result = run_generate(choices=_cert_choices(tmp_path, cert))
    assert result.profile is not None
    assert any("expires on 10 December 2026" in p.message and not p.blocking
               for p in result.problems)


def test_the_ca_certificate_in_place_of_the_sites_is_refused(tmp_path: Path) -> None:
    make_pki(tmp_path)
    result = run_generate(choices=ProfileChoices(
        certificate_file=str(tmp_path / "gateway-ca.pem")))
    assert any("certificate authority's certificate, not this site's" in m
               for m in blocking_messages(result))


def test_a_site_certificate_in_place_of_the_ca_is_refused(tmp_path: Path) -> None:
    pki = make_pki(tmp_path)
    cert = site_certificate(pki)
    result = run_generate(choices=ProfileChoices(certificate_file=str(cert),
                                                 ca_certificate_file=str(cert)))
    assert any("is not a certificate authority's certificate" in m
               for m in blocking_messages(result))


def test_pkcs12_bundle_needs_the_right_passphrase(tmp_path: Path) -> None:
    pki = make_pki(tmp_path)
    bundle = site_certificate(pki, "site.pfx", pfx_passphrase="correct horse battery")
    choices = ProfileChoices(certificate_file=str(bundle))
    assert any("protected by a passphrase" in m
               for m in blocking_messages(run_generate("windows", choices=choices)))
    assert any("passphrase is wrong" in m for m in blocking_messages(
        run_generate("windows", choices=choices, passphrase="wrong")))
    good = run_generate("windows", choices=choices, passphrase="correct horse battery")
    assert good.profile is not None, blocking_messages(good)


def test_der_certificates_are_read_too(tmp_path: Path) -> None:
    pki = make_pki(tmp_path)
    cert = site_certificate(pki, "site.cer", der=True)
    result = run_generate(choices=ProfileChoices(certificate_file=str(cert)))
    assert result.profile is not None, blocking_messages(result)


@pytest.mark.parametrize(("content", "words"), [
    (b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "not a certificate"),
    (b"just some text", "protected by a passphrase"),
])
def test_files_that_are_not_certificates_get_a_clear_message(tmp_path: Path, content: bytes,
                                                              words: str) -> None:
    path = tmp_path / "site.pem"
    path.write_bytes(content)
    result = run_generate(choices=ProfileChoices(certificate_file=str(path)))
    assert any(words in m for m in blocking_messages(result))


def test_a_missing_certificate_file_says_so(tmp_path: Path) -> None:
    result = run_generate(choices=ProfileChoices(certificate_file=str(tmp_path / "gone.pem")))
    assert any("does not exist" in m for m in blocking_messages(result))


def test_no_certificate_file_is_a_warning_not_a_refusal() -> None:
    result = run_generate()
    assert result.profile is not None
    assert any("could not be checked" in p.message and not p.blocking for p in result.problems)
