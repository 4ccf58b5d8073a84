"""``psn-desktop vpn-profile``: write a VPN profile that follows the national IPsec guidance.

Exit codes: 0 the profile was written (warnings may be printed); 2 the profile was refused
(every reason is printed, on stderr) or the output file cannot be used; 3 the environment
cannot do what was asked (applying the profile anywhere but Windows, no secure keyring).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from psn_desktop.cli import EXIT_ENVIRONMENT, EXIT_NEGATIVE, EXIT_OK, EXIT_USAGE, CliError
from psn_desktop.commands.common import as_of_date, open_workspace


def register(commands: argparse._SubParsersAction) -> None:
    vpn = commands.add_parser(
        "vpn-profile", help="write a VPN profile (Windows script or strongSwan configuration)",
        description="Write a VPN profile for connecting to the PSN over the internet, following "
                    "the national IPsec guidance's recommended profile, from the workspace's "
                    "connection details. No key or passphrase is ever written into the file.")
    vpn.add_argument("--workspace", required=True, metavar="DIR", type=Path)
    vpn.add_argument("--format", required=True, choices=["windows", "strongswan"],
                     help="windows: a PowerShell script for Windows' built-in VPN client; "
                          "strongswan: a swanctl.conf connection for a router or Linux")
    vpn.add_argument("--output", required=True, metavar="FILE", type=Path)
    vpn.add_argument("--force", action="store_true",
                     help="replace FILE even if PSN Desktop did not make it")
    vpn.add_argument("--as-of", type=as_of_date, metavar="YYYY-MM-DD",
                     help="check certificate dates as of this day (default: today)")
    vpn.add_argument("--json", action="store_true", help="machine-readable result on stdout")
    choices = vpn.add_argument_group(
        "choices", "Override the workspace's saved choices for this run. Weak options are "
                   "refused with the reason.")
    choices.add_argument("--profile", choices=["recommended", "legacy"])
    choices.add_argument("--certificate", metavar="FILE",
                         help="this site's certificate, to check (and name in the profile)")
    choices.add_argument("--ca-certificate", metavar="FILE",
                         help="the certificate authority that signed the gateway's certificate")
    choices.add_argument("--certificate-store", choices=["user", "machine"],
                         help="Windows: a user certificate (no administrator needed) or a "
                              "machine certificate (IT staff install it)")
    choices.add_argument("--gateway-identity", metavar="ID")
    choices.add_argument("--connection-name", metavar="NAME")
    choices.add_argument("--split-tunnel", action="store_true",
                         help="send only the PSN ranges through the tunnel (needs the reason "
                              "saved in the workspace's connection details)")
    choices.add_argument("--ike-version", type=int, choices=[1, 2])
    choices.add_argument("--aggressive-mode", action="store_true")
    choices.add_argument("--ike-encryption", metavar="ALG")
    choices.add_argument("--esp-encryption", metavar="ALG")
    choices.add_argument("--integrity", metavar="ALG")
    choices.add_argument("--prf", metavar="ALG")
    choices.add_argument("--dh-group", type=int, metavar="N")
    choices.add_argument("--no-pfs", action="store_true")
    vpn.add_argument("--apply", action="store_true",
                     help="Windows only: run the script now for the current user, with the "
                          "certificate passphrase from the keyring")
    vpn.set_defaults(handler=run)


def _choices_from(args: argparse.Namespace, saved):  # type: ignore[no-untyped-def]
    changes = {}
    for name, attribute in (("profile", "profile"), ("certificate", "certificate_file"),
                            ("ca_certificate", "ca_certificate_file"),
                            ("certificate_store", "certificate_store"),
                            ("gateway_identity", "gateway_identity"),
                            ("connection_name", "connection_name"),
                            ("ike_version", "ike_version"), ("ike_encryption", "ike_encryption"),
                            ("esp_encryption", "esp_encryption"), ("integrity", "integrity"),
                            ("prf", "prf"), ("dh_group", "dh_group")):
        value = getattr(args, name)
        if value is not None:
            changes[attribute] = str(Path(value).resolve()) if name in (
                "certificate", "ca_certificate") else value
    if args.split_tunnel:
        changes["split_tunnel"] = True
    if args.aggressive_mode:
        changes["aggressive_mode"] = True
    if args.no_pfs:
        changes["pfs"] = False
    return replace(saved, **changes)


def run(args: argparse.Namespace) -> int:
    from psn_desktop.connect.choices import load_choices
    from psn_desktop.connect.generate import (
        OutputExists,
        generate,
        saved_passphrase,
        write_profile,
    )
    from psn_desktop.connect.profiles import ProfileDataError

    as_of = args.as_of or date.today()
    with open_workspace(Path(args.workspace), read_only=True) as workspace:
        data = workspace.load()
        choices = _choices_from(args, load_choices(workspace))
        workspace_id = workspace.id
    passphrase = saved_passphrase(workspace_id, choices.certificate_file)
    try:
        result = generate(args.format, data.connection, data.scope, data.organisation, choices,
                          as_of=as_of, certificate_passphrase=passphrase)
    except ProfileDataError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None

    problems = [{"field": p.field, "severity": p.severity.value, "message": p.message}
                for p in result.problems]
    if result.profile is None:
        if args.json:
            print(json.dumps({"written": False, "problems": problems}, indent=2,
                             ensure_ascii=False))
        print("The VPN profile was not written:", file=sys.stderr)
        for p in result.problems:
            if p.blocking:
                print(f"  - {p.message}", file=sys.stderr)
        return EXIT_USAGE
    profile = result.profile
    try:
        write_profile(args.output, profile, overwrite=args.force)
    except OutputExists as exc:
        raise CliError(f"{exc} (Use --force to replace it.)", EXIT_USAGE) from None
    except OSError as exc:
        raise CliError(f"Could not write {args.output}: {exc.strerror}. Choose a folder you "
                       "can save to.", EXIT_USAGE) from None

    applied = None
    if args.apply:
        applied = _apply(args, workspace_id, choices)

    if args.json:
        print(json.dumps({
            "written": True, "output": str(args.output), "format": profile.format.value,
            "profile": profile.plan.crypto.profile.id,
            "ike_proposal": profile.plan.crypto.strongswan_ike_proposal(),
            "esp_proposal": profile.plan.crypto.strongswan_esp_proposal(),
            "problems": problems,
            "steps": [{"text": s.text, "needs_admin": s.needs_admin, "command": s.command}
                      for s in profile.steps],
            "extra": profile.extra,
            "applied": None if applied is None else {"exit_code": applied.exit_code,
                                                     "summary": applied.summary()},
        }, indent=2, ensure_ascii=False))
    else:
        for p in result.problems:
            print(f"Warning: {p.message}", file=sys.stderr)
        print(f"Wrote {args.output} ({profile.format.label}, "
              f"{profile.plan.crypto.profile.title.lower()}).")
        print("To apply it:")
        for number, step in enumerate(profile.steps, 1):
            who = " [IT staff: needs administrator]" if step.needs_admin else ""
            print(f"  {number}. {step.text}{who}")
            if step.command:
                print(f"       {step.command}")
        if "psk_secrets_template" in profile.extra:
            print("The pre-shared key file looks like this (put the real key in place of the "
                  "placeholder):")
            print(profile.extra["psk_secrets_template"], end="")
        if applied is not None:
            print(applied.summary())
            if applied.output:
                print(applied.output)
    if applied is not None and not applied.done:
        return EXIT_NEGATIVE
    return EXIT_OK


def _apply(args, workspace_id, choices):  # type: ignore[no-untyped-def]
    from psn_desktop.connect.apply import ApplyError, apply_windows_profile
    from psn_desktop.secrets import SecretError

    if args.format != "windows":
        raise CliError("--apply only works with --format windows; a strongSwan profile is "
                       "installed on the router by its administrator.", EXIT_USAGE)
    try:
        return apply_windows_profile(
            args.output.resolve(), workspace_id=workspace_id,
            certificate_file=Path(choices.certificate_file)
            if choices.certificate_file.lower().endswith((".pfx", ".p12")) else None,
            ca_certificate_file=Path(choices.ca_certificate_file)
            if choices.ca_certificate_file else None)
    except ApplyError as exc:
        raise CliError(f"The profile was written to {args.output}, but {exc}",
                       EXIT_ENVIRONMENT) from None
    except SecretError as exc:
        raise CliError(f"The profile was written to {args.output}, but the passphrase could "
                       f"not be read: {exc}", EXIT_ENVIRONMENT) from None
