"""``psn-desktop credentials`` against the real Secret Service, run as its own process."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from psn_desktop.secrets import forget_workspace_secrets, read_secret
from psn_desktop.workspace.store import Workspace
from tests.keyring_env import ROOT, require_secret_service, run_cli, tag


@pytest.fixture(autouse=True)
def secret_service() -> None:
    require_secret_service()


@pytest.fixture
def folder(tmp_path: Path):
    path = tmp_path / "ws"
    with Workspace.create(path, title="CLI school") as workspace:
        workspace_id = workspace.id
    yield path
    forget_workspace_secrets(workspace_id)


def workspace_id(folder: Path) -> str:
    with Workspace.open(folder, read_only=True) as workspace:
        return workspace.id


def test_set_list_replace_and_delete(folder: Path):
    saved = run_cli("credentials", "set", "--workspace", str(folder), "vpn-psk",
                    stdin=tag("psk from a pipe") + "\n")
    assert saved.returncode == 0, saved.stderr
    assert saved.stdout.strip() == \
        "Saved the VPN pre-shared key in GNOME Keyring (Secret Service)."
    assert read_secret(workspace_id(folder), "vpn_psk") == tag("psk from a pipe")

    other = run_cli("credentials", "set", "--workspace", str(folder), "other",
                    "--label", "Router admin", stdin=tag("router-pw"))
    assert other.returncode == 0, other.stderr
    assert "'Router admin'" in other.stdout

    listed = run_cli("credentials", "list", "--workspace", str(folder))
    assert listed.returncode == 0
    assert "Saved in GNOME Keyring (Secret Service):" in listed.stdout
    assert "vpn-psk  VPN pre-shared key, changed " in listed.stdout
    assert "other-1  Router admin, changed " in listed.stdout
    assert "Not saved: portal-password, upload-token, cert-passphrase, signing-key." \
        in listed.stdout
    assert tag("psk from a pipe") not in listed.stdout + listed.stderr

    as_json = json.loads(run_cli("credentials", "list", "--workspace", str(folder),
                                 "--json").stdout)
    assert as_json["store"] == {"secure": True, "name": "GNOME Keyring (Secret Service)",
                                "problem": "", "locked": False}
    assert [(s["key"], s["purpose"], s["label"]) for s in as_json["secrets"]] == [
        ("vpn_psk", "vpn_psk", ""), ("other_1", "other", "Router admin")]

    replaced = run_cli("credentials", "set", "--workspace", str(folder), "VPN_PSK",
                       stdin=tag("new psk") + "\r\n")
    assert replaced.returncode == 0
    assert read_secret(workspace_id(folder), "vpn_psk") == tag("new psk")

    deleted = run_cli("credentials", "delete", "--workspace", str(folder), "vpn-psk")
    assert deleted.returncode == 0
    assert deleted.stdout.strip() == \
        "Deleted the VPN pre-shared key from GNOME Keyring (Secret Service)."
    assert read_secret(workspace_id(folder), "vpn_psk") is None

    again = run_cli("credentials", "delete", "--workspace", str(folder), "vpn-psk")
    assert again.returncode == 1
    assert "There was no VPN pre-shared key saved" in again.stderr

    by_label = run_cli("credentials", "delete", "--workspace", str(folder), "other",
                       "--label", "router admin")
    assert by_label.returncode == 0
    assert read_secret(workspace_id(folder), "other_1") is None


def test_multi_line_and_utf16_input_arrive_exactly(folder: Path):
    pem = "-----BEGIN KEY-----\nabc\ndef\n-----END KEY-----"
    result = run_cli("credentials", "set", "--workspace", str(folder), "signing-key",
                     stdin=pem + "\n")
    assert result.returncode == 0
    assert read_secret(workspace_id(folder), "signing_key") == pem

    # PowerShell 5 pipes UTF-16 with a byte-order mark
    process = subprocess.run(
        [sys.executable, "-m", "psn_desktop", "credentials", "set", "--workspace", str(folder),
         "cert-passphrase"], input="pâss wörd\r\n".encode("utf-16"), capture_output=True,
        cwd=ROOT, timeout=60)
    assert process.returncode == 0, process.stderr
    assert read_secret(workspace_id(folder), "cert_passphrase") == "pâss wörd"


def test_bad_usage_exits_2_with_a_plain_message(folder: Path, tmp_path: Path):
    unknown = run_cli("credentials", "set", "--workspace", str(folder), "pin", stdin="1")
    assert unknown.returncode == 2
    assert "'pin' is not a kind of secret" in unknown.stderr
    assert "vpn-psk" in unknown.stderr

    empty = run_cli("credentials", "set", "--workspace", str(folder), "vpn-psk", stdin="")
    assert empty.returncode == 2
    assert "Nothing arrived on standard input" in empty.stderr

    no_label = run_cli("credentials", "set", "--workspace", str(folder), "other", stdin="x")
    assert no_label.returncode == 2
    assert "label" in no_label.stderr

    missing = run_cli("credentials", "list", "--workspace", str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    assert "There is no workspace at" in missing.stderr

    not_utf8 = subprocess.run(
        [sys.executable, "-m", "psn_desktop", "credentials", "set", "--workspace", str(folder),
         "vpn-psk"], input=b"\xff\xfe\xfa\x00\xd8", capture_output=True, cwd=ROOT, timeout=60)
    assert not_utf8.returncode == 2

    with Workspace.open(folder, read_only=True) as workspace:
        assert workspace.secret_records() == {}


def test_the_value_is_never_taken_from_the_command_line(folder: Path):
    result = run_cli("credentials", "set", "--workspace", str(folder), "vpn-psk",
                     "secret-on-the-command-line")
    assert result.returncode == 2
    assert read_secret(workspace_id(folder), "vpn_psk") is None


def test_a_copy_of_a_workspace_is_refused_until_it_has_its_own_identity(folder: Path,
                                                                        tmp_path: Path):
    run_cli("credentials", "set", "--workspace", str(folder), "vpn-psk",
            stdin=tag("original"))
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    result = run_cli("credentials", "set", "--workspace", str(copy), "vpn-psk",
                     stdin=tag("copy"))
    assert result.returncode == 2
    assert "is a copy of the one at" in result.stderr
    listed = run_cli("credentials", "list", "--workspace", str(copy))
    assert "belong to the original" in listed.stderr
    assert read_secret(workspace_id(folder), "vpn_psk") == tag("original")


def _at_a_terminal(folder: Path, first: str, second: str) -> tuple[int, str, bytes]:
    """Run ``credentials set`` with a pseudo-terminal as its terminal, typing two entries."""
    master, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "psn_desktop", "credentials", "set", "--workspace",
         str(folder), "vpn-psk"], stdin=terminal, stdout=subprocess.PIPE, stderr=terminal,
        start_new_session=True, cwd=ROOT)
    os.close(terminal)
    seen = b""

    def read_until(token: bytes) -> None:
        nonlocal seen
        deadline = time.monotonic() + 20
        while token not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    seen += os.read(master, 1024)
                except OSError:
                    return

    read_until(b"Secret")
    os.write(master, first.encode() + b"\n")
    read_until(b"again")
    os.write(master, second.encode() + b"\n")
    code = process.wait(timeout=30)
    read_until(b"\x00")  # whatever is left (stops at the deadline or when it closes)
    os.close(master)
    assert process.stdout is not None
    return code, process.stdout.read().decode(), seen


def test_typed_at_a_terminal_the_secret_is_hidden_and_asked_twice(folder: Path):
    value = tag("typed at a terminal")
    code, out, screen = _at_a_terminal(folder, value, value)
    assert code == 0, screen
    assert "Saved the VPN pre-shared key" in out
    assert b"not shown as you type" in screen and value.encode() not in screen
    assert read_secret(workspace_id(folder), "vpn_psk") == value

    code, _out, screen = _at_a_terminal(folder, tag("one thing"), tag("another"))
    assert code == 2
    assert b"The two entries were different" in screen
    assert read_secret(workspace_id(folder), "vpn_psk") == value
