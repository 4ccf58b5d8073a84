"""Words for the plan's values, as people read them (the UI passes them through Qt's
translation with the ``model`` context)."""

from __future__ import annotations

from psn_desktop.domain.model import ActionStatus, FindingSource, Severity

SEVERITY_LABELS: dict[Severity, str] = {
    Severity.CRITICAL: "Critical",
    Severity.HIGH: "High",
    Severity.MEDIUM: "Medium",
    Severity.LOW: "Low",
    Severity.INFO: "For information",
}

SOURCE_LABELS: dict[FindingSource, str] = {
    FindingSource.HEALTH_CHECK: "IT Health Check",
    FindingSource.SCAN: "Scan of a computer",
    FindingSource.ESTATE: "Device list",
    FindingSource.SELF_ASSESSED: "Your own answer",
}

STATUS_LABELS: dict[ActionStatus, str] = {
    ActionStatus.PLANNED: "Planned",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
    ActionStatus.ACCEPTED_RISK: "Risk accepted",
}

STATUS_HINTS: dict[ActionStatus, str] = {
    ActionStatus.PLANNED: "Agreed, not started yet.",
    ActionStatus.IN_PROGRESS: "Someone is working on it.",
    ActionStatus.DONE: "Fixed, and checked where that is possible.",
    ActionStatus.ACCEPTED_RISK: "You will not fix it, and the signer agrees to the risk. Say "
                                "why.",
}
