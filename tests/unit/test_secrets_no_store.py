"""No secure store: keyring's real fail, null and plaintext backends, chosen the ways users
and administrators choose them (keyring's settings file, PYTHON_KEYRING_BACKEND, or simply
having keyrings.alt installed), and a locked keyring. Each gets a plain explanation, exit
code 3 from the CLI, and nothing written anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import keyring
import pytest

from psn_desktop.secrets import (
    NoSecureStore,
    backend_status,
    read_secret,
    store_secret,
)
from psn_desktop.secrets import backend as store_backend
from psn_desktop.workspace.store import Workspace
from tests.keyring_env import (
    FAIL_BACKEND,
    NULL_BACKEND,
    PLAINTEXT_BACKEND,
    ROOT,
    environment,
    file_tree,
    keyring_config,
    require_secret_service,
    run_cli,
    tag,
)

UNTIL_FIXED = "it will ask you for each one when it is needed"


@pytest.fixture
def workspace_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    Workspace.create(folder, title="No store school").close()
    return folder


def test_fail_backend_from_keyrings_own_settings_file_is_explained(tmp_path: Path):
    config = keyring_config(tmp_path / "config", FAIL_BACKEND)
    with environment(XDG_CONFIG_HOME=str(tmp_path / "config"), PYTHON_KEYRING_BACKEND=None):
        status = backend_status()
        assert not status.secure
        assert status.store_name == ""
        assert "No secure password store is in use" in status.problem
        assert f"keyring's settings file {config}" in status.problem
        assert "Remove that setting" in status.problem
        assert "GNOME Keyring" in status.problem  # how to fix it on this platform
        assert UNTIL_FIXED in status.problem
        with pytest.raises(NoSecureStore) as raised:
            read_secret("any-workspace", "vpn_psk")
        assert str(raised.value) == status.problem


def test_cli_set_with_the_fail_backend_exits_3_and_writes_nothing(
        tmp_path: Path, workspace_folder: Path, isolated_home: Path):
    keyring_config(tmp_path / "config", FAIL_BACKEND)
    watched = (workspace_folder, isolated_home, tmp_path / "config", tmp_path / "data")
    before = file_tree(*watched)

    result = run_cli("credentials", "set", "--workspace", str(workspace_folder), "vpn-psk",
                     stdin="canary-psk-that-must-go-nowhere\n",
                     env={"XDG_CONFIG_HOME": str(tmp_path / "config"),
                          "XDG_DATA_HOME": str(tmp_path / "data")})

    assert result.returncode == 3, result.stderr
    assert "No secure password store is in use" in result.stderr
    assert "keyringrc.cfg" in result.stderr
    assert result.stdout == ""
    assert file_tree(*watched) == before
    with Workspace.open(workspace_folder, read_only=True) as workspace:
        assert workspace.secret_records() == {}


def test_cli_list_and_delete_with_the_fail_backend_exit_3(workspace_folder: Path):
    env = {"PYTHON_KEYRING_BACKEND": FAIL_BACKEND}
    listed = run_cli("credentials", "list", "--workspace", str(workspace_folder), env=env)
    assert listed.returncode == 3
    assert "No secrets saved" in listed.stdout
    assert "PYTHON_KEYRING_BACKEND" in listed.stderr
    deleted = run_cli("credentials", "delete", "--workspace", str(workspace_folder), "vpn-psk",
                      env=env)
    assert deleted.returncode == 3
    assert UNTIL_FIXED in deleted.stderr


def test_null_backend_is_called_switched_off():
    with environment(PYTHON_KEYRING_BACKEND=NULL_BACKEND):
        status = backend_status()
        assert not status.secure
        assert "switched off" in status.problem
        assert "PYTHON_KEYRING_BACKEND" in status.problem


def test_a_plaintext_file_backend_is_refused_and_no_file_appears(
        tmp_path: Path, workspace_folder: Path):
    data = tmp_path / "data"
    with environment(PYTHON_KEYRING_BACKEND=PLAINTEXT_BACKEND, XDG_DATA_HOME=str(data)):
        status = backend_status()
        assert not status.secure
        assert "ordinary file" in status.problem
        assert "keyrings.alt.file.PlaintextKeyring" in status.problem
        with Workspace.open(workspace_folder) as workspace, pytest.raises(NoSecureStore):
            store_secret(workspace, "vpn-psk", tag("must-not-reach-a-file"))
    assert not (data / "python_keyring").exists()
    result = run_cli("credentials", "set", "--workspace", str(workspace_folder), "vpn-psk",
                     stdin=tag("must-not-reach-a-file"),
                     env={"PYTHON_KEYRING_BACKEND": PLAINTEXT_BACKEND,
                          "XDG_DATA_HOME": str(data)})
    assert result.returncode == 3
    assert "ordinary file" in result.stderr
    assert not data.exists() or file_tree(data) == {}


def test_keyrings_chain_never_falls_back_to_its_plaintext_member(tmp_path: Path):
    """With keyrings.alt installed (as in this test environment) keyring's default is a chain
    of the Secret Service and a plaintext file; only the Secret Service may be used."""
    require_secret_service()
    keyring.core.init_backend()
    chain = keyring.get_keyring()
    members = [store_backend.class_path(m) for m in getattr(chain, "backends", [])]
    assert store_backend.class_path(chain) == "keyring.backends.chainer.ChainerBackend"
    assert "keyring.backends.SecretService.Keyring" in members
    assert PLAINTEXT_BACKEND in members

    with Workspace.create(tmp_path / "ws") as workspace:
        store_secret(workspace, "vpn-psk", tag("chain-test-value"))
        assert read_secret(workspace.id, "vpn_psk") == tag("chain-test-value")
        from psn_desktop.secrets import forget_workspace_secrets

        forget_workspace_secrets(workspace.id)
    plaintext_file = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local/share"))
    assert not (plaintext_file / "python_keyring" / "keyring_pass.cfg").exists()


def test_an_unknown_backend_is_not_trusted():
    with environment(PYTHON_KEYRING_BACKEND="tests.keyring_env.MysteryKeyring",
                     PYTHONPATH=str(ROOT)):
        status = backend_status()
        assert not status.secure
        assert "does not know whether" in status.problem
        assert "tests.keyring_env.MysteryKeyring" in status.problem


def test_a_backend_that_cannot_load_here_is_explained():
    with environment(PYTHON_KEYRING_BACKEND="keyring.backends.Windows.WinVaultKeyring"):
        status = backend_status()
        assert not status.secure
        assert "cannot open the password store chosen by the PYTHON_KEYRING_BACKEND" \
               in status.problem
        assert "Requires Windows" in status.problem


@pytest.mark.slow
def test_a_locked_keyring_is_explained_and_nothing_is_recorded(tmp_path: Path,
                                                               workspace_folder: Path):
    """A keyring of its own (its own D-Bus and gnome-keyring), so locking it cannot disturb
    the other tests. Headless, the unlock prompt cannot appear, which is the same as the
    user dismissing it."""
    script = textwrap.dedent(f"""
        import json, sys, contextlib, io
        import secretstorage
        from psn_desktop.secrets import backend_status
        from psn_desktop.cli import main
        connection = secretstorage.dbus_init()
        secretstorage.get_default_collection(connection).lock()
        status = backend_status()
        stdin = io.TextIOWrapper(io.BytesIO(b"locked-canary\\n"))
        sys.stdin = stdin
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main(["credentials", "set", "--workspace", {str(workspace_folder)!r},
                         "vpn-psk"])
        print(json.dumps({{"secure": status.secure, "locked": status.locked,
                          "name": status.store_name, "code": code, "stderr": err.getvalue()}}))
    """)
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "own-keyring"),
               PYTHONPATH=str(ROOT))
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    result = subprocess.run(
        ["dbus-run-session", "--", str(ROOT / "scripts" / "with-keyring.sh"), sys.executable,
         "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["secure"] and outcome["locked"]
    assert outcome["name"] == "GNOME Keyring (Secret Service)"
    assert outcome["code"] == 3
    assert "GNOME Keyring (Secret Service) is locked, and it was not unlocked" in outcome["stderr"]
    with Workspace.open(workspace_folder, read_only=True) as workspace:
        assert workspace.secret_records() == {}
