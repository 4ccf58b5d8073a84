"""Which of the files PyInstaller collected the frozen app really needs.

PySide6's PyInstaller hooks collect every plugin of each Qt module the app imports and Qt's
translations for every module, and each plugin drags its own libraries in (the GTK theme
plugin brings all of GTK, the PDF image plugin brings Qt PDF, the virtual keyboard brings Qt
Quick). A bare window freezes to about 170 MB that way. The app draws widgets with QtCore,
QtGui and QtWidgets and nothing else, so this module keeps:

* only the Qt plugins a widgets app uses (:data:`QT_PLUGINS`), by name;
* Qt's own base translations (``qtbase_xx.qm``, Qt's standard dialogs and buttons) only for
  the languages the app itself is translated into: anywhere else the app is in English, and
  Qt's dialogs should be too;
* only the shared libraries that something kept still links to: every Python extension
  module, kept Qt plugin and the Python library are *roots*, and a library survives if a
  root reaches it through its import table. Libraries loaded by name at run time instead
  (Qt's software OpenGL, the Direct3D shader compiler) are reached by nothing and go;
* on Linux, not the desktop's own X11, D-Bus, GLib and font libraries (:data:`HOST_LIBRARIES`),
  which PyInstaller copies from the build machine but which must match the machine the app
  runs on (the AppImage project's exclude list says the same). Windows has no such libraries
  in the folder: its system DLLs are never collected.

The frozen self-test proves what is left still works: Qt starts, the keyring is found, the
report font renders and a pack builds and verifies.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

# Plugin folder → plugin names kept (the file name without "lib" and extension).
QT_PLUGINS: dict[str, frozenset[str]] = {
    "platforms": frozenset({"qwindows", "qoffscreen", "qminimal", "qxcb"}),
    "styles": frozenset({"qmodernwindowsstyle", "qwindowsvistastyle"}),
    "imageformats": frozenset({"qico", "qsvg", "qjpeg", "qgif"}),
    "iconengines": frozenset({"qsvgicon"}),
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    "platforminputcontexts": frozenset({"composeplatforminputcontextplugin",
                                        "ibusplatforminputcontextplugin"}),
    "xcbglintegrations": frozenset({"qxcb-glx-integration", "qxcb-egl-integration"}),
}
_QT_TRANSLATION = re.compile(r"^qt[a-z]*_(?P<lang>[A-Za-z_]+)\.qm$")
_APP_TRANSLATION = re.compile(r"^psn_desktop_(?P<lang>[A-Za-z_]+)\.qm$")

HOST_LIBRARIES = re.compile(
    r"^lib(X11|X11-xcb|Xau|Xdmcp|xcb(-[a-z-]+)?|xkbcommon(-x11)?|fontconfig|freetype|expat|"
    r"png16|brotli(common|dec|enc)|dbus-1|systemd|gcrypt|gpg-error|lz4|zstd|cap|glib-2\.0|"
    r"gthread-2\.0|gobject-2\.0|gio-2\.0|gmodule-2\.0|pcre2-8|bsd|md|uuid)\.so(\.\d+)*$")
_EXTENSION = re.compile(r"(\.pyd|\.cpython-[^/\\]*\.so|\.abi3\.so)$", re.IGNORECASE)
_PYTHON_LIBRARY = re.compile(r"^(lib)?python3(\.?\d+)?([dmu]*)(\.dll|\.so[.\d]*|\.dylib)$",
                             re.IGNORECASE)


def plugin_name(dest: str) -> tuple[str, str] | None:
    """(folder, name) for a Qt plugin's destination path, or None if it is not one."""
    parts = PurePath(dest.replace("\\", "/")).parts
    if "plugins" not in parts:
        return None
    index = parts.index("plugins")
    if len(parts) < index + 3:  # plugins/<folder>/<file>
        return None
    folder, filename = parts[index + 1], parts[-1]
    stem = filename.split(".")[0]
    if stem.startswith("lib") and not filename.lower().endswith(".dll"):
        stem = stem[3:]
    return folder, stem


def keep_plugin(dest: str) -> bool:
    found = plugin_name(dest)
    if found is None:
        return True
    folder, name = found
    kept = QT_PLUGINS.get(folder)
    return kept is not None and name in kept


def app_languages(translations: Iterable[str]) -> frozenset[str]:
    """The languages of the app's own ``psn_desktop_xx.qm`` files."""
    found = (_APP_TRANSLATION.match(PurePath(name).name) for name in translations)
    return frozenset(match.group("lang") for match in found if match)


def keep_data(dest: str, languages: frozenset[str] = frozenset()) -> bool:
    """Data files: Qt's base translations for the app's languages, and kept plugins' files."""
    path = PurePath(dest.replace("\\", "/"))
    if "PySide6" in path.parts and "translations" in path.parts and path.suffix == ".qm":
        match = _QT_TRANSLATION.match(path.name)
        return bool(match and path.name.startswith("qtbase_")
                    and (match.group("lang") in languages
                         or match.group("lang").split("_")[0] in languages))
    return keep_plugin(dest)


def is_root(dest: str) -> bool:
    """Binaries loaded by Python or Qt themselves, rather than linked by another binary."""
    name = PurePath(dest.replace("\\", "/")).name
    if _EXTENSION.search(name) or "lib-dynload" in dest.replace("\\", "/"):
        return True
    if _PYTHON_LIBRARY.match(name):
        return True
    return plugin_name(dest) is not None


@dataclass
class TrimReport:
    kept: list[str] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (dest, why)


def reachable_binaries(binaries: Iterable[tuple[str, str, str]],
                       imports_of: Callable[[str], Iterable[str]],
                       case_insensitive: bool) -> set[str]:
    """Destination names of binaries reachable from the roots through link-time imports."""
    entries = list(binaries)

    def key(name: str) -> str:
        return name.lower() if case_insensitive else name

    by_basename: dict[str, list[tuple[str, str]]] = {}
    for dest, src, _kind in entries:
        by_basename.setdefault(key(PurePath(dest.replace("\\", "/")).name), []).append(
            (dest, src))
    todo = [(dest, src) for dest, src, _kind in entries if is_root(dest)]
    seen = {dest for dest, _src in todo}
    while todo:
        _dest, src = todo.pop()
        for imported in imports_of(src):
            for dep_dest, dep_src in by_basename.get(key(PurePath(imported).name), []):
                if dep_dest not in seen:
                    seen.add(dep_dest)
                    todo.append((dep_dest, dep_src))
    return seen


Entry = tuple[str, str, str]  # PyInstaller's TOC entry: (destination, source, type)


def is_host_library(dest: str) -> bool:
    """A desktop library PyInstaller put at the top of the folder (libraries a package
    vendors under its own folder, such as ``pillow.libs/libxcb-9065bb12.so``, stay)."""
    path = PurePath(dest.replace("\\", "/"))
    return len(path.parts) == 1 and bool(HOST_LIBRARIES.match(path.name))


def trim(binaries: list[Entry], datas: list[Entry],
         imports_of: Callable[[str], Iterable[str]], case_insensitive: bool,
         languages: frozenset[str] = frozenset(), host_libraries: bool = False,
         ) -> tuple[list[Entry], list[Entry], TrimReport]:
    """The binaries and data files to ship, and what was dropped and why.

    Symbolic links (PyInstaller links top-level library names to the copies inside
    ``PySide6/Qt/lib``) are kept only when what they point to is kept.
    """
    report = TrimReport()
    files = [e for e in binaries if e[2] != "SYMLINK"]
    plugins_kept = []
    for entry in files:
        if host_libraries and is_host_library(entry[0]):
            report.dropped.append((entry[0], "library the Linux desktop provides"))
        elif keep_plugin(entry[0]):
            plugins_kept.append(entry)
        else:
            report.dropped.append((entry[0], "Qt plugin the app does not use"))
    reachable = reachable_binaries(plugins_kept, imports_of, case_insensitive)
    kept_binaries = []
    for entry in plugins_kept:
        if entry[0] in reachable:
            kept_binaries.append(entry)
        else:
            report.dropped.append((entry[0], "library nothing kept links to"))
    kept_datas = []
    for entry in datas:
        if entry[2] == "SYMLINK" or keep_data(entry[0], languages):
            kept_datas.append(entry)
        else:
            report.dropped.append((entry[0], "Qt translation not used"))
    present = {_normal(e[0]) for e in kept_binaries + kept_datas if e[2] != "SYMLINK"}
    kept_binaries += [e for e in binaries if e[2] == "SYMLINK"]
    kept_binaries = _live_links(kept_binaries, present, report)
    kept_datas = _live_links(kept_datas, present, report)
    report.kept = [e[0] for e in kept_binaries + kept_datas]
    return kept_binaries, kept_datas, report


def _normal(dest: str) -> str:
    return PurePath(dest.replace("\\", "/")).as_posix()


def _live_links(entries: list[Entry], present: set[str], report: TrimReport) -> list[Entry]:
    kept = []
    for entry in entries:
        if entry[2] != "SYMLINK":
            kept.append(entry)
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(_normal(entry[0])),
                                                   entry[1].replace("\\", "/")))
        if target in present:
            kept.append(entry)
        else:
            report.dropped.append((entry[0], "link to a dropped library"))
    return kept
