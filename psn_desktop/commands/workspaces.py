"""``psn-desktop workspaces``: the workspaces opened on this PC (for IT support firms)."""

from __future__ import annotations

import argparse
import json

from psn_desktop.cli import EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    workspaces = commands.add_parser("workspaces", help="list the workspaces opened on this PC",
                                     description="List the workspaces opened on this PC, newest "
                                                 "first.")
    workspaces.add_argument("--json", action="store_true", help="machine-readable output")
    workspaces.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from psn_desktop.workspace import registry

    entries = registry.known_workspaces()
    if args.json:
        print(json.dumps([{"id": e.id, "path": e.path, "title": e.title,
                           "last_opened": e.last_opened, "exists": e.exists} for e in entries],
                         indent=2, ensure_ascii=False))
        return EXIT_OK
    if not entries:
        print("No workspaces yet. Create one in the app, or try "
              "'psn-desktop demo --workspace DIR'.")
        return EXIT_OK
    for entry in entries:
        missing = "" if entry.exists else "  (folder missing)"
        print(f"{entry.title or '(untitled)'}\n    {entry.path}{missing}\n"
              f"    last opened {entry.last_opened}")
    return EXIT_OK
