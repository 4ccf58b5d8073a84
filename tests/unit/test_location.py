"""Shares and synced folders are told apart from the local disk, and get the rollback journal."""

from __future__ import annotations

from pathlib import Path

import pytest

from psn_desktop.workspace.location import LocationKind, _linux_mount_fs, classify
from psn_desktop.workspace.store import Workspace


def test_local_folder_uses_wal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        monkeypatch.delenv(name, raising=False)
    assert classify(tmp_path).kind is LocationKind.LOCAL
    with Workspace.create(tmp_path / "ws") as ws:
        assert ws.location.wal_safe
        assert ws.journal_mode == "wal"


def test_onedrive_folder_from_the_environment(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    synced = tmp_path / "Company Files"
    synced.mkdir()
    monkeypatch.setenv("OneDriveCommercial", str(synced))
    location = classify(synced / "PSN" / "2026")
    assert location.kind is LocationKind.SYNCED
    assert "OneDrive" in location.reason
    with Workspace.create(synced / "ws") as ws:
        assert ws.journal_mode == "delete"
    with Workspace.open(synced / "ws") as ws:
        assert ws.journal_mode == "delete"


@pytest.mark.parametrize("folder_name", ["Dropbox", "Google Drive", "OneDrive - Oakfield"])
def test_sync_clients_recognised_by_folder_name(tmp_path: Path, folder_name: str) -> None:
    assert classify(tmp_path / folder_name / "ws").kind is LocationKind.SYNCED


def test_network_file_systems_from_the_mount_table(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/vda / ext4 rw 0 0\n"
        "//server/share /mnt/share cifs rw 0 0\n"
        "nas:/export /mnt/nfs\\040home nfs4 rw 0 0\n",
        encoding="utf-8",
    )
    assert _linux_mount_fs(Path("/mnt/share/school"), mounts) == "cifs"
    assert _linux_mount_fs(Path("/mnt/nfs home/x"), mounts) == "nfs4"
    assert _linux_mount_fs(Path("/home/user"), mounts) == "ext4"
