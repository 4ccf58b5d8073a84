"""Keep a second running copy of the app (or a second user) out of an open workspace.

The lock itself is ``filelock``'s OS-level lock, released by the OS if the app dies, so a
crash never leaves a workspace stuck. Beside it sits a small note of who holds it, read by
the loser of the race to say "already open on this PC" or "open by Sam on OFFICE-PC".
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
from pathlib import Path

from filelock import FileLock, Timeout

from psn_desktop.workspace.errors import WorkspaceLocked

LOCK_NAME = "workspace.lock"
OWNER_NAME = "workspace.lock.owner"


def _me() -> dict[str, object]:
    try:
        user = getpass.getuser()
    except Exception:  # getuser raises different errors per platform when it can't tell
        user = "unknown"
    return {"user": user, "host": socket.gethostname(), "pid": os.getpid()}


def describe_holder(folder: Path) -> str:
    try:
        owner = json.loads((folder / OWNER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "in another window or by another user"
    me = _me()
    if owner.get("host") == me["host"] and owner.get("user") == me["user"]:
        return "in another PSN Desktop window on this PC"
    return f"by {owner.get('user', 'another user')} on {owner.get('host', 'another PC')}"


class WorkspaceLock:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = FileLock(str(folder / LOCK_NAME), timeout=0, thread_local=False)

    def acquire(self) -> None:
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise WorkspaceLocked(self.folder, describe_holder(self.folder)) from None
        with contextlib.suppress(OSError):
            (self.folder / OWNER_NAME).write_text(json.dumps(_me()), encoding="utf-8")

    def release(self) -> None:
        if self._lock.is_locked:
            with contextlib.suppress(OSError):
                (self.folder / OWNER_NAME).unlink()
            self._lock.release()

    @property
    def held(self) -> bool:
        return self._lock.is_locked
