"""``psn-desktop demo``: make the sample school workspace."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from psn_desktop.cli import EXIT_OK, CliError
from psn_desktop.commands.common import as_of_date


def register(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser("demo", help="create a complete sample workspace to explore",
                               description="Create a realistic sample workspace: a fictional "
                                           "primary school, part-way through its PSN submission. "
                                           "Prints the workspace's folder.")
    demo.add_argument("--workspace", required=True, metavar="DIR", type=Path,
                      help="folder to create (must not already hold a workspace)")
    demo.add_argument("--as-of", type=as_of_date, metavar="YYYY-MM-DD",
                      help="date the sample is set around (default: today)")
    demo.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from psn_desktop.demo import build_demo
    from psn_desktop.workspace import registry
    from psn_desktop.workspace.errors import WorkspaceError

    try:
        workspace = build_demo(Path(args.workspace), as_of=args.as_of or date.today())
    except WorkspaceError as error:
        raise CliError(str(error)) from None
    with workspace:
        registry.remember(workspace.id, workspace.folder, workspace.organisation().name)
        print(workspace.folder.resolve())
    return EXIT_OK
