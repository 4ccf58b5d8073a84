"""Find the bundled ``resources/`` folder, wherever the app runs from.

The folder sits beside the package in a source checkout (and an editable install), inside
the package in a wheel (the build maps it there) and under ``sys._MEIPASS`` when frozen by
PyInstaller. Every module that reads a resource goes through here so that none of them has
to know which of the three it is.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


class ResourcesMissing(RuntimeError):
    """The resources folder cannot be found: the install is broken."""


@cache
def resources_dir() -> Path:
    candidates: list[Path] = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    package_dir = Path(__file__).resolve().parent
    candidates.append(package_dir / "resources")
    candidates.append(package_dir.parent / "resources")
    for candidate in candidates:
        if (candidate / "frameworks").is_dir():
            return candidate
    raise ResourcesMissing(
        "PSN Desktop cannot find its resources folder (looked in: "
        + ", ".join(str(c) for c in candidates)
        + "). Reinstall the app."
    )


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
