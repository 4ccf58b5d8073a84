"""What the PyInstaller spec freezes, kept in plain Python so it can be read and tested.

``psn-desktop.spec`` is executed by PyInstaller and only wires these pieces together. Two
programs come out of one analysis and share one ``_internal`` folder: ``PSNDesktop`` is
windowed (shortcuts and double-clicked packs start it, so no console window flashes up) and
``psn-desktop`` is a console program, so IT staff and the CI can run commands and
``--self-test`` and see what they print.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from installer.project_info import CLI_PROGRAM, GUI_PROGRAM, ROOT, ProjectInfo

ENTRY = Path(__file__).resolve().parent / "entry.py"
ICON = ROOT / "resources" / "icons" / "psn-desktop.ico"

# Never shipped: test and developer tools, Tk, and keyrings.alt, whose backends keep
# passwords in plain files (the app refuses them, and must not even carry them).
EXCLUDES = [
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "lib2to3", "ensurepip",
    "pydoc_data", "test", "unittest.test", "pytest", "_pytest", "pytestqt", "hypothesis",
    "IPython", "matplotlib", "numpy", "keyrings", "keyrings.alt", "PyInstaller",
    "setuptools", "pip", "ruff", "readline", "pydoc", "doctest", "pdb",
    # reportlab imports Pillow, but the report holds no pictures: Pillow's optional codecs
    # and font engine bring 9 MB of libraries (AVIF alone is 5 MB). Pillow skips a plugin it
    # cannot import; the self-test's demo pack proves the report still builds.
    "PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin", "PIL._imagingcms",
    "PIL.ImageCms", "PIL._imagingtk", "PIL.ImageTk", "PIL._imagingft", "PIL.ImageFont",
    "PIL.ImageQt",
    # Qt modules the app does not use (belt and braces: nothing imports them today).
    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtNetwork",
    "PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets", "PySide6.QtMultimedia", "PySide6.Qt3DCore", "PySide6.QtSql",
    "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtDesigner", "PySide6.QtHelp",
    "PySide6.QtTest", "PySide6.QtUiTools", "PySide6.QtXml", "PySide6.QtConcurrent",
]

# keyring finds its backends through entry points (package metadata), which a frozen app only
# has when the metadata is copied; PyInstaller's keyring hook does that, and these make sure
# each platform's backend and what it imports lazily are bundled too.
KEYRING_IMPORTS = [
    "keyring.backends.Windows", "keyring.backends.SecretService", "keyring.backends.libsecret",
    "keyring.backends.kwallet", "keyring.backends.macOS", "keyring.backends.chainer",
    "keyring.backends.fail", "keyring.backends.null",
]
WINDOWS_KEYRING_IMPORTS = ["win32ctypes.pywin32.win32cred", "win32ctypes.pywin32.pywintypes",
                           "win32ctypes.core"]
LINUX_KEYRING_IMPORTS = ["secretstorage", "jeepney", "jeepney.io.blocking"]
METADATA = ["keyring", "psn-desktop"]


def hidden_imports(collect_submodules) -> list[str]:  # type: ignore[no-untyped-def]
    """Modules imported by name at run time (commands, sections, checks) and keyring's."""
    modules = collect_submodules("psn_desktop") + KEYRING_IMPORTS
    if sys.platform == "win32":
        modules += WINDOWS_KEYRING_IMPORTS + collect_submodules("win32ctypes")
    elif sys.platform.startswith("linux"):
        modules += LINUX_KEYRING_IMPORTS
    return modules


def version_files(info: ProjectInfo, workpath: Path) -> dict[str, str | None]:
    """Program name → its generated version-resource file (Windows only; None elsewhere)."""
    if sys.platform != "win32":
        return {GUI_PROGRAM: None, CLI_PROGRAM: None}
    from installer.version_info import write_version_file

    return {
        GUI_PROGRAM: str(write_version_file(info, GUI_PROGRAM, info.description, workpath)),
        CLI_PROGRAM: str(write_version_file(
            info, CLI_PROGRAM, "PSN Desktop command line (for IT staff and scripts)", workpath)),
    }


def icon_options() -> dict[str, list[str]]:
    """The program icon, on Windows (elsewhere PyInstaller ignores it, with a warning)."""
    return {"icon": [str(ICON)]} if sys.platform == "win32" else {}


def trim_collected(binaries, datas, log=print):  # type: ignore[no-untyped-def]
    """Apply :mod:`installer.trim` to PyInstaller's TOCs; print a summary of what went."""
    from PyInstaller.depend.bindepend import get_imports

    from installer.trim import app_languages, trim

    def imports_of(path: str) -> list[str]:
        try:
            return [name for name, _full in get_imports(path)]
        except Exception:  # an unreadable file imports nothing we can follow
            return []

    languages = app_languages(p.name for p in (ROOT / "resources" / "translations").glob("*.qm"))
    kept_binaries, kept_datas, report = trim(
        list(binaries), list(datas), imports_of, case_insensitive=sys.platform == "win32",
        languages=languages, host_libraries=sys.platform.startswith("linux"))
    sizes: dict[str, int] = {}
    by_dest = {dest: src for dest, src, kind in list(binaries) + list(datas)
               if kind != "SYMLINK"}
    for dest, why in report.dropped:
        with contextlib.suppress(KeyError, OSError):
            sizes[why] = sizes.get(why, 0) + Path(by_dest[dest]).stat().st_size
    log(f"PSN trim: kept {len(kept_binaries)} binaries and {len(kept_datas)} data files; "
        f"dropped {len(report.dropped)} files:")
    for why, size in sorted(sizes.items()):
        log(f"PSN trim:   {size / 1e6:7.1f} MB  {why}")
    return kept_binaries, kept_datas, report
