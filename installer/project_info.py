"""Everything the build says about the product, read from ``pyproject.toml``.

The version, description and publisher live in ``pyproject.toml`` only; the PyInstaller spec,
the Windows version resource and the NSIS script all take them from here, so a release
changes one line. Names that Windows shows (the product name, the registry key, the program
names) are fixed here because changing them would orphan earlier installs.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"

PRODUCT_NAME = "PSN Desktop"
# The uninstall key, the app's own registry key and the file-type id. Never change them:
# upgrades find the earlier install through these names.
REGISTRY_KEY = "PSNDesktop"
PROG_ID = "PSNDesktop.EvidencePack"
PACK_EXTENSION = ".psnpack"
GUI_PROGRAM = "PSNDesktop"  # windowed: shortcuts and the file association start this one
CLI_PROGRAM = "psn-desktop"  # console: for IT staff, scripts and the CI self-test
COPYRIGHT_START = 2026


@dataclass(frozen=True)
class ProjectInfo:
    name: str
    version: str
    description: str
    publisher: str
    licence: str

    @property
    def version_tuple(self) -> tuple[int, int, int, int]:
        """Windows wants four numbers; pre-release and local parts are dropped."""
        return windows_version(self.version)

    @property
    def version_dotted(self) -> str:
        return ".".join(str(n) for n in self.version_tuple)

    @property
    def installer_name(self) -> str:
        return f"PSN-Desktop-Setup-{self.version}.exe"

    @property
    def copyright(self) -> str:
        return f"Copyright (C) {COPYRIGHT_START} {self.publisher}. {self.licence} licence."


def windows_version(version: str) -> tuple[int, int, int, int]:
    """``1.2.3rc1`` → (1, 2, 3, 0): each part must fit Windows' 16-bit fields."""
    match = re.match(r"^\s*v?(\d+(?:\.\d+){0,3})", version)
    if not match:
        raise ValueError(f"The version {version!r} in pyproject.toml does not start with "
                         "numbers (like 1.2.3); Windows needs one that does.")
    numbers = [int(part) for part in match.group(1).split(".")]
    numbers += [0] * (4 - len(numbers))
    if any(n > 65535 for n in numbers):
        raise ValueError(f"Each part of the version {version!r} must be 65535 or less for "
                         "Windows.")
    return (numbers[0], numbers[1], numbers[2], numbers[3])


def read_project(pyproject: Path = PYPROJECT) -> ProjectInfo:
    with pyproject.open("rb") as handle:
        project = tomllib.load(handle)["project"]
    authors = project.get("authors") or [{"name": PRODUCT_NAME}]
    licence = project.get("license", {})
    licence_text = licence.get("text", "") if isinstance(licence, dict) else str(licence)
    info = ProjectInfo(
        name=project["name"],
        version=project["version"],
        description=project.get("description", PRODUCT_NAME),
        publisher=authors[0].get("name", PRODUCT_NAME),
        licence=licence_text or "see LICENSE",
    )
    windows_version(info.version)  # fail early, with the reason, on a version Windows rejects
    return info
