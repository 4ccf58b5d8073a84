"""One line per device for people: is it supported, and what to do if not.

The device table (GUI) and the task list read these, so the words and the level (which
also picks the colour) are decided once, outside Qt. The level is always written out in
the text too, never shown by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from psn_desktop.checks.findings import device_label, device_verdict
from psn_desktop.domain.dates import uk_date
from psn_desktop.domain.model import Device, WorkspaceData
from psn_desktop.domain.support import SupportData, SupportState


class Level(StrEnum):
    SUPPORTED = "supported"
    UNSUPPORTED = "unsupported"
    ASK = "ask"  # depends on something the user can find out
    UNKNOWN = "unknown"


_DEPENDS_WORDS = {"edition": "the edition", "version": "the version",
                  "extended_updates": "whether extended updates were bought"}


@dataclass(frozen=True)
class DeviceStatus:
    level: Level
    text: str  # short, for the table
    reason: str  # the full explanation, for a tooltip or the detail
    system: str  # the system's name as users know it
    planned: bool = False


def device_status(device: Device, data: WorkspaceData, as_of: date,
                  support: SupportData) -> DeviceStatus:
    system = device_label(device, support) if device.os_product else ""
    verdict = device_verdict(device, as_of, support)
    planned = any(data.actions_for(f.id) for f in data.findings_for_device(device.id))
    if verdict is None:
        return DeviceStatus(Level.UNKNOWN, "Not known: record its system",
                            "The operating system of this device is not recorded.", system)
    if verdict.state is SupportState.YES:
        until = f" until {uk_date(verdict.end_date)}" if verdict.end_date else ""
        return DeviceStatus(Level.SUPPORTED, f"Supported{until}", verdict.reason, system)
    if verdict.state is SupportState.NO:
        since = f" since {uk_date(verdict.end_date)}" if verdict.end_date else ""
        step = "in the plan" if planned else "plan a fix"
        return DeviceStatus(Level.UNSUPPORTED, f"Not supported{since}: {step}", verdict.reason,
                            system, planned)
    if verdict.state is SupportState.DEPENDS:
        words = _DEPENDS_WORDS.get(verdict.depends_on or "", "a detail")
        return DeviceStatus(Level.ASK, f"Depends on {words}: check and record it",
                            verdict.reason, system, planned)
    return DeviceStatus(Level.UNKNOWN, "Not known: check the system", verdict.reason, system)


def device_statuses(data: WorkspaceData, as_of: date,
                    support: SupportData) -> list[tuple[Device, DeviceStatus]]:
    return [(d, device_status(d, data, as_of, support)) for d in data.devices]
