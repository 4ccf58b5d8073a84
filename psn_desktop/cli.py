"""The command line: the same services the app uses, for IT staff, scripts and tests.

Exit codes follow the design for every command: 0 success (``status``: ready), 1 the command
ran and the answer is negative, 2 bad usage or unusable input, 3 a problem with the
environment (no secure keyring, no network, no display). Problems go to stderr in plain
words; ``--json`` output goes to stdout.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_OK = 0
EXIT_NEGATIVE = 1
EXIT_USAGE = 2
EXIT_ENVIRONMENT = 3


class CliError(Exception):
    """A problem to report on stderr with the given exit code."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on bad usage already; this only makes the message friendlier."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\nRun '{self.prog} --help' for help.\n")


# ----- the GUI entry -----------------------------------------------------------------------


def display_problem() -> str | None:
    """Say why Qt could not open a window here, before Qt aborts the process for us."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return None
    if sys.platform in ("win32", "darwin"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("PSN Desktop needs a screen to show its window, and there is none here (no DISPLAY "
            "or WAYLAND_DISPLAY). Start it from a desktop session, or use the command line: "
            "'psn-desktop --help'. To run it without a screen, set QT_QPA_PLATFORM=offscreen.")


def run_gui(argv: Sequence[str] = ()) -> int:
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_ENVIRONMENT
    from psn_desktop.ui.splash import show_splash

    show_splash()  # at once: the rest of the app takes a while to load on a slow PC
    from psn_desktop.logging_setup import configure_logging
    from psn_desktop.ui.app import run

    configure_logging()  # the log IT support asks for; every record scrubbed of secrets

    return run(list(argv))


def gui_main() -> None:
    sys.exit(run_gui(sys.argv[1:]))


# ----- parser -----------------------------------------------------------------------------

# Each name is a module in psn_desktop/commands with a register(subparsers) function.
COMMAND_MODULES: list[str] = [
    "check",
    "check_connection",
    "credentials",
    "demo",
    "devices",
    "frameworks",
    "pack",
    "status",
    "upload",
    "verify",
    "vpn",
    "workspaces",
]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="psn-desktop",
        description="Prepare, check and submit your Public Services Network (PSN) compliance "
                    "evidence. With no command, the app opens.",
    )
    from psn_desktop import __version__  # here, not at the top: see psn_desktop/__init__.py

    parser.add_argument("--version", action="version", version=f"psn-desktop {__version__}")
    parser.add_argument("--workspace", dest="gui_workspace", metavar="DIR", type=Path,
                        help="open the app on this workspace")
    parser.add_argument("--open-pack", dest="gui_pack", metavar="FILE", type=Path,
                        help="open the app on this evidence pack, to verify it (double-"
                             "clicking a .psnpack file does this)")
    parser.add_argument("--self-test", action="store_true",
                        help="check that this copy of the app has everything it needs "
                             "(Qt, resources, keyring, report font, packs); exit 0 if so, "
                             "else 1 with the list of what is missing")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    for module_name in COMMAND_MODULES:
        module = importlib.import_module(f"psn_desktop.commands.{module_name}")
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:  # a double-click: show the app without first loading every command
        return run_gui()
    if argv == ["--self-test"]:  # before the parser, so a broken command is reported, not fatal
        from psn_desktop.self_test import run as run_self_test

        return run_self_test()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:
        parser.error("--self-test takes no other options or commands")
    if args.command is None:
        gui_args = ["--workspace", str(args.gui_workspace)] if args.gui_workspace else []
        gui_args += ["--open-pack", str(args.gui_pack)] if args.gui_pack else []
        return run_gui(gui_args)
    from psn_desktop.logging_setup import configure_logging

    configure_logging()
    try:
        return int(args.handler(args))
    except CliError as error:
        print(str(error), file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return EXIT_NEGATIVE


if __name__ == "__main__":
    sys.exit(main())
