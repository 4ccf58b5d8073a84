"""The strongSwan swanctl.conf: every option, strict proposals, and hostile values.

The real daemon reads these files in tests/e2e/test_tunnel.py; here each option is checked
one at a time, cheaply, including the values that must be refused before they reach a file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from psn_desktop.connect.choices import ProfileChoices
from psn_desktop.connect.quoting import UnsafeValue, strongswan_literal
from psn_desktop.connect.strongswan import PSK_SECRETS_FILE
from psn_desktop.domain.model import AuthMethod, Scope
from tests.unit.connect_helpers import (
    GATEWAY,
    SITE_ID,
    blocking_messages,
    connection,
    make_pki,
    organisation,
    run_generate,
    scope,
    site_certificate,
)


def conf(**kwargs: object) -> str:
    result = run_generate("strongswan", **kwargs)  # type: ignore[arg-type]
    assert result.profile is not None, blocking_messages(result)
    return result.profile.text


def settings(text: str) -> dict[str, str]:
    """``section.sub.key`` → value, reading the nested sections the way strongSwan does."""
    found: dict[str, str] = {}
    stack: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("{"):
            stack.append(line[:-1].strip())
        elif line == "}":
            stack.pop()
        elif line.startswith("include "):
            found[".".join([*stack, "include"])] = line.removeprefix("include ")
        else:
            key, sep, value = line.partition(" = ")
            assert sep, f"unexpected line {raw!r}"
            path = ".".join([*stack, key])
            assert path not in found, f"{path} appears twice"
            found[path] = value
    assert not stack, "unbalanced braces"
    return found


CONN = "connections.psn-desktop."
CHILD = CONN + "children.psn."


def test_recommended_profile_with_certificate() -> None:
    assert settings(conf()) == {
        CONN + "version": "2", CONN + "remote_addrs": f'"{GATEWAY}"',
        CONN + "proposals": "aes128gcm16-prfsha256-ecp256", CONN + "rekey_time": "77760s",
        CONN + "over_time": "8640s", CONN + "dpd_delay": "30s",
        CONN + "local.auth": "pubkey", CONN + "local.certs": '"psn-site.pem"',
        CONN + "local.id": f'"{SITE_ID}"',
        CONN + "remote.auth": "ecdsa-256-sha256-sha384-sha512",
        CONN + "remote.id": f'"{GATEWAY}"',
        CHILD + "local_ts": "10.20.0.0/16", CHILD + "remote_ts": "0.0.0.0/0",
        CHILD + "esp_proposals": "aes128gcm16-ecp256", CHILD + "rekey_time": "25920s",
        CHILD + "life_time": "28800s", CHILD + "dpd_action": "restart",
        CHILD + "close_action": "start", CHILD + "start_action": "start",
    }


def test_lifetimes_never_exceed_the_profiles() -> None:
    values = settings(conf())
    assert int(values[CONN + "rekey_time"][:-1]) + int(values[CONN + "over_time"][:-1]) == 86400
    assert int(values[CHILD + "life_time"][:-1]) == 28800


def test_legacy_profile_is_ikev1_main_mode_with_reauthentication() -> None:
    values = settings(conf(choices=ProfileChoices(profile="legacy")))
    assert values[CONN + "version"] == "1" and values[CONN + "aggressive"] == "no"
    assert values[CONN + "proposals"] == "aes128-sha256-modp2048"
    assert values[CHILD + "esp_proposals"] == "aes128-sha256-modp2048"
    assert values[CONN + "reauth_time"] == "77760s" and values[CONN + "rekey_time"] == "0s"


def test_pre_shared_key_is_included_from_a_separate_file_never_written() -> None:
    result = run_generate("strongswan", conn=connection(auth_method=AuthMethod.PRE_SHARED_KEY))
    assert result.profile is not None
    text = result.profile.text
    values = settings(text)
    assert values["include"] == PSK_SECRETS_FILE
    assert values[CONN + "local.auth"] == values[CONN + "remote.auth"] == "psk"
    assert not any(k.startswith("secrets") or "secret" in k or "certs" in k for k in values)
    template = result.profile.extra["psk_secrets_template"]
    assert 'secret = "PUT-THE-PRE-SHARED-KEY-HERE"' in template
    assert f'id-site = "{SITE_ID}"' in template and f'id-gateway = "{GATEWAY}"' in template
    assert any("weaker than a certificate" in p.message for p in result.problems)


def test_site_without_ranges_of_its_own_uses_its_address() -> None:
    text = conf(site=Scope(environment_name="PC", user_count=1, site_count=1))
    assert settings(text)[CHILD + "local_ts"] == "dynamic"


def test_ipv6_ranges_keep_ipv6_in_the_tunnel_too() -> None:
    values = settings(conf(site=scope("10.20.0.0/16", "2001:db8:20::/48")))
    assert values[CHILD + "local_ts"] == "10.20.0.0/16,2001:db8:20::/48"
    assert values[CHILD + "remote_ts"] == "0.0.0.0/0,::/0"


def test_ranges_are_written_in_normal_form() -> None:
    values = settings(conf(site=scope("10.20.0.0-10.20.255.255")))
    assert values[CHILD + "local_ts"] == "10.20.0.0/16"


def test_gateway_identity_can_differ_from_its_address() -> None:
    values = settings(conf(choices=ProfileChoices(gateway_identity="C=GB, O=PSN Access, CN=gw1"),
                           conn=connection(gateway="192.0.2.1")))
    assert values[CONN + "remote_addrs"] == '"192.0.2.1"'
    assert values[CONN + "remote.id"] == '"C=GB, O=PSN Access, CN=gw1"'


def test_split_tunnel_limits_the_tunnel_to_the_remote_ranges() -> None:
    reason = "The finance system's own VPN must reach its supplier directly."
    values = settings(conf(choices=ProfileChoices(split_tunnel=True),
                           conn=connection(remote_ranges=["51.0.0.0/16", "51.4.0.0/16"],
                                           split_tunnel_reason=reason)))
    assert values[CHILD + "remote_ts"] == "51.0.0.0/16,51.4.0.0/16"


def test_header_names_the_profile_and_its_source() -> None:
    text = conf()
    assert text.startswith("# Generated by PSN Desktop for Oakfield Primary School on "
                           "23 November 2026.")
    assert "https://www.ncsc.gov.uk/guidance/using-ipsec-protect-data" in text
    assert "No pre-shared key, private key or passphrase is stored in this file." in text


def test_certificate_bundles_are_refused_with_how_to_split_them(tmp_path: Path) -> None:
    bundle = site_certificate(make_pki(tmp_path), "site.pfx", pfx_passphrase="pw")
    result = run_generate("strongswan", choices=ProfileChoices(certificate_file=str(bundle)),
                          passphrase="pw")
    assert any("openssl pkcs12" in m for m in blocking_messages(result))


@pytest.mark.parametrize("name", ["site cert.pem", "../../etc/shadow", ".hidden.pem",
                                  "site\".pem"])
def test_awkward_certificate_file_names_are_refused(name: str) -> None:
    result = run_generate("strongswan", choices=ProfileChoices(certificate_file="/x/" + name))
    assert any("awkward to copy" in m or "does not exist" in m
               for m in blocking_messages(result))
    assert result.profile is None


HOSTILE_NAMES = ["St Mary's }\n connections { evil", "School # comment",
                 'Quote " school', "Back\\slash", "Brace } school { x", "Dollar ${x} school"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_organisation_names_never_reach_a_setting(name: str) -> None:
    result = run_generate("strongswan", org=organisation(name))
    if result.profile is None:
        assert any("Type it again on one line" in m for m in blocking_messages(result))
        return
    text = result.profile.text
    header, _, body = text.partition("\nconnections {")
    assert name.replace("#>", "# >") in header
    assert name not in body, "the organisation's name belongs in the comment only"
    assert settings(text) == settings(conf())


@pytest.mark.parametrize(("identity", "words"), [
    ('site"; auth = psk', "not a distinguished-name attribute"),
    ('site" auth', "not a host name"),
    ("site.example\n}", "Type it again on one line"),
    ("%any", "would match any peer"),
    ("C=GB, CN=site}", "contains '}'"),
])
def test_hostile_identities_are_refused(identity: str, words: str) -> None:
    result = run_generate("strongswan", conn=connection(local_identity=identity))
    assert result.profile is None
    assert any(words in m for m in blocking_messages(result)), blocking_messages(result)


@pytest.mark.parametrize("value", ['a"b', "a\\b", "a\nb", "a\u2029b", "a\x1bb"])
def test_strongswan_literal_refuses_what_could_end_or_escape_it(value: str) -> None:
    with pytest.raises(UnsafeValue):
        strongswan_literal(value)


def test_strongswan_literal_keeps_everything_else_exactly() -> None:
    assert strongswan_literal("C=GB, O=St Mary's & St John's {#}, CN=x") == \
        '"C=GB, O=St Mary\'s & St John\'s {#}, CN=x"'
