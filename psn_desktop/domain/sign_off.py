"""Whether a signed declaration still covers what the workspace now says.

The signer declares that the answers, evidence, scope, people and plan are right *as they
were when they signed*. A change afterwards (an answer edited, a file removed, an action's
date moved) means the paper in the PSN team's hands no longer describes the submission, so
the sign-off goes out of date and the signer must look again. To say *what* changed, the
digest recorded with a sign-off (``SignOff.content_digest``) is a short digest of each part,
not one digest of everything: ``v1 answers=… evidence=… plan=…``.

Only content counts: when an answer was saved, where a file was attached from and which
page the user last looked at are left out, so looking through the app never makes a
sign-off out of date. No Qt and no I/O beyond reading the shipped catalogues.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from psn_desktop.domain.dates import uk_date
from psn_desktop.domain.model import SignOff, WorkspaceData

if TYPE_CHECKING:
    from psn_desktop.domain.readiness import Issue

VERSION = "v1"
_PART_LENGTH = 16  # hex digits per part: 64 bits, far beyond any accidental match

# (key, how the part is named in "since it was signed, … changed"), in the order shown.
PARTS: tuple[tuple[str, str], ...] = (
    ("organisation", "the organisation's details"),
    ("people", "the people named"),
    ("scope", "the scope"),
    ("connection", "the connection"),
    ("cloud", "the cloud services"),
    ("devices", "the devices"),
    ("answers", "the answers"),
    ("evidence", "the evidence"),
    ("health_check", "the IT Health Check"),
    ("plan", "the remediation plan"),
)
PART_LABELS = dict(PARTS)
# The signed declaration itself (its scan): evidence of the sign-off, not something it covers,
# so attaching it never makes the very declaration it records out of date.
SIGNATURE_REQUIREMENTS = frozenset({"psn-coco:SUB-04"})


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def relevant_requirements(framework_id: str) -> frozenset[str] | None:
    """The requirement ids whose answers a framework's readiness reads: its own, and those of
    other frameworks that map into it. None when the catalogue cannot be read (then every
    answer counts, which can only make a sign-off go out of date more readily)."""
    from psn_desktop.domain.catalogue import CatalogueError, load_framework
    from psn_desktop.domain.reuse import installed_index

    try:
        framework = load_framework(framework_id)
    except CatalogueError:
        return None
    index = installed_index()
    ids: set[str] = set()
    for requirement in framework.requirements:
        ids.add(requirement.qualified_id)
        ids.update(link.source.qualified_id for link in index.into(requirement.qualified_id))
    return frozenset(ids)


def _part_values(data: WorkspaceData, wanted: frozenset[str] | None) -> dict[str, Any]:
    def relevant(ids: Iterable[str]) -> bool:
        return wanted is None or any(i in wanted for i in ids)

    org = data.organisation
    return {
        "organisation": [org.name, org.org_type.value if org.org_type else None, org.urn,
                         org.ods_code, org.address.line1, org.address.line2, org.address.town,
                         org.address.postcode],
        "people": sorted([p.role.value, p.name, p.job_title, p.email, p.phone, p.company]
                         for p in data.people.values()),
        "scope": [data.scope.environment_name, data.scope.user_count, data.scope.site_count,
                  data.scope.ip_ranges, data.scope.psn_services_hosted, data.scope.description],
        "connection": [data.connection.route.value if data.connection.route else None,
                       data.connection.provider_name, data.connection.gateway,
                       data.connection.remote_ranges, data.connection.local_identity,
                       data.connection.auth_method.value, data.connection.split_tunnel_reason],
        "cloud": sorted([s.name, s.purpose, s.assessed, s.notes] for s in data.cloud_services),
        "devices": sorted([d.name, d.device_type.value, d.os_product, d.os_version,
                           d.os_edition, d.extended_updates, d.owner, d.location]
                          for d in data.devices),
        "answers": sorted([a.requirement_id, a.status.value, a.reason, a.notes]
                          for a in data.answers.values() if relevant([a.requirement_id])),
        "evidence": sorted([u.sha256, sorted(ids), u.title, _iso(u.document_date)]
                           for u in data.evidence_uses
                           if (ids := [i for i in u.requirement_ids
                                       if i not in SIGNATURE_REQUIREMENTS])
                           and relevant(ids)),
        "health_check": [data.health_check.provider, _iso(data.health_check.check_date),
                         data.health_check.scope, data.health_check.report_sha256],
        "plan": [sorted([f.id, f.source.value, f.title, f.severity.value,
                         sorted(f.requirement_ids), sorted(f.device_ids), _iso(f.date_found),
                         f.detail, f.reference] for f in data.findings),
                 sorted([a.id, a.finding_id, a.owner, _iso(a.target_date), a.status.value,
                         a.reason, a.notes] for a in data.actions)],
    }


def part_digests(data: WorkspaceData, framework_id: str) -> dict[str, str]:
    values = _part_values(data, relevant_requirements(framework_id))
    digests = {}
    for key, _label in PARTS:
        text = json.dumps(values[key], ensure_ascii=False, sort_keys=True, default=str)
        digests[key] = hashlib.sha256(text.encode("utf-8")).hexdigest()[:_PART_LENGTH]
    return digests


def content_digest(data: WorkspaceData, framework_id: str) -> str:
    """What a new sign-off records: ``v1 organisation=… people=… …``."""
    parts = part_digests(data, framework_id)
    return " ".join([VERSION, *(f"{key}={parts[key]}" for key, _label in PARTS)])


def parse_digest(text: str) -> dict[str, str] | None:
    """The parts of a recorded digest, or None if it is not one this version wrote."""
    words = text.split()
    if not words or words[0] != VERSION:
        return None
    parts = {}
    for word in words[1:]:
        key, sep, value = word.partition("=")
        if not sep or not value:
            return None
        parts[key] = value
    return parts


def changed_parts(recorded: str, data: WorkspaceData, framework_id: str) -> tuple[str, ...]:
    """The keys of the parts that differ from what was signed (in PARTS order)."""
    then = parse_digest(recorded)
    now = part_digests(data, framework_id)
    if then is None:
        return ("unknown",)
    return tuple(key for key, _label in PARTS if then.get(key) != now[key])


def reference(digest: str) -> str:
    """A short code printed on the declaration, so a signed paper can be matched to the
    state it describes: 12 hex digits in groups of four."""
    code = hashlib.sha256(digest.encode("utf-8")).hexdigest()[:12].upper()
    return "-".join(code[i:i + 4] for i in range(0, 12, 4))


def describe_changes(keys: Iterable[str]) -> str:
    """'the answers and the remediation plan' for a sentence."""
    labels = [PART_LABELS.get(key, "something") for key in keys]
    if not labels:
        return ""
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " and " + labels[-1]


@dataclass(frozen=True)
class SignOffState:
    """The latest declaration for one framework, and whether it still covers the workspace."""

    framework_id: str
    sign_off: SignOff | None
    changed: tuple[str, ...] = ()  # part keys changed since signing; empty when current

    @property
    def signed(self) -> bool:
        return self.sign_off is not None

    @property
    def current(self) -> bool:
        return self.sign_off is not None and not self.changed

    @property
    def out_of_date(self) -> bool:
        return self.sign_off is not None and bool(self.changed)

    @property
    def message(self) -> str:
        signed = self.sign_off
        if signed is None:
            return "The declaration has not been signed yet."
        who = ", ".join(p for p in (signed.name.strip(), signed.role.strip()) if p)
        said = f"Signed by {who} on {uk_date(signed.signed_on)}."
        if not self.changed:
            return said
        if self.changed == ("unknown",):
            return (f"{said} It is out of date: the workspace has changed since it was "
                    "signed. Ask the signer to check it and sign again.")
        return (f"{said} It is out of date: since it was signed, "
                f"{describe_changes(self.changed)} changed. Ask the signer to check the "
                "changes and sign again.")


def latest(data: WorkspaceData, framework_id: str, as_of: date) -> SignOff | None:
    """The last declaration made for the framework on or before the as-of date."""
    signed = [s for s in data.sign_offs if s.framework_id == framework_id and s.declared
              and s.signed_on <= as_of]
    return signed[-1] if signed else None


def sign_off_state(data: WorkspaceData, framework_id: str, as_of: date) -> SignOffState:
    signed = latest(data, framework_id, as_of)
    if signed is None:
        return SignOffState(framework_id, None)
    if not signed.content_digest:  # recorded before digests existed: nothing to compare
        return SignOffState(framework_id, signed)
    return SignOffState(framework_id, signed,
                        changed_parts(signed.content_digest, data, framework_id))


def stale_sign_off_issues(data: WorkspaceData, framework_id: str, as_of: date) -> list[Issue]:
    """A blocker when the latest declaration no longer covers the workspace."""
    from psn_desktop.domain.readiness import Issue

    state = sign_off_state(data, framework_id, as_of)
    if not state.out_of_date:
        return []
    return [Issue("sign-off-out-of-date", state.message, target="sign_off")]
