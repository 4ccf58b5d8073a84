"""Opening a stored evidence file in the program the PC uses for its type.

The stored copy is named by its content hash and must never change, so a copy with the
file's own name is made in a temporary folder and that is opened: the user sees the right
name in the title bar, and editing it cannot damage the evidence.
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from psn_desktop.workspace.errors import WorkspaceError
from psn_desktop.workspace.store import Workspace

_folders: list[Path] = []


def _cleanup() -> None:
    for folder in _folders:
        shutil.rmtree(folder, ignore_errors=True)


atexit.register(_cleanup)


def safe_name(name: str) -> str:
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip(" .")
    return cleaned or "evidence"


def viewing_copy(workspace: Workspace, sha256: str, name: str) -> Path:
    """A throwaway copy of the stored file, under its own name."""
    stored = workspace.evidence_path(sha256)
    folder = Path(tempfile.mkdtemp(prefix="psn-evidence-"))
    _folders.append(folder)
    target = folder / safe_name(name)
    try:
        shutil.copyfile(stored, target)
    except OSError as error:
        raise WorkspaceError(f"A copy of '{name}' could not be made to open it "
                             f"({error.strerror}).") from None
    return target


def open_evidence(workspace: Workspace, sha256: str, name: str) -> str:
    """Open the file; return '' or, if it could not be opened, what to tell the user."""
    try:
        copy = viewing_copy(workspace, sha256, name)
    except WorkspaceError as error:
        return str(error)
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy))):
        return (f"No program on this PC opens '{name}'. A copy is at {copy}: open it from "
                "there, or install a viewer for this kind of file.")
    return ""
