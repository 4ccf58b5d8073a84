"""The workspace store: every part round-trips, evidence is stored once, bad folders are refused."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psn_desktop.domain.model import (
    Action,
    ActionStatus,
    Address,
    Answer,
    AnswerStatus,
    AuthMethod,
    CloudService,
    Connection,
    Device,
    DeviceType,
    Finding,
    FindingSource,
    HealthCheck,
    Organisation,
    OrgType,
    Person,
    PersonRole,
    Route,
    Scope,
    Severity,
    SignOff,
)
from psn_desktop.workspace import migrations, registry
from psn_desktop.workspace.errors import (
    EvidenceError,
    NotAWorkspace,
    WorkspaceCorrupt,
    WorkspaceError,
    WorkspaceLocked,
    WorkspaceNotFound,
    WorkspaceTooNew,
)
from psn_desktop.workspace.store import DB_NAME, IdentityState, Workspace


def test_create_then_open_keeps_identity(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "ws", title="Test") as ws:
        ws_id = ws.id
        assert len(ws_id) == 36
    with Workspace.open(tmp_path / "ws") as ws:
        assert ws.id == ws_id
        assert ws.identity_state == IdentityState.SAME
        assert ws.info().frameworks == ["psn-coco"]
        assert ws.info().title == "Test"


def test_every_part_round_trips(empty_workspace: Workspace) -> None:
    ws = empty_workspace
    org = Organisation("Ysgol Gynradd Pen-y-ŵyn", OrgType.SCHOOL, "123456",
                       address=Address("1 Heol", "", "Tref", "CF10 1AA"))
    ws.set_organisation(org)
    siro = Person(PersonRole.SIRO, "Siân", "Headteacher", "sian@example.org", "01632 960000")
    ws.set_person(siro)
    scope = Scope("Office", 10, 1, ["10.0.0.0/24"], ["PSN email"], "all of it")
    ws.set_scope(scope)
    conn = Connection(Route.INTERNET_ENCRYPTED, "", "vpn.example.gov.uk", ["51.0.0.0/16"],
                      "site.example", AuthMethod.PRE_SHARED_KEY, "")
    ws.set_connection(conn)
    cloud_id = ws.save_cloud_service(CloudService("Microsoft 365", "email", None))
    device_id = ws.save_device(Device("PC-1", DeviceType.LAPTOP, "windows-11", "24H2",
                                      "home-pro", None, "Siân", "Office"))
    ws.set_answer(Answer("psn-coco:BND-01", AnswerStatus.PARTLY, "half", "n",
                         date(2026, 1, 2)))
    ws.set_health_check(HealthCheck("Checkers Ltd", date(2026, 5, 1), "all"))
    finding_id = ws.save_finding(
        Finding("RDP open", FindingSource.HEALTH_CHECK, Severity.CRITICAL, ["psn-coco:BND-01"],
                [device_id], date(2026, 5, 1), "detail", "ITHC-1"),
        Action(0, "Dana", date(2026, 6, 1), ActionStatus.IN_PROGRESS, notes="doing it"),
    )
    ws.add_sign_off(SignOff("Siân", "Headteacher", date(2026, 6, 2), True))

    data = ws.load()
    assert data.organisation == org
    assert data.person(PersonRole.SIRO) == siro
    assert data.scope == scope
    assert data.connection == conn
    assert data.cloud_services == [CloudService("Microsoft 365", "email", None, "", cloud_id)]
    assert data.devices[0].extended_updates is None
    assert data.devices[0].device_type is DeviceType.LAPTOP
    assert data.answers["psn-coco:BND-01"].reason == "half"
    assert data.health_check.provider == "Checkers Ltd"
    assert data.findings[0].device_ids == [device_id]
    assert data.actions[0].finding_id == finding_id
    assert data.actions[0].status is ActionStatus.IN_PROGRESS
    assert data.sign_offs[0].declared is True


def test_deleting_a_device_unlinks_it_from_findings(empty_workspace: Workspace) -> None:
    ws = empty_workspace
    first, second = ws.save_devices([Device("A"), Device("B")])
    ws.save_finding(Finding("x", FindingSource.SCAN, device_ids=[first, second]))
    ws.delete_device(first)
    assert ws.findings()[0].device_ids == [second]


def test_deleting_a_finding_removes_its_actions(empty_workspace: Workspace) -> None:
    ws = empty_workspace
    finding_id = ws.save_finding(Finding("x", FindingSource.SCAN), Action(0, "me"))
    ws.delete_finding(finding_id)
    assert ws.actions() == []


def test_same_evidence_is_stored_once(empty_workspace: Workspace, tmp_path: Path) -> None:
    ws = empty_workspace
    source = tmp_path / "policy.txt"
    source.write_text("the policy", encoding="utf-8")
    copy = tmp_path / "copy-of-policy.txt"
    shutil.copy(source, copy)
    first = ws.attach_evidence(source, ["psn-coco:GOV-01"])
    second = ws.attach_evidence(copy, ["psn-coco:BND-01"], document_date=date(2026, 1, 1))
    assert first.sha256 == second.sha256
    assert len(ws.evidence_files()) == 1
    assert len(list(ws.evidence.stored_hashes())) == 1
    assert len(ws.evidence_uses()) == 2
    assert ws.evidence_path(first.sha256).read_text(encoding="utf-8") == "the policy"
    # Removing one use keeps the file for the other; removing the last removes the file.
    ws.remove_evidence_use(first.id)
    assert ws.evidence.has(first.sha256)
    ws.remove_evidence_use(second.id)
    assert not ws.evidence.has(first.sha256)
    assert ws.evidence_files() == {}


def test_original_change_and_move_are_noticed(empty_workspace: Workspace, tmp_path: Path) -> None:
    ws = empty_workspace
    source = tmp_path / "diagram.svg"
    source.write_text("<svg/>", encoding="utf-8")
    use = ws.attach_evidence(source, ["psn-coco:SUB-03"])
    assert ws.original_changed(use.sha256) is None
    source.write_text("<svg>changed</svg>", encoding="utf-8")
    assert "has changed" in (ws.original_changed(use.sha256) or "")
    source.unlink()
    assert "no longer at" in (ws.original_changed(use.sha256) or "")
    # The stored copy is untouched by either.
    assert ws.evidence.verify(use.sha256)


def test_unreadable_evidence_gives_a_message_and_changes_nothing(
    empty_workspace: Workspace, tmp_path: Path
) -> None:
    ws = empty_workspace
    with pytest.raises(EvidenceError, match="could not be found"):
        ws.attach_evidence(tmp_path / "missing.pdf", ["psn-coco:GOV-01"])
    with pytest.raises(EvidenceError, match="is a folder"):
        ws.attach_evidence(tmp_path, ["psn-coco:GOV-01"])
    assert ws.evidence_files() == {}
    assert list(ws.evidence.stored_hashes()) == []


def test_a_second_open_is_refused_with_who_holds_it(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "ws"):
        with pytest.raises(WorkspaceLocked, match="already open in another PSN Desktop window"):
            Workspace.open(tmp_path / "ws")
        # Reading (status, for example) is still allowed.
        with Workspace.open(tmp_path / "ws", read_only=True) as reader:
            assert reader.organisation().name == ""
    with Workspace.open(tmp_path / "ws"):
        pass  # released on close


def test_missing_folder_file_and_foreign_files(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceNotFound, match="no workspace"):
        Workspace.open(tmp_path / "nowhere")
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(NotAWorkspace, match="a file, not a folder"):
        Workspace.open(tmp_path / "notes.txt")
    (tmp_path / "empty").mkdir()
    with pytest.raises(NotAWorkspace, match=r"no workspace\.sqlite3"):
        Workspace.open(tmp_path / "empty")
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / DB_NAME).write_text("not a database", encoding="utf-8")
    with pytest.raises(NotAWorkspace, match="not a database file"):
        Workspace.open(tmp_path / "text")
    (tmp_path / "other").mkdir()
    other = sqlite3.connect(tmp_path / "other" / DB_NAME)
    other.execute("CREATE TABLE customers (name TEXT)")
    other.commit()
    other.close()
    before = (tmp_path / "other" / DB_NAME).read_bytes()
    with pytest.raises(NotAWorkspace, match="belongs to another program"):
        Workspace.open(tmp_path / "other")
    assert (tmp_path / "other" / DB_NAME).read_bytes() == before


def test_damaged_database_is_reported_and_left_alone(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "ws") as ws:
        ws.set_organisation(Organisation("Keep me"))
    db = tmp_path / "ws" / DB_NAME
    raw = bytearray(db.read_bytes())
    raw[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page, keep the header
    db.write_bytes(bytes(raw))
    with pytest.raises((WorkspaceCorrupt, NotAWorkspace)) as caught:
        Workspace.open(tmp_path / "ws")
    assert "Nothing was changed" in str(caught.value)
    assert db.read_bytes() == bytes(raw)


def test_empty_database_file_is_called_damaged(tmp_path: Path) -> None:
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / DB_NAME).write_bytes(b"")
    with pytest.raises(WorkspaceCorrupt, match="is empty"):
        Workspace.open(tmp_path / "ws")


def test_workspace_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "ws"):
        pass
    db = tmp_path / "ws" / DB_NAME
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 5}")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(WorkspaceTooNew, match="newer version of PSN Desktop"):
        Workspace.open(tmp_path / "ws")
    assert db.read_bytes() == before


def test_older_workspace_is_migrated_forward(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    folder.mkdir()
    conn = sqlite3.connect(folder / DB_NAME)
    conn.execute("CREATE TABLE IF NOT EXISTS probe (x)")
    conn.execute("DROP TABLE probe")
    conn.commit()
    conn.close()
    # version 0 and no tables: the store builds the schema, then it behaves as new
    with Workspace._connect(folder, read_only=False) as ws:
        assert migrations.current_version(ws._conn) == migrations.LATEST_VERSION
        app_id = ws._conn.execute("PRAGMA application_id").fetchone()[0]
        assert app_id == migrations.APPLICATION_ID


def test_moved_workspace_keeps_identity_and_copy_is_detected(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "a") as ws:
        original_id = ws.id
        ws.record_secret("upload_token")
    shutil.move(tmp_path / "a", tmp_path / "b")
    with Workspace.open(tmp_path / "b") as ws:
        assert ws.identity_state == IdentityState.MOVED
        assert ws.id == original_id
    shutil.copytree(tmp_path / "b", tmp_path / "c")
    with Workspace.open(tmp_path / "c") as ws:
        assert ws.identity_state == IdentityState.COPIED
        assert ws.previous_path == str((tmp_path / "b").resolve())
        new_id = ws.take_new_identity()
        assert new_id != original_id
        assert ws.secret_records() == {}
    with Workspace.open(tmp_path / "c") as ws:
        assert ws.identity_state == IdentityState.SAME
    with Workspace.open(tmp_path / "b") as ws:
        assert ws.id == original_id
        assert "upload_token" in ws.secret_records()


def test_create_refuses_an_existing_workspace(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "ws"):
        pass
    with pytest.raises(WorkspaceError, match="already a workspace"):
        Workspace.create(tmp_path / "ws")


def test_listeners_hear_each_change(empty_workspace: Workspace) -> None:
    heard: list[str] = []
    empty_workspace.add_listener(heard.append)
    empty_workspace.set_organisation(Organisation("x"))
    empty_workspace.save_device(Device("PC"))
    assert heard == ["organisation", "devices"]


def test_a_failed_transaction_leaves_nothing(empty_workspace: Workspace) -> None:
    ws = empty_workspace
    ws.set_organisation(Organisation("Before"))
    with pytest.raises(RuntimeError), ws.transaction() as conn:
        conn.execute("UPDATE organisation SET name='During' WHERE id=1")
        raise RuntimeError("crash in the middle")
    assert ws.organisation().name == "Before"


def test_settings_per_workspace(empty_workspace: Workspace) -> None:
    assert empty_workspace.setting("last_page", "home") == "home"
    empty_workspace.set_setting("last_page", {"section": "scope", "page": 2})
    assert empty_workspace.setting("last_page") == {"section": "scope", "page": 2}


def test_integrity_problems_find_a_damaged_evidence_file(
    empty_workspace: Workspace, tmp_path: Path
) -> None:
    source = tmp_path / "p.txt"
    source.write_text("content", encoding="utf-8")
    use = empty_workspace.attach_evidence(source, ["psn-coco:GOV-01"])
    assert empty_workspace.integrity_problems() == []
    empty_workspace.evidence.path_for(use.sha256).write_text("tampered", encoding="utf-8")
    assert "missing or damaged" in empty_workspace.integrity_problems()[0]


def test_known_workspaces_list(tmp_path: Path) -> None:
    assert registry.known_workspaces() == []
    registry.remember("id-1", tmp_path / "one", "One")
    registry.remember("id-2", tmp_path / "two", "Two")
    registry.remember("id-1", tmp_path / "one", "One renamed")
    entries = registry.known_workspaces()
    assert [e.title for e in entries] == ["One renamed", "Two"]
    assert not entries[0].exists
    registry.forget(tmp_path / "two")
    assert [e.id for e in registry.known_workspaces()] == ["id-1"]


def test_damaged_known_workspaces_list_is_rebuilt(isolated_home: Path, tmp_path: Path) -> None:
    target = isolated_home / "data" / "known-workspaces.json"
    target.parent.mkdir(parents=True)
    target.write_text("{not json", encoding="utf-8")
    assert registry.known_workspaces() == []
    registry.remember("id", tmp_path, "T")
    assert len(registry.known_workspaces()) == 1


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(name=_text, town=_text, device_names=st.lists(_text, max_size=5),
       users=st.one_of(st.none(), st.integers(min_value=0, max_value=10**6)))
@settings(max_examples=40, deadline=None)
def test_any_text_round_trips_exactly(name: str, town: str, device_names: list[str],
                                      users: int | None) -> None:
    with tempfile.TemporaryDirectory() as folder, Workspace.create(Path(folder) / "ws") as ws:
        ws.set_organisation(Organisation(name, address=Address(town=town)))
        ws.set_scope(Scope(name, users, users, [town]))
        ws.save_devices([Device(d) for d in device_names])
        data = ws.load()
        assert data.organisation.name == name
        assert data.organisation.address.town == town
        assert data.scope.user_count == users and data.scope.ip_ranges == [town]
        assert [d.name for d in data.devices] == device_names
