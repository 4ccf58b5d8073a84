"""The sign-off digest: every kind of change after signing marks the declaration out of date
and says what changed; looking at the workspace, or changing only bookkeeping, does not."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from psn_desktop.declaration.record import record_sign_off, sign_problems
from psn_desktop.domain.model import (
    Action,
    ActionStatus,
    Answer,
    AnswerStatus,
    CloudService,
    Device,
    Finding,
    FindingSource,
    Person,
    PersonRole,
    SignOff,
)
from psn_desktop.domain.sign_off import (
    PARTS,
    changed_parts,
    content_digest,
    describe_changes,
    parse_digest,
    reference,
    sign_off_state,
)
from psn_desktop.journey.facts import gather
from psn_desktop.journey.places import HOME, Place, save_place
from psn_desktop.workspace.store import Workspace

AS_OF = date(2026, 11, 23)


def signed(workspace: Workspace) -> Workspace:
    record_sign_off(workspace, "Priya Shah", "Headteacher", AS_OF)
    state = sign_off_state(workspace.load(), "psn-coco", AS_OF)
    assert state.current, state.message
    return workspace


def changed(workspace: Workspace) -> tuple[str, ...]:
    return sign_off_state(workspace.load(), "psn-coco", AS_OF).changed


def test_the_digest_names_every_part_and_reads_back(demo_workspace):
    data = demo_workspace.load()
    digest = content_digest(data, "psn-coco")
    parts = parse_digest(digest)
    assert digest.startswith("v1 ")
    assert list(parts) == [key for key, _label in PARTS]
    assert all(len(value) == 16 for value in parts.values())
    assert content_digest(demo_workspace.load(), "psn-coco") == digest  # stable
    assert changed_parts(digest, data, "psn-coco") == ()
    assert parse_digest("") is None and parse_digest("v9 a=b") is None
    assert parse_digest("v1 answers") is None
    assert reference(digest) == reference(digest)
    code = reference(digest)
    assert len(code) == 14 and code.count("-") == 2 and code == code.upper()


def _answer(ws: Workspace) -> None:
    ws.set_answer(Answer("psn-coco:LOG-01", AnswerStatus.NOT_APPLICABLE, "No logs kept."))


def _reason(ws: Workspace) -> None:
    answer = ws.answers()["psn-coco:MED-01"]
    ws.set_answer(replace(answer, reason=answer.reason + " Still."))


def _evidence(ws: Workspace, tmp: Path) -> None:
    path = tmp / "log-policy.txt"
    path.write_text("Logs kept 90 days.", encoding="utf-8")
    ws.attach_evidence(path, ["psn-coco:LOG-01"])


def _evidence_date(ws: Workspace) -> None:
    use = next(u for u in ws.evidence_uses() if "psn-coco:SUB-03" in u.requirement_ids)
    ws.update_evidence_use(replace(use, document_date=use.document_date - timedelta(days=1)))


def _evidence_removed(ws: Workspace) -> None:
    use = next(u for u in ws.evidence_uses() if "psn-coco:SUB-03" in u.requirement_ids)
    ws.remove_evidence_use(use.id)


def _scope(ws: Workspace) -> None:
    ws.set_scope(replace(ws.scope(), user_count=43))


def _people(ws: Workspace) -> None:
    ws.set_person(Person(PersonRole.SIRO, "Priya Shah", "Executive Headteacher",
                         "head@oakfield.example.sch.uk", "01632 960001"))


def _finding(ws: Workspace) -> None:
    ws.save_finding(Finding("Guest Wi-Fi reaches the office network",
                            FindingSource.HEALTH_CHECK))


def _action(ws: Workspace) -> None:
    action = ws.actions()[0]
    ws.save_action(replace(action, target_date=action.target_date + timedelta(days=30)))


def _action_status(ws: Workspace) -> None:
    action = next(a for a in ws.actions() if a.status is ActionStatus.PLANNED)
    ws.save_action(replace(action, status=ActionStatus.DONE))


def _organisation(ws: Workspace) -> None:
    ws.set_organisation(replace(ws.organisation(), name="Oakfield Primary Academy"))


def _health_check(ws: Workspace) -> None:
    ws.set_health_check(replace(ws.health_check(), provider="Other Assurance Ltd"))


def _cloud(ws: Workspace) -> None:
    ws.save_cloud_service(CloudService("Dropbox", "File sharing", False))


def _devices(ws: Workspace) -> None:
    ws.save_device(Device("NEW-LAPTOP", os_product="windows-11", os_version="25H2"))


def _connection(ws: Workspace) -> None:
    ws.set_connection(replace(ws.connection(), gateway="vpn2.psn-access.example.gov.uk"))


CHANGES = [
    ("answers", _answer), ("answers", _reason), ("evidence", _evidence),
    ("evidence", _evidence_date), ("evidence", _evidence_removed), ("scope", _scope),
    ("people", _people), ("plan", _finding), ("plan", _action), ("plan", _action_status),
    ("organisation", _organisation), ("health_check", _health_check), ("cloud", _cloud),
    ("devices", _devices), ("connection", _connection),
]


@pytest.mark.parametrize(("part", "change"), CHANGES, ids=[f"{p}-{c.__name__.strip('_')}"
                                                           for p, c in CHANGES])
def test_each_kind_of_change_marks_the_sign_off_out_of_date(demo_workspace, tmp_path, part,
                                                             change):
    ws = signed(demo_workspace)
    if change is _evidence:
        change(ws, tmp_path)
    else:
        change(ws)
    found = changed(ws)
    assert part in found
    state = sign_off_state(ws.load(), "psn-coco", AS_OF)
    assert state.out_of_date and not state.current
    assert dict(PARTS)[part] in state.message
    assert "Ask the signer" in state.message


def test_the_message_lists_several_changes_in_plain_words(demo_workspace):
    ws = signed(demo_workspace)
    _answer(ws)
    _action(ws)
    state = sign_off_state(ws.load(), "psn-coco", AS_OF)
    assert state.changed == ("answers", "plan")
    assert "since it was signed, the answers and the remediation plan changed" in state.message
    assert describe_changes(["scope", "people", "plan"]) == (
        "the scope, the people named and the remediation plan")


def test_bookkeeping_and_looking_do_not_count(demo_workspace, tmp_path, as_of):
    ws = signed(demo_workspace)
    # Looking: the journey remembers pages and answers of its own, never content.
    save_place(ws, Place(HOME))
    ws.set_setting("journey.answers", {"cloud.uses": True})
    gather(ws, as_of)
    # Saving the same answer again on another day changes only when it was saved.
    answer = ws.answers()["psn-coco:BND-01"]
    ws.set_answer(replace(answer, answered_on=answer.answered_on + timedelta(days=3)))
    # Attaching the same file again from somewhere else changes only where it came from.
    use = next(u for u in ws.evidence_uses() if "psn-coco:SUB-03" in u.requirement_ids)
    copy = tmp_path / "elsewhere" / "network-diagram.svg"
    copy.parent.mkdir()
    copy.write_bytes(ws.evidence_path(use.sha256).read_bytes())
    ws.remove_evidence_use(use.id)
    ws.attach_evidence(copy, use.requirement_ids, title=use.title,
                       document_date=use.document_date)
    assert changed(ws) == ()
    assert gather(ws, as_of).readiness[0].issues == gather(ws, as_of).readiness[0].issues
    assert not [i for i in gather(ws, as_of).readiness[0].issues
                if i.code == "sign-off-out-of-date"]


def test_answers_for_an_unrelated_framework_do_not_count(demo_workspace):
    ws = signed(demo_workspace)
    ws.set_frameworks(["psn-coco", "dfe-schools"])
    # A schools-standard requirement nothing in the PSN catalogue maps from or to.
    from psn_desktop.domain.catalogue import load_framework
    from psn_desktop.domain.reuse import installed_index

    index = installed_index()
    dfe = load_framework("dfe-schools")
    psn_ids = {r.qualified_id for r in load_framework("psn-coco").requirements}
    lonely = next(r for r in dfe.requirements
                  if not any(link.target.qualified_id in psn_ids
                             for link in index.out_of(r.qualified_id)))
    ws.set_answer(Answer(lonely.qualified_id, AnswerStatus.MET))
    assert changed(ws) == ()
    # One that maps into the PSN does count: readiness reads it.
    mapped = next(r for r in dfe.requirements
                  if any(link.target.qualified_id in psn_ids
                         for link in index.out_of(r.qualified_id)))
    ws.set_answer(Answer(mapped.qualified_id, AnswerStatus.MET))
    assert changed(ws) == ("answers",)


def test_an_out_of_date_sign_off_blocks_readiness_until_signed_again(demo_workspace, as_of):
    ws = signed(demo_workspace)
    before = [i.code for i in gather(ws, as_of).readiness[0].blockers]
    assert "commitment-unsigned" not in before and "sign-off-out-of-date" not in before
    _scope(ws)
    blockers = gather(ws, as_of).readiness[0].blockers
    stale = [i for i in blockers if i.code == "sign-off-out-of-date"]
    assert len(stale) == 1 and stale[0].target == "sign_off"
    assert "the scope changed" in stale[0].message
    record_sign_off(ws, "Priya Shah", "Headteacher", as_of)
    assert "sign-off-out-of-date" not in [i.code for i in gather(ws, as_of).readiness[0].issues]


def test_a_sign_off_recorded_without_a_digest_is_never_called_out_of_date(demo_workspace):
    demo_workspace.add_sign_off(SignOff("Priya Shah", "Head", AS_OF, True))
    _scope(demo_workspace)
    state = sign_off_state(demo_workspace.load(), "psn-coco", AS_OF)
    assert state.current and state.changed == ()
    assert state.message == "Signed by Priya Shah, Head on 23 November 2026."


def test_a_paper_copy_records_what_it_was_printed_from(demo_workspace):
    printed = content_digest(demo_workspace.load(), "psn-coco")
    _people(demo_workspace)  # changed between printing and attaching the scan
    record_sign_off(demo_workspace, "Priya Shah", "Headteacher", AS_OF,
                    digests={"psn-coco": printed})
    assert changed(demo_workspace) == ("people",)


def test_one_sign_off_per_framework_and_later_ones_win(demo_workspace):
    demo_workspace.set_frameworks(["psn-coco", "cyber-essentials"])
    made = record_sign_off(demo_workspace, "Priya Shah", "Headteacher", AS_OF)
    assert [s.framework_id for s in made] == ["psn-coco", "cyber-essentials"]
    assert all(s.declared and s.content_digest.startswith("v1 ") for s in made)
    data = demo_workspace.load()
    assert sign_off_state(data, "cyber-essentials", AS_OF).current
    # A sign-off dated after the as-of date does not count yet.
    assert not sign_off_state(data, "psn-coco", AS_OF - timedelta(days=1)).signed


def test_sign_problems_say_what_is_missing():
    fields = [p.field for p in sign_problems("", "", None, False, AS_OF)]
    assert fields == ["name", "role", "declared", "signed_on"]
    future = sign_problems("A", "B", AS_OF + timedelta(days=1), True, AS_OF)
    assert [p.message for p in future] == ["The signing date is in the future."]
    assert sign_problems("A", "B", AS_OF, True, AS_OF) == []


def test_actions_in_the_plan_count_by_content_not_by_rereading(demo_workspace):
    ws = signed(demo_workspace)
    action = ws.actions()[0]
    ws.save_action(replace(action))  # saved again unchanged
    assert changed(ws) == ()
    ws.save_action(Action(action.finding_id, "Someone else", AS_OF + timedelta(days=5)))
    assert changed(ws) == ("plan",)


def test_attaching_the_signed_copy_does_not_outdate_what_it_records(demo_workspace,
                                                                    tmp_path):
    ws = signed(demo_workspace)
    scan = tmp_path / "signed.pdf"
    scan.write_bytes(b"%PDF signed declaration")
    ws.attach_evidence(scan, ["psn-coco:SUB-04"], title="Signed declaration")
    assert changed(ws) == ()
    # The same file used for something the declaration covers does count there.
    ws.attach_evidence(scan, ["psn-coco:SUB-04", "psn-coco:GOV-02"])
    assert changed(ws) == ("evidence",)
