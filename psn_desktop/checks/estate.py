"""Bring a whole estate into a workspace: a spreadsheet, a collector file or a folder of them.

The one entry point the CLI and the GUI share. Devices are matched by name (any case), so
importing the same list twice updates rather than doubles it; unsupported systems then get
one finding each, and collector files also bring their check results, findings and
evidence just as a scan of that PC would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from psn_desktop.checks.asset_columns import Mapping
from psn_desktop.checks.asset_import import ImportResult, RowError, import_table_file
from psn_desktop.checks.collector import (
    CollectorProblem,
    describe,
    read_collector_file,
    read_collector_folder,
)
from psn_desktop.checks.findings import (
    FindingChanges,
    merge_device,
    save_estate_findings,
    save_scan,
)
from psn_desktop.domain.support import SupportData
from psn_desktop.workspace.store import Workspace


@dataclass
class EstateImport:
    """What an import did, for the summary the user reads."""

    added: int = 0
    updated: int = 0
    device_ids: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    findings: FindingChanges = field(default_factory=FindingChanges)
    collected: list[str] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.added + self.updated


def is_collector_file(path: Path) -> bool:
    return path.suffix.lower() == ".json"


def import_estate(workspace: Workspace, source: Path, *, as_of: date, support: SupportData,
                  mapping: Mapping | None = None) -> EstateImport:
    source = Path(source)
    outcome = EstateImport()
    if source.is_dir():
        folder = read_collector_folder(source, as_of, support)
        outcome.errors += [RowError(0, p) for p in folder.problems]
        for collected in folder.files:
            _save_collected(workspace, collected.report, support, outcome)
            outcome.collected.append(describe(collected))
        return outcome
    if not source.exists():
        outcome.errors.append(RowError(0, f"{source} does not exist. Check the name and "
                                       "folder of the file."))
        return outcome
    if is_collector_file(source):
        try:
            collected = read_collector_file(source, as_of, support)
        except CollectorProblem as problem:
            outcome.errors.append(RowError(0, str(problem)))
            return outcome
        _save_collected(workspace, collected.report, support, outcome)
        outcome.collected.append(describe(collected))
        return outcome
    result, _table = import_table_file(source, mapping)
    save_devices(workspace, result, outcome)
    outcome.findings = save_estate_findings(workspace, as_of, support,
                                            device_ids=outcome.device_ids)
    return outcome


def save_devices(workspace: Workspace, result: ImportResult, outcome: EstateImport) -> None:
    """Save good rows in one transaction, updating devices with the same name."""
    outcome.errors += result.errors
    outcome.notes += result.notes
    existing = {d.name.strip().lower(): d for d in workspace.devices()}
    to_save = []
    for device in result.devices:
        before = existing.get(device.name.strip().lower())
        if before is not None:
            device.id = before.id
            device.owner = device.owner or before.owner
            device.location = device.location or before.location
            outcome.updated += 1
        else:
            outcome.added += 1
        to_save.append(device)
    if to_save:
        outcome.device_ids += workspace.save_devices(to_save)


def _save_collected(workspace: Workspace, report, support: SupportData,
                    outcome: EstateImport) -> None:
    known = {d.name.strip().lower() for d in workspace.devices()}
    saved = save_scan(workspace, report, support=support, source_label="Collector report")
    if report.computer_name.strip().lower() in known:
        outcome.updated += 1
    else:
        outcome.added += 1
    outcome.device_ids.append(saved.device_id)
    outcome.findings.added += saved.findings.added
    outcome.findings.updated += saved.findings.updated


__all__ = ["EstateImport", "import_estate", "merge_device"]
