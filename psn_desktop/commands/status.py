"""``psn-desktop status``: readiness and blockers, as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from psn_desktop.cli import EXIT_NEGATIVE, EXIT_OK, EXIT_USAGE, CliError
from psn_desktop.commands.common import as_of_date, open_workspace


def register(commands: argparse._SubParsersAction) -> None:
    status = commands.add_parser("status", help="how ready a workspace is, and what blocks it",
                                 description="Show readiness and every blocker. Exit code 0 "
                                             "when ready to submit, 1 when not.")
    status.add_argument("--workspace", required=True, metavar="DIR", type=Path)
    status.add_argument("--as-of", type=as_of_date, metavar="YYYY-MM-DD",
                        help="assess as of this date (default: today)")
    status.add_argument("--framework", metavar="ID",
                        help="framework to assess (default: the workspace's first)")
    status.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    status.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from psn_desktop.domain.catalogue import CatalogueError, load_framework
    from psn_desktop.domain.readiness import assess
    from psn_desktop.domain.support import SupportDataError
    from psn_desktop.status_report import status_as_dict, status_as_text

    as_of = args.as_of or date.today()
    with open_workspace(Path(args.workspace), read_only=True) as workspace:
        data = workspace.load()
        if workspace.identity_state == "copied":
            print(f"Note: this workspace is a copy of the one at {workspace.previous_path}. "
                  "Open it in PSN Desktop to give it its own identity before storing "
                  "passwords.", file=sys.stderr)
    framework_id = args.framework or data.info.frameworks[0]
    try:
        framework = load_framework(framework_id)
        readiness = assess(data, framework, as_of)
    except (CatalogueError, SupportDataError) as error:
        raise CliError(str(error), EXIT_USAGE) from None
    if args.json:
        print(json.dumps(status_as_dict(data, readiness), indent=2, ensure_ascii=False))
    else:
        print(status_as_text(data, readiness))
    return EXIT_OK if readiness.ready else EXIT_NEGATIVE
