"""Secrets against the real Secret Service (gnome-keyring on the test run's private D-Bus)."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from psn_desktop.secrets import (
    SecretDamaged,
    SecretPurpose,
    SecretRejected,
    WorkspaceNeedsIdentity,
    delete_secret,
    forget_workspace,
    forget_workspace_secrets,
    list_secrets,
    overview,
    read_secret,
    store_secret,
)
from psn_desktop.secrets import backend as store_backend
from psn_desktop.secrets.chunks import HEADER_PREFIX, MAX_ENTRY_BYTES, MAX_SECRET_CHARS, utf16_size
from psn_desktop.secrets.purposes import all_keys
from psn_desktop.secrets.store import username
from psn_desktop.workspace import registry
from psn_desktop.workspace.store import IdentityState, Workspace
from tests.keyring_env import require_secret_service, tag


@pytest.fixture(autouse=True)
def secret_service() -> None:
    require_secret_service()


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.create(tmp_path / "ws", title="Test school")
    try:
        yield ws
    finally:
        forget_workspace_secrets(ws.id)
        ws.close()


def entry(workspace_id: str, key: str, part: int | None = None) -> str | None:
    name = username(workspace_id, key) + (f"/part-{part}" if part else "")
    return store_backend.get_entry(name)


def unique(prefix: str = "value") -> str:
    return f"{prefix}-{uuid.uuid4().hex}"


def test_every_purpose_is_stored_read_and_recorded_without_its_value(workspace: Workspace):
    values = {purpose: unique(purpose.value) for purpose in SecretPurpose
              if purpose is not SecretPurpose.OTHER}
    for purpose, value in values.items():
        assert store_secret(workspace, purpose, value) == purpose.value
    other = unique("other")
    assert store_secret(workspace, "other", other, label="Router admin") == "other_1"

    for purpose, value in values.items():
        assert read_secret(workspace.id, purpose) == value
        # the keyring entry follows the design's contract: service psn-desktop, <id>/<purpose>
        assert store_backend.get_entry(f"{workspace.id}/{purpose.value}") == value
    assert read_secret(workspace.id, "other_1") == other

    records = workspace.secret_records()
    assert set(records) == {*(p.value for p in values), "other_1"}
    assert records["other_1"][0] == "Router admin"
    assert all(changed.endswith("+00:00") for _label, changed in records.values())
    db_bytes = (workspace.folder / "workspace.sqlite3").read_bytes()
    for value in [*values.values(), other]:
        assert value.encode() not in db_bytes


def test_replace_keeps_one_entry_and_updates_the_record(workspace: Workspace):
    store_secret(workspace, "vpn-psk", tag("first value"), label="Head office")
    first_changed = workspace.secret_records()["vpn_psk"][1]
    store_secret(workspace, SecretPurpose.VPN_PSK, tag("second value"))
    assert read_secret(workspace.id, "vpn_psk") == tag("second value")
    label, changed = workspace.secret_records()["vpn_psk"]
    assert label == "Head office"  # replacing without a label keeps the one it had
    assert changed >= first_changed
    assert [s.key for s in list_secrets(workspace)] == ["vpn_psk"]


def test_other_secrets_are_matched_by_label_and_get_their_own_slots(workspace: Workspace):
    assert store_secret(workspace, "other", tag("a"), label="Router admin") == "other_1"
    assert store_secret(workspace, "other", tag("b"), label="Firewall admin") == "other_2"
    assert store_secret(workspace, "other", tag("c"), label="router ADMIN") == "other_1"
    assert read_secret(workspace.id, "other_1") == tag("c")
    assert read_secret(workspace.id, "other_2") == tag("b")
    with pytest.raises(SecretRejected, match="label"):
        store_secret(workspace, "other", tag("d"))
    rows = overview(workspace)
    assert [r.key for r in rows] == [k for k in all_keys() if not k.startswith("other")] + [
        "other_1", "other_2"]
    assert rows[-1].name == "Firewall admin" and rows[-1].stored
    assert not rows[0].stored and rows[0].name == "Compliance portal password"


def test_delete_removes_the_entry_and_the_record(workspace: Workspace):
    store_secret(workspace, "upload-token", tag("tok-123"))
    assert delete_secret(workspace, "upload_token") is True
    assert read_secret(workspace.id, "upload_token") is None
    assert entry(workspace.id, "upload_token") is None
    assert "upload_token" not in workspace.secret_records()
    assert delete_secret(workspace, "upload_token") is False


def test_a_long_secret_is_split_into_parts_that_fit_windows_and_read_back_exactly(
        workspace: Workspace):
    # A PEM-sized key with accents and characters outside the BMP (4 bytes in UTF-16).
    value = ("-----BEGIN PRIVATE KEY-----\n" + "é😀abcXYZ/+=\n" * 900
             + "-----END PRIVATE KEY-----")
    assert utf16_size(value) > 5 * MAX_ENTRY_BYTES
    store_secret(workspace, "signing-key", value)
    assert read_secret(workspace.id, "signing_key") == value

    header = entry(workspace.id, "signing_key")
    assert header is not None and header.startswith(HEADER_PREFIX)
    count = int(header[len(HEADER_PREFIX):].split("/")[0])
    parts = [entry(workspace.id, "signing_key", i) for i in range(1, count + 1)]
    assert all(p is not None and utf16_size(p) <= MAX_ENTRY_BYTES for p in parts)
    assert "".join(p or "" for p in parts) == value
    assert entry(workspace.id, "signing_key", count + 1) is None

    # replacing it with a short value leaves no stale parts behind
    store_secret(workspace, "signing-key", tag("short now"))
    assert read_secret(workspace.id, "signing_key") == tag("short now")
    assert entry(workspace.id, "signing_key", 1) is None


def test_a_long_secret_with_a_missing_part_is_reported_not_returned_wrong(
        workspace: Workspace):
    store_secret(workspace, "signing-key", "x" * 4000)
    assert store_backend.delete_entry(username(workspace.id, "signing_key") + "/part-2")
    with pytest.raises(SecretDamaged, match="Save it again"):
        read_secret(workspace.id, "signing_key")
    store_backend.set_entry(username(workspace.id, "signing_key") + "/part-2", "y" * 1000)
    with pytest.raises(SecretDamaged):
        read_secret(workspace.id, "signing_key")


def test_a_value_that_looks_like_a_header_round_trips(workspace: Workspace):
    tricky = HEADER_PREFIX + "2/" + "0" * 64
    store_secret(workspace, "portal-password", tricky)
    assert read_secret(workspace.id, "portal_password") == tricky


def test_too_long_or_empty_values_are_refused_before_anything_is_written(
        workspace: Workspace):
    with pytest.raises(SecretRejected, match="32,768"):
        store_secret(workspace, "signing-key", "k" * (MAX_SECRET_CHARS + 1))
    with pytest.raises(SecretRejected, match="empty"):
        store_secret(workspace, "vpn-psk", "")
    with pytest.raises(SecretRejected, match="not a kind of secret"):
        store_secret(workspace, "pin-number", "1234")
    assert entry(workspace.id, "signing_key") is None
    assert entry(workspace.id, "signing_key", 1) is None
    assert workspace.secret_records() == {}


def test_forget_workspace_removes_every_secret_and_the_list_entry(workspace: Workspace):
    registry.remember(workspace.id, workspace.folder, "Test school")
    store_secret(workspace, "vpn-psk", tag("psk"))
    store_secret(workspace, "signing-key", "s" * 5000)
    store_secret(workspace, "other", tag("o"), label="Alarm code")
    # an entry the records do not know of (left by an interrupted change) goes too
    store_backend.set_entry(username(workspace.id, "other_7"), tag("stray"))

    removed = forget_workspace(workspace)

    assert removed == 4
    for key in all_keys():
        assert entry(workspace.id, key) is None
    assert entry(workspace.id, "signing_key", 1) is None
    assert workspace.secret_records() == {}
    assert all(Path(e.path) != workspace.folder.resolve() for e in registry.known_workspaces())


def test_workspaces_never_share_secrets(tmp_path: Path):
    with Workspace.create(tmp_path / "a") as first, Workspace.create(tmp_path / "b") as second:
        store_secret(first, "vpn-psk", tag("first-psk"))
        store_secret(second, "vpn-psk", tag("second-psk"))
        assert read_secret(first.id, "vpn_psk") == tag("first-psk")
        assert read_secret(second.id, "vpn_psk") == tag("second-psk")
        delete_secret(first, "vpn-psk")
        assert read_secret(second.id, "vpn_psk") == tag("second-psk")
        forget_workspace_secrets(second.id)


def test_a_copied_workspace_does_not_share_secrets_with_the_original(tmp_path: Path):
    original_folder = tmp_path / "original"
    with Workspace.create(original_folder) as original:
        original_id = original.id
        store_secret(original, "portal-password", tag("original-password"))
    shutil.copytree(original_folder, tmp_path / "copy")

    with Workspace.open(tmp_path / "copy") as copy:
        assert copy.identity_state == IdentityState.COPIED
        assert copy.id == original_id
        # until it has its own identity the copy may not change the original's secrets
        with pytest.raises(WorkspaceNeedsIdentity, match="copy"):
            store_secret(copy, "portal-password", tag("copy-password"))
        with pytest.raises(WorkspaceNeedsIdentity):
            delete_secret(copy, "portal-password")
        assert forget_workspace(copy) == 0  # only leaves the list; the secrets are the original's
        assert read_secret(original_id, "portal_password") == tag("original-password")

        new_id = copy.take_new_identity()
        assert new_id != original_id
        assert copy.secret_records() == {}
        assert read_secret(new_id, "portal_password") is None
        store_secret(copy, "portal-password", tag("copy-password"))
        assert read_secret(new_id, "portal_password") == tag("copy-password")

    assert read_secret(original_id, "portal_password") == tag("original-password")
    with Workspace.open(original_folder) as original:
        assert set(original.secret_records()) == {"portal_password"}
    forget_workspace_secrets(original_id)
    forget_workspace_secrets(new_id)


def test_a_read_only_workspace_refuses_changes_before_touching_the_keyring(tmp_path: Path):
    folder = tmp_path / "ro"
    Workspace.create(folder).close()
    with Workspace.open(folder, read_only=True) as workspace:
        from psn_desktop.workspace.errors import WorkspaceReadOnly

        with pytest.raises(WorkspaceReadOnly):
            store_secret(workspace, "vpn-psk", tag("psk"))
        assert entry(workspace.id, "vpn_psk") is None
