"""The Windows PowerShell script: every option, the dry-run mode, and hostile values.

PowerShell itself is not available on Debian (nor from PyPI or npm) for these tests, so the
script is read with tree-sitter's PowerShell grammar: a real parser, which shows whether a
value stayed inside its string or became code. The Windows CI workflow runs the generated
script for real with ``-WhatIf``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import tree_sitter_powershell
from tree_sitter import Language, Node, Parser

from psn_desktop.connect.choices import ProfileChoices
from psn_desktop.connect.guide import windows_steps
from psn_desktop.connect.plan import default_connection_name
from psn_desktop.connect.quoting import POWERSHELL_SINGLE_QUOTES, powershell_literal
from psn_desktop.connect.windows import script_bytes
from psn_desktop.domain.model import AuthMethod
from tests.unit.connect_helpers import (
    blocking_messages,
    connection,
    make_pki,
    organisation,
    run_generate,
    site_certificate,
)

PARSER = Parser(Language(tree_sitter_powershell.language()))

# Every command the script may run; anything else in the parse tree is an injection.
ALLOWED_COMMANDS = {
    "New-Object", "ConvertTo-SecureString", "Read-Host", "Test-Path", "Resolve-Path",
    "Get-Command", "Test-Administrator", "Resolve-InputFile", "Read-Passphrase",
    "ConvertTo-QuotedText", "Import-PfxCertificate", "Out-Null", "Write-Host", "Get-ChildItem",
    "Where-Object", "Import-Certificate", "Get-VpnConnection", "Remove-VpnConnection",
    "New-EapConfiguration", "Add-VpnConnection", "Set-VpnConnectionIPsecConfiguration",
    "Add-VpnConnectionRoute", "Write-Warning", "Set-StrictMode", "exit",
}
# Commands that change the computer: each must sit under $PSCmdlet.ShouldProcess (-WhatIf).
CHANGING_COMMANDS = {"Import-PfxCertificate", "Import-Certificate", "Remove-VpnConnection",
                     "Add-VpnConnection", "Set-VpnConnectionIPsecConfiguration",
                     "Add-VpnConnectionRoute"}
# The values each IPsec parameter accepts (VpnClient module documentation).
WINDOWS_ENUMS = {
    "AuthenticationTransformConstants": {"MD596", "SHA196", "SHA256128", "GCMAES128",
                                         "GCMAES192", "GCMAES256", "None"},
    "CipherTransformConstants": {"DES", "DES3", "AES128", "AES192", "AES256", "GCMAES128",
                                 "GCMAES192", "GCMAES256", "None"},
    "EncryptionMethod": {"DES", "DES3", "AES128", "AES192", "AES256", "GCMAES128",
                         "GCMAES256"},
    "IntegrityCheckMethod": {"MD5", "SHA1", "SHA256", "SHA384"},
    "DHGroup": {"None", "Group1", "Group2", "Group14", "ECP256", "ECP384", "Group24"},
    "PfsGroup": {"None", "PFS1", "PFS2", "PFS2048", "ECP256", "ECP384", "PFSMM", "PFS24"},
}

HOSTILE_NAMES = [
    "St Mary's Primary School",
    "O'Brien'; Remove-Item -Recurse C:\\ ; '",
    "Smart \u2019quote\u2019; calc.exe; \u2018",
    "Low \u201a and reversed \u201b quotes; calc",
    "Backtick `$(calc.exe)` and $(Start-Process calc) and ${env:PATH}",
    "Pipes | and & and && and || and > out.txt",
    "Hash #> closes a block comment <# here",
    "@{ splat = 1 }; @(1,2) -and $true",
    "Ysgol Gymraeg Llanfair Pwllgwyngyll \u0175\u0177",
    "\"Double\" \u201cquotes\u201d and \u00abguillemets\u00bb",
]


def parse(text: str) -> Node:
    tree = PARSER.parse(text.encode("utf-8"))
    assert not tree.root_node.has_error, "the script does not parse"
    return tree.root_node


def walk(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from walk(child)


def node_text(node: Node) -> str:
    return node.text.decode("utf-8") if node.text is not None else ""


def commands(root: Node) -> list[Node]:
    return [n for n in walk(root) if n.type == "command_name"]


def assignments(root: Node) -> dict[str, Node]:
    """Top-level ``$Name = value`` statements: variable name → the value's node."""
    found = {}
    for node in walk(root):
        if node.type == "assignment_expression":
            left = node_text(node.children[0]).strip()
            found.setdefault(left, node.children[-1])
    return found


def verbatim_value(literal: str) -> str:
    """What PowerShell makes of a single-quoted string: each doubled quote is one."""
    assert literal[0] == "'" and literal[-1] == "'"
    inner = literal[1:-1]
    out, i = [], 0
    while i < len(inner):
        char = inner[i]
        if char in POWERSHELL_SINGLE_QUOTES:
            assert i + 1 < len(inner) and inner[i + 1] in POWERSHELL_SINGLE_QUOTES, \
                f"an undoubled quote ends the string early in {literal!r}"
            i += 2
        else:
            i += 1
        out.append(char)
    return "".join(out)


def shape(root: Node) -> list[str]:
    """The parse tree's node types in order: equal shapes mean no value changed the code."""
    return [n.type for n in walk(root) if n.type not in ("verbatim_string_characters",)]


def script(**kwargs: object) -> str:
    result = run_generate("windows", **kwargs)  # type: ignore[arg-type]
    assert result.profile is not None, blocking_messages(result)
    return result.profile.text


# ----- structure ----------------------------------------------------------------------------


def test_script_parses_and_runs_only_expected_commands() -> None:
    root = parse(script())
    names = {node_text(n) for n in commands(root)}
    assert names <= ALLOWED_COMMANDS, names - ALLOWED_COMMANDS
    assert {"Add-VpnConnection", "Set-VpnConnectionIPsecConfiguration"} <= names


def test_every_change_is_behind_should_process_so_whatif_changes_nothing() -> None:
    text = script()
    root = parse(text)
    assert "[CmdletBinding(SupportsShouldProcess = $true)]" in text
    for node in commands(root):
        if node_text(node) not in CHANGING_COMMANDS:
            continue
        guarded, parent = False, node.parent
        while parent is not None:
            if parent.type in ("if_statement", "elseif_clause"):
                condition = next((c for c in parent.children if c.type == "pipeline"), None)
                if condition is not None and "$PSCmdlet.ShouldProcess(" in node_text(condition):
                    guarded = True
                    break
            parent = parent.parent
        assert guarded, f"{node_text(node)} runs even with -WhatIf"


def test_ipsec_settings_are_the_profiles_and_valid_windows_values() -> None:
    root = parse(script())
    table = assignments(root)["$IPsecSettings"]
    values = {}
    for pair in walk(table):
        if pair.type == "hash_entry":
            key = node_text(pair.children[0]).strip()
            values[key] = verbatim_value(node_text(pair.children[-1]).strip())
    assert values == {
        "AuthenticationTransformConstants": "GCMAES128", "CipherTransformConstants": "GCMAES128",
        "EncryptionMethod": "GCMAES128", "IntegrityCheckMethod": "SHA256", "DHGroup": "ECP256",
        "PfsGroup": "ECP256",
    }
    for key, value in values.items():
        assert value in WINDOWS_ENUMS[key]


def test_stronger_choices_map_to_windows_constants() -> None:
    text = script(choices=ProfileChoices(ike_encryption="aes256gcm16",
                                         esp_encryption="aes256gcm16", dh_group=20,
                                         prf="prfsha384"))
    for expected in ("CipherTransformConstants = 'GCMAES256'", "EncryptionMethod = 'GCMAES256'",
                     "IntegrityCheckMethod = 'SHA384'", "DHGroup = 'ECP384'",
                     "PfsGroup = 'ECP384'"):
        assert expected in text


@pytest.mark.parametrize(("changes", "words"), [
    ({"dh_group": 21}, "Diffie-Hellman 521-bit elliptic curve"),
    ({"dh_group": 31}, "Curve25519"),
    ({"prf": "prfsha512"}, "integrity HMAC-SHA-512"),
])
def test_choices_windows_cannot_do_are_refused_plainly(changes: dict, words: str) -> None:
    result = run_generate("windows", choices=ProfileChoices(**changes))
    assert result.profile is None
    assert any("Windows' built-in client cannot use" in m and words in m
               for m in blocking_messages(result))


def test_all_traffic_goes_through_the_tunnel_by_default() -> None:
    text = script()
    root = parse(text)
    table = assignments(root)
    assert node_text(table["$SplitTunnel"]).strip() == "$false"
    assert node_text(table["$TunnelRanges"]).strip() == "@()"


def test_split_tunnel_adds_a_route_per_remote_range() -> None:
    reason = "The catering system's cloud service cannot be reached through the PSN gateway."
    text = script(choices=ProfileChoices(split_tunnel=True),
                  conn=connection(remote_ranges=["51.0.0.0/16", "51.4.0.0/16"],
                                  split_tunnel_reason=reason))
    root = parse(text)
    table = assignments(root)
    assert node_text(table["$SplitTunnel"]).strip() == "$true"
    ranges = [verbatim_value(node_text(n)) for n in walk(table["$TunnelRanges"])
              if n.type == "verbatim_string_characters"]
    assert ranges == ["51.0.0.0/16", "51.4.0.0/16"]
    assert "Add-VpnConnectionRoute -ConnectionName $ConnectionName -DestinationPrefix $range" \
        in text


def test_user_certificate_needs_no_administrator() -> None:
    result = run_generate("windows")
    assert result.profile is not None
    assert "$CertificateStore = 'user'" in result.profile.text
    admin_steps = [s for s in result.profile.steps if s.needs_admin]
    assert all("certificate authority" in s.text for s in admin_steps), \
        "only trusting a private CA may need IT staff with a user certificate"
    assert not any(p.field == "certificate_store" for p in result.problems)


def test_machine_certificate_says_plainly_that_it_staff_must_install_it() -> None:
    result = run_generate("windows", choices=ProfileChoices(certificate_store="machine"))
    assert result.profile is not None
    assert "$CertificateStore = 'machine'" in result.profile.text
    assert any("IT staff with administrator rights must install it" in p.message
               for p in result.problems)
    install = [s for s in result.profile.steps if "computer's certificate store" in s.text]
    assert install and install[0].needs_admin
    assert "Cert:\\LocalMachine\\My" in install[0].command


def test_the_script_lists_admin_steps_and_exits_2_when_any_remain() -> None:
    text = script()
    assert "$AdminSteps.Add(" in text and "exit 2" in text
    assert "Cert:\\LocalMachine\\Root" in text and "Cert:\\CurrentUser\\My" in text


def test_pre_shared_key_is_refused_for_windows_with_the_reason() -> None:
    result = run_generate("windows", conn=connection(auth_method=AuthMethod.PRE_SHARED_KEY))
    assert result.profile is None
    assert any("only use a pre-shared key with the older L2TP protocol" in m
               for m in blocking_messages(result))


def test_legacy_ikev1_profile_is_refused_for_windows() -> None:
    result = run_generate("windows", choices=ProfileChoices(profile="legacy"))
    assert any("IKEv1 connections only inside L2TP" in m for m in blocking_messages(result))


def test_secret_is_read_at_run_time_never_written() -> None:
    text = script()
    assert "[Console]::In.ReadLine()" in text and "-AsSecureString" in text
    assert "L2tpPsk" not in text and "-Password '" not in text


def test_file_is_utf8_with_bom_and_crlf() -> None:
    data = script_bytes(script(org=organisation("Ysgol Gymraeg Llanfair \u0175")))
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert "Llanfair \u0175".encode() in data


def test_connection_name_defaults_to_the_organisation_and_is_kept_short() -> None:
    root = parse(script(org=organisation("A" * 200)))
    name = verbatim_value(node_text(assignments(root)["$ConnectionName"]).strip())
    assert name.startswith("PSN - AAA") and len(name) <= 64


# ----- hostile values -------------------------------------------------------------------------


def test_hostile_names_stay_inside_their_string() -> None:
    baseline = parse(script(org=organisation("Plain School")))
    for name in HOSTILE_NAMES:
        text = script(org=organisation(name))
        root = parse(text)
        assert shape(root) == shape(baseline), f"{name!r} changed the script's structure"
        literal = node_text(assignments(root)["$ConnectionName"]).strip()
        assert verbatim_value(literal) == default_connection_name(organisation(name))
        assert {node_text(n) for n in commands(root)} <= ALLOWED_COMMANDS


def test_hostile_connection_name_choice_is_quoted_too() -> None:
    name = "VPN'; Invoke-Expression 'calc"
    root = parse(script(choices=ProfileChoices(connection_name=name)))
    assert verbatim_value(node_text(assignments(root)["$ConnectionName"]).strip()) == name


@pytest.mark.parametrize("bad", ["Oakfield\nAdd-LocalGroupMember Administrators x",
                                 "Oakfield\r; calc", "Oak\x00field", "Oak\u202efield",
                                 "Oak\u2028field", "Oak\tfield"])
def test_line_breaks_and_invisible_characters_are_refused(bad: str) -> None:
    result = run_generate("windows", org=organisation(bad))
    assert result.profile is None
    assert any("Type it again on one line" in m for m in blocking_messages(result))


@pytest.mark.parametrize("gateway", ["vpn.example'; calc; '", "vpn.example`ncalc",
                                     "$(calc).example", "vpn.example\ncalc"])
def test_hostile_gateways_are_refused(gateway: str) -> None:
    result = run_generate("windows", conn=connection(gateway=gateway))
    assert result.profile is None


def test_powershell_literal_doubles_every_kind_of_single_quote() -> None:
    for quote in POWERSHELL_SINGLE_QUOTES:
        literal = powershell_literal(f"a{quote}b")
        assert literal == f"'a{quote}{quote}b'"
        assert verbatim_value(literal) == f"a{quote}b"


def test_certificate_bundle_is_checked_with_its_passphrase(tmp_path: Path) -> None:
    pki = make_pki(tmp_path)
    bundle = site_certificate(pki, "oakfield.pfx", pfx_passphrase="p4ss-phrase")
    result = run_generate("windows", choices=ProfileChoices(certificate_file=str(bundle)),
                          passphrase="p4ss-phrase")
    assert result.profile is not None
    assert "p4ss-phrase" not in result.profile.text
    steps = windows_steps(result.profile.plan)
    assert any("-WhatIf" in s.command for s in steps)


def test_a_pem_certificate_gets_told_windows_needs_the_pfx(tmp_path: Path) -> None:
    pki = make_pki(tmp_path)
    pem = site_certificate(pki, "site.pem")
    result = run_generate("windows", choices=ProfileChoices(certificate_file=str(pem)))
    assert result.profile is not None
    assert any("from a .pfx or .p12 file" in p.message and not p.blocking
               for p in result.problems)
    plain = run_generate("windows")
    assert not any("from a .pfx or .p12 file" in p.message for p in plain.problems)
