"""What the freeze keeps: Qt plugins by name, Qt translations by the app's languages, and
libraries only when something kept links to them (checked on made-up dependency graphs)."""

from __future__ import annotations

import pytest

from installer.trim import (
    app_languages,
    is_host_library,
    is_root,
    keep_data,
    keep_plugin,
    plugin_name,
    reachable_binaries,
    trim,
)


@pytest.mark.parametrize(("dest", "expected"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", ("platforms", "qxcb")),
    ("PySide6\\plugins\\platforms\\qwindows.dll", ("platforms", "qwindows")),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", ("imageformats", "qsvg")),
    ("PySide6/Qt/lib/libQt6Core.so.6", None),
    ("plugins", None),
])
def test_plugin_names(dest: str, expected: tuple[str, str] | None) -> None:
    assert plugin_name(dest) == expected


@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6\\plugins\\platforms\\qwindows.dll", True),
    ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6\\plugins\\imageformats\\qpdf.dll", False),
    ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
    ("PySide6\\plugins\\platforminputcontexts\\qtvirtualkeyboardplugin.dll", False),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so", False),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),  # not a plugin: decided by linking
])
def test_plugins_kept_are_the_ones_a_widgets_app_uses(dest: str, kept: bool) -> None:
    assert keep_plugin(dest) is kept


def test_qt_translations_follow_the_apps_own_languages() -> None:
    languages = app_languages(["resources/translations/psn_desktop_cy.qm",
                               "resources/translations/psn_desktop_pt_BR.qm",
                               "resources/translations/README.md"])
    assert languages == {"cy", "pt_BR"}
    assert keep_data("PySide6/Qt/translations/qtbase_pt_BR.qm", languages)
    assert not keep_data("PySide6/Qt/translations/qtbase_de.qm", languages)
    assert not keep_data("PySide6/Qt/translations/qtdeclarative_pt_BR.qm", languages)
    assert not keep_data("PySide6/Qt/translations/qtbase_de.qm", frozenset())
    # The app's own translations and other data are never touched.
    assert keep_data("resources/translations/psn_desktop_cy.qm", frozenset())
    assert keep_data("resources/frameworks/psn-coco.json", frozenset())


@pytest.mark.parametrize(("dest", "root"), [
    ("PySide6/QtCore.abi3.so", True),
    ("PySide6\\QtWidgets.pyd", True),
    ("python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so", True),
    ("libpython3.11.so.1.0", True),
    ("python311.dll", True),
    ("python3.dll", True),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/lib/libicudata.so.73", False),
    ("PySide6\\opengl32sw.dll", False),
])
def test_roots_are_what_python_and_qt_load_themselves(dest: str, root: bool) -> None:
    assert is_root(dest) is root


# A made-up freeze: source paths name the "files"; LINKS says what each imports.
LINKS = {
    "/src/QtGui.abi3.so": ["libQt6Gui.so.6"],
    "/src/libQt6Gui.so.6": ["libQt6Core.so.6", "libstdc++.so.6"],
    "/src/libQt6Core.so.6": ["libicuuc.so.73"],
    "/src/libicuuc.so.73": ["libicudata.so.73"],
    "/src/libqxcb.so": ["libQt6XcbQpa.so.6"],
    "/src/libQt6XcbQpa.so.6": ["libQt6Gui.so.6"],
    "/src/libqgtk3.so": ["libgtk-3.so.0"],
    "/src/libgtk-3.so.0": ["libcairo.so.2"],
    "/src/libqpdf.so": ["libQt6Pdf.so.6"],
    "/src/libQt6Pdf.so.6": ["libQt6Gui.so.6"],
}
BINARIES = [
    ("PySide6/QtGui.abi3.so", "/src/QtGui.abi3.so", "EXTENSION"),
    ("PySide6/Qt/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY"),
    ("PySide6/Qt/lib/libQt6Core.so.6", "/src/libQt6Core.so.6", "BINARY"),
    ("PySide6/Qt/lib/libicuuc.so.73", "/src/libicuuc.so.73", "BINARY"),
    ("PySide6/Qt/lib/libicudata.so.73", "/src/libicudata.so.73", "BINARY"),
    ("libstdc++.so.6", "/src/libstdc++.so.6", "BINARY"),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
    ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "/src/libQt6XcbQpa.so.6", "BINARY"),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/src/libqgtk3.so", "BINARY"),
    ("libgtk-3.so.0", "/src/libgtk-3.so.0", "BINARY"),
    ("libcairo.so.2", "/src/libcairo.so.2", "BINARY"),
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", "/src/libqpdf.so", "BINARY"),
    ("PySide6/Qt/lib/libQt6Pdf.so.6", "/src/libQt6Pdf.so.6", "BINARY"),
    ("PySide6/opengl32sw.dll", "/src/opengl32sw.dll", "BINARY"),  # loaded by name only
    # PyInstaller's top-level links to the copies under PySide6/Qt/lib:
    ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
    ("libQt6Pdf.so.6", "PySide6/Qt/lib/libQt6Pdf.so.6", "SYMLINK"),
]
DATAS = [
    ("PySide6/Qt/translations/qtbase_de.qm", "/src/qtbase_de.qm", "DATA"),
    ("PySide6/Qt/translations/qtbase_cy.qm", "/src/qtbase_cy.qm", "DATA"),
    ("PySide6/Qt/translations/qtmultimedia_cy.qm", "/src/qtmultimedia_cy.qm", "DATA"),
    ("resources/frameworks/psn-coco.json", "/src/psn-coco.json", "DATA"),
]


def test_libraries_survive_only_when_something_kept_links_to_them() -> None:
    binaries, datas, report = trim(BINARIES, DATAS, lambda src: LINKS.get(src, []),
                                   case_insensitive=False, languages=frozenset({"cy"}))
    kept = {dest for dest, _src, _kind in binaries}
    assert kept == {
        "PySide6/QtGui.abi3.so", "PySide6/Qt/lib/libQt6Gui.so.6",
        "PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt/lib/libicuuc.so.73",
        "PySide6/Qt/lib/libicudata.so.73", "libstdc++.so.6",
        "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "libQt6Core.so.6",  # the link whose target stayed
    }
    reasons = dict(report.dropped)
    assert reasons["PySide6/Qt/plugins/platformthemes/libqgtk3.so"] == \
        "Qt plugin the app does not use"
    assert reasons["libgtk-3.so.0"] == reasons["libcairo.so.2"] == \
        "library nothing kept links to"
    assert reasons["PySide6/opengl32sw.dll"] == "library nothing kept links to"
    assert reasons["libQt6Pdf.so.6"] == "link to a dropped library"
    assert {dest for dest, _src, _kind in datas} == {
        "PySide6/Qt/translations/qtbase_cy.qm", "resources/frameworks/psn-coco.json"}


def test_windows_names_match_whatever_their_case() -> None:
    binaries = [("PySide6\\QtGui.pyd", "C:/src/QtGui.pyd", "EXTENSION"),
                ("PySide6\\Qt6Gui.dll", "C:/src/Qt6Gui.dll", "BINARY")]
    links = {"C:/src/QtGui.pyd": ["QT6GUI.DLL"]}
    assert reachable_binaries(binaries, lambda s: links.get(s, []), True) == {
        "PySide6\\QtGui.pyd", "PySide6\\Qt6Gui.dll"}
    assert reachable_binaries(binaries, lambda s: links.get(s, []), False) == {
        "PySide6\\QtGui.pyd"}


@pytest.mark.parametrize(("dest", "host"), [
    ("libX11.so.6", True),
    ("libxcb-cursor.so.0", True),
    ("libxkbcommon-x11.so.0", True),
    ("libfontconfig.so.1", True),
    ("libdbus-1.so.3", True),
    ("libglib-2.0.so.0", True),
    ("libgcrypt.so.20", True),
    ("libssl.so.3", False),  # Python's own TLS: must match the Python that was frozen
    ("libpython3.11.so.1.0", False),
    ("libstdc++.so.6", False),
    ("pillow.libs/libxcb-9065bb12.so.1.1.0", False),  # vendored by a package: it stays
    ("PySide6/Qt/lib/libQt6XcbQpa.so.6", False),
    ("Qt6Gui.dll", False),
])
def test_linux_desktop_libraries_come_from_the_desktop(dest: str, host: bool) -> None:
    assert is_host_library(dest) is host


def test_desktop_libraries_are_dropped_only_when_asked() -> None:
    binaries = [("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
                ("libX11.so.6", "/src/libX11.so.6", "BINARY")]
    links = {"/src/libqxcb.so": ["libX11.so.6"]}
    kept, _datas, report = trim(binaries, [], lambda s: links.get(s, []), False,
                                host_libraries=True)
    assert [dest for dest, _s, _k in kept] == ["PySide6/Qt/plugins/platforms/libqxcb.so"]
    assert ("libX11.so.6", "library the Linux desktop provides") in report.dropped
    kept, _datas, _report = trim(binaries, [], lambda s: links.get(s, []), False)
    assert len(kept) == 2
