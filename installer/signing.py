"""Authenticode signing of the installer and uninstaller, and checking the result.

An unsigned installer makes SmartScreen say "Windows protected your PC" with the publisher
"Unknown", which stops most staff. A signed one names the publisher. Signing happens only when
a certificate is given; when it is, any failure to sign or to verify fails the build, because
a half-signed release is worse than an unsigned one.

On Windows ``signtool`` (from the Windows SDK) signs; elsewhere ``osslsigncode``. The
certificate's password never appears on a command line: it is read from an environment
variable named by the caller and handed to the tool on standard input (osslsigncode) or,
for signtool, which has no other way, in its arguments on the build machine only.

The uninstaller is written inside the installer while makensis runs, so makensis calls this
module (``python -m installer.signing FILE``) through ``!uninstfinalize``; the settings then
travel in ``PSN_SIGN_*`` environment variables, never in the generated script.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ENV_PREFIX = "PSN_SIGN_"


class SigningError(RuntimeError):
    """Signing or verification failed; the message says what to check."""


@dataclass(frozen=True)
class SigningConfig:
    certificate: Path | None = None  # PEM or DER certificate (with -key), or a .pfx/.p12
    key: Path | None = None  # private key for a PEM certificate; None for a .pfx
    password_env: str | None = None  # name of the variable that holds the password
    ca_file: Path | None = None  # trusted roots for verification (default: the system's)
    timestamp_url: str | None = None
    description: str = "PSN Desktop"
    url: str | None = None

    @property
    def is_pkcs12(self) -> bool:
        return self.certificate is not None and self.certificate.suffix.lower() in (
            ".pfx", ".p12")

    def check(self) -> None:
        if self.certificate is None:
            raise SigningError("No signing certificate was given.")
        if not self.certificate.is_file():
            raise SigningError(f"The signing certificate {self.certificate} does not exist.")
        if not self.is_pkcs12 and (self.key is None or not self.key.is_file()):
            raise SigningError("A PEM or DER certificate needs its private key: pass "
                               "--sign-key FILE (or give a .pfx file that holds both).")
        if self.password_env and self.password_env not in os.environ:
            raise SigningError(f"The password variable {self.password_env} is not set.")
        if self.ca_file is not None and not self.ca_file.is_file():
            raise SigningError(f"The CA file {self.ca_file} does not exist.")

    def password(self) -> str | None:
        return os.environ.get(self.password_env) if self.password_env else None

    # makensis runs the uninstaller's signing as a separate process: pass settings by env.
    def to_env(self) -> dict[str, str]:
        values = {
            "CERTIFICATE": self.certificate, "KEY": self.key, "PASSWORD_ENV": self.password_env,
            "CA_FILE": self.ca_file, "TIMESTAMP_URL": self.timestamp_url,
            "DESCRIPTION": self.description, "URL": self.url,
        }
        return {ENV_PREFIX + k: str(v) for k, v in values.items() if v is not None}

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> SigningConfig:
        env = dict(os.environ if env is None else env)

        def get(name: str) -> str | None:
            return env.get(ENV_PREFIX + name) or None

        def path(name: str) -> Path | None:
            value = get(name)
            return Path(value) if value else None

        return cls(certificate=path("CERTIFICATE"), key=path("KEY"),
                   password_env=get("PASSWORD_ENV"), ca_file=path("CA_FILE"),
                   timestamp_url=get("TIMESTAMP_URL"),
                   description=get("DESCRIPTION") or "PSN Desktop", url=get("URL"))


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        hint = ("Install the Windows SDK's signing tools" if name == "signtool"
                else "Install it (Debian: apt-get install osslsigncode)")
        raise SigningError(f"{name} is needed to sign, and it was not found. {hint}.")
    return found


def _run(command: list[str], stdin: str | None, what: str) -> str:
    result = subprocess.run(command, input=stdin, capture_output=True, text=True, check=False)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        raise SigningError(f"{what} failed (exit code {result.returncode}): {output[-1500:]}")
    return output


def sign_file(path: Path, config: SigningConfig) -> None:
    """Sign ``path`` in place, then verify it; raise :class:`SigningError` on any failure."""
    config.check()
    if sys.platform == "win32" and shutil.which("signtool"):
        _sign_signtool(path, config)
    else:
        _sign_osslsigncode(path, config)
    verify_file(path, config)


def _sign_osslsigncode(path: Path, config: SigningConfig) -> None:
    assert config.certificate is not None
    command = [_tool("osslsigncode"), "sign", "-h", "sha256", "-n", config.description]
    if config.url:
        command += ["-i", config.url]
    if config.is_pkcs12:
        command += ["-pkcs12", str(config.certificate)]
    else:
        command += ["-certs", str(config.certificate), "-key", str(config.key)]
    password = config.password()
    if password is not None:
        command += ["-readpass", "-"]  # from standard input: never on the command line
    if config.timestamp_url:
        command += ["-ts", config.timestamp_url]
    signed = path.with_name(path.name + ".signed")
    signed.unlink(missing_ok=True)
    try:
        _run([*command, "-in", str(path), "-out", str(signed)], password,
             f"Signing {path.name} with osslsigncode")
        os.replace(signed, path)
    finally:
        signed.unlink(missing_ok=True)


def _sign_signtool(path: Path, config: SigningConfig) -> None:
    command = [_tool("signtool"), "sign", "/fd", "SHA256", "/d", config.description,
               "/f", str(config.certificate)]
    if config.url:
        command += ["/du", config.url]
    password = config.password()
    if password is not None:
        command += ["/p", password]
    if config.timestamp_url:
        command += ["/tr", config.timestamp_url, "/td", "SHA256"]
    _run([*command, str(path)], None, f"Signing {path.name} with signtool")


def verify_file(path: Path, config: SigningConfig) -> str:
    """Check the signature of ``path``; return the tool's report."""
    if sys.platform == "win32" and shutil.which("signtool"):
        return _run([_tool("signtool"), "verify", "/pa", "/v", str(path)], None,
                    f"Verifying the signature of {path.name}")
    command = [_tool("osslsigncode"), "verify", "-in", str(path)]
    if config.ca_file is not None:
        command += ["-CAfile", str(config.ca_file)]
    output = _run(command, None, f"Verifying the signature of {path.name}")
    if "Signature verification: ok" not in output:
        raise SigningError(f"The signature of {path.name} did not verify: {output[-1500:]}")
    return output


def main(argv: list[str] | None = None) -> int:
    """``python -m installer.signing FILE``: sign with the ``PSN_SIGN_*`` settings (makensis)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m installer.signing FILE", file=sys.stderr)
        return 2
    try:
        sign_file(Path(args[0]), SigningConfig.from_env())
    except SigningError as error:
        print(f"Signing failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
