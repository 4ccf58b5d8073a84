"""Turn problems into findings the remediation plan can act on, without duplicates.

Each unsupported system and each failed check becomes one Finding linked to its requirement
and its device, so the readiness rule "an unsupported device with no action" is satisfied
the moment an action is added. Re-importing the same estate or scanning the same PC again
updates the finding already there (matched by device and requirement, or by the scan's
reference) instead of adding another, so actions already planned stay attached.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from psn_desktop.checks.base import requirement
from psn_desktop.checks.report_text import scan_as_text
from psn_desktop.checks.result import CheckStatus
from psn_desktop.checks.scan import ScanReport
from psn_desktop.domain.dates import uk_date
from psn_desktop.domain.model import (
    Device,
    DeviceType,
    EvidenceUse,
    Finding,
    FindingSource,
    Severity,
)
from psn_desktop.domain.support import (
    SupportData,
    SupportState,
    SupportVerdict,
    edition_words,
    support_status,
)
from psn_desktop.workspace.store import Workspace

UNSUPPORTED_REQUIREMENT = requirement("PAT-01")


def device_verdict(device: Device, as_of: date, support: SupportData) -> SupportVerdict | None:
    if not device.os_product:
        return None
    return support_status(device.os_product, device.os_version or None,
                          device.os_edition or None, as_of,
                          extended_updates=device.extended_updates, data=support)


def device_label(device: Device, support: SupportData) -> str:
    """The system's name as a user knows it, e.g. "Windows 11 23H2 Home and Pro"."""
    entries = support.find(device.os_product, None)
    rule = None if entries else support.rule_for(device.os_product)
    name = entries[0].product_name if entries else rule.product_name if rule else \
        device.os_product
    parts = [name]
    if device.os_version and (not entries or any(e.version for e in entries)) and not rule:
        parts.append(device.os_version)
    if device.os_edition and entries and any(e.editions != "all" for e in entries):
        parts.append(edition_words(device.os_edition) or device.os_edition)
    return " ".join(parts)


def unsupported_finding(device: Device, verdict: SupportVerdict, as_of: date,
                        support: SupportData, source: FindingSource) -> Finding:
    label = device_label(device, support)
    return Finding(
        title=f"{device.name} runs {label}, which no longer gets security updates",
        source=source, severity=Severity.HIGH, requirement_ids=[UNSUPPORTED_REQUIREMENT],
        device_ids=[device.id] if device.id is not None else [], date_found=as_of,
        detail=verdict.reason, reference=f"unsupported:{device.os_product}",
    )


def _covered(findings: list[Finding], device_id: int | None, requirement_id: str) -> Finding | None:
    return next((f for f in findings if device_id in f.device_ids
                 and requirement_id in f.requirement_ids), None)


@dataclass
class FindingChanges:
    added: list[Finding] = field(default_factory=list)
    updated: list[Finding] = field(default_factory=list)


def save_estate_findings(workspace: Workspace, as_of: date, support: SupportData,
                         *, device_ids: list[int] | None = None,
                         source: FindingSource = FindingSource.ESTATE) -> FindingChanges:
    """A finding for each unsupported device (only ``device_ids`` if given), never twice."""
    data = workspace.load()
    changes = FindingChanges()
    findings = list(data.findings)
    for device in data.devices:
        if device_ids is not None and device.id not in device_ids:
            continue
        verdict = device_verdict(device, as_of, support)
        if verdict is None or verdict.state is not SupportState.NO:
            continue
        fresh = unsupported_finding(device, verdict, as_of, support, source)
        existing = _covered(findings, device.id, UNSUPPORTED_REQUIREMENT)
        if existing is None:
            workspace.save_finding(fresh)
            findings.append(fresh)
            changes.added.append(fresh)
        elif existing.reference.startswith("unsupported:") and (
                existing.title, existing.detail) != (fresh.title, fresh.detail):
            existing.title, existing.detail = fresh.title, fresh.detail
            workspace.save_finding(existing)
            changes.updated.append(existing)
    return changes


def device_from_scan(report: ScanReport) -> Device:
    os_result = report.result("operating-system")
    facts = os_result.facts if os_result else {}
    try:
        device_type = DeviceType(str(facts.get("device_type") or "desktop"))
    except ValueError:
        device_type = DeviceType.DESKTOP
    esu = facts.get("extended_updates")
    return Device(name=report.computer_name or "This computer", device_type=device_type,
                  os_product=str(facts.get("product") or ""),
                  os_version=str(facts.get("version") or ""),
                  os_edition=str(facts.get("edition") or ""),
                  extended_updates=esu if isinstance(esu, bool) else None, source="scan")


def merge_device(workspace: Workspace, device: Device) -> int:
    """Save ``device``, updating the one with the same name (any case) if there is one."""
    for existing in workspace.devices():
        if existing.name.strip().lower() == device.name.strip().lower():
            device.id = existing.id
            device.owner = device.owner or existing.owner
            device.location = device.location or existing.location
            if not device.os_product:
                device.os_product, device.os_version, device.os_edition = (
                    existing.os_product, existing.os_version, existing.os_edition)
            if device.extended_updates is None:
                device.extended_updates = existing.extended_updates
            break
    return workspace.save_device(device)


@dataclass
class ScanSaved:
    device_id: int
    findings: FindingChanges
    evidence: EvidenceUse | None


def save_scan(workspace: Workspace, report: ScanReport, *, support: SupportData,
              source_label: str = "Scan") -> ScanSaved:
    """Record a scan: the device, a finding per failed check, and the report as evidence."""
    device = device_from_scan(report)
    device_id = merge_device(workspace, device)
    changes = save_estate_findings(workspace, report.as_of, support, device_ids=[device_id],
                                   source=FindingSource.SCAN)
    findings = workspace.findings()
    for result in report.results:
        if result.status is not CheckStatus.FAIL or result.check_id == "operating-system":
            continue
        reference = f"scan:{result.check_id}"
        primary = result.requirement_ids[0] if result.requirement_ids else ""
        existing = next((f for f in findings if f.reference == reference
                         and device_id in f.device_ids), None)
        title = f"{device.name}: {result.title.lower()} — not met"
        if existing is None:
            if primary and _covered(findings, device_id, primary):
                continue  # already a finding for this device and requirement
            finding = Finding(title, FindingSource.SCAN, result.severity,
                              list(result.requirement_ids), [device_id], report.as_of,
                              result.explanation, reference)
            workspace.save_finding(finding)
            findings.append(finding)
            changes.added.append(finding)
        elif existing.detail != result.explanation:
            existing.detail = result.explanation
            existing.severity = result.severity
            workspace.save_finding(existing)
            changes.updated.append(existing)
    evidence = attach_scan_evidence(workspace, report, source_label)
    return ScanSaved(device_id, changes, evidence)


def attach_scan_evidence(workspace: Workspace, report: ScanReport,
                         source_label: str = "Scan") -> EvidenceUse | None:
    requirement_ids = sorted({r for result in report.results for r in result.requirement_ids})
    if not requirement_ids or not report.results:
        return None
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in report.computer_name)
    # Kept in the workspace folder, so the "original" of the evidence never goes missing.
    folder = workspace.folder / "scans"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = report.started_at.replace(":", "").replace("+0000", "").replace("-", "")[:15]
    path = folder / f"scan-{safe or 'computer'}-{report.as_of.isoformat()}-{stamp}.txt"
    path.write_text(scan_as_text(report), encoding="utf-8", newline="\n")
    return workspace.attach_evidence(
        path, requirement_ids,
        title=f"{source_label} of {report.computer_name} on {uk_date(report.as_of)}",
        document_date=report.as_of)
