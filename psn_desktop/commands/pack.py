"""``psn-desktop pack``: build the evidence pack (a signed BagIt zip with the PDF report).

Exit codes: 0 the pack was built (a not-yet-ready workspace still builds, with the warning in
the report and on stderr); 2 bad usage or unusable input (no workspace, the output exists
without --force, an evidence file missing); 3 a problem with this computer (disk full, no
write access, or no secure store with --require-signature). Nothing is left behind on failure.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from psn_desktop.cli import EXIT_ENVIRONMENT, EXIT_OK, EXIT_USAGE, CliError
from psn_desktop.commands.common import as_of_date, open_workspace


def register(commands: argparse._SubParsersAction) -> None:
    pack = commands.add_parser(
        "pack", help="build the evidence pack to hand over",
        description="Build the evidence pack: a zip holding a BagIt bag with the PDF report, "
                    "results.json, the remediation plan and every evidence file, signed with "
                    "the workspace's key. The as-of date is the date of the signed commitment, "
                    "unless --as-of is given (today if neither).")
    pack.add_argument("--workspace", required=True, metavar="DIR", type=Path)
    pack.add_argument("--output", required=True, metavar="FILE", type=Path,
                      help="where to save the pack, e.g. oakfield-2026.psnpack")
    pack.add_argument("--as-of", type=as_of_date, metavar="YYYY-MM-DD",
                      help="the date the pack speaks for (default: the sign-off date)")
    pack.add_argument("--framework", metavar="ID",
                      help="framework to report on (default: the workspace's first)")
    pack.add_argument("--force", action="store_true", help="replace FILE if it exists")
    pack.add_argument("--require-signature", action="store_true",
                      help="fail (exit 3, nothing written) rather than build an unsigned pack")
    pack.add_argument("--json", action="store_true", help="machine-readable result on stdout")
    pack.set_defaults(handler=run)


class _TerminalProgress:
    """A percentage on stderr, only when someone is watching a terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self._last = -1

    def __call__(self, done: int, total: int, stage: str) -> None:
        if not self.enabled:
            return
        percent = int(100 * done / total) if total else 0
        if percent != self._last:
            self._last = percent
            print(f"\r{percent:3d}%  {stage[:60]:<60}", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.enabled and self._last >= 0:
            print(file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from psn_desktop.pack.builder import build_pack
    from psn_desktop.pack.errors import PackEnvironmentError, PackError
    from psn_desktop.workspace.errors import WorkspaceError, WorkspaceReadOnly
    from psn_desktop.workspace.store import Workspace

    folder = Path(args.workspace)
    try:
        workspace = Workspace.open(folder)
    except WorkspaceReadOnly:
        print("Note: the workspace is read-only here, so the pack's fingerprint will not be "
              "recorded in it.", file=sys.stderr)
        workspace = open_workspace(folder, read_only=True)
    except WorkspaceError as error:
        raise CliError(str(error), EXIT_USAGE) from None
    progress = _TerminalProgress()
    with workspace:
        if workspace.identity_state == "copied":
            print(f"Note: this workspace is a copy of the one at {workspace.previous_path}. "
                  "Open it in PSN Desktop to give it its own identity, so its packs can be "
                  "signed.", file=sys.stderr)
        try:
            result = build_pack(workspace, args.output, as_of=args.as_of,
                                framework_id=args.framework, force=args.force,
                                progress=progress, require_signature=args.require_signature)
        except PackEnvironmentError as error:
            raise CliError(str(error), EXIT_ENVIRONMENT) from None
        except (PackError, WorkspaceError) as error:
            raise CliError(str(error), EXIT_USAGE) from None
        finally:
            progress.close()
    for line in result.notes + result.advice:
        print(f"Warning: {line}", file=sys.stderr)
    if args.json:
        print(json.dumps({
            "path": str(result.path.resolve()), "sha256": result.sha256, "size": result.size,
            "files": result.files, "as_of": result.as_of.isoformat(), "ready": result.ready,
            "signed": result.signer.signed,
            "key_fingerprint": result.signer.fingerprint or None,
            "unsigned_reason": result.signer.reason or None,
            "notes": result.notes,
        }, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"Pack saved: {result.path.resolve()} ({result.size} bytes, {result.files} files)")
    print(f"SHA-256: {result.sha256}")
    if result.signer.signed:
        print(f"Signed with key {result.signer.fingerprint} ({result.signer.algorithm}). Give "
              "this fingerprint to the recipient separately.")
    else:
        print(f"Not signed: {result.signer.reason}")
    if not result.ready:
        print("The workspace is not ready to submit yet; the report says what is missing.")
    return EXIT_OK
