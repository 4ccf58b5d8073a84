"""Is a folder safe for SQLite's write-ahead log, or is it a share or a synced folder?

WAL needs shared memory between processes on one machine, which network file systems do not
give, and sync clients (OneDrive, Dropbox, Google Drive) upload the database and its -wal
file separately and can restore a torn pair. On such folders the store falls back to the
rollback journal, which stays correct as long as only one program writes at a time (which
the workspace lock ensures), and the UI says why.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class LocationKind(StrEnum):
    LOCAL = "local"
    NETWORK = "network"
    SYNCED = "synced"


@dataclass(frozen=True)
class Location:
    kind: LocationKind
    reason: str

    @property
    def wal_safe(self) -> bool:
        return self.kind is LocationKind.LOCAL


_SYNC_FOLDER_NAMES = ("onedrive", "dropbox", "google drive", "googledrive", "icloud drive",
                      "iclouddrive", "box sync", "nextcloud", "owncloud")
_NETWORK_FS = {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "fuse.sshfs", "9p",
               "afs", "ncpfs", "davfs", "fuse.davfs2", "fuse.rclone", "glusterfs", "ceph"}


def _sync_roots() -> list[Path]:
    roots = []
    for name in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        value = os.environ.get(name)
        if value:
            roots.append(Path(value))
    return roots


def _is_within(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError):
        return False


def _linux_mount_fs(path: Path, mounts_file: Path = Path("/proc/mounts")) -> str | None:
    try:
        lines = mounts_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    target = str(path.resolve())
    best, best_fs = "", None
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        if (target == mount_point or target.startswith(mount_point.rstrip("/") + "/")) and len(
            mount_point
        ) >= len(best):
            best, best_fs = mount_point, parts[2]
    return best_fs


def _windows_is_remote(path: Path) -> bool:
    text = str(path)
    if text.startswith("\\\\") and not text.startswith("\\\\?\\"):
        return True
    import ctypes  # Windows only: GetDriveTypeW says whether a drive letter is mapped

    drive = os.path.splitdrive(str(path.resolve()))[0]
    if not drive:
        return False
    DRIVE_REMOTE = 4
    return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE)  # type: ignore[attr-defined]


def classify(path: Path) -> Location:
    """Classify the folder a workspace lives (or will live) in."""
    existing = path
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    for root in _sync_roots():
        if _is_within(existing, root):
            return Location(LocationKind.SYNCED,
                            f"it is inside your synced OneDrive folder ({root}).")
    lowered = [part.lower() for part in path.resolve().parts]
    for part in lowered:
        if part in _SYNC_FOLDER_NAMES or part.startswith("onedrive"):
            return Location(LocationKind.SYNCED, f"it is inside a synced folder ('{part}').")
    if sys.platform == "win32":
        if _windows_is_remote(existing):
            return Location(LocationKind.NETWORK, "it is on a network drive.")
    else:
        fs = _linux_mount_fs(existing)
        if fs and (fs in _NETWORK_FS or fs.startswith("fuse.sshfs")):
            return Location(LocationKind.NETWORK, f"it is on a network file system ({fs}).")
    return Location(LocationKind.LOCAL, "it is on this computer's own disk.")
