"""Which frameworks a workspace should target, suggested from what we know about the organisation.

A school business manager should not have to know that the DfE publishes cyber standards, or
a practice manager that the NHS toolkit and Cyber Essentials share half their questions. The
rules are simple and said out loud in each suggestion's reason: a school is offered the DfE
standards, a GP surgery the NHS toolkit, everyone Cyber Essentials, and an organisation that
connects to the Public Services Network the PSN Code of Connection. Frameworks the workspace
already targets are kept and marked, so choosing never silently drops work.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from psn_desktop.domain.catalogue import CatalogueError, load_framework
from psn_desktop.domain.model import OrgType, WorkspaceData

PSN = "psn-coco"
CYBER_ESSENTIALS = "cyber-essentials"
DFE_SCHOOLS = "dfe-schools"
NHS_DSPT_GP = "nhs-dspt-gp"

_FOR_TYPE: dict[OrgType, tuple[str, str]] = {
    OrgType.SCHOOL: (DFE_SCHOOLS, "Schools and colleges in England are expected to meet the "
                                  "Department for Education's cyber security standards."),
    OrgType.GP_SURGERY: (NHS_DSPT_GP, "Every GP practice must publish the NHS Data Security "
                                      "and Protection Toolkit by 30 June each year."),
}
_PSN_REASON = ("You connect to the Public Services Network, which needs a Code of Connection "
               "every year.")
_COUNCIL_PSN_REASON = ("Most councils connect to the Public Services Network; keep this if "
                       "yours does.")
_EVERYONE_REASON = ("Cyber Essentials is the government-backed baseline for any organisation, "
                    "and much of it is answered by the same evidence as the others.")
_CHOSEN_REASON = "Already chosen for this workspace."


@dataclass(frozen=True)
class Suggestion:
    framework_id: str
    title: str
    reason: str
    suggested: bool  # our rules offer it for this organisation
    chosen: bool  # the workspace already targets it


def suggested_ids(org_type: OrgType | str | None, *, psn_connection: bool) -> list[str]:
    """The suggested framework ids in the order to show them: the network first (it has the
    hardest deadline), then the organisation's own sector, then Cyber Essentials."""
    return [framework_id for framework_id, _ in _reasons(_org_type(org_type), psn_connection)]


def connects_to_psn(data: WorkspaceData) -> bool:
    """A connection route or a hosted PSN service means the organisation is on the PSN."""
    return data.connection.route is not None or bool(data.scope.psn_services_hosted)


def suggest_frameworks(data: WorkspaceData,
                       installed: Iterable[str] | None = None) -> list[Suggestion]:
    """Suggestions first, in order, then frameworks chosen earlier that our rules would not
    offer (so a user sees them and can drop them). Only installed frameworks are listed."""
    available = set(installed) if installed is not None else None
    chosen = list(dict.fromkeys(data.info.frameworks))
    reasons = _reasons(data.organisation.org_type, connects_to_psn(data))
    result: list[Suggestion] = []
    listed: set[str] = set()
    for framework_id, reason in reasons:
        title = _title(framework_id, available)
        if title is None:
            continue
        result.append(Suggestion(framework_id, title, reason, True, framework_id in chosen))
        listed.add(framework_id)
    for framework_id in chosen:
        title = _title(framework_id, available)
        if framework_id in listed or title is None:
            continue
        result.append(Suggestion(framework_id, title, _CHOSEN_REASON, False, True))
        listed.add(framework_id)
    return result


def _reasons(org_type: OrgType | None, psn_connection: bool) -> list[tuple[str, str]]:
    reasons: list[tuple[str, str]] = []
    if psn_connection:
        reasons.append((PSN, _PSN_REASON))
    elif org_type is OrgType.COUNCIL:
        reasons.append((PSN, _COUNCIL_PSN_REASON))
    if org_type in _FOR_TYPE:
        reasons.append(_FOR_TYPE[org_type])
    reasons.append((CYBER_ESSENTIALS, _EVERYONE_REASON))
    return reasons


def _org_type(value: OrgType | str | None) -> OrgType | None:
    if value is None or isinstance(value, OrgType):
        return value
    try:
        return OrgType(value)
    except ValueError:
        return None


def _title(framework_id: str, available: set[str] | None) -> str | None:
    if available is not None and framework_id not in available:
        return None
    try:
        return load_framework(framework_id).title
    except CatalogueError:
        return None
