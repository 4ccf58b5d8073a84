"""``psn-desktop verify``: check a pack: zip, bag, every checksum, schema, signature.

Exit codes: 0 the pack is intact (signed, or unsigned without --require-signature); 1 it is
not (each wrong file is listed, with how); 2 there is no pack to check (no such file, not
allowed to read it). Nothing is unpacked or written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from psn_desktop.cli import EXIT_NEGATIVE, EXIT_OK, EXIT_USAGE, CliError


def register(commands: argparse._SubParsersAction) -> None:
    verify = commands.add_parser(
        "verify", help="check that a pack is complete, unchanged and signed",
        description="Check a .psnpack: the zip, its BagIt structure, every checksum both ways "
                    "(nothing missing, nothing extra), results.json against its schema, and "
                    "the signature. Exit code 0 when intact, 1 when not, 2 when the file "
                    "cannot be read at all.")
    verify.add_argument("file", metavar="FILE", type=Path, help="the .psnpack to check")
    verify.add_argument("--key", metavar="FINGERPRINT",
                        help="the signing key fingerprint you were given; the pack must be "
                             "signed by that key")
    verify.add_argument("--require-signature", action="store_true",
                        help="treat an unsigned pack as not valid (exit 1)")
    verify.add_argument("--json", action="store_true", help="machine-readable result on stdout")
    verify.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from psn_desktop.pack.errors import PackError
    from psn_desktop.pack.verifier import Verdict, verify_pack

    try:
        report = verify_pack(args.file, expected_fingerprint=args.key)
    except PackError as error:
        raise CliError(str(error), EXIT_USAGE) from None
    failed = report.verdict == Verdict.INVALID or (
        args.require_signature and report.verdict == Verdict.UNSIGNED)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        print(report.as_text(), file=sys.stderr if failed else sys.stdout)
    return EXIT_NEGATIVE if failed else EXIT_OK
