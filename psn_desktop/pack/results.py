"""``data/results.json``: the pack's facts for machines, in a versioned, documented shape.

An assessor's script, a portal or next year's PSN Desktop can read the answers, the plan and
the evidence index without parsing a PDF. The shape is fixed by
``resources/schemas/results-v1.schema.json``; a change that would break a reader gets a new
version rather than an edit. Nothing here depends on when or where the pack was built (no
clock time, no paths of this PC), so the same workspace and date give the same bytes.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from typing import Any

import jsonschema

from psn_desktop.domain.model import Action, Finding, PersonRole
from psn_desktop.pack.contents import APP_NAME, PackContents
from psn_desktop.resource_files import resource_path

RESULTS_FORMAT = "psn-desktop-results"
RESULTS_VERSION = 1
SCHEMA_FILE = "results-v1.schema.json"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _action(action: Action, as_of: date) -> dict[str, Any]:
    return {
        "id": action.id,
        "owner": action.owner,
        "target_date": _iso(action.target_date),
        "status": action.status.value,
        "overdue": action.is_overdue(as_of),
        "reason": action.reason,
        "notes": action.notes,
    }


def _finding(contents: PackContents, finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.id,
        "title": finding.title,
        "source": finding.source.value,
        "severity": finding.severity.value,
        "reference": finding.reference,
        "requirement_ids": list(finding.requirement_ids),
        "device_ids": list(finding.device_ids),
        "date_found": _iso(finding.date_found),
        "detail": finding.detail,
        "actions": [_action(a, contents.as_of) for a in contents.data.actions_for(finding.id)],
    }


def results_dict(contents: PackContents) -> dict[str, Any]:
    data = contents.data
    readiness = contents.readiness
    org = data.organisation
    sign_off = contents.sign_off
    people = {
        role.value: {"name": p.name, "job_title": p.job_title, "email": p.email,
                     "phone": p.phone, "company": p.company}
        for role in PersonRole if (p := data.people.get(role)) is not None
    }
    return {
        "format": RESULTS_FORMAT,
        "version": RESULTS_VERSION,
        "generator": {"name": APP_NAME, "version": contents.app_version},
        "workspace_id": data.info.id,
        "as_of": contents.as_of.isoformat(),
        "as_of_source": contents.as_of_source,
        "organisation": {
            "name": org.name,
            "type": org.org_type.value if org.org_type else None,
            "urn": org.urn,
            "ods_code": org.ods_code,
            "address": {"line1": org.address.line1, "line2": org.address.line2,
                        "town": org.address.town, "postcode": org.address.postcode},
        },
        "people": people,
        "framework": {
            "id": contents.framework.id,
            "title": contents.framework.title,
            "version": contents.framework.version,
            "reviewed": contents.framework.reviewed.isoformat(),
        },
        "readiness": {
            "ready": readiness.ready,
            "verdict": readiness.verdict,
            "completion_percent": readiness.completion,
            "met_percent": readiness.met,
            "blockers": [{"code": i.code, "message": i.message, "target": i.target}
                         for i in readiness.blockers],
            "warnings": [{"code": i.code, "message": i.message, "target": i.target}
                         for i in readiness.warnings],
        },
        "notes": list(contents.notes),
        "areas": [
            {
                "id": area.area.id,
                "title": area.area.title,
                "status": area.status.value,
                "completed": area.completed,
                "total": area.total,
                "requirements": [
                    {
                        "id": r.requirement.qualified_id,
                        "title": r.requirement.title,
                        "status": r.status.value,
                        "derived": r.derived,
                        "answer": None if r.answer is None else {
                            "status": r.answer.status.value,
                            "reason": r.answer.reason,
                            "notes": r.answer.notes,
                            "answered_on": _iso(r.answer.answered_on),
                        },
                        "evidence": contents.evidence_names(r.requirement.qualified_id),
                        **({} if r.reuse is None else {
                            "reused_from": [s.requirement.qualified_id
                                            for s in r.reuse.sources],
                            "missing": list(r.missing),
                        }),
                    }
                    for r in area.requirements
                ],
            }
            for area in readiness.areas
        ],
        "scope": {
            "environment_name": data.scope.environment_name,
            "user_count": data.scope.user_count,
            "site_count": data.scope.site_count,
            "ip_ranges": list(data.scope.ip_ranges),
            "psn_services_hosted": list(data.scope.psn_services_hosted),
            "description": data.scope.description,
        },
        "connection": {
            "route": data.connection.route.value if data.connection.route else None,
            "provider_name": data.connection.provider_name,
            "gateway": data.connection.gateway,
            "remote_ranges": list(data.connection.remote_ranges),
            "local_identity": data.connection.local_identity,
            "auth_method": data.connection.auth_method.value,
            "split_tunnel_reason": data.connection.split_tunnel_reason,
        },
        "cloud_services": [
            {"name": s.name, "purpose": s.purpose, "assessed": s.assessed, "notes": s.notes}
            for s in sorted(data.cloud_services, key=lambda s: (s.name.casefold(), s.id or 0))
        ],
        "devices": [
            {
                "id": row.device.id,
                "name": row.device.name,
                "type": row.device.device_type.value,
                "os_product": row.device.os_product,
                "os_version": row.device.os_version,
                "os_edition": row.device.os_edition,
                "extended_updates": row.device.extended_updates,
                "owner": row.device.owner,
                "location": row.device.location,
                "support": {"state": row.verdict.state.value, "reason": row.verdict.reason,
                            "end_date": _iso(row.verdict.end_date)},
            }
            for row in contents.devices
        ],
        "health_check": {
            "provider": data.health_check.provider,
            "date": _iso(data.health_check.check_date),
            "scope": data.health_check.scope,
            "report": (contents.evidence_by_sha()[data.health_check.report_sha256].path
                       if data.health_check.report_sha256 in contents.evidence_by_sha()
                       else None),
        },
        "findings": [_finding(contents, f) for f in
                     sorted(data.findings, key=lambda f: (f.severity.rank, f.id or 0))],
        "evidence": [
            {
                "path": item.path,
                "sha256": item.sha256,
                "size": item.size,
                "media_type": item.media_type,
                "original_name": item.original_name,
                "requirement_ids": item.requirement_ids,
                **({"reused": True} if item.reused else {}),
                "uses": [{"title": u.title, "requirement_ids": list(u.requirement_ids),
                          "document_date": _iso(u.document_date)} for u in item.uses],
            }
            for item in contents.evidence
        ],
        "sign_off": None if sign_off is None else {
            "name": sign_off.name, "role": sign_off.role,
            "signed_on": sign_off.signed_on.isoformat(), "declared": sign_off.declared,
        },
        "signing": {
            "status": "signed" if contents.signer.signed else "unsigned",
            "algorithm": contents.signer.algorithm if contents.signer.signed else None,
            "public_key": contents.signer.public_key or None,
            "fingerprint": contents.signer.fingerprint or None,
            "reason": contents.signer.reason,
        },
    }


def results_json(contents: PackContents) -> bytes:
    return (json.dumps(results_dict(contents), indent=2, ensure_ascii=False) + "\n").encode()


@cache
def results_schema() -> dict[str, Any]:
    with open(resource_path("schemas", SCHEMA_FILE), encoding="utf-8") as handle:
        return json.load(handle)


def schema_problems(document: Any) -> list[str]:
    """Every way ``document`` breaks the schema, each as 'where: what', sorted."""
    validator = jsonschema.Draft202012Validator(results_schema(),
                                                format_checker=jsonschema.FormatChecker())
    problems = []
    for error in validator.iter_errors(document):
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        problems.append(f"{where}: {error.message}")
    return sorted(problems)
