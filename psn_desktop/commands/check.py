"""``psn-desktop check``: scan this computer, and record the result in a workspace.

Exit codes: 0 nothing failed, 1 at least one check failed, 2 bad usage or an unusable
workspace. ``--raw-output DIR`` saves exactly what each command printed, which the Windows
CI keeps as test fixtures for the parsers.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from psn_desktop.cli import EXIT_NEGATIVE, EXIT_OK
from psn_desktop.commands.common import as_of_date, open_workspace


def register(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser(
        "check", help="scan this computer: system support, updates, firewall and more",
        description="Check this computer: whether its system still gets security updates, "
                    "when it last updated, firewall, anti-malware, disk encryption, screen "
                    "lock, admin accounts and auto-run. Needs no admin rights. Exit code 0 "
                    "when nothing failed, 1 when something needs attention.")
    check.add_argument("--workspace", metavar="DIR", type=Path,
                       help="also record the result there: the device, a finding for each "
                            "problem, and the report as evidence")
    check.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    check.add_argument("--as-of", type=as_of_date, metavar="YYYY-MM-DD",
                       help="judge support dates as of this day (default: today)")
    check.add_argument("--raw-output", metavar="DIR", type=Path,
                       help="save every command's raw output in DIR (for test fixtures)")
    check.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from psn_desktop.checks.report_text import scan_as_text
    from psn_desktop.checks.scan import run_scan
    from psn_desktop.checks.support_update import current_support_data, staleness_warning

    as_of = args.as_of or date.today()
    support = current_support_data()
    workspace = open_workspace(args.workspace) if args.workspace else None
    try:
        warning = staleness_warning(support, as_of)
        if warning:
            print(warning, file=sys.stderr)

        def progress(done: int, total: int, title: str) -> None:
            if not args.json and sys.stderr.isatty():
                print(f"  [{done}/{total}] {title}", file=sys.stderr)

        report = run_scan(as_of=as_of, support=support, progress=progress, runner=_runner(args))
        saved = None
        if workspace is not None:
            from psn_desktop.checks.findings import save_scan

            saved = save_scan(workspace, report, support=support)
    finally:
        if workspace is not None:
            workspace.close()
    if args.raw_output:
        written = _runner(args).save_raw(args.raw_output)
        print(f"Saved {len(written)} raw output file(s) in {args.raw_output}.", file=sys.stderr)
    if args.json:
        document = report.as_dict()
        if saved is not None:
            document["workspace"] = {"device_id": saved.device_id,
                                     "findings_added": len(saved.findings.added),
                                     "findings_updated": len(saved.findings.updated)}
        print(json.dumps(document, indent=2, ensure_ascii=False, default=str))
    else:
        print(scan_as_text(report, with_facts=False), end="")
        if saved is not None:
            print(f"\nRecorded in the workspace: {len(saved.findings.added)} new finding(s), "
                  f"{len(saved.findings.updated)} updated, and the report as evidence.")
    return EXIT_OK if report.passed else EXIT_NEGATIVE


def _runner(args: argparse.Namespace):
    """One runner per command run, so --raw-output sees what the scan ran."""
    from psn_desktop.checks.runner import CommandRunner

    if getattr(args, "_runner", None) is None:
        args._runner = CommandRunner()
    return args._runner
