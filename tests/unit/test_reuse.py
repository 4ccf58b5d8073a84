"""Reuse: an answer or file given once shows as provided, or partly with what is missing,
wherever the catalogues map it, and each framework's evidence index carries the file once.

The central cases run against a real workspace on disk (the store, the evidence store and
a real file), because the promise is about what a user attaches, not about dataclasses.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from psn_desktop.domain.catalogue import load_framework
from psn_desktop.domain.model import (
    Action,
    Answer,
    AnswerStatus,
    Finding,
    FindingSource,
    Organisation,
    OrgType,
)
from psn_desktop.domain.readiness import RequirementStatus, Severity, assess
from psn_desktop.domain.reuse import (
    MappingIndex,
    effective,
    evidence_index,
    installed_index,
    reuse_for,
)
from psn_desktop.domain.side_by_side import side_by_side
from psn_desktop.workspace.store import Workspace
from tests.unit.reuse_builders import AS_OF, answer, answer_all, attach, workspace_data

PSN = load_framework("psn-coco")
CE = load_framework("cyber-essentials")
DFE = load_framework("dfe-schools")
DSPT = load_framework("nhs-dspt-gp")


def _row(readiness, qid: str):
    return next(r for r in readiness.requirements if r.requirement.qualified_id == qid)


@pytest.fixture
def firewall_export(tmp_path: Path) -> Path:
    path = tmp_path / "originals" / "firewall-rules.csv"
    path.parent.mkdir()
    path.write_text("rule,from,to,port\n1,any,any,any,deny\n", encoding="utf-8")
    return path


def test_psn_firewall_answer_with_evidence_provides_ce_and_dfe(
    empty_workspace: Workspace, firewall_export: Path,
) -> None:
    workspace = empty_workspace
    workspace.set_organisation(Organisation("Oak School", OrgType.SCHOOL))
    workspace.set_answer(Answer("psn-coco:BND-01", AnswerStatus.MET))
    use = workspace.attach_evidence(firewall_export, ["psn-coco:BND-01"], title="Firewall rules")
    data = workspace.load()

    for framework, qid in ((CE, "cyber-essentials:FW-01"), (DFE, "dfe-schools:FW-01")):
        row = _row(assess(data, framework, AS_OF), qid)
        assert row.status is RequirementStatus.MET
        assert row.reused and row.reuse.provided and row.missing == ()
        assert [e.sha256 for e in row.evidence] == [use.sha256]
        assert row.reuse.deciding.requirement.qualified_id == "psn-coco:BND-01"
        assert row.reuse.explanation.startswith("Provided by your answer to PSN Code of ")
        # ...and that framework's pack would carry the file once, serving that requirement.
        entries = evidence_index(data, framework)
        assert [(e.sha256, e.requirement_ids, e.reused) for e in entries] == [
            (use.sha256, (qid,), True)]
        assert entries[0].file.original_name == "firewall-rules.csv"
        assert entries[0].titles == ("Firewall rules",)
        assert workspace.evidence_path(use.sha256).read_bytes() == firewall_export.read_bytes()

    # The PSN's own view is unchanged: a direct answer, with the file.
    psn_row = _row(assess(data, PSN, AS_OF), "psn-coco:BND-01")
    assert psn_row.status is RequirementStatus.MET and not psn_row.reused


def test_one_file_serving_two_mapped_requirements_is_carried_once(
    empty_workspace: Workspace, firewall_export: Path,
) -> None:
    workspace = empty_workspace
    for qid in ("psn-coco:BND-01", "psn-coco:BND-02"):
        workspace.set_answer(Answer(qid, AnswerStatus.MET))
    first = workspace.attach_evidence(firewall_export, ["psn-coco:BND-01"])
    second = workspace.attach_evidence(firewall_export, ["psn-coco:BND-02"])
    assert first.sha256 == second.sha256
    data = workspace.load()
    entries = evidence_index(data, CE)
    assert len(entries) == 1
    assert entries[0].requirement_ids == ("cyber-essentials:FW-01", "cyber-essentials:FW-03")
    assert len(evidence_index(data, PSN)) == 1
    assert evidence_index(data, PSN)[0].reused is False


def test_answer_without_its_evidence_carries_over_as_needing_evidence() -> None:
    data = workspace_data()
    answer(data, "psn-coco:BND-01", evidence=False)
    reuse = reuse_for(data, CE.requirement("FW-01"))
    assert reuse is not None and reuse.status is RequirementStatus.NEEDS_EVIDENCE
    assert reuse.missing == tuple(f"Still to show: {e}" for e in CE.requirement("FW-01").evidence)
    assert reuse.evidence == ()


def test_partly_mapping_shows_partly_covered_with_the_gap() -> None:
    data = workspace_data()
    answer(data, "psn-coco:ACC-04")  # a yearly access check: partly what CE UA-05 asks
    reuse = reuse_for(data, CE.requirement("UA-05"))
    assert reuse is not None
    assert reuse.status is RequirementStatus.PARTLY_PROVIDED and not reuse.provided
    gap = next(m.gap for m in PSN.requirement("ACC-04").maps_to
               if m.id == "cyber-essentials:UA-05")
    assert reuse.missing == (gap,)
    assert reuse.explanation.startswith("Partly covered by your answer to")
    assert [u.sha256 for u in reuse.evidence] == [data.evidence_uses[0].sha256]
    row = _row(assess(data, CE, AS_OF), "cyber-essentials:UA-05")
    assert row.status is RequirementStatus.PARTLY_PROVIDED and not row.status.complete


def test_partly_mapping_without_gap_text_lists_what_the_target_asks_for() -> None:
    data = workspace_data()
    answer(data, "psn-coco:PAT-03")  # automatic updates: partly CE's 14-day rule, no gap text
    reuse = reuse_for(data, CE.requirement("UP-02"))
    assert reuse.status is RequirementStatus.PARTLY_PROVIDED
    assert reuse.missing == tuple(f"Still to show: {e}" for e in CE.requirement("UP-02").evidence)
    # ...while the same answer fully provides CE's own automatic-updates requirement.
    assert reuse_for(data, CE.requirement("UP-03")).status is RequirementStatus.MET


def test_same_mapping_carries_not_met_and_partly_answers_with_their_reasons() -> None:
    data = workspace_data()
    answer(data, "psn-coco:PAT-02", AnswerStatus.NOT_MET, "Servers are patched monthly.")
    answer(data, "psn-coco:AUT-01", AnswerStatus.PARTLY, "The MIS has no second check yet.")
    not_met = reuse_for(data, CE.requirement("UP-02"))
    assert not_met.status is RequirementStatus.NOT_MET
    assert not_met.missing == ("Servers are patched monthly.",)
    assert not_met.evidence == ()  # a 'not met' file proves nothing elsewhere
    partly = reuse_for(data, DFE.requirement("AU-01"))
    assert partly.status is RequirementStatus.PARTLY and partly.status.complete
    assert partly.missing == ("The MIS has no second check yet.",)
    assert len(partly.evidence) == 1


def test_not_met_says_nothing_through_a_partly_mapping() -> None:
    data = workspace_data()
    answer(data, "psn-coco:PAT-03", AnswerStatus.NOT_MET, "Updates are manual.")
    assert reuse_for(data, CE.requirement("UP-02")) is None
    assert reuse_for(data, CE.requirement("UP-03")).status is RequirementStatus.NOT_MET


def test_a_direct_answer_always_wins() -> None:
    data = workspace_data()
    answer(data, "psn-coco:BND-01")
    answer(data, "dfe-schools:FW-01", AnswerStatus.NOT_MET, "The new site has no firewall yet.")
    row = _row(assess(data, DFE, AS_OF), "dfe-schools:FW-01")
    assert row.status is RequirementStatus.NOT_MET and not row.reused
    state = effective(data, DFE.requirement("FW-01"))
    assert state.reuse is None and state.answer.reason.startswith("The new site")


def test_the_best_answer_decides_and_disagreement_is_flagged() -> None:
    data = workspace_data()
    answer(data, "psn-coco:AUT-01")
    answer(data, "cyber-essentials:UA-03", AnswerStatus.NOT_MET, "Finance system has no MFA.")
    reuse = reuse_for(data, DFE.requirement("AU-01"))
    assert reuse.status is RequirementStatus.MET
    assert reuse.deciding.requirement.qualified_id == "psn-coco:AUT-01"
    assert [c.requirement.qualified_id for c in reuse.conflicts] == ["cyber-essentials:UA-03"]
    warnings = [i for i in assess(data, DFE, AS_OF).warnings if i.code == "answers-disagree"]
    assert len(warnings) == 1 and warnings[0].target == "dfe-schools:AU-01"
    assert "disagree" in warnings[0].message and warnings[0].severity is Severity.WARNING


def test_reuse_works_in_every_direction_the_catalogues_map() -> None:
    data = workspace_data(OrgType.GP_SURGERY)
    answer(data, "cyber-essentials:FW-01")
    answer(data, "cyber-essentials:MW-01")
    readiness = assess(data, DSPT, AS_OF)
    assert _row(readiness, "nhs-dspt-gp:ITP-01").status is RequirementStatus.MET
    assert _row(readiness, "nhs-dspt-gp:INC-03").status is RequirementStatus.MET
    # ...and back into the PSN from Cyber Essentials.
    assert _row(assess(data, PSN, AS_OF), "psn-coco:BND-01").reused


def test_readiness_of_direct_answers_is_unchanged_by_the_new_catalogues(demo_workspace) -> None:
    data = demo_workspace.load()
    alone = assess(data, PSN, AS_OF, index=MappingIndex([PSN]))
    shared = assess(data, PSN, AS_OF)
    assert [(r.requirement.id, r.status) for r in alone.requirements] == [
        (r.requirement.id, r.status) for r in shared.requirements]
    assert alone.issues == shared.issues
    assert not shared.reused


def test_mapping_index_reads_both_ends() -> None:
    index = installed_index()
    into = {link.source.qualified_id: link.strength
            for link in index.into("cyber-essentials:FW-01")}
    assert into == {"psn-coco:BND-01": "same", "dfe-schools:FW-01": "same",
                    "nhs-dspt-gp:ITP-01": "same"}
    out = {link.target.qualified_id for link in index.out_of("psn-coco:BND-01")}
    assert out == {"cyber-essentials:FW-01", "dfe-schools:FW-01"}
    assert index.requirement("nope") is None
    assert installed_index() is index


def test_a_school_that_finished_its_psn_journey_finds_most_of_the_work_done() -> None:
    """The issue's 'done when': every PSN requirement answered with evidence."""
    data = workspace_data(OrgType.SCHOOL, ("psn-coco", "cyber-essentials", "dfe-schools"))
    answer_all(data, PSN)
    summaries = {s.framework.id: s for s in side_by_side(
        data, ["psn-coco", "cyber-essentials", "dfe-schools"], AS_OF)}

    ce = summaries["cyber-essentials"]
    assert ce.answered_here == 0
    assert ce.provided_elsewhere == ce.total - 2 == 16
    assert [(r.requirement.id, r.status) for r in ce.gaps] == [
        ("FW-04", RequirementStatus.NOT_STARTED),
        ("MW-02", RequirementStatus.PARTLY_PROVIDED),
    ]
    assert ce.gaps[1].missing  # says what is still to show

    dfe = summaries["dfe-schools"]
    # Exactly the requirements no PSN requirement serves in full are left.
    served_in_full = {link.target.qualified_id for r in PSN.requirements
                      for link in installed_index().out_of(r.qualified_id)
                      if link.strength == "same"}
    expected = [r.qualified_id for r in DFE.requirements if r.qualified_id not in served_in_full]
    assert [r.requirement.qualified_id for r in dfe.gaps] == expected
    assert dfe.provided_elsewhere == dfe.total - len(expected)
    assert dfe.provided_elsewhere > dfe.total / 2
    for row in dfe.gaps:
        if row.status is RequirementStatus.PARTLY_PROVIDED:
            assert row.missing, row.requirement.id
    # Each remaining gap is named in an area blocker, nothing else is.
    blocked_areas = {i.target.split(":")[1].split("-")[0] for i in dfe.readiness.blockers
                     if i.code == "area-incomplete"}
    assert blocked_areas <= {r.requirement.id.split("-")[0] for r in dfe.gaps}


def test_evidence_index_is_sorted_by_name_and_only_follows_mappings() -> None:
    data = workspace_data()
    answer(data, "psn-coco:BND-01")
    answer(data, "psn-coco:MAL-01")
    attach(data, ["psn-coco:MAL-01"], "AAA-first.txt")
    entries = evidence_index(data, CE)
    assert [e.file.original_name for e in entries] == [
        "AAA-first.txt", "psn-coco:BND-01.txt", "psn-coco:MAL-01.txt"]
    assert [e.requirement_ids for e in entries] == [
        ("cyber-essentials:MW-01",), ("cyber-essentials:FW-01",), ("cyber-essentials:MW-01",)]
    # The toolkit is mapped from Cyber Essentials, not from the PSN: nothing reaches it.
    assert evidence_index(data, DSPT) == []


def test_reused_not_met_counts_as_planned_through_the_source(as_of) -> None:
    data = workspace_data()
    answer(data, "psn-coco:PAT-02", AnswerStatus.NOT_MET, "Monthly patching.")
    data.findings = [Finding("Slow patching", FindingSource.SELF_ASSESSED,
                             requirement_ids=["psn-coco:PAT-02"], id=1)]
    data.actions = [Action(1, "Dana", as_of + timedelta(days=30), id=1)]
    issues = assess(data, DFE, as_of).issues
    planned = [i for i in issues if i.target == "dfe-schools:UP-02"]
    assert [i.code for i in planned] == ["not-met-planned"]
