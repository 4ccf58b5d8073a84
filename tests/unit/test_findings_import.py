"""Importing a health check provider's findings: CSV and XLSX through the mapping step, bad
rows reported with their line numbers, good rows kept, hosts matched to devices."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from psn_desktop.domain.model import Device, Finding, FindingSource, Severity
from psn_desktop.remediation.findings_import import (
    COLUMNS,
    guess,
    match_devices,
    rows_to_findings,
    severity_from,
    split_hosts,
)
from psn_desktop.tabular import read_table
from psn_desktop.tabular.columns import ColumnSet, guess_columns, missing_required

FOUND = date(2026, 7, 26)
DEVICES = [Device("SERVER-01", id=1), Device("OFFICE-PC-01", id=2), Device("CLASS-PC-01", id=3)]

NESSUS_STYLE = (
    "Plugin ID,CVE,CVSS,Risk,Host,Protocol,Port,Name,Synopsis,Description,Solution\r\n"
    "97833,CVE-2017-0144,9.3,Critical,server-01.oakfield.local,tcp,445,"
    "MS17-010: Security Update for Microsoft Windows SMB Server,SMB is vulnerable,"
    "\"The remote host is missing a security update.\nIt is affected by several flaws.\","
    "Apply the update.\r\n"
    "57608,,5.0,Medium,10.20.0.15,tcp,445,SMB Signing not required,Signing not required,"
    "Signing is not required on the remote SMB server.,Enforce message signing.\r\n"
    "57608,,5.0,Medium,OFFICE-PC-01,tcp,445,SMB Signing not required,Signing not required,"
    "Signing is not required on the remote SMB server.,Enforce message signing.\r\n"
    "57608,,5.0,Medium,class-pc-01,tcp,445,SMB Signing not required,Signing not required,"
    "Signing is not required on the remote SMB server.,Enforce message signing.\r\n"
    ",,,High,SERVER-01,tcp,3389,,,No title on this row,\r\n"
    "12345,,,Urgentish,SERVER-01,tcp,80,Old web server banner,,,\r\n"
    "10287,,0.0,None,SERVER-01,udp,0,Traceroute Information,,,\r\n"
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_the_guess_reads_a_scanner_export():
    table_headers = ["Plugin ID", "CVE", "CVSS", "Risk", "Host", "Protocol", "Port", "Name",
                     "Synopsis", "Description", "Solution"]
    columns = guess(table_headers)
    named = {field: table_headers[index] for field, index in columns.items()}
    assert named == {"title": "Name", "severity": "Risk", "hosts": "Host",
                     "reference": "Plugin ID", "detail": "Description", "solution": "Solution"}
    consultant = ["Finding ID", "Finding", "Risk Rating", "Affected Hosts", "Details",
                  "Recommendation"]
    named = {field: consultant[index] for field, index in guess(consultant).items()}
    assert named == {"title": "Finding", "severity": "Risk Rating", "hosts": "Affected Hosts",
                     "reference": "Finding ID", "detail": "Details",
                     "solution": "Recommendation"}


def test_a_csv_import_keeps_good_rows_and_reports_bad_ones_by_line(tmp_path):
    table = read_table(write(tmp_path, "ithc.csv", NESSUS_STYLE))
    result = rows_to_findings(table, guess(table.headers), devices=DEVICES, existing=[],
                              found_on=FOUND)
    titles = [f.title for f in result.findings]
    assert titles == ["MS17-010: Security Update for Microsoft Windows SMB Server",
                      "SMB Signing not required", "Traceroute Information"]
    smb, signing, trace = result.findings
    assert (smb.severity, smb.reference, smb.device_ids) == (Severity.CRITICAL, "97833", [1])
    assert smb.source is FindingSource.HEALTH_CHECK and smb.date_found == FOUND
    assert "It is affected by several flaws." in smb.detail
    assert "Recommended fix: Apply the update." in smb.detail
    # Three rows (one per host) became one finding with every host it affects.
    assert signing.device_ids == [2, 3] and result.combined_rows == 2
    assert "Affected hosts not in your device list: 10.20.0.15" in signing.detail
    assert result.unmatched_hosts == ["10.20.0.15"]
    assert trace.severity is Severity.INFO
    # The multi-line quoted cell makes the row after it start on line 4, not 3.
    assert [str(e) for e in result.errors] == [
        "line 7: there is no finding title. Fill it in, or delete the row if it is not a "
        "finding.",
        "line 8: “Urgentish” is not a severity PSN Desktop recognises. Use critical, high, "
        "medium, low or information, or a CVSS score.",
    ]
    assert result.lines == [2, 4, 9]
    assert "Columns used:" in " ".join(result.notes)
    assert result.summary().startswith("3 finding(s) to add")


def test_an_xlsx_import_reads_the_same_way(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Finding ID", "Finding", "Risk Rating", "Affected Hosts", "Details"])
    sheet.append(["ITHC-01", "Remote desktop open to the internet", "Critical",
                  "SERVER-01; office-pc-01", "RDP on 3389 answers from the internet."])
    sheet.append([])  # a blank row in the middle is skipped, not an error
    sheet.append(["ITHC-02", None, "High", "SERVER-01", "A row with no title."])
    sheet.append(["ITHC-03", "Weak TLS ciphers", 5.3, "SERVER-01.school.local", None])
    path = tmp_path / "findings.xlsx"
    book.save(path)
    table = read_table(path)
    result = rows_to_findings(table, guess(table.headers), devices=DEVICES, existing=[],
                              found_on=FOUND)
    assert [(f.reference, f.title, f.severity, f.device_ids) for f in result.findings] == [
        ("ITHC-01", "Remote desktop open to the internet", Severity.CRITICAL, [1, 2]),
        ("ITHC-03", "Weak TLS ciphers", Severity.MEDIUM, [1]),
    ]
    assert [str(e) for e in result.errors] == [
        "line 4: there is no finding title. Fill it in, or delete the row if it is not a "
        "finding."]


def test_the_mapping_chosen_is_what_is_used(tmp_path):
    text = "Issue,Level,Where\r\nOld firmware on the router,H,router\r\n"
    table = read_table(write(tmp_path, "own.csv", text))
    assert missing_required(guess(table.headers), COLUMNS) == []
    chosen = {"title": 0, "severity": 1}  # the user leaves the hosts out
    result = rows_to_findings(table, chosen, devices=DEVICES, existing=[], found_on=FOUND)
    assert [(f.title, f.severity, f.device_ids, f.detail) for f in result.findings] == [
        ("Old firmware on the router", Severity.HIGH, [], "")]
    without_rating = rows_to_findings(table, {"title": 0}, devices=DEVICES, existing=[],
                                      found_on=FOUND)
    assert without_rating.findings[0].severity is Severity.MEDIUM
    assert any("marked medium" in note for note in without_rating.notes)
    nothing = rows_to_findings(table, {"severity": 1}, devices=DEVICES, existing=[],
                               found_on=FOUND)
    assert nothing.findings == [] and [str(e) for e in nothing.errors] == [
        "No column was chosen for Finding (its title). Choose which column holds it and "
        "import again."]


def test_importing_the_same_report_again_adds_nothing_twice(tmp_path, empty_workspace):
    table = read_table(write(tmp_path, "ithc.csv", NESSUS_STYLE))
    first = rows_to_findings(table, guess(table.headers), devices=DEVICES, existing=[],
                             found_on=FOUND)
    ids = empty_workspace.save_findings([(f, None) for f in first.findings])
    assert len(ids) == 3 and len(empty_workspace.findings()) == 3
    again = rows_to_findings(table, guess(table.headers), devices=DEVICES,
                             existing=empty_workspace.findings(), found_on=FOUND)
    assert again.findings == [] and again.already_in_plan == 5
    # A re-test without the provider's numbers still recognises what is already there,
    # while the same title under another number is a different finding.
    retest = read_table(write(tmp_path, "retest.csv", "Title,Severity,ID\r\n"
                              "SMB Signing not required,Medium,\r\n"
                              "Traceroute Information,Info,99999\r\n"))
    result = rows_to_findings(retest, guess(retest.headers), devices=DEVICES,
                              existing=empty_workspace.findings(), found_on=FOUND)
    assert result.already_in_plan == 1
    assert [(f.title, f.reference) for f in result.findings] == [
        ("Traceroute Information", "99999")]
    # A finding of the same name from another source is not a duplicate.
    other = [Finding("SMB Signing not required", FindingSource.SCAN, reference="57608")]
    assert len(rows_to_findings(table, guess(table.headers), devices=DEVICES, existing=other,
                                found_on=FOUND).findings) == 3


def test_stopping_part_way_adds_nothing(tmp_path):
    rows = "".join(f"F-{n},Finding {n},Low,SERVER-01\r\n" for n in range(1000))
    table = read_table(write(tmp_path, "big.csv", "ID,Title,Severity,Host\r\n" + rows))
    seen = []
    assert rows_to_findings(table, guess(table.headers), devices=DEVICES, existing=[],
                            found_on=FOUND, progress=seen.append,
                            stop=lambda: len(seen) >= 1) is None
    assert seen == [0]  # stopped at the next check, after the first 500 rows
    done = rows_to_findings(table, guess(table.headers), devices=DEVICES, existing=[],
                            found_on=FOUND, progress=seen.append)
    assert len(done.findings) == 1000 and seen[-1] == 100


@pytest.mark.parametrize(("text", "expected"), [
    ("Critical", Severity.CRITICAL), ("very high", Severity.CRITICAL), ("HIGH", Severity.HIGH),
    ("Moderate", Severity.MEDIUM), ("4 - Medium", Severity.MEDIUM), ("low", Severity.LOW),
    ("Informational", Severity.INFO), ("None", Severity.INFO), ("h", Severity.HIGH),
    ("9.8", Severity.CRITICAL), ("7.0", Severity.HIGH), ("CVSS 6.5", Severity.MEDIUM),
    ("cvss: 2.1", Severity.LOW), ("0", Severity.INFO), ("7.5/10", Severity.HIGH),
    ("High (7.5)", Severity.HIGH), ("", None), ("11", None), ("purple", None),
])
def test_severity_words_letters_and_scores(text, expected):
    assert severity_from(text) is expected


def test_hosts_are_split_and_matched_by_name():
    assert split_hosts("SERVER-01, office-pc-01;10.0.0.5\n(CLASS-PC-01) SERVER-01") == [
        "SERVER-01", "office-pc-01", "10.0.0.5", "CLASS-PC-01"]
    ids, unmatched = match_devices(["server-01.school.local", "10.0.0.5", "OFFICE-PC-01",
                                    "printer"], DEVICES)
    assert ids == [1, 2] and unmatched == ["10.0.0.5", "printer"]


def test_the_mapping_step_is_shared_with_the_device_import():
    from psn_desktop.checks.asset_columns import FIELDS, SYNONYMS, guess_mapping

    headers = ["Device name", "Operating system", "OS version", "Primary user"]
    assert guess_mapping(headers).columns == guess_columns(headers, ColumnSet(FIELDS, SYNONYMS))
    assert guess_mapping(headers).columns == {"name": 0, "os": 1, "version": 2, "owner": 3}
