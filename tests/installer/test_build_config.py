"""The build takes its facts from pyproject.toml, and fills its generated files correctly."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from installer import build as build_module
from installer.build import BuildError, nsis_string, render_script, write_payload_list
from installer.project_info import (
    PYPROJECT,
    ProjectInfo,
    read_project,
    windows_version,
)
from installer.version_info import write_version_file


def test_version_and_publisher_come_from_pyproject() -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    info = read_project()
    assert info.version == project["version"]
    assert info.description == project["description"]
    assert info.publisher == project["authors"][0]["name"]
    assert info.installer_name == f"PSN-Desktop-Setup-{project['version']}.exe"


def test_a_version_change_in_pyproject_reaches_every_generated_file(
        tmp_path: Path, tiny_payload: Path) -> None:
    text = PYPROJECT.read_text(encoding="utf-8")
    changed = tmp_path / "pyproject.toml"
    changed.write_text(text.replace(f'version = "{read_project().version}"',
                                    'version = "7.8.9"', 1), encoding="utf-8")
    info = read_project(changed)
    assert info.version == "7.8.9" and info.version_dotted == "7.8.9.0"
    version_file = write_version_file(info, "PSNDesktop", info.description, tmp_path)
    assert "(7, 8, 9, 0)" in version_file.read_text(encoding="utf-8")
    script = render_script(info, tiny_payload, tmp_path / info.installer_name,
                           tmp_path / "payload.nsh", False)
    assert '!define VERSION "7.8.9"' in script
    assert '!define VERSION_DOTTED "7.8.9.0"' in script
    assert "PSN-Desktop-Setup-7.8.9.exe" in script


@pytest.mark.parametrize(("version", "expected"), [
    ("0.1.0", (0, 1, 0, 0)),
    ("2.0", (2, 0, 0, 0)),
    ("1.2.3rc1", (1, 2, 3, 0)),
    ("1.2.3.4", (1, 2, 3, 4)),
    ("10.0.0.dev5+local", (10, 0, 0, 0)),
])
def test_windows_gets_four_numbers(version: str, expected: tuple[int, ...]) -> None:
    assert windows_version(version) == expected


@pytest.mark.parametrize("version", ["release-one", "", "1.70000.0"])
def test_a_version_windows_cannot_hold_is_refused_with_the_reason(version: str) -> None:
    with pytest.raises(ValueError, match="Windows"):
        windows_version(version)


def _version_calls(text: str) -> dict[str, list[ast.Call]]:
    """The constructor calls in a version file, as PyInstaller evaluates it (one expression)."""
    tree = ast.parse(text, mode="eval")
    calls: dict[str, list[ast.Call]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            calls.setdefault(node.func.id, []).append(node)
    return calls


def test_version_resource_is_one_expression_with_the_projects_facts(tmp_path: Path) -> None:
    # PyInstaller's own parser imports pywin32 and only runs on Windows; this reads the file
    # the same way (one Python expression of its version classes) with the standard library.
    info = ProjectInfo(name="psn-desktop", version="1.4.2", description="Desc \"quoted\" $x",
                       publisher="Team O'Brien", licence="MIT")
    path = write_version_file(info, "psn-desktop", "PSN Desktop command line", tmp_path)
    calls = _version_calls(path.read_text(encoding="utf-8"))
    assert set(calls) == {"VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable",
                          "StringStruct", "VarFileInfo", "VarStruct"}
    fixed = {k.arg: ast.literal_eval(k.value) for k in calls["FixedFileInfo"][0].keywords}
    assert fixed["filevers"] == fixed["prodvers"] == (1, 4, 2, 0)
    strings = dict(ast.literal_eval(ast.Tuple(elts=c.args, ctx=ast.Load()))
                   for c in calls["StringStruct"])
    assert strings["ProductVersion"] == strings["FileVersion"] == "1.4.2"
    assert strings["CompanyName"] == "Team O'Brien"
    assert strings["OriginalFilename"] == "psn-desktop.exe"
    assert strings["FileDescription"] == "PSN Desktop command line"
    assert strings["ProductName"] == "PSN Desktop"
    assert "MIT" in strings["LegalCopyright"]


def test_nsis_strings_escape_variables_and_quotes() -> None:
    assert nsis_string('Pay $5 "now"') == 'Pay $$5 $\\"now$\\"'
    assert nsis_string("two\nlines") == "two lines"


def test_script_is_filled_from_the_project(tmp_path: Path, tiny_payload: Path) -> None:
    info = read_project()
    listing = tmp_path / "payload.nsh"
    write_payload_list(tiny_payload, listing)
    script = render_script(info, tiny_payload, tmp_path / "setup.exe", listing, False)
    assert "@" not in "".join(line for line in script.splitlines()
                              if not line.lstrip().startswith(";"))
    assert f'!define VERSION "{info.version}"' in script
    assert f'!define VERSION_DOTTED "{info.version_dotted}"' in script
    assert "!uninstfinalize" not in script
    signed = render_script(info, tiny_payload, tmp_path / "setup.exe", listing, True)
    assert "!uninstfinalize" in signed and "-m installer.signing" in signed


def test_a_placeholder_nothing_fills_stops_the_build(tmp_path: Path, tiny_payload: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    template = tmp_path / "broken.nsi.in"
    template.write_text(build_module.TEMPLATE.read_text(encoding="utf-8")
                        + '\n!define NEW_THING "@NEW_THING@"\n', encoding="utf-8")
    monkeypatch.setattr(build_module, "TEMPLATE", template)
    with pytest.raises(BuildError, match="@NEW_THING@"):
        render_script(read_project(), tiny_payload, tmp_path / "x.exe", tmp_path / "p.nsh",
                      False)


def test_payload_list_installs_every_file_once_and_skips_links(tmp_path: Path,
                                                               tiny_payload: Path) -> None:
    library = tiny_payload / "_internal" / "library.dll"
    (tiny_payload / "library-link.dll").symlink_to(library)
    listing = tmp_path / "payload.nsh"
    count = write_payload_list(tiny_payload, listing)
    lines = listing.read_text(encoding="utf-8").splitlines()
    files = [line for line in lines if line.startswith("File ")]
    assert count == len(files) == 4
    assert not any("library-link" in line for line in lines)
    assert 'SetOutPath "$INSTDIR\\_internal\\resources\\frameworks"' in lines
    position = lines.index('SetOutPath "$INSTDIR\\_internal\\resources\\frameworks"')
    assert lines[position + 1].endswith('psn-coco.json"')
