"""``psn-desktop check-connection``: can this computer reach the upload server, and how?

Prints whether the server is reachable, directly or through which proxy, the TLS version,
the certificate's issuer and expiry, and for a failure the likely cause with its fix, in
words IT support and a school office can both act on. ``--json`` gives the same on stdout.

Exit codes: 0 reachable and a tus upload server; 1 the check ran and the server cannot be
used from here (down, not found, refused, not a tus server); 2 bad usage (no or an unsafe
address); 3 this computer's surroundings stop it (no network, an untrusted certificate,
a proxy wanting a login).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from psn_desktop.cli import EXIT_ENVIRONMENT, EXIT_NEGATIVE, EXIT_OK, CliError

# Failures that come from the computer's surroundings rather than from the server.
_ENVIRONMENT_KINDS = {"no-network", "proxy-login", "proxy-down", "untrusted-certificate",
                      "certificate-expired", "certificate-name", "tls"}


def register(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser(
        "check-connection", help="check this computer can reach the upload server",
        description="Check the route to the upload server: reachable or not, through which "
                    "proxy, TLS version, certificate issuer and expiry, and for a failure "
                    "the likely fix. Exit codes: 0 all good, 1 the server cannot be used "
                    "from here, 2 bad usage, 3 network, proxy or certificate problem.")
    check.add_argument("--endpoint", metavar="URL", default="",
                       help="the upload address to check (default: from Settings)")
    check.add_argument("--workspace", metavar="DIR", type=Path,
                       help="also use this workspace's saved upload token, for servers that "
                            "ask for one before answering")
    check.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    check.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from psn_desktop.settings import load_settings
    from psn_desktop.submit.connection_check import check_connection
    from psn_desktop.submit.errors import BadEndpoint
    from psn_desktop.submit.transport import TransportOptions

    settings = load_settings()
    token = ""
    if args.workspace is not None:
        from psn_desktop.commands.common import open_workspace
        from psn_desktop.submit.submission import upload_token

        with open_workspace(Path(args.workspace), read_only=True) as workspace:
            token, _ = upload_token(workspace.id)
    try:
        report = check_connection(args.endpoint or settings.upload_endpoint,
                                  options=TransportOptions.from_settings(settings), token=token)
    except BadEndpoint as error:
        raise CliError(str(error), error.exit_code) from None
    if args.json:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        print(report.as_text(), file=sys.stdout if report.ok else sys.stderr)
    if report.ok or report.problem_kind == "token-needed":
        return EXIT_OK
    return EXIT_ENVIRONMENT if report.problem_kind in _ENVIRONMENT_KINDS else EXIT_NEGATIVE
