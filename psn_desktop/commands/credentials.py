"""``psn-desktop credentials``: list, save and delete a workspace's secrets from a script.

A value is only ever read from standard input (typed at a hidden prompt, or piped), never
from the command line, where it would end up in shell history and process listings.
Exit codes: 0 done; 1 the secret to delete was not there; 2 bad usage or an unusable
workspace or value; 3 no secure password store on this computer (nothing was written).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from psn_desktop.cli import EXIT_ENVIRONMENT, EXIT_NEGATIVE, EXIT_OK, EXIT_USAGE, CliError
from psn_desktop.commands.common import open_workspace

_PURPOSES_HELP = ("what the secret is for: portal-password, upload-token, vpn-psk, "
                  "cert-passphrase, signing-key, or other (with --label); other-1, other-2... "
                  "name a particular 'other' secret")


def register(commands: argparse._SubParsersAction) -> None:
    credentials = commands.add_parser(
        "credentials", help="list, save or delete a workspace's passwords and keys",
        description="Passwords, tokens and keys are kept only in this computer's secure store "
                    "(Windows Credential Manager, or the desktop keyring on Linux). Exit code "
                    "3 when there is no secure store.")
    actions = credentials.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="which secrets a workspace has saved",
                                 description="List which secrets a workspace has saved and "
                                             "when they changed (never their values).")
    listing.add_argument("--workspace", required=True, metavar="DIR", type=Path)
    listing.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    listing.set_defaults(handler=run_list)

    saving = actions.add_parser(
        "set", help="save or replace a secret (value read from standard input)",
        description="Save or replace a secret. The value is read from standard input: type it "
                    "at the hidden prompt, or pipe it in (one trailing newline is dropped).")
    saving.add_argument("--workspace", required=True, metavar="DIR", type=Path)
    saving.add_argument("purpose", metavar="PURPOSE", help=_PURPOSES_HELP)
    saving.add_argument("--label", default="", help="what the secret is for (needed for other)")
    saving.set_defaults(handler=run_set)

    deleting = actions.add_parser("delete", help="delete a saved secret",
                                  description="Delete a saved secret from the secure store. "
                                              "Exit code 1 if it was not there.")
    deleting.add_argument("--workspace", required=True, metavar="DIR", type=Path)
    deleting.add_argument("purpose", metavar="PURPOSE", help=_PURPOSES_HELP)
    deleting.add_argument("--label", default="", help="with other: the label of the one to delete")
    deleting.set_defaults(handler=run_delete)


def _store_or_exit() -> str:
    """The store's plain name; exit 3 (having written nothing) when there is no secure one."""
    from psn_desktop.secrets import backend_status

    status = backend_status()
    if not status.secure:
        raise CliError(status.problem, EXIT_ENVIRONMENT)
    return status.store_name


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _secret_errors(error: Exception) -> CliError:
    from psn_desktop.secrets import NoSecureStore

    return CliError(str(error), EXIT_ENVIRONMENT if isinstance(error, NoSecureStore)
                    else EXIT_USAGE)


def run_list(args: argparse.Namespace) -> int:
    from psn_desktop.secrets import backend_status, list_secrets
    from psn_desktop.secrets.purposes import cli_name, fixed_keys

    status = backend_status()
    with open_workspace(Path(args.workspace), read_only=True) as workspace:
        slots = list_secrets(workspace)
        copied = workspace.identity_state == "copied"
        previous = workspace.previous_path
    if args.json:
        print(json.dumps({
            "store": {"secure": status.secure, "name": status.store_name,
                      "problem": status.problem, "locked": status.locked},
            "secrets": [{"key": s.key, "purpose": s.purpose.value, "name": s.name,
                         "label": s.label, "changed_at": s.changed_at} for s in slots],
        }, indent=2, ensure_ascii=False))
    else:
        if slots:
            print(f"Saved in {status.store_name or 'a store that is not available now'}:")
            width = max(len(cli_name(s.key)) for s in slots)
            for slot in slots:
                print(f"  {cli_name(slot.key):<{width}}  {slot.name}, changed {slot.changed_text}")
        else:
            print("No secrets saved for this workspace.")
        missing = [cli_name(k) for k in fixed_keys() if k not in {s.key for s in slots}]
        if missing:
            print(f"Not saved: {', '.join(missing)}.")
    if copied:
        print(f"Note: this workspace is a copy of the one at {previous}; these secrets belong "
              "to the original until the copy is given its own identity (open it in PSN "
              "Desktop).", file=sys.stderr)
    if not status.secure:
        print(status.problem, file=sys.stderr)
        return EXIT_ENVIRONMENT
    return EXIT_OK


def run_set(args: argparse.Namespace) -> int:
    from psn_desktop.secrets import SecretError
    from psn_desktop.secrets.purposes import parse_key, phrase
    from psn_desktop.secrets.store import prepare_store

    try:
        parse_key(args.purpose)
    except SecretError as error:
        raise _secret_errors(error) from None
    store_name = _store_or_exit()
    with open_workspace(Path(args.workspace)) as workspace:
        value = _read_value()
        try:
            change = prepare_store(workspace, args.purpose, value, args.label)
            change.run()
            change.commit(workspace)
        except SecretError as error:
            raise _secret_errors(error) from None
    print(f"Saved {phrase(change.key, change.label)} in {_capital(store_name)}.")
    return EXIT_OK


def run_delete(args: argparse.Namespace) -> int:
    from psn_desktop.secrets import SecretError, delete_secret
    from psn_desktop.secrets.purposes import parse_key, phrase

    try:
        key = parse_key(args.purpose)
    except SecretError as error:
        raise _secret_errors(error) from None
    store_name = _store_or_exit()
    with open_workspace(Path(args.workspace)) as workspace:
        name = phrase(key, workspace.secret_records().get(key, ("", ""))[0] or args.label)
        try:
            found = delete_secret(workspace, key, args.label)
        except SecretError as error:
            raise _secret_errors(error) from None
    if not found:
        print(f"There was no {name.removeprefix('the ')} saved for this workspace.",
              file=sys.stderr)
        return EXIT_NEGATIVE
    print(f"Deleted {name} from {_capital(store_name)}.")
    return EXIT_OK


def _read_value() -> str:
    """The secret from standard input: a hidden prompt on a terminal, else everything piped."""
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass("Secret (not shown as you type): ")
        second = getpass.getpass("Type it again: ")
        if first != second:
            raise CliError("The two entries were different, so nothing was saved. Try again.",
                           EXIT_USAGE)
        return first
    if sys.stdin is None:
        raise CliError("There is no standard input to read the secret from. Pipe it in, e.g. "
                       "'... | psn-desktop credentials set ...'.", EXIT_USAGE)
    raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
    if isinstance(raw, bytes):
        try:
            encoding = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            raise CliError("The secret on standard input is not UTF-8 text, so nothing was "
                           "saved. Send it as UTF-8.", EXIT_USAGE) from None
    else:
        text = raw
    if text.endswith("\r\n"):
        text = text[:-2]
    elif text.endswith("\n"):
        text = text[:-1]
    if not text:
        raise CliError("Nothing arrived on standard input, so nothing was saved. Pipe the "
                       "secret in, or run the command in a terminal to type it.", EXIT_USAGE)
    return text
