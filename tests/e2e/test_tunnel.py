"""A real IKE daemon builds a tunnel with the profile the app generates.

The site's charon runs the swanctl.conf that ``psn-desktop vpn-profile`` wrote from a real
workspace; the gateway's charon is configured by hand, as the connection provider's would be,
and deliberately accepts more than the profile (strongSwan's defaults as well), so the
negotiated proposal shows what the *site's* file insists on. Each test pings from the site's
LAN to the PSN side and checks the packets went through the tunnel's security association,
then that the IKE and ESP proposals (and, after a rekey, the forward-secrecy group) are the
profile's. See ipsec_lab.py for the namespaces and why user-space ESP is used.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from psn_desktop.cli import main
from psn_desktop.connect.choices import ProfileChoices, save_choices
from psn_desktop.domain.model import (
    AuthMethod,
    Connection,
    Organisation,
    OrgType,
    Route,
    Scope,
)
from psn_desktop.workspace.store import Workspace
from tests.e2e.ipsec_lab import (
    GATEWAY_WAN,
    PSN_HOST,
    PSN_RANGE,
    SITE_LAN,
    SITE_LAN_RANGE,
    Host,
    Lab,
    LabError,
)

pytestmark = pytest.mark.slow

SITE_ID = "site.psn-lab.example"
GATEWAY_ID = GATEWAY_WAN  # the gateway is known by its address: the lab has no DNS
PSK_CANARY = "canary-psk-Zq8!tunnel-ONLY-in-secrets-file"

# How charon names the algorithms of each strongSwan proposal keyword in --list-sas --raw.
VICI_NAMES = {
    "aes128gcm16": ("AES_GCM_16", "128"),
    "aes256gcm16": ("AES_GCM_16", "256"),
    "aes128": ("AES_CBC", "128"),
    "prfsha256": "PRF_HMAC_SHA2_256",
    "sha256": "HMAC_SHA2_256_128",
    "ecp256": "ECP_256",
    "modp2048": "MODP_2048",
}


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    lab = Lab()
    try:
        yield lab
    finally:
        lab.close()


@pytest.fixture
def fresh(lab: Lab) -> Iterator[Lab]:
    """Both hosts with empty folders; daemons are stopped after the test whatever happens."""
    lab.prepare(lab.site)
    lab.prepare(lab.gateway)
    try:
        yield lab
    finally:
        lab.stop(lab.site)
        lab.stop(lab.gateway)


def _workspace(folder: Path, auth: AuthMethod, choices: ProfileChoices) -> Path:
    with Workspace.create(folder) as workspace:
        workspace.set_organisation(Organisation(name="St Mary's Lab School",
                                                org_type=OrgType.SCHOOL))
        workspace.set_scope(Scope(environment_name="Lab school network", user_count=5,
                                  site_count=1, ip_ranges=[SITE_LAN_RANGE]))
        workspace.set_connection(Connection(route=Route.INTERNET_ENCRYPTED, gateway=GATEWAY_WAN,
                                            remote_ranges=[PSN_RANGE], local_identity=SITE_ID,
                                            auth_method=auth))
        save_choices(workspace, choices)
    return folder


def _generate_site_profile(workspace: Path, output: Path, *extra: str) -> str:
    code = main(["vpn-profile", "--workspace", str(workspace), "--format", "strongswan",
                 "--output", str(output), *extra])
    assert code == 0, "the CLI refused to generate the profile"
    return output.read_text(encoding="utf-8")


def _gateway_conf(*, version: int, auth: str, proposals: str, esp: str,
                  cert: str = "gw.pem") -> str:
    local = (f"auth = {auth}\n            id = {GATEWAY_ID}\n"
             + (f"            certs = {cert}\n" if auth == "pubkey" else ""))
    secrets = ""
    if auth == "psk":
        secrets = (f'secrets {{\n    ike-site {{\n        id-1 = {SITE_ID}\n'
                   f'        id-2 = {GATEWAY_ID}\n        secret = "{PSK_CANARY}"\n    }}\n}}\n')
    return (
        "connections {\n    psn-gateway {\n"
        f"        version = {version}\n        local_addrs = {GATEWAY_WAN}\n"
        f"        proposals = {proposals}\n"
        f"        local {{\n            {local}        }}\n"
        f"        remote {{\n            auth = {auth}\n            id = {SITE_ID}\n        }}\n"
        "        children {\n            psn {\n"
        f"                local_ts = 0.0.0.0/0\n                remote_ts = {SITE_LAN_RANGE}\n"
        f"                esp_proposals = {esp}\n"
        "            }\n        }\n    }\n}\n" + secrets
    )


def _pki_for(lab: Lab, key_type: str, bits: int) -> dict[str, Path]:
    work = lab.root / "pki"
    work.mkdir(exist_ok=True)
    ca = lab.make_ca(work, key_type, bits)
    gw_key, gw_cert = lab.issue(ca, work, "gw", key_type, bits,
                                f"C=GB, O=PSN Lab, CN={GATEWAY_ID}", GATEWAY_ID)
    site_key, site_cert = lab.issue(ca, work, "site", key_type, bits,
                                    f"C=GB, O=St Marys Lab School, CN={SITE_ID}", SITE_ID)
    return {"ca": ca[1], "gw_key": gw_key, "gw_cert": gw_cert, "site_key": site_key,
            "site_cert": site_cert}


def _install(host: Host, files: dict[str, Path], cert: str, key: str, ca: str,
             cert_name: str | None = None) -> None:
    (host.folder / "x509" / (cert_name or files[cert].name)).write_bytes(files[cert].read_bytes())
    (host.folder / "private" / files[key].name).write_bytes(files[key].read_bytes())
    (host.folder / "x509ca" / files[ca].name).write_bytes(files[ca].read_bytes())


def _start_both(lab: Lab, gateway_conf: str) -> None:
    (lab.gateway.folder / "swanctl.conf").write_text(gateway_conf)
    (lab.site.folder / "swanctl.conf").write_text("include conf.d/*.conf\n")
    lab.start(lab.gateway)
    lab.gateway.swanctl("--load-all")
    lab.start(lab.site)
    lab.site.swanctl("--load-all")  # start_action = start: the tunnel comes up by itself


def _ping_through_tunnel(lab: Lab) -> None:
    before = lab.wait_for_child(lab.site)
    result = lab.site.exec("ping", "-c", "3", "-i", "0.2", "-W", "2", "-I", SITE_LAN, PSN_HOST,
                           check=False)
    assert result.returncode == 0, f"no reply across the tunnel:\n{result.stdout}"
    after = lab.wait_for_child(lab.site)
    child = _installed_child(after)
    assert int(after[f"{child}.packets-out"]) >= 3, "the pings did not use the tunnel"
    assert int(after[f"{child}.packets-in"]) >= 3, "the replies did not come through the tunnel"
    assert before["state"] == "ESTABLISHED"


def _installed_child(fields: dict[str, str], not_id: str | None = None) -> str:
    """The newest installed CHILD_SA (skipping the one with uniqueid ``not_id``)."""
    found = [key.removesuffix(".state") for key, value in fields.items()
             if key.endswith(".state") and value == "INSTALLED"
             and fields.get(key.replace(".state", ".uniqueid")) != not_id]
    if not found:
        raise AssertionError(f"no installed CHILD_SA in {fields}")
    return max(found, key=lambda child: int(fields[f"{child}.uniqueid"]))


def _wait_for_new_child(lab: Lab, old_id: str, timeout: float = 10.0) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        fields = lab.wait_for_child(lab.site)
        try:
            _installed_child(fields, not_id=old_id)
            return fields
        except AssertionError:
            time.sleep(0.2)
    raw = lab.site.swanctl("--list-sas", "--raw").stdout
    raise AssertionError(f"the rekeyed CHILD_SA did not appear: {raw}")


def _assert_negotiated(fields: dict[str, str], ike: str, esp: str, *, pfs_checked: bool) -> None:
    """The SA's algorithms are exactly the ones in the profile's proposals."""
    ike_parts = ike.split("-")
    encr, size = VICI_NAMES[ike_parts[0]]
    assert fields["encr-alg"] == encr and fields["encr-keysize"] == size
    assert fields["dh-group"] == VICI_NAMES[ike_parts[-1]]
    prf = [VICI_NAMES[p] for p in ike_parts if p.startswith("prf")]
    if prf:
        assert fields["prf-alg"] == prf[0]
    integrity = [VICI_NAMES[p] for p in ike_parts[1:-1] if not p.startswith("prf")]
    if integrity:
        assert fields["integ-alg"] == integrity[0]
    child = _installed_child(fields)
    esp_parts = esp.split("-")
    encr, size = VICI_NAMES[esp_parts[0]]
    assert fields[f"{child}.encr-alg"] == encr and fields[f"{child}.encr-keysize"] == size
    if len(esp_parts) == 3:
        assert fields[f"{child}.integ-alg"] == VICI_NAMES[esp_parts[1]]
    if pfs_checked:
        assert fields[f"{child}.dh-group"] == VICI_NAMES[esp_parts[-1]], \
            "the CHILD_SA was not keyed with the profile's forward-secrecy group"


def test_recommended_profile_builds_a_tunnel_with_its_own_proposals(fresh: Lab,
                                                                     tmp_path: Path) -> None:
    lab = fresh
    files = _pki_for(lab, "ecdsa", 256)
    choices = ProfileChoices(certificate_file=str(files["site_cert"]),
                             ca_certificate_file=str(files["ca"]))
    workspace = _workspace(tmp_path / "ws", AuthMethod.CERTIFICATE, choices)
    text = _generate_site_profile(workspace, lab.site.folder / "conf.d" / "psn-desktop.conf",
                                  "--as-of", _today())
    assert "proposals = aes128gcm16-prfsha256-ecp256\n" in text
    assert "esp_proposals = aes128gcm16-ecp256\n" in text

    _install(lab.site, files, "site_cert", "site_key", "ca")
    _install(lab.gateway, files, "gw_cert", "gw_key", "ca")
    # The gateway would accept weaker and other algorithms; the site's file must not.
    _start_both(lab, _gateway_conf(version=2, auth="pubkey",
                                   proposals="aes256-sha256-modp2048, default",
                                   esp="aes256-sha256-modp2048, aes128gcm16-ecp256, default"))
    _ping_through_tunnel(lab)
    fields = lab.wait_for_child(lab.site)
    _assert_negotiated(fields, "aes128gcm16-prfsha256-ecp256", "aes128gcm16-ecp256",
                       pfs_checked=False)
    assert fields["local-id"] == SITE_ID and fields["remote-id"] == GATEWAY_ID

    # The first CHILD_SA is keyed inside IKE_AUTH, without its own Diffie-Hellman exchange;
    # a rekey shows the forward-secrecy group really negotiated.
    first = fields[f"{_installed_child(fields)}.uniqueid"]
    lab.site.swanctl("--rekey", "--child", "psn")
    fields = _wait_for_new_child(lab, first)
    _assert_negotiated(fields, "aes128gcm16-prfsha256-ecp256", "aes128gcm16-ecp256",
                       pfs_checked=True)
    _ping_through_tunnel(lab)


def test_gateway_offering_only_weak_algorithms_gets_no_tunnel(fresh: Lab,
                                                               tmp_path: Path) -> None:
    lab = fresh
    files = _pki_for(lab, "ecdsa", 256)
    choices = ProfileChoices(certificate_file=str(files["site_cert"]),
                             ca_certificate_file=str(files["ca"]))
    workspace = _workspace(tmp_path / "ws", AuthMethod.CERTIFICATE, choices)
    _generate_site_profile(workspace, lab.site.folder / "conf.d" / "psn-desktop.conf",
                           "--as-of", _today())
    _install(lab.site, files, "site_cert", "site_key", "ca")
    _install(lab.gateway, files, "gw_cert", "gw_key", "ca")
    _start_both(lab, _gateway_conf(version=2, auth="pubkey", proposals="aes128-sha1-modp1024",
                                   esp="aes128-sha1-modp1024"))
    deadline = time.monotonic() + 15
    while "NO_PROPOSAL_CHOSEN" not in lab.site.log_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "NO_PROPOSAL_CHOSEN" in lab.site.log_text(), lab.site.log_text()[-4000:]
    with pytest.raises(LabError):
        lab.wait_for_child(lab.site, timeout=1)


def test_legacy_profile_builds_an_ikev1_main_mode_tunnel(fresh: Lab, tmp_path: Path) -> None:
    lab = fresh
    files = _pki_for(lab, "rsa", 2048)
    choices = ProfileChoices(profile="legacy", certificate_file=str(files["site_cert"]),
                             ca_certificate_file=str(files["ca"]))
    workspace = _workspace(tmp_path / "ws", AuthMethod.CERTIFICATE, choices)
    text = _generate_site_profile(workspace, lab.site.folder / "conf.d" / "psn-desktop.conf",
                                  "--as-of", _today())
    assert "version = 1\n" in text and "aggressive = no\n" in text
    _install(lab.site, files, "site_cert", "site_key", "ca")
    _install(lab.gateway, files, "gw_cert", "gw_key", "ca")
    _start_both(lab, _gateway_conf(version=1, auth="pubkey",
                                   proposals="aes128-sha256-modp2048, default",
                                   esp="aes128-sha256-modp2048, default"))
    _ping_through_tunnel(lab)
    fields = lab.wait_for_child(lab.site)
    assert fields["version"] == "1"
    # IKEv1 runs a Diffie-Hellman exchange in Quick Mode, so the first CHILD_SA shows it.
    _assert_negotiated(fields, "aes128-sha256-modp2048", "aes128-sha256-modp2048",
                       pfs_checked=True)


def test_pre_shared_key_stays_in_its_own_file_and_still_builds_the_tunnel(
        fresh: Lab, tmp_path: Path) -> None:
    lab = fresh
    workspace = _workspace(tmp_path / "ws", AuthMethod.PRE_SHARED_KEY, ProfileChoices())
    conf = lab.site.folder / "conf.d" / "psn-desktop.conf"
    text = _generate_site_profile(workspace, conf, "--as-of", _today())
    assert PSK_CANARY not in text
    assert "include psn-desktop-psk.secrets" in text
    # What the administrator does by hand on the router, following the app's template.
    secrets = lab.site.folder / "conf.d" / "psn-desktop-psk.secrets"
    secrets.write_text(
        f'secrets {{\n    ike-psn-desktop {{\n        id-site = "{SITE_ID}"\n'
        f'        id-gateway = "{GATEWAY_ID}"\n        secret = "{PSK_CANARY}"\n    }}\n}}\n')
    secrets.chmod(0o600)
    _start_both(lab, _gateway_conf(version=2, auth="psk", proposals="default",
                                   esp="default"))
    _ping_through_tunnel(lab)
    fields = lab.wait_for_child(lab.site)
    _assert_negotiated(fields, "aes128gcm16-prfsha256-ecp256", "aes128gcm16-ecp256",
                       pfs_checked=False)
    for path in [*workspace.rglob("*"), conf]:
        if path.is_file():
            assert PSK_CANARY.encode() not in path.read_bytes(), path


def _today() -> str:
    return date.today().isoformat()


def test_unusual_but_legitimate_values_reach_charon_exactly(fresh: Lab, tmp_path: Path) -> None:
    """Apostrophes, ampersands, brackets and colons survive strongSwan's own parser."""
    lab = fresh
    site_dn = "C=GB, O=St Mary's & St John's (Oakfield), CN=site.psn-lab.example"
    gateway_dn = "C=GB, O=PSN Access: Gateway No. 1 (North), CN=gw.psn-lab.example"
    work = lab.root / "pki"
    work.mkdir(exist_ok=True)
    ca = lab.make_ca(work, "ecdsa", 256)
    key, cert = lab.issue(ca, work, "site", "ecdsa", 256, site_dn, SITE_ID)
    choices = ProfileChoices(certificate_file=str(cert), gateway_identity=gateway_dn)
    folder = tmp_path / "ws"
    _workspace(folder, AuthMethod.CERTIFICATE, choices)
    with Workspace.open(folder) as workspace:
        connection = workspace.load().connection
        connection.local_identity = site_dn
        workspace.set_connection(connection)
    _generate_site_profile(folder, lab.site.folder / "conf.d" / "psn-desktop.conf",
                           "--as-of", _today())
    _install(lab.site, {"cert": cert, "key": key, "ca": ca[1]}, "cert", "key", "ca")
    (lab.site.folder / "swanctl.conf").write_text("include conf.d/*.conf\n")
    lab.start(lab.site)
    lab.site.swanctl("--load-all")
    listed = lab.site.swanctl("--list-conns").stdout
    assert f"id: {site_dn}\n" in listed, listed
    assert f"id: {gateway_dn}\n" in listed, listed
    assert listed.count("psn-desktop:") == 1 and "psn: TUNNEL" in listed
