"""``psn-desktop --self-test``: prove that this copy of the app has everything it needs.

A frozen build can look fine and still miss a piece that only a later click would need: a Qt
plugin trimmed too far, a keyring backend PyInstaller never saw (keyring finds its backends
through package metadata, which freezing loses unless it is copied), a data file left out.
The self-test exercises each of those pieces for real, in the same process layout the user
gets, and lists what is missing in words an IT officer can act on. The installer's CI runs it
on the installed app; support staff can ask a user to run it.

Nothing is left behind: the app's own folders point at a temporary folder for the duration,
and any secret the demo pack's signing creates is deleted again.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import importlib.util
import io
import json
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

# The build writes this file into the bundled resources folder: every resource file with its
# size and SHA-256, so the installed app can tell that nothing was lost on the way.
MANIFEST_NAME = "MANIFEST.json"
# Text in the scripts the report must print: Welsh, Polish, Greek, Cyrillic and a dash.
FONT_SAMPLE = "Ysgol Gynradd Pen-y-ŵyn — Łódź, Αθήνα, Київ"
DEMO_AS_OF = date(2026, 11, 23)
# Files the code opens by name; a build without them is broken whatever the manifest says.
REQUIRED_RESOURCES = (
    "fonts/DejaVuSans.ttf",
    "fonts/DejaVuSans-Bold.ttf",
    "icons/psn-desktop.png",
    "icons/psn-desktop.ico",
)
REQUIRED_FOLDERS = ("frameworks", "schemas", "support")


@dataclass(frozen=True)
class Outcome:
    """One check's result; ``detail`` says what was found, or what is missing and why."""

    name: str
    ok: bool
    detail: str
    skipped: bool = False


# ----- the resource inventory (also used by the build) ----------------------------------------


def resource_inventory(folder: Path) -> dict[str, dict[str, object]]:
    """Every file under ``folder`` (but the manifest itself): relative path → size, SHA-256."""
    files: dict[str, dict[str, object]] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.name == MANIFEST_NAME:
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        files[path.relative_to(folder).as_posix()] = {"size": path.stat().st_size,
                                                      "sha256": digest}
    return files


def write_manifest(folder: Path, target: Path) -> Path:
    """Write the inventory of ``folder`` to ``target`` (the build bundles it with the folder)."""
    target.write_text(json.dumps({"files": resource_inventory(folder)}, indent=1,
                                 sort_keys=True), encoding="utf-8")
    return target


# ----- the checks -----------------------------------------------------------------------------


def check_resources() -> Outcome:
    from psn_desktop.resource_files import resources_dir

    name = "Resources"
    folder = resources_dir()
    problems: list[str] = []
    for relative in REQUIRED_RESOURCES:
        if not (folder / relative).is_file():
            problems.append(f"{relative} is missing")
    for relative in REQUIRED_FOLDERS:
        if not any((folder / relative).glob("*.json")):
            problems.append(f"the {relative} folder is missing or empty")
    manifest = folder / MANIFEST_NAME
    if manifest.is_file():
        expected = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        found = resource_inventory(folder)
        for relative, facts in expected.items():
            if relative not in found:
                problems.append(f"{relative} is missing")
            elif found[relative]["sha256"] != facts["sha256"]:
                problems.append(f"{relative} is damaged (its contents changed since the build)")
        counted = f"{len(expected)} files, as built"
    else:
        counted = f"{sum(1 for p in folder.rglob('*') if p.is_file())} files (source tree: no " \
                  "build manifest to compare with)"
    if problems:
        return Outcome(name, False, f"in {folder}: " + "; ".join(problems)
                       + ". Reinstall PSN Desktop.")
    return Outcome(name, True, f"{counted} in {folder}")


def check_catalogues() -> Outcome:
    import jsonschema

    from psn_desktop.domain import catalogue, support
    from psn_desktop.resource_files import resource_path

    name = "Catalogues and schemas"
    schemas = sorted(resource_path("schemas").glob("*.json"))
    for path in schemas:
        schema = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validators.validator_for(schema).check_schema(schema)
    frameworks = catalogue.available_frameworks()
    if not frameworks:
        return Outcome(name, False, "no framework catalogue is installed. Reinstall PSN Desktop.")
    mapping_problems = catalogue.check_mappings(frameworks)
    if mapping_problems:
        return Outcome(name, False, "the catalogues disagree: " + "; ".join(mapping_problems))
    support.load_support_data(resource_path("support"))
    extras = []
    for label, module_name, function in _OPTIONAL_DATA:
        if importlib.util.find_spec(module_name) is not None:
            getattr(importlib.import_module(module_name), function)()
            extras.append(label)
    ids = ", ".join(f.id for f in frameworks)
    return Outcome(name, True, f"{len(schemas)} schemas; frameworks {ids}; support dates"
                   + "".join(f"; {label}" for label in extras))


# Data sets other features load through their own modules, checked when those modules exist.
_OPTIONAL_DATA = (
    ("glossary", "psn_desktop.domain.glossary", "load_glossary"),
    ("VPN profiles", "psn_desktop.connect.profiles", "load_catalogue"),
)


def check_keyring() -> Outcome:
    from psn_desktop.secrets import backend as secret_backend
    from psn_desktop.secrets import backend_status

    name = "Password store (keyring)"
    status = backend_status()
    if not status.secure:
        return Outcome(name, False, status.problem)
    store, _status = secret_backend.secure_backend()
    locked = " (locked: the user will be asked to unlock it)" if status.locked else ""
    return Outcome(name, True, f"{status.store_name}{locked}, through "
                               f"{secret_backend.class_path(store)}")


def check_qt() -> Outcome:
    from psn_desktop.ui.qt_self_test import qt_check

    ok, detail = qt_check()
    return Outcome("Qt starts offscreen", ok, detail)


def check_report_font() -> Outcome:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    from psn_desktop.pack.report.fonts import BOLD, REGULAR, register_fonts

    name = "Report font"
    register_fonts()
    missing = set()
    for font_name in (REGULAR, BOLD):
        face = pdfmetrics.getFont(font_name).face
        missing |= {ch for ch in FONT_SAMPLE if ch != " " and ord(ch) not in face.charToGlyph}
    if missing:
        return Outcome(name, False, "the report font cannot print " + " ".join(sorted(missing))
                       + ". Reinstall PSN Desktop.")
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont(REGULAR, 12)
    pdf.drawString(72, 720, FONT_SAMPLE)
    pdf.setFont(BOLD, 12)
    pdf.drawString(72, 700, FONT_SAMPLE)
    pdf.save()
    data = buffer.getvalue()
    if b"/FontFile2" not in data:
        return Outcome(name, False, "the report font was not embedded in a test PDF.")
    return Outcome(name, True, f"{REGULAR} and {BOLD} embedded in a {len(data):,}-byte test PDF")


def check_commands() -> Outcome:
    """Every command module imports: a frozen build misses modules imported by name."""
    from psn_desktop import cli

    name = "Commands"
    broken = []
    for module_name in cli.COMMAND_MODULES:
        try:
            importlib.import_module(f"psn_desktop.commands.{module_name}")
        except Exception as error:
            broken.append(f"{module_name} ({type(error).__name__}: {error})")
    if broken:
        return Outcome(name, False, "these commands cannot load: " + "; ".join(broken)
                       + ". Reinstall PSN Desktop.")
    commands = sorted(_command_names(cli.build_parser()))
    return Outcome(name, True, f"{len(commands)} commands: {', '.join(commands)}")


def check_demo_pack(workdir: Path) -> Outcome:
    from psn_desktop import cli
    from psn_desktop.demo import build_demo

    name = "Demo pack builds and verifies"
    commands = _command_names(cli.build_parser())
    if not {"pack", "verify"} <= commands:
        return Outcome(name, True, "this version has no pack commands yet", skipped=True)
    workspace = build_demo(workdir / "demo", as_of=DEMO_AS_OF)
    workspace_id = workspace.id
    workspace.close()
    pack = workdir / "demo.psnpack"
    try:
        code, said = _run_cli(cli, ["pack", "--workspace", str(workdir / "demo"), "--output",
                                    str(pack), "--as-of", DEMO_AS_OF.isoformat()])
        if code != cli.EXIT_OK or not pack.is_file():
            return Outcome(name, False, f"building the demo pack failed (exit code {code}): "
                           + said)
        code, said = _run_cli(cli, ["verify", str(pack)])
        if code != cli.EXIT_OK:
            return Outcome(name, False, f"the demo pack did not verify (exit code {code}): "
                           + said)
        return Outcome(name, True, f"built {pack.stat().st_size:,} bytes and verified")
    finally:
        _forget_secrets(workspace_id)


def _command_names(parser: object) -> set[str]:
    import argparse

    for action in getattr(parser, "_actions", []):
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def _run_cli(cli: object, argv: list[str]) -> tuple[int, str]:
    """Run one command in this process, keeping what it printed for the report."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)  # type: ignore[attr-defined]
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 2
    said = " ".join((err.getvalue() + " " + out.getvalue()).split())
    return int(code), said[-600:]


def _forget_secrets(workspace_id: str) -> None:
    with contextlib.suppress(Exception):  # no store, or nothing stored: nothing to undo
        from psn_desktop.secrets import forget_workspace_secrets

        forget_workspace_secrets(workspace_id)


# ----- running them ---------------------------------------------------------------------------


@contextlib.contextmanager
def _scratch_home() -> Iterator[Path]:
    """A temporary app home, so the self-test never touches the user's settings or lists."""
    saved = os.environ.get("PSN_DESKTOP_HOME")
    with tempfile.TemporaryDirectory(prefix="psn-self-test-") as scratch:
        os.environ["PSN_DESKTOP_HOME"] = str(Path(scratch) / "home")
        try:
            yield Path(scratch)
        finally:
            if saved is None:
                os.environ.pop("PSN_DESKTOP_HOME", None)
            else:
                os.environ["PSN_DESKTOP_HOME"] = saved


def _guarded(name: str, check: Callable[[], Outcome]) -> Outcome:
    try:
        return check()
    except ImportError as error:
        return Outcome(name, False, f"part of the app is missing ({error}). Reinstall PSN "
                                    "Desktop.")
    except Exception as error:
        where = traceback.extract_tb(error.__traceback__)[-1]
        return Outcome(name, False, f"{type(error).__name__}: {error} "
                                    f"(at {Path(where.filename).name}:{where.lineno})")


def run_checks() -> list[Outcome]:
    with _scratch_home() as scratch:
        return [
            _guarded("Qt starts offscreen", check_qt),
            _guarded("Resources", check_resources),
            _guarded("Commands", check_commands),
            _guarded("Catalogues and schemas", check_catalogues),
            _guarded("Password store (keyring)", check_keyring),
            _guarded("Report font", check_report_font),
            _guarded("Demo pack builds and verifies", lambda: check_demo_pack(scratch)),
        ]


def describe_build() -> str:
    from psn_desktop import __version__

    kind = "frozen build" if getattr(sys, "frozen", False) else "from source"
    return f"PSN Desktop {__version__} self-test ({kind}, {sys.platform}, Python " \
           f"{sys.version.split()[0]})"


def run(stream: TextIO | None = None) -> int:
    """Print each check and a verdict; 0 when everything is there, else 1."""
    stream = stream or sys.stdout
    print(describe_build(), file=stream)
    outcomes = run_checks()
    for outcome in outcomes:
        label = "skipped" if outcome.skipped else ("ok" if outcome.ok else "MISSING")
        print(f"  {label:8} {outcome.name}: {outcome.detail}", file=stream)
    failed = [o for o in outcomes if not o.ok]
    if not failed:
        print("Self-test passed: everything PSN Desktop needs is here.", file=stream)
        return 0
    print(f"Self-test failed: {len(failed)} of {len(outcomes)} checks found something missing:",
          file=stream)
    for outcome in failed:
        print(f"  - {outcome.name}: {outcome.detail}", file=stream)
    return 1
