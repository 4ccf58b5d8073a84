"""Whatever a file holds, the import answers with devices and per-row errors, never a crash."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psn_desktop.checks.asset_import import import_table_file

CELLS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["Windows 11 Pro 24H2", "Win10 22H2", "10.0.19045", "macOS 14", "",
                     "Windows", "ChromeOS", "Jun 2029", "Ubuntu 22.04", '"', ";", "\n"]),
)


def check(data: bytes, suffix: str = ".csv") -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"devices{suffix}"
        path.write_bytes(data)
        result, _table = import_table_file(path)
    for error in result.errors:
        assert error.line >= 0 and error.message
    for device in result.devices:
        assert device.name.strip() and device.os_product
    assert len(set(d.name.lower() for d in result.devices)) == len(result.devices)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes(data: bytes) -> None:
    check(data)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_named_xlsx(data: bytes) -> None:
    check(b"PK\x03\x04" + data, ".xlsx")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=0, max_size=6), min_size=0, max_size=12),
       st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_any_table(rows: list[list[str]], delimiter: str, encoding: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["Name", "OS", "Version", "Edition", "Type", "AUE"])
    writer.writerows(rows)
    check(buffer.getvalue().encode(encoding, errors="replace"))
