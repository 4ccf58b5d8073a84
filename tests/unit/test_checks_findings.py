"""Findings from an imported estate, a scan and collector files: linked, explained, and
never duplicated on a second import or scan; each ready to plan in the remediation plan.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from psn_desktop.checks.asset_import import ImportResult
from psn_desktop.checks.collector import read_collector_file
from psn_desktop.checks.estate import EstateImport, import_estate, save_devices
from psn_desktop.checks.findings import save_estate_findings, save_scan
from psn_desktop.domain.catalogue import load_framework
from psn_desktop.domain.model import Action, Device, DeviceType, FindingSource
from psn_desktop.domain.readiness import assess
from psn_desktop.domain.support import load_support_data

AS_OF = date(2026, 11, 23)
SUPPORT = load_support_data()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "windows"


def estate(tmp_path: Path) -> Path:
    path = tmp_path / "estate.csv"
    path.write_text("Name,Operating system,Version,Edition\n"
                    "TILL-PC,Windows 7 Professional,,\n"
                    "RECEPTION-2,Windows 10,22H2,Pro\n"
                    "OFFICE-PC-09,Windows 11,23H2,Pro\n"
                    "HEAD-PC,Windows 11,25H2,Enterprise\n", encoding="utf-8")
    return path


def device_issues(workspace) -> list[str]:
    readiness = assess(workspace.load(), load_framework("psn-coco"), AS_OF)
    return [i.message for i in readiness.blockers if i.code == "device-unsupported"]


def test_estate_with_windows_7_10_and_11_23h2_gives_three_findings(empty_workspace,
                                                                   tmp_path: Path) -> None:
    outcome = import_estate(empty_workspace, estate(tmp_path), as_of=AS_OF, support=SUPPORT)
    assert (outcome.added, outcome.updated, outcome.errors) == (4, 0, [])
    findings = empty_workspace.findings()
    assert len(findings) == 3
    devices = {d.id: d.name for d in empty_workspace.devices()}
    for finding in findings:
        assert finding.source is FindingSource.ESTATE
        assert finding.requirement_ids == ["psn-coco:PAT-01"]
        assert len(finding.device_ids) == 1 and finding.device_ids[0] in devices
        assert devices[finding.device_ids[0]] in finding.title
        assert "security updates" in finding.detail
        assert finding.date_found == AS_OF
    titles = " ".join(f.title for f in findings)
    assert "Windows 7" in titles and "Windows 10 22H2" in titles and "Windows 11 23H2" in titles
    assert "HEAD-PC" not in titles
    # Each finding blocks until it has an action; then the plan is credible.
    assert len(device_issues(empty_workspace)) == 3
    for finding in findings:
        empty_workspace.save_action(Action(finding.id or 0, "IT provider",
                                           AS_OF + timedelta(days=60)))
    assert device_issues(empty_workspace) == []


def test_reimport_does_not_duplicate(empty_workspace, tmp_path: Path) -> None:
    path = estate(tmp_path)
    import_estate(empty_workspace, path, as_of=AS_OF, support=SUPPORT)
    first = empty_workspace.findings()
    empty_workspace.save_action(Action(first[0].id or 0, "Dana", AS_OF + timedelta(days=30)))
    again = import_estate(empty_workspace, path, as_of=AS_OF, support=SUPPORT)
    assert (again.added, again.updated) == (0, 4)
    assert len(empty_workspace.devices()) == 4
    assert [f.id for f in empty_workspace.findings()] == [f.id for f in first]
    assert again.findings.added == []
    assert len(empty_workspace.actions()) == 1


def test_existing_finding_for_a_device_is_respected(demo_workspace) -> None:
    # The demo's RECEPTION-PC already has a Windows 10 finding with an action.
    before = demo_workspace.findings()
    changes = save_estate_findings(demo_workspace, AS_OF, SUPPORT)
    assert changes.added == [] and demo_workspace.findings() == before


def test_depends_on_edition_makes_no_finding(empty_workspace) -> None:
    outcome = EstateImport()
    save_devices(empty_workspace, ImportResult(devices=[
        Device("LAB-1", DeviceType.DESKTOP, "windows-11", "24H2", "")]), outcome)
    changes = save_estate_findings(empty_workspace, AS_OF, SUPPORT)
    assert changes.added == []


def collected(name: str):
    return read_collector_file(FIXTURES / "collector" / name, AS_OF, SUPPORT).report


def test_collector_report_becomes_device_findings_and_evidence(empty_workspace) -> None:
    report = collected("ACCUEIL-PC.psn-device.json")
    saved = save_scan(empty_workspace, report, support=SUPPORT)
    devices = empty_workspace.devices()
    assert [(d.name, d.os_product, d.os_version, d.os_edition, d.device_type) for d in devices] \
        == [("ACCUEIL-PC", "windows-10", "22H2", "home-pro", DeviceType.LAPTOP)]
    assert devices[0].extended_updates is False
    findings = empty_workspace.findings()
    by_requirement = {r: f for f in findings for r in f.requirement_ids}
    assert "psn-coco:PAT-01" in by_requirement  # Windows 10 without ESU
    assert "psn-coco:REM-02" in by_requirement  # disk not encrypted
    assert "psn-coco:MED-02" in by_requirement  # AutoPlay on
    assert "psn-coco:BND-01" not in by_requirement  # French netsh: all on
    assert all(f.device_ids == [saved.device_id] for f in findings)
    use = saved.evidence
    assert use is not None and use.document_date == AS_OF
    assert {"psn-coco:PAT-01", "psn-coco:BND-01", "psn-coco:MAL-01"} <= set(use.requirement_ids)
    text = empty_workspace.evidence_path(use.sha256).read_text("utf-8")
    assert "ACCUEIL-PC" in text and "[FAIL] System disk encrypted" in text
    assert empty_workspace.original_changed(use.sha256) is None

    again = save_scan(empty_workspace, report, support=SUPPORT)
    assert again.findings.added == [] and again.device_id == saved.device_id
    assert len(empty_workspace.findings()) == len(findings)
