"""Pieces every command module uses: argument types and opening a workspace for a command."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from psn_desktop.cli import EXIT_USAGE, CliError
from psn_desktop.workspace.store import Workspace


def as_of_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write it as YYYY-MM-DD, for example 2026-03-31."
        ) from None


def open_workspace(path: Path, *, read_only: bool = False) -> Workspace:
    """Open for a command, turning every workspace problem into a CLI error (exit 2)."""
    from psn_desktop.workspace.errors import WorkspaceError

    try:
        return Workspace.open(path, read_only=read_only)
    except WorkspaceError as error:
        raise CliError(str(error), EXIT_USAGE) from None
