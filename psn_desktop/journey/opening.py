"""Create, open or make the demo workspace for the app, and remember it for the switcher.

Plain functions the UI runs on a worker thread; every failure is a WorkspaceError whose
message the UI shows as it is. Nothing here asks questions: a copied workspace, a read-only
folder or an unsafe location is reported through the returned workspace's state, and the UI
decides how to offer the choices.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from psn_desktop import app_dirs
from psn_desktop.workspace import registry
from psn_desktop.workspace.errors import WorkspaceError
from psn_desktop.workspace.store import DB_NAME, Workspace

DEMO_FOLDER_NAME = "Demo - Oakfield Primary School"


class Cancelled(Exception):
    """The user cancelled before the work finished; nothing is kept open."""


def _free_folder(parent: Path, stem: str) -> Path:
    candidate = parent / stem
    number = 2
    while candidate.exists():
        candidate = parent / f"{stem} {number}"
        number += 1
    return candidate


def suggested_new_folder(as_of: date) -> Path:
    """A folder under the app's own workspaces folder that does not exist yet."""
    return _free_folder(app_dirs.default_workspaces_dir(), f"Workspace {as_of.year}")


def suggested_demo_folder() -> Path:
    return _free_folder(app_dirs.default_workspaces_dir(), DEMO_FOLDER_NAME)


def title_of(workspace: Workspace) -> str:
    return workspace.organisation().name.strip() or workspace.info().title


def remember(workspace: Workspace) -> None:
    """Put the workspace at the top of the known list (a read-only one too: it was opened)."""
    registry.remember(workspace.id, workspace.folder, title_of(workspace))


def _finish(workspace: Workspace, cancel: threading.Event | None) -> Workspace:
    if cancel is not None and cancel.is_set():
        workspace.close()
        raise Cancelled()
    remember(workspace)
    return workspace


def create(folder: Path, cancel: threading.Event | None = None) -> Workspace:
    folder = Path(folder).expanduser()
    if folder.exists() and folder.is_file():
        raise WorkspaceError(f"{folder} is a file. Choose a folder for the new workspace.")
    if folder.is_dir() and (folder / DB_NAME).exists():
        raise WorkspaceError(f"There is already a workspace at {folder}. Choose 'Open a "
                             "workspace' to use it, or choose another folder.")
    if folder.is_dir() and any(folder.iterdir()):
        raise WorkspaceError(f"The folder {folder} already has other files in it. Choose an "
                             "empty folder, or a new folder name, so nothing of yours is "
                             "mixed into the workspace.")
    return _finish(Workspace.create(folder), cancel)


def open_existing(folder: Path, *, read_only: bool = False,
                  cancel: threading.Event | None = None) -> Workspace:
    return _finish(Workspace.open(Path(folder).expanduser(), read_only=read_only), cancel)


def make_demo(folder: Path, as_of: date, cancel: threading.Event | None = None) -> Workspace:
    from psn_desktop.demo import build_demo

    return _finish(build_demo(Path(folder), as_of=as_of), cancel)


def last_known_folder() -> Path | None:
    """The most recently opened workspace that still exists, for opening at start-up."""
    for entry in registry.known_workspaces():
        if entry.exists:
            return Path(entry.path)
    return None


Opener = Callable[[threading.Event], Workspace]
