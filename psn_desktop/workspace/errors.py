"""Everything that can go wrong opening or changing a workspace, as messages a user can act on.

Each error's ``str()`` is the whole message: what happened, to which folder or file, and
what to do next. The CLI maps them to exit code 2 (unusable input) and the UI shows them as
they are; neither needs to know the details.
"""

from __future__ import annotations

from pathlib import Path


class WorkspaceError(Exception):
    """Base class: the message is for the user."""


class WorkspaceNotFound(WorkspaceError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"There is no workspace at {path}. Check the folder name, or create a new "
            "workspace there."
        )


class NotAWorkspace(WorkspaceError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"{path} is not a PSN Desktop workspace ({detail}). Choose the workspace folder "
            "itself (it holds workspace.sqlite3), or restore the folder from a backup. "
            "Nothing was changed."
        )


class WorkspaceCorrupt(WorkspaceError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"The workspace at {path} is damaged ({detail}). Nothing was changed. Restore "
            "the folder from a backup, or send it to your IT support to recover."
        )


class WorkspaceTooNew(WorkspaceError):
    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(
            f"The workspace at {path} was saved by a newer version of PSN Desktop (format "
            f"{found}; this version reads up to {supported}). Update PSN Desktop to open it. "
            "Nothing was changed."
        )


class WorkspaceReadOnly(WorkspaceError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"The workspace at {path} cannot be changed: the folder or disk is read-only. "
            "Copy the folder somewhere you can write to (for example your Documents) and "
            "open the copy."
        )


class DiskFull(WorkspaceError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"The disk holding {path} is full, so the last change was not saved; everything "
            "saved before it is safe. Free some space, then try again."
        )


class WorkspaceLocked(WorkspaceError):
    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(
            f"The workspace at {path} is already open {holder}. Close it there first, or "
            "open a different workspace."
        )


class EvidenceError(WorkspaceError):
    """An evidence file could not be read or stored; the workspace is unchanged."""
