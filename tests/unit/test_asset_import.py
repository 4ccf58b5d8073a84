"""Importing device lists: every encoding and separator Excel and management tools write,
XLSX, quoted fields, column guesses for common exports, per-row errors with line numbers,
the template, and a 20,000-row file.
"""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from psn_desktop.checks.asset_columns import guess_mapping, mapping_from_names
from psn_desktop.checks.asset_import import (
    TEMPLATE_HEADERS,
    device_type_from,
    import_table_file,
    template_csv,
    write_template,
    yes_no,
)
from psn_desktop.checks.asset_table import read_table
from psn_desktop.domain.model import DeviceType

ROWS = [
    ["Name", "Operating system", "Version", "Edition", "Location"],
    ["OFFICE-PC-01", "Windows 11", "24H2", "Pro", "Office; upstairs"],
    ["HEAD-LAPTOP", "Windows 11", "25H2", "Education", "Bureau de Zoë"],
    ["RECEPTION", "Windows 10", "22H2", "Pro", 'The "front" desk'],
]


def csv_text(delimiter: str, rows: list[list[str]] = ROWS) -> str:
    def cell(value: str) -> str:
        if any(c in value for c in (delimiter, '"', "\n", ";", ",")):
            return '"' + value.replace('"', '""') + '"'
        return value

    return "\r\n".join(delimiter.join(cell(v) for v in row) for row in rows) + "\r\n"


ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16-le-bom": lambda t: t.encode("utf-16"),  # Excel's "Unicode text"
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-16-le-no-bom": lambda t: t.encode("utf-16-le"),
    "windows-1252": lambda t: t.encode("cp1252"),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"], ids=["comma", "semicolon", "tab",
                                                                  "bar"])
def test_each_encoding_and_separator(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = tmp_path / "devices.csv"
    path.write_bytes(ENCODINGS[encoding](csv_text(delimiter)))
    result, table = import_table_file(path)
    assert table is not None and table.delimiter == delimiter
    assert result.errors == []
    names = [(d.name, d.os_product, d.os_version, d.os_edition, d.location)
             for d in result.devices]
    assert names == [
        ("OFFICE-PC-01", "windows-11", "24H2", "home-pro", "Office; upstairs"),
        ("HEAD-LAPTOP", "windows-11", "25H2", "enterprise-education", "Bureau de Zoë"),
        ("RECEPTION", "windows-10", "22H2", "home-pro", 'The "front" desk'),
    ]
    assert result.lines == [2, 3, 4]


def test_quoted_line_breaks_keep_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    path.write_text('Name,OS,Notes\nPC-1,Windows 11 24H2,"two\nlines"\n\nPC-2,Windoze,x\n'
                    'PC-3,Windows 7,\n', encoding="utf-8")
    result, _table = import_table_file(path)
    assert [d.name for d in result.devices] == ["PC-1", "PC-3"]
    assert result.lines == [2, 6]
    assert [(e.line, "Windoze" in e.message) for e in result.errors] == [(5, True)]


def test_bad_rows_are_reported_and_good_rows_kept(tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    path.write_text("Computer Name,OS Name\n"
                    "PC-1,Windows 11 Pro 23H2\n"
                    ",Windows 11\n"
                    "PC-3,\n"
                    "PC-4,Windows\n"
                    "PC-1,Windows 10\n"
                    "PC-6,Android 14\n"
                    f"{'X' * 300},Windows 11\n"
                    "PC-8,macOS 15\n", encoding="utf-8")
    result, _table = import_table_file(path)
    assert [d.name for d in result.devices] == ["PC-1", "PC-8"]
    errors = {e.line: e.message for e in result.errors}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8]
    assert "no device name" in errors[3]
    assert "no operating system for “PC-3”" in errors[4]
    assert "not which one" in errors[5]
    assert "already on line 2" in errors[6]
    assert "Android" in errors[7]
    assert "300 characters" in errors[8]
    assert str(result.errors[0]).startswith("line 3: ")


def test_xlsx(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Devices"
    for row in ROWS:
        sheet.append(row)
    sheet.append([])
    sheet.append(["BUILD-ONLY", None, None, None, None])
    sheet.append(["NUMBERS", "Windows 10", 1909, "Enterprise", 42])
    book.create_sheet("Notes")
    path = tmp_path / "devices.xlsx"
    book.save(path)
    result, table = import_table_file(path)
    assert table is not None and table.encoding == "xlsx"
    assert any("Only the first sheet" in n for n in result.notes)
    assert [d.name for d in result.devices] == ["OFFICE-PC-01", "HEAD-LAPTOP", "RECEPTION",
                                                "NUMBERS"]
    numbers = result.devices[-1]
    assert (numbers.os_version, numbers.location) == ("1909", "42")
    assert [(e.line, "no operating system" in e.message) for e in result.errors] == [(6, True)]


@pytest.mark.parametrize(("headers", "expected"), [
    # Intune device export
    (["Device name", "Managed by", "Ownership", "OS", "OS version", "Primary user UPN"],
     {"name": 0, "os": 3, "version": 4, "owner": 5}),
    # Lansweeper
    (["AssetName", "AssetType", "OS", "OSVersion", "Build", "Location", "Username"],
     {"name": 0, "device_type": 1, "os": 2, "version": 3, "build": 4, "location": 5,
      "owner": 6}),
    # PDQ Inventory
    (["Computer Name", "OS Name", "OS Version", "OS Release", "Chassis"],
     {"name": 0, "os": 1, "version": 2, "device_type": 4}),
    # Google Admin console (Chromebooks)
    (["Serial Number", "Annotated Asset ID", "Model", "OS Version", "Auto Update Expiration",
      "Annotated User", "Org Unit Path"],
     {"name": 1, "version": 3, "update_expiry": 4, "owner": 5, "location": 6}),
])
def test_guesses_for_common_exports(headers: list[str], expected: dict[str, int]) -> None:
    columns = guess_mapping(headers).columns
    for field, index in expected.items():
        assert columns.get(field) == index, (field, columns)


def test_chosen_columns_and_missing_required(tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    path.write_text("Asset tag,Model,Platform detail\nA-1,Dell,Windows 11 Pro 24H2\n",
                    encoding="utf-8")
    table = read_table(path)
    mapping = mapping_from_names(table.headers, {"name": "asset tag"})
    result, _table = import_table_file(path, mapping)
    assert [str(e) for e in result.errors] == [
        "No column was chosen for Operating system. Choose which column holds it and import "
        "again."]
    mapping = mapping_from_names(table.headers, {"name": "Asset tag", "os": "Platform detail"})
    result, _table = import_table_file(path, mapping)
    assert [(d.name, d.os_product, d.os_version) for d in result.devices] == [
        ("A-1", "windows-11", "24H2")]


def test_chromebook_update_expiry_column(tmp_path: Path) -> None:
    path = tmp_path / "chromebooks.csv"
    path.write_text("Annotated Asset ID,OS,Auto Update Expiration\nCB-1,ChromeOS,Jun 2024\n"
                    "CB-2,ChromeOS,2031-06\nCB-3,ChromeOS,\n", encoding="utf-8")
    result, _table = import_table_file(path)
    assert [(d.name, d.os_product, d.os_version, d.device_type) for d in result.devices] == [
        ("CB-1", "chromeos", "2024-06", DeviceType.LAPTOP),
        ("CB-2", "chromeos", "2031-06", DeviceType.LAPTOP),
        ("CB-3", "chromeos", "", DeviceType.LAPTOP)]


def test_unknown_edition_is_kept_blank_so_the_device_asks(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("Name,OS\nLAB-1,Win11 24H2\n", encoding="utf-8")
    result, _table = import_table_file(path)
    assert result.devices[0].os_edition == ""


@pytest.mark.parametrize(("data", "words"), [
    (b"", "empty"),
    (b"\r\n\r\n", "empty"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old Excel"),
    (b"PK\x03\x04not really a zip", "cannot be"),
])
def test_unusable_files_are_one_clear_error(tmp_path: Path, data: bytes, words: str) -> None:
    path = tmp_path / "devices.csv"
    path.write_bytes(data)
    result, table = import_table_file(path)
    assert table is None and result.devices == []
    assert len(result.errors) == 1 and result.errors[0].line == 0
    assert words in result.errors[0].message


def test_missing_file(tmp_path: Path) -> None:
    result, _table = import_table_file(tmp_path / "nope.csv")
    assert "cannot be opened" in result.errors[0].message


def test_template_imports_cleanly(tmp_path: Path) -> None:
    path = write_template(tmp_path / "template.csv")
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    assert template_csv().splitlines()[0] == ",".join(TEMPLATE_HEADERS)
    result, _table = import_table_file(path)
    assert result.errors == []
    assert len(result.devices) == 5
    reception = next(d for d in result.devices if d.name == "RECEPTION-PC")
    assert reception.extended_updates is False
    chromebook = next(d for d in result.devices if d.name == "CLASS-CB-01")
    assert chromebook.os_version == "2030-06"


def test_words_for_types_and_yes_no() -> None:
    assert device_type_from("Laptop") is DeviceType.LAPTOP
    assert device_type_from("Virtual Machine") is DeviceType.SERVER
    assert device_type_from("iPad") is DeviceType.TABLET
    assert device_type_from("Desktop PC") is DeviceType.DESKTOP
    assert device_type_from("") is None and device_type_from("toaster") is None
    assert yes_no("Yes") is True and yes_no("no") is False and yes_no("maybe") is None


@pytest.mark.slow
def test_twenty_thousand_rows(tmp_path: Path) -> None:
    systems = ["Windows 11 Pro 24H2", "Windows 10 Pro 22H2", "Windows 11 Enterprise 23H2",
               "Microsoft Windows 7 Professional", "macOS 15.1", "Ubuntu 22.04.4 LTS",
               "10.0.22631", "Windoze"]
    lines = ["Device name;Operating system;Owner"]
    lines += [f"PC-{n:05d};{systems[n % len(systems)]};User {n}" for n in range(20_000)]
    path = tmp_path / "big.csv"
    path.write_bytes(codecs.BOM_UTF8 + ("\r\n".join(lines) + "\r\n").encode("utf-8"))
    started = time.monotonic()
    result, _table = import_table_file(path)
    elapsed = time.monotonic() - started
    assert len(result.devices) == 17_500 and len(result.errors) == 2_500
    assert result.errors[0].line == 9  # PC-00007 on line 9
    assert elapsed < 20, elapsed
