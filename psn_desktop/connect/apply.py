"""Applying a generated Windows profile from the app, with the passphrase from the keyring.

The passphrase of the site's certificate bundle is read from the keyring and handed to the
script on its standard input: never on the command line (any process can read another's
command line), never in an environment variable (inherited by every child) and never in a
file. The script itself holds no secret, so the copy saved for IT staff is the same file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from psn_desktop.connect import windows

DEFAULT_TIMEOUT_SECONDS = 180


class ApplyError(RuntimeError):
    """The profile could not be applied; the message says why and what to do."""


@dataclass(frozen=True)
class ApplyResult:
    exit_code: int
    output: str

    @property
    def done(self) -> bool:
        return self.exit_code == windows.EXIT_DONE

    @property
    def admin_steps_left(self) -> bool:
        return self.exit_code == windows.EXIT_ADMIN_STEPS_LEFT

    def summary(self) -> str:
        if self.done:
            return "The VPN connection was added for you. Connect from Windows' VPN settings."
        if self.admin_steps_left:
            return ("The VPN connection was added, but IT staff must finish some steps as an "
                    "administrator; they are listed below.")
        if self.exit_code == windows.EXIT_NOT_WINDOWS:
            return "This computer has no Windows VPN client to set up."
        return "The VPN was not set up. The details below say why."


def powershell_command(script: Path, *, certificate_file: Path | None = None,
                       ca_certificate_file: Path | None = None, with_passphrase: bool = False,
                       what_if: bool = False, powershell: str = "powershell.exe") -> list[str]:
    command = [powershell, "-NoLogo", "-NoProfile", "-NonInteractive", "-ExecutionPolicy",
               "Bypass", "-File", str(script)]
    if certificate_file is not None:
        command += ["-CertificateFile", str(certificate_file)]
    if ca_certificate_file is not None:
        command += ["-CaCertificateFile", str(ca_certificate_file)]
    if with_passphrase:
        command.append("-PassphraseFromStdin")
    if what_if:
        command.append("-WhatIf")
    return command


def _keyring_passphrase(workspace_id: str) -> str | None:
    from psn_desktop.secrets import SecretPurpose, read_secret

    return read_secret(workspace_id, SecretPurpose.CERT_PASSPHRASE)


def apply_windows_profile(script: Path, *, workspace_id: str,
                          certificate_file: Path | None = None,
                          ca_certificate_file: Path | None = None, what_if: bool = False,
                          powershell: str | None = None,
                          read_passphrase: Callable[[str], str | None] = _keyring_passphrase,
                          timeout: float = DEFAULT_TIMEOUT_SECONDS) -> ApplyResult:
    """Run the script for the current user; the passphrase goes only to its standard input."""
    if powershell is None:
        if sys.platform != "win32":
            raise ApplyError("Applying the profile uses Windows' own VPN client, so it only "
                             "works on Windows. Copy the script to the Windows PC instead.")
        powershell = "powershell.exe"
    passphrase = None
    if certificate_file is not None and not what_if:
        passphrase = read_passphrase(workspace_id)
        if passphrase is None:
            raise ApplyError("No certificate passphrase is saved for this workspace. Save it "
                             "in Credentials, or run the script yourself; it will ask for it.")
    command = powershell_command(script, certificate_file=certificate_file,
                                 ca_certificate_file=ca_certificate_file,
                                 with_passphrase=passphrase is not None, what_if=what_if,
                                 powershell=powershell)
    creation_flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    try:
        completed = subprocess.run(
            command, input=(passphrase + "\n") if passphrase is not None else "",
            capture_output=True, text=True, timeout=timeout, env=dict(os.environ),
            creationflags=creation_flags, check=False,
        )
    except FileNotFoundError:
        raise ApplyError("Windows PowerShell was not found on this computer.") from None
    except subprocess.TimeoutExpired:
        raise ApplyError(f"The script did not finish within {int(timeout)} seconds and was "
                         "stopped. Run it yourself to see where it waits.") from None
    output = (completed.stdout + completed.stderr).strip()
    if passphrase:
        output = output.replace(passphrase, "[passphrase]")  # belt and braces: never echo it
    return ApplyResult(completed.returncode, output)
