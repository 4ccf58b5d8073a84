"""Read a spreadsheet of devices, whatever made it: CSV in any common encoding, or XLSX.

Management tools and Excel write CSV as UTF-8 with or without a BOM, UTF-16 (Excel's
"Unicode text"), or Windows-1252; with commas, semicolons (European Excel) or tabs; with
quoted fields that hold separators and line breaks. All of those are read here. Every row
keeps the line number a person sees in a text editor or Excel, so a problem can be reported
as "line 14". Nothing here raises for bad content: an unreadable file is a TableProblem.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 200 * 1024 * 1024
DELIMITERS = ",;\t|"


class TableProblem(Exception):
    """The file cannot be read as a table at all; the message says why and what to do."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]  # cells, not yet stripped
    lines: Sequence[int]  # the line number of each row, as a person counts them
    encoding: str = ""
    delimiter: str = ""
    notes: list[str] = field(default_factory=list)


def read_table(path: Path) -> Table:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise TableProblem(f"The file {path.name} cannot be opened ({error.strerror}). Check "
                           "that it exists and is not open in another program.") from None
    if size > MAX_BYTES:
        raise TableProblem(f"{path.name} is larger than 200 MB, far more than a device list. "
                           "Export only the device columns and try again.")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise TableProblem(f"The file {path.name} cannot be read ({error.strerror}).") from None
    if data[:4] == b"PK\x03\x04":
        return read_xlsx(data, path.name)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise TableProblem(f"{path.name} is an old Excel (.xls) file. Open it in Excel and save "
                           "it as .xlsx or CSV, then import that.")
    return read_csv_bytes(data)


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: BOMs first, then UTF-16 by its zero bytes, UTF-8, 1252."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                break
    sample = data[:4096]
    if len(sample) >= 4:
        even_zeros = sample[0::2].count(0)
        odd_zeros = sample[1::2].count(0)
        half = len(sample) // 2
        for zeros, name in ((odd_zeros, "utf-16-le"), (even_zeros, "utf-16-be")):
            if zeros > half * 0.4:
                try:
                    return data.decode(name), name
                except UnicodeDecodeError:
                    pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "windows-1252"


def sniff_delimiter(text: str) -> str:
    """The separator used in the header line: the candidate that splits it most."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: _count_outside_quotes(first, d) for d in DELIMITERS}
    best = max(counts, key=lambda d: (counts[d], -DELIMITERS.index(d)))
    return best if counts[best] else ","


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def read_csv_bytes(data: bytes) -> Table:
    text, encoding = decode(data)
    if "\x00" in text:
        text = text.replace("\x00", "")
    if not text.strip():
        raise TableProblem("The file is empty. Export the device list again, with a header "
                           "row naming the columns.")
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"',
                        skipinitialspace=False, strict=False)
    rows: list[list[str]] = []
    lines: Sequence[int] = []
    headers: list[str] | None = None
    line = 1
    try:
        if '"' not in text:
            # No quotes, so no cell spans lines: a row's position is its line number.
            every = list(reader)
            if every and all(every) and all(any(cells) for cells in every):
                headers, rows, lines = every[0], every[1:], range(2, len(every) + 1)
            else:
                numbered = [(n, cells) for n, cells in enumerate(every, 1) if any(cells)]
                if numbered:
                    headers = numbered[0][1]
                    lines = [n for n, _cells in numbered[1:]]
                    rows = [cells for _n, cells in numbered[1:]]
        else:
            numbers: list[int] = []
            for cells in reader:
                start, line = line, reader.line_num + 1
                if not any(cells):
                    continue
                if headers is None:
                    headers = cells
                    continue
                rows.append(cells)
                numbers.append(start)
            lines = numbers
    except csv.Error as error:
        raise TableProblem(f"The file stops making sense as a table at line {line} ({error})."
                           " Open it in Excel and save it again as CSV.") from None
    if headers is None:
        raise TableProblem("The file has no header row. The first line should name the "
                           "columns, for example: Name, Operating system, Version.")
    headers = [c.strip() for c in headers]
    names = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}
    return Table(headers, rows, lines, encoding, delimiter,
                 [f"Read as {encoding} text separated by {names[delimiter]}."])


def read_xlsx(data: bytes, name: str = "the file") -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise TableProblem(f"{name} looks like an Excel file but cannot be opened ({error}). "
                           "Open it in Excel and save it again, or save it as CSV.") from None
    except Exception as error:  # openpyxl raises many kinds for damaged files
        raise TableProblem(f"{name} cannot be read as an Excel workbook "
                           f"({type(error).__name__}). Save it again as .xlsx or CSV.") from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise TableProblem(f"{name} has no sheets.")
        headers: list[str] | None = None
        rows: list[list[str]] = []
        lines: list[int] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if not any(cells):
                continue
            if headers is None:
                headers = cells
                continue
            rows.append(cells)
            lines.append(number)
    except TableProblem:
        raise
    except Exception as error:
        raise TableProblem(f"{name} could not be read to the end ({type(error).__name__}). "
                           "Save it again as .xlsx or CSV.") from None
    finally:
        book.close()
    if headers is None:
        raise TableProblem(f"The first sheet of {name} is empty.")
    note = f"Read from the sheet “{sheet.title}”."
    if len(book.sheetnames) > 1:
        note += " Only the first sheet is read."
    return Table(headers, rows, lines, "xlsx", "", [note])


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]  # type: ignore[union-attr]
    return str(value).strip()
