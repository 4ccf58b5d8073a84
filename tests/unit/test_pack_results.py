"""results.json: every fact of the demo, valid against its versioned schema, and nothing of
this PC (no paths, no clock) in it."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from psn_desktop.domain.catalogue import load_framework
from psn_desktop.pack.contents import AsOfSource, SignerInfo, gather
from psn_desktop.pack.plan_csv import plan_csv
from psn_desktop.pack.results import results_dict, results_json, results_schema, schema_problems
from psn_desktop.workspace.store import Workspace

SIGNER = SignerInfo(True, "Ed25519", "A" * 43 + "=", "0000 1111 2222 3333 4444 5555 6666 7777 "
                                                     "8888 9999")


@pytest.fixture
def document(demo_workspace: Workspace, as_of: date) -> dict:
    contents = gather(demo_workspace.load(), load_framework("psn-coco"), as_of,
                      AsOfSource.GIVEN, SIGNER)
    return json.loads(results_json(contents))


def test_demo_results_match_the_schema(document: dict):
    jsonschema.Draft202012Validator.check_schema(results_schema())
    assert schema_problems(document) == []


def test_every_applicable_requirement_and_evidence_file_is_there(document: dict,
                                                                 demo_workspace: Workspace):
    data = demo_workspace.load()
    ids = [r["id"] for area in document["areas"] for r in area["requirements"]]
    framework = load_framework("psn-coco")
    assert ids == [r.qualified_id for r in framework.applicable("school")
                   if any(a.id == r.area for a in framework.areas)]
    assert {e["sha256"] for e in document["evidence"]} == set(data.evidence_files)
    assert all(e["path"].startswith("data/evidence/") for e in document["evidence"])
    assert document["signing"] == {"status": "signed", "algorithm": "Ed25519",
                                   "public_key": SIGNER.public_key,
                                   "fingerprint": SIGNER.fingerprint, "reason": ""}


def test_nothing_about_this_pc_is_recorded(document: dict, demo_workspace: Workspace):
    text = json.dumps(document)
    assert str(Path(demo_workspace.folder).resolve()) not in text
    assert "original_path" not in text
    assert str(Path.home()) not in text


@pytest.mark.parametrize("breakage", [
    lambda d: d.pop("evidence"),
    lambda d: d["evidence"][0].update(sha256="not-a-hash"),
    lambda d: d["areas"][0]["requirements"][0].update(id="BND-01"),
    lambda d: d["readiness"].update(met_percent=140),
    lambda d: d.update(version=2),
    lambda d: d["signing"].update(status="signed", public_key=None),
    lambda d: d.update(surprise=True),
])
def test_the_schema_catches_breakage(document: dict, breakage):
    broken = copy.deepcopy(document)
    breakage(broken)
    assert schema_problems(broken)


def test_results_are_the_same_bytes_for_the_same_inputs(demo_workspace: Workspace, as_of: date):
    framework = load_framework("psn-coco")
    first = results_json(gather(demo_workspace.load(), framework, as_of, AsOfSource.GIVEN,
                                SIGNER))
    second = results_json(gather(demo_workspace.load(), framework, as_of, AsOfSource.GIVEN,
                                 SIGNER))
    assert first == second


def test_plan_csv_has_every_action_and_defuses_formulas(demo_workspace: Workspace, as_of: date):
    from psn_desktop.domain.model import Action, Finding, FindingSource, Severity

    demo_workspace.save_finding(Finding("=HYPERLINK(\"http://x\")", FindingSource.HEALTH_CHECK,
                                        Severity.LOW))
    demo_workspace.save_finding(Finding("Late fix", FindingSource.SCAN, Severity.INFO),
                                Action(0, "Sam", date(2026, 1, 5)))
    data = demo_workspace.load()
    contents = gather(data, load_framework("psn-coco"), as_of, AsOfSource.GIVEN, SIGNER)
    text = plan_csv(contents).decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("finding_id,reference,finding,severity")
    assert len(lines) - 1 == len(data.actions) + sum(
        1 for f in data.findings if not data.actions_for(f.id))
    assert "'=HYPERLINK" in text
    late = next(line for line in lines if "Late fix" in line).split(",")
    assert late[10:13] == ["2026-01-05", "planned", "yes"]  # target, status, overdue
    critical = lines[1].split(",")
    assert critical[3] == "critical"  # most severe first
    assert results_dict(contents)["findings"][0]["severity"] == "critical"
