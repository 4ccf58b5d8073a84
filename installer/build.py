"""Build PSN Desktop's Windows installer: freeze the app, package it, sign it if asked.

One command, the same on a developer's PC, on Linux CI and on the Windows runner::

    python installer/build.py                     # freeze + installer
    python installer/build.py --sign-cert cert.pfx --sign-password-env PFX_PASSWORD

It stops at the first failure with the reason, and prints the sizes at the end. Everything it
writes goes under ``installer/build`` (PyInstaller's work, the generated NSIS script) and
``installer/dist`` (the frozen folder, the installer, ``build-info.json``), both ignored by git.
On Linux the frozen folder holds Linux programs: the installer it packages is the real NSIS
installer, used by the tests to check installing, upgrading and uninstalling under Wine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make "installer" importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from installer.make_icon import write_welcome_bitmap
from installer.project_info import (
    CLI_PROGRAM,
    GUI_PROGRAM,
    PACK_EXTENSION,
    PRODUCT_NAME,
    PROG_ID,
    REGISTRY_KEY,
    ROOT,
    ProjectInfo,
    read_project,
)
from installer.signing import SigningConfig, SigningError, sign_file

HERE = ROOT / "installer"
SPEC = HERE / "psn-desktop.spec"
TEMPLATE = HERE / "psn-desktop.nsi.in"
ICON = ROOT / "resources" / "icons" / "psn-desktop.ico"
DEFAULT_WORK = HERE / "build"
DEFAULT_DIST = HERE / "dist"
FROZEN_FOLDER = "PSN Desktop"
WINDOWS_MAKENSIS = (Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"))
                    / "NSIS" / "makensis.exe")


class BuildError(RuntimeError):
    """A step failed; the message says which and why."""


@dataclass
class BuildResult:
    frozen: Path
    installer: Path
    frozen_bytes: int
    installer_bytes: int
    signed: bool
    seconds: float

    def as_dict(self) -> dict[str, object]:
        return {"frozen_folder": str(self.frozen), "installer": str(self.installer),
                "frozen_bytes": self.frozen_bytes, "installer_bytes": self.installer_bytes,
                "installer_sha256": sha256(self.installer), "signed": self.signed,
                "seconds": round(self.seconds, 1)}


def folder_size(folder: Path) -> int:
    """Bytes of the files under ``folder`` (links not followed: as installed on Windows)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _step(message: str) -> None:
    print(f"==> {message}", flush=True)


# ----- freezing -------------------------------------------------------------------------------


def freeze(work: Path, dist: Path, extra: list[str] | None = None) -> Path:
    """Run PyInstaller on the spec; return the frozen folder."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise BuildError("PyInstaller is not installed: pip install -e '.[build]'") from None
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work / "pyinstaller"), str(SPEC)]
    if extra:
        command += ["--", *extra]
    result = subprocess.run(command, cwd=ROOT, check=False)
    if result.returncode != 0:
        raise BuildError(f"PyInstaller failed (exit code {result.returncode}); its messages "
                         "are above.")
    frozen = dist / FROZEN_FOLDER
    check_frozen(frozen)
    return frozen


def program_file(frozen: Path, program: str) -> str:
    """The program's file name in the frozen folder (``.exe`` on Windows builds)."""
    for name in (f"{program}.exe", program):
        if (frozen / name).is_file():
            return name
    raise BuildError(f"The frozen folder {frozen} has no {program} program: the freeze "
                     "did not finish.")


def check_frozen(frozen: Path) -> None:
    if not frozen.is_dir():
        raise BuildError(f"The frozen folder {frozen} does not exist.")
    for program in (GUI_PROGRAM, CLI_PROGRAM):
        program_file(frozen, program)
    if not (frozen / "_internal" / "resources" / "frameworks").is_dir():
        raise BuildError(f"The frozen folder {frozen} has no resources: the freeze is broken.")


# ----- the NSIS script --------------------------------------------------------------------------


def nsis_string(value: str) -> str:
    """Escape text for a double-quoted NSIS string ($ starts a variable, $\\" is a quote)."""
    return value.replace("$", "$$").replace('"', '$\\"').replace("\r", "").replace("\n", " ")


def data_folder() -> str:
    """The folder under %LOCALAPPDATA% that holds the app's settings and workspaces."""
    from psn_desktop.app_dirs import APP_AUTHOR

    return APP_AUTHOR


def write_payload_list(frozen: Path, target: Path) -> int:
    """NSIS lines installing every file of ``frozen``; returns how many.

    Listed file by file rather than ``File /r`` because a Linux build links top-level library
    names to the copies under ``PySide6`` and ``File /r`` would store each linked library
    twice; Windows builds have no links, so there the list is simply every file.
    """
    lines = []
    count = 0
    for folder in sorted({p.parent for p in frozen.rglob("*") if p.is_file()} | {frozen}):
        files = sorted(p for p in folder.iterdir() if p.is_file() and not p.is_symlink())
        if not files:
            continue
        relative = folder.relative_to(frozen)
        where = "".join(f"\\{nsis_string(part)}" for part in relative.parts)
        lines.append(f'SetOutPath "$INSTDIR{where}"')
        lines += [f'File "{nsis_string(str(path))}"' for path in files]
        count += len(files)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count


def render_script(info: ProjectInfo, frozen: Path, output: Path, payload_list: Path,
                  sign_uninstaller: bool, welcome_bitmap: Path | None = None) -> str:
    sign_line = ""
    if sign_uninstaller:
        # makensis runs this on the uninstaller it writes into the installer; %1 is its path.
        python = Path(sys.executable).as_posix()
        sign_line = f"!uninstfinalize '\"{python}\" -m installer.signing \"%1\"' = 0"
    values = {
        "PRODUCT_NAME": PRODUCT_NAME,
        "VERSION": info.version,
        "VERSION_DOTTED": info.version_dotted,
        "PUBLISHER": info.publisher,
        "DESCRIPTION": info.description,
        "COPYRIGHT": info.copyright,
        "GUI_EXE": program_file(frozen, GUI_PROGRAM),
        "CLI_EXE": program_file(frozen, CLI_PROGRAM),
        "PAYLOAD_LIST": str(payload_list),
        "ICON": str(ICON),
        "WELCOME_BITMAP": str(welcome_bitmap or payload_list.with_name("welcome.bmp")),
        "OUTFILE": str(output),
        "ESTIMATED_SIZE_KB": str(folder_size(frozen) // 1024),
        "REGISTRY_KEY": REGISTRY_KEY,
        "PROG_ID": PROG_ID,
        "PACK_EXTENSION": PACK_EXTENSION,
        "DATA_FOLDER": data_folder(),
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    text = text.replace("@SIGN_UNINSTALLER@", sign_line)
    for name, value in values.items():
        text = text.replace(f"@{name}@", nsis_string(value))
    left = sorted(set(re.findall(r"@[A-Z_]+@", text)))
    if left:
        raise BuildError(f"The NSIS template has placeholders nothing fills: {', '.join(left)}")
    return text


def find_makensis(given: str | None) -> str:
    if given:
        return given
    found = shutil.which("makensis")
    if found:
        return found
    if sys.platform == "win32" and WINDOWS_MAKENSIS.is_file():
        return str(WINDOWS_MAKENSIS)
    raise BuildError("makensis (NSIS 3) was not found. Install NSIS: 'apt-get install nsis' on "
                     "Debian, 'choco install nsis' on Windows, or pass --makensis PATH.")


def compile_installer(script: Path, makensis: str, env: dict[str, str]) -> str:
    """Run makensis; any warning is an error (the script also says so with a pragma)."""
    result = subprocess.run([makensis, "-V3", "-WX", "-NOCD", "-NOCONFIG", str(script)], cwd=ROOT,
                            capture_output=True, text=True, env=env, check=False)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise BuildError(f"makensis failed (exit code {result.returncode}):\n"
                         + output[-4000:])
    warnings = [line for line in output.splitlines() if re.search(r"\bwarning\b", line, re.I)
                and not re.search(r"\b0 warnings\b", line)]
    if warnings:
        raise BuildError("makensis reported warnings:\n" + "\n".join(warnings))
    return output


# ----- the whole build --------------------------------------------------------------------------


def build(*, work: Path = DEFAULT_WORK, dist: Path = DEFAULT_DIST, skip_freeze: bool = False,
          payload: Path | None = None, makensis: str | None = None,
          signing: SigningConfig | None = None) -> BuildResult:
    started = time.monotonic()
    info = read_project()
    makensis_path = find_makensis(makensis)
    if signing is not None:
        signing.check()
    work.mkdir(parents=True, exist_ok=True)
    dist.mkdir(parents=True, exist_ok=True)

    if payload is not None:
        frozen = payload
        check_frozen(frozen)
    elif skip_freeze:
        frozen = dist / FROZEN_FOLDER
        check_frozen(frozen)
    else:
        _step(f"Freezing {PRODUCT_NAME} {info.version} with PyInstaller")
        frozen = freeze(work, dist)
    frozen_bytes = folder_size(frozen)
    print(f"    frozen folder: {frozen} ({frozen_bytes / 1e6:.1f} MB)")

    installer = dist / info.installer_name
    installer.unlink(missing_ok=True)
    script = work / "psn-desktop.nsi"
    payload_list = work / "payload.nsh"
    write_payload_list(frozen, payload_list)
    welcome = write_welcome_bitmap(work / "welcome.bmp")
    script.write_text(render_script(info, frozen, installer, payload_list,
                                    signing is not None, welcome), encoding="utf-8")
    _step(f"Compiling the installer with {makensis_path}")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if signing is not None:
        env.update(signing.to_env())
    (work / "makensis.log").write_text(compile_installer(script, makensis_path, env),
                                       encoding="utf-8")
    if not installer.is_file():
        raise BuildError(f"makensis finished but {installer} was not written.")

    if signing is not None:
        _step("Signing and verifying the installer")
        try:
            sign_file(installer, signing)
        except SigningError as error:
            installer.unlink(missing_ok=True)  # never leave an unsigned file that looks final
            raise BuildError(str(error)) from None

    result = BuildResult(frozen, installer, frozen_bytes, installer.stat().st_size,
                         signing is not None, time.monotonic() - started)
    (dist / "build-info.json").write_text(json.dumps(result.as_dict(), indent=2) + "\n",
                                          encoding="utf-8")
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="installer/build.py", description="Freeze PSN Desktop and build its installer.")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK,
                        help="folder for intermediate files (default: installer/build)")
    parser.add_argument("--dist", type=Path, default=DEFAULT_DIST,
                        help="folder for the frozen app and the installer (installer/dist)")
    parser.add_argument("--skip-freeze", action="store_true",
                        help="package the frozen folder already in --dist")
    parser.add_argument("--payload", type=Path, metavar="DIR",
                        help="package this frozen folder instead of freezing")
    parser.add_argument("--makensis", metavar="PATH", help="the makensis program to use")
    sign = parser.add_argument_group(
        "signing", "Sign the installer and uninstaller (signtool on Windows, osslsigncode "
                   "elsewhere). The build fails if signing or verification fails.")
    sign.add_argument("--sign-cert", type=Path, metavar="FILE",
                      help="certificate: a .pfx/.p12, or a PEM/DER certificate with --sign-key")
    sign.add_argument("--sign-key", type=Path, metavar="FILE", help="private key (PEM/DER)")
    sign.add_argument("--sign-password-env", metavar="VAR",
                      help="environment variable holding the key's password")
    sign.add_argument("--sign-ca", type=Path, metavar="FILE",
                      help="trusted roots to verify against (default: the system's)")
    sign.add_argument("--timestamp-url", metavar="URL", help="RFC 3161 timestamp server")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    signing = None
    if args.sign_cert is not None:
        info = read_project()
        signing = SigningConfig(certificate=args.sign_cert.resolve(),
                                key=args.sign_key.resolve() if args.sign_key else None,
                                password_env=args.sign_password_env,
                                ca_file=args.sign_ca.resolve() if args.sign_ca else None,
                                timestamp_url=args.timestamp_url,
                                description=f"{PRODUCT_NAME} {info.version}")
    elif args.sign_key or args.sign_password_env or args.sign_ca:
        print("build: --sign-key, --sign-password-env and --sign-ca need --sign-cert.",
              file=sys.stderr)
        return 2
    try:
        result = build(work=args.work.resolve(), dist=args.dist.resolve(),
                       skip_freeze=args.skip_freeze,
                       payload=args.payload.resolve() if args.payload else None,
                       makensis=args.makensis, signing=signing)
    except (BuildError, SigningError, ValueError) as error:
        print(f"\nBUILD FAILED: {error}", file=sys.stderr)
        return 1
    print(f"\nBuilt in {result.seconds:.0f} s:")
    print(f"  frozen folder  {result.frozen_bytes / 1e6:8.1f} MB  {result.frozen}")
    print(f"  installer      {result.installer_bytes / 1e6:8.1f} MB  {result.installer}"
          f"{'  (signed)' if result.signed else '  (not signed)'}")
    print(f"  sha256         {sha256(result.installer)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
