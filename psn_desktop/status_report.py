"""Readiness as text for a terminal and as JSON for scripts (``psn-desktop status``)."""

from __future__ import annotations

from typing import Any

from psn_desktop.domain.dates import uk_date
from psn_desktop.domain.model import WorkspaceData
from psn_desktop.domain.readiness import AreaStatus, Readiness

_AREA_WORDS = {
    AreaStatus.NOT_STARTED: "not started",
    AreaStatus.IN_PROGRESS: "in progress",
    AreaStatus.COMPLETED: "completed",
}


def status_as_dict(data: WorkspaceData, readiness: Readiness) -> dict[str, Any]:
    return {
        "workspace": data.info.id,
        "organisation": data.organisation.name,
        "framework": {"id": readiness.framework_id, "title": readiness.framework_title,
                      "version": readiness.framework_version},
        "as_of": readiness.as_of.isoformat(),
        "ready": readiness.ready,
        "verdict": readiness.verdict,
        "completion_percent": readiness.completion,
        "met_percent": readiness.met,
        "areas": [
            {"id": area.area.id, "title": area.area.title, "status": area.status.value,
             "completed": area.completed, "total": area.total,
             "requirements": [{"id": r.requirement.qualified_id, "status": r.status.value}
                              for r in area.requirements]}
            for area in readiness.areas
        ],
        "blockers": [{"code": i.code, "message": i.message, "target": i.target}
                     for i in readiness.blockers],
        "warnings": [{"code": i.code, "message": i.message, "target": i.target}
                     for i in readiness.warnings],
    }


def status_as_text(data: WorkspaceData, readiness: Readiness) -> str:
    name = data.organisation.name or "(organisation not named yet)"
    lines = [
        f"{name}",
        f"{readiness.framework_title}, version {readiness.framework_version}",
        f"As of {uk_date(readiness.as_of)}",
        "",
        readiness.verdict,
        f"Answered: {readiness.completion}%   Met or not applicable: {readiness.met}%",
        "",
        "Areas:",
    ]
    width = max((len(a.area.title) for a in readiness.areas), default=10)
    for area in readiness.areas:
        lines.append(f"  {area.area.title:<{width}}  {area.completed:>2}/{area.total:<2} "
                     f"{_AREA_WORDS[area.status]}")
    if readiness.blockers:
        lines += ["", "To sort out before you can submit:"]
        lines += [f"  - {issue.message}" for issue in readiness.blockers]
    if readiness.warnings:
        lines += ["", "Worth looking at:"]
        lines += [f"  - {issue.message}" for issue in readiness.warnings]
    return "\n".join(lines)
