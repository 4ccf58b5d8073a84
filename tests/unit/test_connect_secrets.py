"""Secrets stay secret: the canary test over every generated file, and applying via stdin.

A known, unmistakable value is saved in the real keyring (gnome-keyring on the test run's
private D-Bus) as the workspace's VPN pre-shared key and certificate passphrase. Then every
kind of profile is generated through the command line, and no byte of the canary may appear
in any generated file, the workspace or the app's own folders. Applying a Windows profile
must hand the passphrase to the script on standard input only.
"""

from __future__ import annotations

import itertools
import json
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from psn_desktop.cli import EXIT_OK, main
from psn_desktop.connect.apply import apply_windows_profile, powershell_command
from psn_desktop.connect.choices import ProfileChoices, save_choices
from psn_desktop.connect.generate import write_profile
from psn_desktop.domain.model import AuthMethod
from psn_desktop.secrets import SecretPurpose, store_secret
from psn_desktop.workspace.store import Workspace
from tests.keyring_env import file_tree, require_secret_service
from tests.unit.connect_helpers import (
    connection,
    make_pki,
    organisation,
    run_generate,
    scope,
    site_certificate,
)

PSK_CANARY = "canary-PSK-7f3c-must-never-be-written"
PASSPHRASE_CANARY = "canary-passphrase-91be-must-never-be-written"


@pytest.fixture(autouse=True)
def secret_service() -> None:
    require_secret_service()


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.create(tmp_path / "ws")
    ws.set_organisation(organisation())
    ws.set_scope(scope())
    ws.set_connection(connection())
    store_secret(ws, SecretPurpose.VPN_PSK, PSK_CANARY)
    store_secret(ws, SecretPurpose.CERT_PASSPHRASE, PASSPHRASE_CANARY)
    try:
        yield ws
    finally:
        ws.close()


def _no_canary(*roots: Path) -> None:
    for path, content in file_tree(*roots).items():
        for canary in (PSK_CANARY, PASSPHRASE_CANARY):
            for encoding in ("utf-8", "utf-16-le"):
                assert canary.encode(encoding) not in content, f"{canary} leaked into {path}"


def test_no_generated_file_ever_holds_a_secret(workspace: Workspace, tmp_path: Path,
                                               isolated_home: Path) -> None:
    pki = make_pki(tmp_path / "pki")
    bundle = site_certificate(pki, "site.pfx", pfx_passphrase=PASSPHRASE_CANARY)
    pem = site_certificate(pki, "site.pem")
    reason = "The library's public terminals must not route through the PSN gateway."
    out = tmp_path / "out"
    written = 0
    for fmt, auth, profile, split in itertools.product(
            ("windows", "strongswan"), AuthMethod, ("recommended", "legacy"), (False, True)):
        workspace.set_connection(connection(auth_method=auth, split_tunnel_reason=reason))
        cert = bundle if fmt == "windows" else pem
        save_choices(workspace, ProfileChoices(profile=profile, split_tunnel=split,
                                               certificate_file=str(cert)))
        target = out / f"{fmt}-{auth.value}-{profile}-{split}.txt"
        code = main(["vpn-profile", "--workspace", str(workspace.folder), "--format", fmt,
                     "--output", str(target), "--as-of", "2026-11-23", "--json"])
        if code == EXIT_OK:
            written += 1
    # Windows refuses pre-shared keys and IKEv1: 2 + 8 of the 16 combinations are written.
    assert written == 10
    _no_canary(out, workspace.folder, isolated_home)


def _stand_in_powershell(folder: Path) -> Path:
    """An executable that records how it was called, in place of powershell.exe.

    Windows PowerShell cannot run here; what is under test is how the app hands over the
    passphrase, which this records exactly: arguments, environment and standard input.
    """
    record = folder / "record.json"
    program = folder / "powershell"
    program.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        "stdin = sys.stdin.read()\n"
        f"json.dump({{'argv': sys.argv, 'env': dict(os.environ), 'stdin': stdin}}, "
        f"open({str(record)!r}, 'w'))\n"
        "print('Installed the certificate; echoing what came in: ' + stdin.strip())\n"
        "sys.exit(0)\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program


def test_applying_hands_the_passphrase_over_on_stdin_only(workspace: Workspace,
                                                          tmp_path: Path) -> None:
    result = run_generate("windows")
    assert result.profile is not None
    profile_folder = tmp_path / "profile"
    script = profile_folder / "psn-vpn.ps1"
    write_profile(script, result.profile)
    bundle = profile_folder / "site.pfx"
    bundle.write_bytes(b"not read by the app")
    stand_in = tmp_path / "stand-in"  # its record holds what it was given, by design
    stand_in.mkdir()
    program = _stand_in_powershell(stand_in)

    applied = apply_windows_profile(script, workspace_id=workspace.id, certificate_file=bundle,
                                    powershell=str(program))

    assert applied.done
    record = json.loads((stand_in / "record.json").read_text(encoding="utf-8"))
    assert record["stdin"] == PASSPHRASE_CANARY + "\n"
    assert PASSPHRASE_CANARY not in " ".join(record["argv"])
    assert all(PASSPHRASE_CANARY not in value for value in record["env"].values())
    assert "-PassphraseFromStdin" in record["argv"] and str(bundle) in record["argv"]
    assert PASSPHRASE_CANARY not in applied.output, "the script's echo is masked"
    assert "[passphrase]" in applied.output
    _no_canary(profile_folder, workspace.folder)


def test_dry_run_needs_no_passphrase(workspace: Workspace, tmp_path: Path) -> None:
    program = _stand_in_powershell(tmp_path)
    applied = apply_windows_profile(tmp_path / "psn-vpn.ps1", workspace_id=workspace.id,
                                    certificate_file=tmp_path / "site.pfx", what_if=True,
                                    powershell=str(program))
    record = json.loads((tmp_path / "record.json").read_text(encoding="utf-8"))
    assert record["stdin"] == "" and "-WhatIf" in record["argv"]
    assert "-PassphraseFromStdin" not in record["argv"]
    assert applied.done


def test_powershell_command_never_carries_a_secret() -> None:
    command = powershell_command(Path("psn-vpn.ps1"), certificate_file=Path("site.pfx"),
                                 with_passphrase=True)
    assert command[:8] == ["powershell.exe", "-NoLogo", "-NoProfile", "-NonInteractive",
                           "-ExecutionPolicy", "Bypass", "-File", "psn-vpn.ps1"]
    assert command[8:] == ["-CertificateFile", "site.pfx", "-PassphraseFromStdin"]
