"""Import an estate: spreadsheet rows or collector files become devices, bad rows are listed.

The import never stops at the first problem: every good row is kept, and every bad one is
reported with its line number and a reason a person can fix ("line 14: “Windoze” is not an
operating system PSN Desktop recognises…"). A row whose edition is unknown is still a good
row: the device then shows "depends on edition" and asks, rather than the import guessing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from psn_desktop.checks.asset_columns import (
    FIELD_LABELS,
    Mapping,
    guess_mapping,
)
from psn_desktop.checks.asset_table import Table, TableProblem, read_table
from psn_desktop.domain.model import Device, DeviceType
from psn_desktop.domain.os_names import recognise_os

MAX_NAME = 200


@dataclass(frozen=True)
class RowError:
    line: int  # 0 for a problem with the whole file
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class ImportResult:
    devices: list[Device] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # the line each device came from

    def extend(self, other: ImportResult) -> None:
        self.devices += other.devices
        self.errors += other.errors
        self.notes += other.notes
        self.lines += other.lines


_TYPES = {
    DeviceType.LAPTOP: ("laptop", "notebook", "portable", "chromebook", "2in1", "convertible",
                        "ultrabook"),
    DeviceType.SERVER: ("server", "virtual machine", "vm", "host"),
    DeviceType.TABLET: ("tablet", "ipad", "slate"),
    DeviceType.PHONE: ("phone", "mobile", "iphone", "smartphone", "handset"),
    DeviceType.NETWORK: ("router", "switch", "firewall", "access point", "network"),
    DeviceType.DESKTOP: ("desktop", "workstation", "pc", "tower", "all in one", "mini",
                         "thin client", "computer"),
}
_YES = {"yes", "y", "true", "1", "bought", "paid", "enrolled", "licensed", "licenced", "on"}
_NO = {"no", "n", "false", "0", "none", "not bought", "off"}


def device_type_from(text: str) -> DeviceType | None:
    folded = text.strip().lower()
    if not folded:
        return None
    for kind, words in _TYPES.items():
        if any(word == folded or word in folded.split() or folded.startswith(word)
               for word in words):
            return kind
    return None


def yes_no(text: str) -> bool | None:
    folded = text.strip().lower()
    return True if folded in _YES else False if folded in _NO else None


_ANALYSED_FIELDS = ("os", "version", "build", "edition", "device_type", "extended_updates",
                   "update_expiry")


def rows_to_devices(table: Table, mapping: Mapping, *, source: str = "import") -> ImportResult:
    """Good rows become devices, bad rows errors with their line numbers; never raises.

    Estates repeat the same few system names thousands of times, so each distinct
    combination of system columns is analysed once and reused.
    """
    result = ImportResult(notes=list(table.notes))
    missing = mapping.missing_required()
    if missing:
        labels = " and ".join(FIELD_LABELS[f] for f in missing)
        result.errors.append(RowError(0, f"No column was chosen for {labels}. Choose which "
                                      "column holds it and import again."))
        return result
    columns = mapping.columns
    width = max(columns.values()) + 1
    blank = ("",) * width
    name_at = columns["name"]
    owner_at = columns.get("owner")
    location_at = columns.get("location")
    analysed_fields = [f for f in _ANALYSED_FIELDS if f in columns]
    analysed_at = [columns[f] for f in analysed_fields]
    pick = itemgetter(*analysed_at)
    single = len(analysed_at) == 1
    cache: dict[object, tuple[Device | None, str]] = {}
    templates: dict[object, dict[str, object]] = {}
    new_device = object.__new__
    seen: dict[str, int] = {}
    devices, lines, errors = result.devices, result.lines, result.errors
    for line, cells in zip(table.lines, table.rows, strict=True):
        try:
            if len(cells) < width:
                cells = [*cells, *blank[len(cells):]]
            name = cells[name_at].strip()
            if "  " in name:
                name = " ".join(name.split())
            key = pick(cells)
            template = cache.get(key)
            if template is None:
                parts = (key,) if single else key
                values = dict(zip(analysed_fields, (v.strip() for v in parts), strict=True))
                template = cache[key] = _analyse(values, source)
                if template[0] is not None:
                    templates[key] = vars(template[0]).copy()
            device, problem = template
            if not name:
                problem = "there is no device name. Fill in the name (or asset tag) of the " \
                          "device."
            elif len(name) > MAX_NAME:
                problem = f"the device name is {len(name)} characters long; is the right " \
                          "column chosen for the name?"
            elif device is None:
                problem = problem.replace("{name}", name)
            if problem:
                errors.append(RowError(line, problem))
                continue
            folded = name.lower()
            if folded in seen:
                errors.append(RowError(line, f"“{name}” is already on line {seen[folded]}; "
                                       "each device should appear once. The first one was "
                                       "kept."))
                continue
            seen[folded] = line
            # A copy of the row's template with its own name, owner and location. Filling
            # __dict__ directly is a third of the cost of Device(...) for every row of a
            # big estate; the result is an ordinary Device.
            made = new_device(Device)
            made.__dict__ = {
                **templates[key], "name": name,
                "owner": cells[owner_at].strip()[:200] if owner_at is not None else "",
                "location": cells[location_at].strip()[:200] if location_at is not None else "",
            }
            devices.append(made)
            lines.append(line)
        except Exception as error:  # a row must never stop the import
            errors.append(RowError(line, f"this row could not be read ({type(error).__name__})"))
    return result


def _analyse(values: dict[str, str], source: str) -> tuple[Device | None, str]:
    """The system columns of a row as a device template (name filled in later), or why not."""
    os_text = values.get("os", "")
    build = values.get("build", "")
    if not os_text and not build:
        return None, "there is no operating system for “{name}”. Fill it in, for example " \
                     "“Windows 11 Pro 23H2”."
    guess = recognise_os(os_text, version=values.get("version", ""), build=build,
                         edition=values.get("edition", ""))
    if not guess.recognised:
        return None, f"{guess.problem[:1].lower()}{guess.problem[1:]}".replace("{", "(") \
            .replace("}", ")")
    version = guess.version
    expiry = values.get("update_expiry", "")
    if guess.product == "chromeos" and expiry:
        version = recognise_os("ChromeOS " + expiry).version or expiry
    device_type = (device_type_from(values.get("device_type", "")) or guess.device_type
                   or DeviceType.DESKTOP)
    esu_text = values.get("extended_updates", "")
    extended = yes_no(esu_text) if esu_text else False
    return Device("", device_type, guess.product, version, guess.edition, extended,
                  source=source), ""


def import_table_file(path: Path, mapping: Mapping | None = None) -> tuple[ImportResult,
                                                                          Table | None]:
    """Read a CSV or XLSX file; a file that cannot be read is one error, never an exception."""
    try:
        table = read_table(Path(path))
    except TableProblem as problem:
        return ImportResult(errors=[RowError(0, str(problem))]), None
    mapping = mapping or guess_mapping(table.headers)
    result = rows_to_devices(table, mapping)
    result.notes += ["Columns used: " + "; ".join(mapping.describe(table.headers))]
    return result, table


TEMPLATE_HEADERS = ["Name", "Operating system", "Version", "Edition", "Type", "Owner",
                    "Location", "Extended security updates", "Auto update expiration"]
TEMPLATE_ROWS = [
    ["OFFICE-PC-01", "Windows 11", "24H2", "Pro", "Desktop", "Office manager", "Office", "", ""],
    ["HEAD-LAPTOP", "Windows 11", "25H2", "Education", "Laptop", "Headteacher", "", "", ""],
    ["RECEPTION-PC", "Windows 10", "22H2", "Pro", "Desktop", "", "Reception", "No", ""],
    ["FINANCE-MAC", "macOS", "15", "", "Laptop", "Finance officer", "Office", "", ""],
    ["CLASS-CB-01", "ChromeOS", "", "", "Laptop", "", "Class 1", "", "2030-06"],
]


def template_csv() -> str:
    """A template to fill in: the columns PSN Desktop reads, with example rows."""
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(TEMPLATE_HEADERS)
    writer.writerows(TEMPLATE_ROWS)
    return buffer.getvalue()


def write_template(path: Path) -> Path:
    """Save the template as CSV with a BOM, so Excel opens it with the right characters."""
    path = Path(path)
    path.write_text(template_csv(), encoding="utf-8-sig", newline="")
    return path


def summarise(result: ImportResult, limit: int = 20) -> Iterable[str]:
    yield f"{len(result.devices)} device(s) ready to import, {len(result.errors)} row(s) with " \
          "problems."
    for error in result.errors[:limit]:
        yield f"  {error}"
    if len(result.errors) > limit:
        yield f"  … and {len(result.errors) - limit} more."
