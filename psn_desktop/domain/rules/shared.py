"""Checks several frameworks make in their own way: unsupported devices, document ages, plans.

Each framework decides what a result means (Cyber Essentials fails an unsupported device
outright, the NHS toolkit and the schools standards accept a plan), so these helpers only
gather the facts and leave the wording and the severity to the framework's module.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from psn_desktop.domain.dates import add_months
from psn_desktop.domain.model import ActionStatus, Device, EvidenceUse, WorkspaceData
from psn_desktop.domain.support import SupportState, SupportVerdict, support_status

if TYPE_CHECKING:
    from psn_desktop.domain.support import SupportData


@dataclass(frozen=True)
class DeviceSupport:
    device: Device
    verdict: SupportVerdict
    planned: bool  # some action in the remediation plan covers it
    done: bool  # an action for it is marked done (replaced, upgraded or cut off)


def device_support(data: WorkspaceData, as_of: date, support: SupportData,
                   states: Iterable[SupportState] = (SupportState.NO, SupportState.DEPENDS)
                   ) -> list[DeviceSupport]:
    """Devices whose operating system is in one of ``states`` on the as-of date."""
    wanted = set(states)
    results = []
    for device in data.devices:
        if not device.os_product:
            continue
        verdict = support_status(device.os_product, device.os_version or None,
                                 device.os_edition or None, as_of,
                                 extended_updates=device.extended_updates, data=support)
        if verdict.state not in wanted:
            continue
        actions = [a for f in data.findings_for_device(device.id) for a in data.actions_for(f.id)]
        results.append(DeviceSupport(device, verdict, bool(actions),
                                     any(a.status is ActionStatus.DONE for a in actions)))
    return results


def planned(data: WorkspaceData, requirement_ids: Iterable[str]) -> bool:
    """Whether the remediation plan has an action for a finding against any of the ids."""
    return any(data.actions_for(f.id) for qid in requirement_ids
               for f in data.findings_for_requirement(qid))


def newest_document_date(evidence: Iterable[EvidenceUse], as_of: date) -> date | None:
    """The most recent date a document was made on or before the as-of date, if any."""
    dates = [u.document_date for u in evidence if u.document_date and u.document_date <= as_of]
    return max(dates) if dates else None


def older_than(document_date: date, months: int, as_of: date) -> bool:
    """True once the document no longer counts: after the same day ``months`` later."""
    return as_of > add_months(document_date, months)
