"""``psn-desktop upload``: send an evidence pack to the receiver's tus upload server.

Progress goes to stderr when it is a terminal; the last line on stdout is the server's
address for the upload and the pack's SHA-256, for scripts and for the covering email.
Run the same command again after any interruption and it carries on where it stopped; a
pack that was sent already is never sent twice.

Exit codes: 0 sent (or sent before); 1 the upload ran and the answer is negative (gave up
after the no-progress limit, or the server refused the token or the pack); 2 bad usage or
unusable input (no such pack, no usable upload address, an unusable workspace); 3 this
computer's surroundings (an untrusted certificate, a proxy asking for a login, no secure
keyring for --token-stdin-less uploads that need one).
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from psn_desktop.cli import EXIT_NEGATIVE, EXIT_OK, EXIT_USAGE, CliError
from psn_desktop.commands.common import open_workspace

if TYPE_CHECKING:
    from psn_desktop.workspace.store import Workspace

log = logging.getLogger(__name__)


def register(commands: argparse._SubParsersAction) -> None:
    upload = commands.add_parser(
        "upload", help="send an evidence pack to the receiver's upload server",
        description="Send a .psnpack to the upload address in Settings (or --endpoint) over "
                    "an encrypted, resumable connection. Run it again after any interruption "
                    "to carry on. Exit codes: 0 sent, 1 gave up or refused, 2 bad input, "
                    "3 certificate, proxy or keyring problem.")
    upload.add_argument("pack", nargs="?", metavar="FILE", type=Path,
                        help="the .psnpack file to send")
    upload.add_argument("--workspace", required=True, metavar="DIR", type=Path,
                        help="the workspace the pack was built from")
    upload.add_argument("--endpoint", metavar="URL", default="",
                        help="the receiver's tus upload address (default: from Settings)")
    upload.add_argument("--token-stdin", action="store_true",
                        help="read the upload token from standard input instead of the "
                             "workspace's saved one")
    upload.add_argument("--later", action="store_true",
                        help="do not send now: queue the pack to be sent when online (the "
                             "app tries at start and every few minutes)")
    upload.add_argument("--queued", action="store_true",
                        help="try every pack waiting in the queue now, then list what waits")
    upload.set_defaults(handler=run)


def _read_token() -> str:
    if sys.stdin is not None and sys.stdin.isatty():
        token = getpass.getpass("Upload token (not shown): ")
    else:
        token = sys.stdin.readline() if sys.stdin is not None else ""
    token = token.rstrip("\r\n")
    if not token.strip():
        raise CliError("No upload token was given on standard input. Pipe it in, or leave "
                       "out --token-stdin to use the token saved for the workspace.",
                       EXIT_USAGE)
    from psn_desktop.log_redaction import protect

    protect(token)
    return token


class _TerminalProgress:
    """A single updating line on stderr, only when stderr is a terminal."""

    def __init__(self) -> None:
        from psn_desktop.submit.progress import ProgressMeter

        self.live = sys.stderr.isatty()
        self.meter = ProgressMeter()
        self.width = 0

    def _show(self, text: str) -> None:
        if not self.live:
            return
        padded = text.ljust(self.width)
        self.width = len(text)
        sys.stderr.write("\r" + padded)
        sys.stderr.flush()

    def checking(self, done: int, total: int) -> None:
        percent = int(done * 100 / total) if total else 0
        self._show(f"Checking the pack: {percent}%")

    def sending(self, done: int, total: int) -> None:
        from psn_desktop.submit.progress import reading_text

        self._show("Sending: " + reading_text(self.meter.update(done, total)))

    def problem(self, problem: Exception, wait: float) -> None:
        self.end()
        print(f"{problem} Trying again in {wait:.0f} s.", file=sys.stderr)

    def end(self) -> None:
        if self.live and self.width:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.width = 0


def run(args: argparse.Namespace) -> int:
    from psn_desktop.logging_setup import configure_logging

    if args.pack is None and not args.queued:
        raise CliError("Say which pack to send (FILE), or use --queued to send the packs "
                       "waiting in the queue.", EXIT_USAGE)
    if args.pack is not None and args.queued:
        raise CliError("Give either a pack to send or --queued, not both.", EXIT_USAGE)
    if args.later and args.queued:
        raise CliError("--later queues a pack; --queued sends the queue. Use one.", EXIT_USAGE)
    token = _read_token() if args.token_stdin else None
    configure_logging()
    with open_workspace(Path(args.workspace)) as workspace:
        if args.queued:
            return _send_queue(workspace, token)
        if args.later:
            return _queue(workspace, args)
        return _send(workspace, args, token)


def _fail(error: Exception) -> CliError:
    from psn_desktop.submit.errors import UploadError

    code = error.exit_code if isinstance(error, UploadError) else EXIT_USAGE
    return CliError(str(error), code)


def _send(workspace: Workspace, args: argparse.Namespace, token: str | None) -> int:
    from psn_desktop.domain.dates import uk_date
    from psn_desktop.submit.errors import UploadError
    from psn_desktop.submit.submission import Hooks, send_pack

    progress = _TerminalProgress()
    hooks = Hooks(on_progress=progress.sending, on_checking=progress.checking,
                  on_problem=progress.problem)
    try:
        outcome = send_pack(workspace, args.pack, endpoint=args.endpoint, token=token,
                            hooks=hooks)
    except UploadError as error:
        progress.end()
        log.warning("Upload of %s stopped: %s", args.pack, error)
        raise _fail(error) from None
    except KeyboardInterrupt:
        progress.end()
        raise CliError("Stopped. What reached the server is kept: run the same command again "
                       "to carry on from there.", EXIT_NEGATIVE) from None
    progress.end()
    if outcome.already_sent:
        when = outcome.sent_at[:10]
        try:
            from datetime import date

            when = uk_date(date.fromisoformat(when))
        except ValueError:
            pass
        print(f"This pack was already sent on {when}; it was not sent again.", file=sys.stderr)
    else:
        print(f"Sent: the server holds the whole pack ({outcome.size:,} bytes).",
              file=sys.stderr)
    print(outcome.last_line)
    return EXIT_OK


def _queue(workspace: Workspace, args: argparse.Namespace) -> int:
    from psn_desktop.submit.errors import UploadError
    from psn_desktop.submit.ledger import SentRecord
    from psn_desktop.submit.offline_queue import queue_pack

    try:
        entry = queue_pack(workspace, args.pack, endpoint=args.endpoint)
    except UploadError as error:
        raise _fail(error) from None
    if isinstance(entry, SentRecord):
        print("This pack was already sent; it was not queued.", file=sys.stderr)
        print(f"Upload address: {entry.url}  SHA-256: {entry.sha256}")
        return EXIT_OK
    print(f"Queued {entry.filename}: PSN Desktop sends it when it is next online (at start "
          "and every few minutes while open, or now with 'psn-desktop upload --queued').",
          file=sys.stderr)
    print(f"Queued  SHA-256: {entry.sha256}")
    return EXIT_OK


def _send_queue(workspace: Workspace, token: str | None) -> int:
    from psn_desktop.submit.offline_queue import send_queued
    from psn_desktop.submit.submission import Hooks

    progress = _TerminalProgress()
    hooks = Hooks(on_progress=progress.sending, on_checking=progress.checking,
                  on_problem=progress.problem)
    try:
        results = send_queued(workspace, token=token, hooks=hooks)
    except KeyboardInterrupt:
        progress.end()
        raise CliError("Stopped. Queued packs stay queued.", EXIT_NEGATIVE) from None
    progress.end()
    from psn_desktop.submit.ledger import UploadLedger

    waiting = UploadLedger(workspace).queue()
    if not results:
        print("No packs are waiting to be sent.", file=sys.stderr)
    for result in results:
        if result.outcome is not None:
            print(f"Sent {result.entry.filename}.", file=sys.stderr)
            print(result.outcome.last_line)
        else:
            print(f"Not sent yet: {result.entry.filename}. {result.problem}", file=sys.stderr)
    if waiting:
        print(f"{len(waiting)} pack(s) still waiting: "
              + ", ".join(entry.filename for entry in waiting), file=sys.stderr)
        return EXIT_NEGATIVE
    return EXIT_OK
