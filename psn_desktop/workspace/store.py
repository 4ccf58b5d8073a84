"""The workspace: one folder per organisation and year, holding a SQLite database and evidence.

Every public method that changes something is one transaction, so the UI can save on every
keystroke and a crash at any instant leaves the last committed state. Reads for rules,
reports and packs go through :meth:`Workspace.load`, which takes one consistent snapshot.
"""

from __future__ import annotations

import contextlib
import errno
import json
import mimetypes
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

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
    EvidenceFile,
    EvidenceUse,
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
    WorkspaceData,
    WorkspaceInfo,
)
from psn_desktop.workspace import migrations
from psn_desktop.workspace.errors import (
    DiskFull,
    EvidenceError,
    NotAWorkspace,
    WorkspaceCorrupt,
    WorkspaceError,
    WorkspaceNotFound,
    WorkspaceReadOnly,
    WorkspaceTooNew,
)
from psn_desktop.workspace.evidence_store import EvidenceStore, StoredBlob, hash_file
from psn_desktop.workspace.location import Location, classify
from psn_desktop.workspace.lock import WorkspaceLock

DB_NAME = "workspace.sqlite3"
SQLITE_HEADER = b"SQLite format 3\x00"


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _bool(value: int | None) -> bool | None:
    return None if value is None else bool(value)


class IdentityState:
    SAME = "same"
    MOVED = "moved"
    COPIED = "copied"


class Workspace:
    """An open workspace. Use :meth:`create` or :meth:`open`, and :meth:`close` (or ``with``)."""

    def __init__(self, folder: Path, conn: sqlite3.Connection, lock: WorkspaceLock | None,
                 location: Location, read_only: bool) -> None:
        self.folder = folder
        self._conn = conn
        self._lock = lock
        self.location = location
        self.read_only = read_only
        self.evidence = EvidenceStore(folder)
        self.identity_state = IdentityState.SAME
        self.previous_path = ""
        self._listeners: list[Callable[[str], None]] = []

    # ----- opening and closing -------------------------------------------------------------

    @classmethod
    def create(cls, folder: Path, *, title: str = "",
               frameworks: list[str] | None = None) -> Workspace:
        folder = Path(folder).expanduser()
        if (folder / DB_NAME).exists():
            raise WorkspaceError(
                f"There is already a workspace at {folder}. Open it instead, or choose an "
                "empty folder."
            )
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except PermissionError:
            raise WorkspaceReadOnly(folder) from None
        except OSError as error:
            if error.errno == errno.EROFS:
                raise WorkspaceReadOnly(folder) from None
            if error.errno == errno.ENOSPC:
                raise DiskFull(folder) from None
            raise WorkspaceError(
                f"The folder {folder} could not be made ({error.strerror})."
            ) from None
        if not os.access(folder, os.W_OK):
            raise WorkspaceReadOnly(folder)
        workspace = cls._connect(folder, read_only=False)
        try:
            with workspace.transaction() as conn:
                today = date.today().isoformat()
                rows = {
                    "id": str(uuid.uuid4()),
                    "created_on": today,
                    "path": str(folder.resolve()),
                    "title": title,
                    "frameworks": json.dumps(frameworks or ["psn-coco"]),
                }
                conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", rows.items())
                conn.execute("INSERT INTO organisation(id) VALUES (1)")
                conn.execute("INSERT INTO scope(id) VALUES (1)")
                conn.execute("INSERT INTO connection(id) VALUES (1)")
                conn.execute("INSERT INTO health_check(id) VALUES (1)")
        except BaseException:
            workspace.close()
            raise
        return workspace

    @classmethod
    def open(cls, folder: Path, *, read_only: bool = False) -> Workspace:
        folder = Path(folder).expanduser()
        if folder.is_file():
            if folder.name == DB_NAME:
                folder = folder.parent
            else:
                raise NotAWorkspace(folder, "it is a file, not a folder")
        if not folder.exists():
            raise WorkspaceNotFound(folder)
        db = folder / DB_NAME
        if not db.exists():
            raise NotAWorkspace(folder, f"there is no {DB_NAME} in it")
        try:
            with open(db, "rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except PermissionError:
            raise WorkspaceError(
                f"PSN Desktop is not allowed to read {db}. Ask your IT support to give you "
                "access to the folder."
            ) from None
        if header != SQLITE_HEADER:
            if not header:
                raise WorkspaceCorrupt(folder, f"{DB_NAME} is empty")
            raise NotAWorkspace(folder, f"{DB_NAME} is not a database file")
        writable = os.access(folder, os.W_OK) and os.access(db, os.W_OK)
        if not writable and not read_only:
            raise WorkspaceReadOnly(folder)
        workspace = cls._connect(folder, read_only=read_only or not writable)
        try:
            workspace._check_identity()
        except BaseException:
            workspace.close()
            raise
        return workspace

    @classmethod
    def _connect(cls, folder: Path, *, read_only: bool) -> Workspace:
        db = folder / DB_NAME
        location = classify(folder)
        lock: WorkspaceLock | None = None
        if not read_only:
            lock = WorkspaceLock(folder)
            lock.acquire()
        try:
            if read_only:
                uri = db.resolve().as_uri() + "?mode=ro"
                if not os.access(folder, os.W_OK):
                    # WAL readers need to create the -shm file; on a read-only disk nobody can
                    # be writing, so reading the file as immutable is safe.
                    uri += "&immutable=1"
                conn = sqlite3.connect(uri, uri=True, isolation_level=None,
                                       check_same_thread=False)
            else:
                conn = sqlite3.connect(str(db), isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            try:
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute("PRAGMA busy_timeout = 5000")
                found = migrations.current_version(conn)
                app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
                if found and app_id not in (0, migrations.APPLICATION_ID):
                    raise NotAWorkspace(folder, f"{DB_NAME} belongs to another program")
                if found > migrations.LATEST_VERSION:
                    raise WorkspaceTooNew(folder, found, migrations.LATEST_VERSION)
                if found == 0 and not read_only:
                    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                    if tables:
                        raise NotAWorkspace(folder, f"{DB_NAME} belongs to another program")
                if not read_only:
                    # WAL only where its shared memory works; elsewhere the rollback journal.
                    mode = "WAL" if location.wal_safe else "DELETE"
                    conn.execute(f"PRAGMA journal_mode = {mode}")
                    conn.execute("PRAGMA synchronous = FULL")
                    migrations.migrate(conn)
                elif found < migrations.LATEST_VERSION:
                    raise WorkspaceReadOnly(folder)
            except sqlite3.DatabaseError as error:
                conn.close()
                text = str(error)
                if "readonly" in text or "read-only" in text:
                    raise WorkspaceReadOnly(folder) from None
                if "disk is full" in text or "disk I/O" in text:
                    raise DiskFull(folder) from None
                raise WorkspaceCorrupt(folder, text) from None
        except BaseException:
            if lock:
                lock.release()
            raise
        workspace = cls(folder, conn, lock, location, read_only)
        if not read_only:
            workspace.evidence.ensure()
            workspace.evidence.clear_temp()
        return workspace

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        if self._lock:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----- identity -----------------------------------------------------------------------

    def _check_identity(self) -> None:
        stored = self._meta("path")
        here = str(self.folder.resolve())
        if stored == here:
            return
        self.previous_path = stored
        other = Path(stored) / DB_NAME
        same_id_elsewhere = False
        if stored and other.exists():
            try:
                probe = sqlite3.connect(Path(other).resolve().as_uri() + "?mode=ro", uri=True)
                try:
                    row = probe.execute("SELECT value FROM meta WHERE key='id'").fetchone()
                finally:
                    probe.close()
                same_id_elsewhere = bool(row and row[0] == self.id)
            except sqlite3.Error:
                same_id_elsewhere = False
        if same_id_elsewhere:
            self.identity_state = IdentityState.COPIED
        else:
            if not self.read_only:
                self.accept_location()
            self.identity_state = IdentityState.MOVED  # told once, for the UI to mention

    def accept_location(self) -> None:
        """Record that this folder is where the workspace now lives (after a move)."""
        with self.transaction() as conn:
            conn.execute("UPDATE meta SET value=? WHERE key='path'", (str(self.folder.resolve()),))
        self.identity_state = IdentityState.SAME

    def take_new_identity(self) -> str:
        """Give a copied workspace its own id, so it never shares secrets with the original."""
        new_id = str(uuid.uuid4())
        with self.transaction() as conn:
            conn.execute("UPDATE meta SET value=? WHERE key='id'", (new_id,))
            conn.execute("UPDATE meta SET value=? WHERE key='path'", (str(self.folder.resolve()),))
            conn.execute("DELETE FROM secret_record")
        self.identity_state = IdentityState.SAME
        return new_id

    @property
    def journal_mode(self) -> str:
        return str(self._conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()

    @property
    def id(self) -> str:
        return self._meta("id")

    def _meta(self, key: str) -> str:
        row = self._conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else ""

    def info(self) -> WorkspaceInfo:
        return WorkspaceInfo(
            id=self._meta("id"),
            created_on=_d(self._meta("created_on")) or date.today(),
            frameworks=json.loads(self._meta("frameworks") or '["psn-coco"]'),
            title=self._meta("title"),
        )

    # ----- transactions and change notification --------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            raise WorkspaceReadOnly(self.folder)
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise self._translate(error) from None
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except sqlite3.Error as error:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")
            raise self._translate(error) from None
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")
            raise

    def _translate(self, error: sqlite3.Error) -> WorkspaceError:
        text = str(error)
        if "full" in text:
            return DiskFull(self.folder)
        if "readonly" in text or "read-only" in text:
            return WorkspaceReadOnly(self.folder)
        if "locked" in text or "busy" in text:
            return WorkspaceError(
                f"The workspace at {self.folder} is busy (another program is using it). "
                "Try again in a moment."
            )
        return WorkspaceCorrupt(self.folder, text)

    def add_listener(self, callback: Callable[[str], None]) -> None:
        """Be told the name of each part that changed (the UI refreshes its task list)."""
        self._listeners.append(callback)

    def _changed(self, part: str) -> None:
        for callback in list(self._listeners):
            callback(part)

    # ----- simple parts: organisation, people, scope, connection, health check ----------------

    def frameworks(self) -> list[str]:
        return self.info().frameworks

    def set_frameworks(self, framework_ids: list[str]) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE meta SET value=? WHERE key='frameworks'",
                         (json.dumps(list(dict.fromkeys(framework_ids))),))
        self._changed("frameworks")

    def set_title(self, title: str) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE meta SET value=? WHERE key='title'", (title,))
        self._changed("title")

    def organisation(self) -> Organisation:
        row = self._conn.execute("SELECT * FROM organisation WHERE id=1").fetchone()
        return Organisation(
            name=row["name"],
            org_type=OrgType(row["org_type"]) if row["org_type"] else None,
            urn=row["urn"],
            ods_code=row["ods_code"],
            address=Address(row["line1"], row["line2"], row["town"], row["postcode"]),
        )

    def set_organisation(self, org: Organisation) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE organisation SET name=?, org_type=?, urn=?, ods_code=?, line1=?, line2=?, "
                "town=?, postcode=? WHERE id=1",
                (org.name, org.org_type.value if org.org_type else None, org.urn, org.ods_code,
                 org.address.line1, org.address.line2, org.address.town, org.address.postcode),
            )
        self._changed("organisation")

    def people(self) -> dict[PersonRole, Person]:
        return {
            PersonRole(row["role"]): Person(
                role=PersonRole(row["role"]), name=row["name"], job_title=row["job_title"],
                email=row["email"], phone=row["phone"], company=row["company"],
            )
            for row in self._conn.execute("SELECT * FROM person ORDER BY role")
        }

    def person(self, role: PersonRole) -> Person:
        return self.people().get(role) or Person(role=role)

    def set_person(self, person: Person) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO person(role, name, job_title, email, phone, company) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(role) DO UPDATE SET name=excluded.name, "
                "job_title=excluded.job_title, email=excluded.email, phone=excluded.phone, "
                "company=excluded.company",
                (person.role.value, person.name, person.job_title, person.email, person.phone,
                 person.company),
            )
        self._changed("people")

    def scope(self) -> Scope:
        row = self._conn.execute("SELECT * FROM scope WHERE id=1").fetchone()
        return Scope(
            environment_name=row["environment_name"], user_count=row["user_count"],
            site_count=row["site_count"], ip_ranges=json.loads(row["ip_ranges"]),
            psn_services_hosted=json.loads(row["psn_services"]), description=row["description"],
        )

    def set_scope(self, scope: Scope) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE scope SET environment_name=?, user_count=?, site_count=?, ip_ranges=?, "
                "psn_services=?, description=? WHERE id=1",
                (scope.environment_name, scope.user_count, scope.site_count,
                 json.dumps(scope.ip_ranges), json.dumps(scope.psn_services_hosted),
                 scope.description),
            )
        self._changed("scope")

    def connection(self) -> Connection:
        row = self._conn.execute("SELECT * FROM connection WHERE id=1").fetchone()
        return Connection(
            route=Route(row["route"]) if row["route"] else None,
            provider_name=row["provider_name"], gateway=row["gateway"],
            remote_ranges=json.loads(row["remote_ranges"]), local_identity=row["local_identity"],
            auth_method=AuthMethod(row["auth_method"]),
            split_tunnel_reason=row["split_tunnel_reason"],
        )

    def set_connection(self, connection: Connection) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE connection SET route=?, provider_name=?, gateway=?, remote_ranges=?, "
                "local_identity=?, auth_method=?, split_tunnel_reason=? WHERE id=1",
                (connection.route.value if connection.route else None, connection.provider_name,
                 connection.gateway, json.dumps(connection.remote_ranges),
                 connection.local_identity, connection.auth_method.value,
                 connection.split_tunnel_reason),
            )
        self._changed("connection")

    def health_check(self) -> HealthCheck:
        row = self._conn.execute("SELECT * FROM health_check WHERE id=1").fetchone()
        return HealthCheck(row["provider"], _d(row["check_date"]), row["scope"],
                           row["report_sha256"])

    def set_health_check(self, check: HealthCheck) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE health_check SET provider=?, check_date=?, scope=?, report_sha256=? "
                "WHERE id=1",
                (check.provider, _iso(check.check_date), check.scope, check.report_sha256),
            )
        self._changed("health_check")

    # ----- lists: cloud services, devices --------------------------------------------------

    def cloud_services(self) -> list[CloudService]:
        return [
            CloudService(r["name"], r["purpose"], _bool(r["assessed"]), r["notes"], r["id"])
            for r in self._conn.execute("SELECT * FROM cloud_service ORDER BY id")
        ]

    def save_cloud_service(self, service: CloudService) -> int:
        values = (service.name, service.purpose,
                  None if service.assessed is None else int(service.assessed), service.notes)
        with self.transaction() as conn:
            if service.id is None:
                cursor = conn.execute(
                    "INSERT INTO cloud_service(name, purpose, assessed, notes) VALUES (?,?,?,?)",
                    values)
                service.id = int(cursor.lastrowid or 0)
            else:
                conn.execute("UPDATE cloud_service SET name=?, purpose=?, assessed=?, notes=? "
                             "WHERE id=?", (*values, service.id))
        self._changed("cloud_services")
        return service.id

    def delete_cloud_service(self, service_id: int) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM cloud_service WHERE id=?", (service_id,))
        self._changed("cloud_services")

    def devices(self) -> list[Device]:
        return [
            Device(r["name"], DeviceType(r["device_type"]), r["os_product"], r["os_version"],
                   r["os_edition"], _bool(r["extended_updates"]), r["owner"], r["location"],
                   r["source"], r["id"])
            for r in self._conn.execute("SELECT * FROM device ORDER BY id")
        ]

    def save_device(self, device: Device) -> int:
        return self.save_devices([device])[0]

    def save_devices(self, devices: list[Device]) -> list[int]:
        """Save many devices in one transaction: an import is all or nothing."""
        ids = []
        with self.transaction() as conn:
            for device in devices:
                values = (device.name, device.device_type.value, device.os_product,
                          device.os_version, device.os_edition,
                          None if device.extended_updates is None else int(device.extended_updates),
                          device.owner, device.location, device.source)
                if device.id is None:
                    cursor = conn.execute(
                        "INSERT INTO device(name, device_type, os_product, os_version, "
                        "os_edition, extended_updates, owner, location, source) "
                        "VALUES (?,?,?,?,?,?,?,?,?)", values)
                    device.id = int(cursor.lastrowid or 0)
                else:
                    conn.execute(
                        "UPDATE device SET name=?, device_type=?, os_product=?, os_version=?, "
                        "os_edition=?, extended_updates=?, owner=?, location=?, source=? "
                        "WHERE id=?", (*values, device.id))
                ids.append(device.id)
        self._changed("devices")
        return ids

    def delete_device(self, device_id: int) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM device WHERE id=?", (device_id,))
            for row in conn.execute("SELECT id, device_ids FROM finding").fetchall():
                ids = json.loads(row["device_ids"])
                if device_id in ids:
                    ids.remove(device_id)
                    conn.execute("UPDATE finding SET device_ids=? WHERE id=?",
                                 (json.dumps(ids), row["id"]))
        self._changed("devices")

    # ----- answers ------------------------------------------------------------------------

    def answers(self) -> dict[str, Answer]:
        return {
            r["requirement_id"]: Answer(r["requirement_id"], AnswerStatus(r["status"]),
                                        r["reason"], r["notes"], _d(r["answered_on"]))
            for r in self._conn.execute("SELECT * FROM answer ORDER BY requirement_id")
        }

    def set_answer(self, answer: Answer) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO answer(requirement_id, status, reason, notes, answered_on) "
                "VALUES (?,?,?,?,?) ON CONFLICT(requirement_id) DO UPDATE SET "
                "status=excluded.status, reason=excluded.reason, notes=excluded.notes, "
                "answered_on=excluded.answered_on",
                (answer.requirement_id, answer.status.value, answer.reason, answer.notes,
                 _iso(answer.answered_on or date.today())),
            )
        self._changed("answers")

    def clear_answer(self, requirement_id: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM answer WHERE requirement_id=?", (requirement_id,))
        self._changed("answers")

    # ----- evidence -----------------------------------------------------------------------

    def attach_evidence(self, source: Path, requirement_ids: list[str], *, title: str = "",
                        document_date: date | None = None,
                        progress: Callable[[int], None] | None = None) -> EvidenceUse:
        """Copy a file into the store and record its use; the original is never touched."""
        source = Path(source)
        if self.read_only:
            raise WorkspaceReadOnly(self.folder)
        try:
            stat = source.stat()
        except OSError:
            stat = None
        blob: StoredBlob = self.evidence.add(source, progress)
        return self._record_evidence(blob, source, stat, requirement_ids, title, document_date)

    def record_evidence(self, blob: StoredBlob, source: Path, requirement_ids: list[str], *,
                        title: str = "", document_date: date | None = None) -> EvidenceUse:
        """Record the use of a file already copied in with ``self.evidence.add`` (which the
        UI runs on a worker thread, so a big file never freezes the window)."""
        source = Path(source)
        if self.read_only:
            raise WorkspaceReadOnly(self.folder)
        try:
            stat = source.stat()
        except OSError:
            stat = None
        return self._record_evidence(blob, source, stat, requirement_ids, title, document_date)

    def _record_evidence(self, blob: StoredBlob, source: Path, stat: os.stat_result | None,
                         requirement_ids: list[str], title: str,
                         document_date: date | None) -> EvidenceUse:
        media_type = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
        use = EvidenceUse(blob.sha256, list(requirement_ids), title or source.name, document_date)
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO evidence_file(sha256, size, original_name, media_type, "
                "original_path, original_mtime_ns, added_on) VALUES (?,?,?,?,?,?,?) "
                "ON CONFLICT(sha256) DO UPDATE SET original_path=excluded.original_path, "
                "original_mtime_ns=excluded.original_mtime_ns",
                (blob.sha256, blob.size, source.name, media_type, str(source.resolve()),
                 stat.st_mtime_ns if stat else None, date.today().isoformat()),
            )
            cursor = conn.execute(
                "INSERT INTO evidence_use(sha256, requirement_ids, title, document_date) "
                "VALUES (?,?,?,?)",
                (blob.sha256, json.dumps(use.requirement_ids), use.title, _iso(document_date)),
            )
            use.id = int(cursor.lastrowid or 0)
        self._changed("evidence")
        return use

    def evidence_files(self) -> dict[str, EvidenceFile]:
        return {
            r["sha256"]: EvidenceFile(r["sha256"], r["size"], r["original_name"], r["media_type"],
                                      r["original_path"], r["original_mtime_ns"],
                                      _d(r["added_on"]))
            for r in self._conn.execute("SELECT * FROM evidence_file ORDER BY sha256")
        }

    def evidence_uses(self) -> list[EvidenceUse]:
        return [
            EvidenceUse(r["sha256"], json.loads(r["requirement_ids"]), r["title"],
                        _d(r["document_date"]), r["id"])
            for r in self._conn.execute("SELECT * FROM evidence_use ORDER BY id")
        ]

    def update_evidence_use(self, use: EvidenceUse) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE evidence_use SET requirement_ids=?, title=?, document_date=? WHERE id=?",
                (json.dumps(use.requirement_ids), use.title, _iso(use.document_date), use.id),
            )
        self._changed("evidence")

    def remove_evidence_use(self, use_id: int) -> None:
        """Drop one use; the stored file goes too once nothing else uses it."""
        with self.transaction() as conn:
            row = conn.execute("SELECT sha256 FROM evidence_use WHERE id=?", (use_id,)).fetchone()
            if row is None:
                return
            conn.execute("DELETE FROM evidence_use WHERE id=?", (use_id,))
            still_used = conn.execute(
                "SELECT count(*) FROM evidence_use WHERE sha256=?", (row["sha256"],)
            ).fetchone()[0]
            referenced = conn.execute(
                "SELECT count(*) FROM health_check WHERE report_sha256=?", (row["sha256"],)
            ).fetchone()[0]
            orphan = not still_used and not referenced
            if orphan:
                conn.execute("DELETE FROM evidence_file WHERE sha256=?", (row["sha256"],))
        if orphan:
            self.evidence.remove(row["sha256"])
        self._changed("evidence")

    def evidence_path(self, sha256: str) -> Path:
        path = self.evidence.path_for(sha256)
        if not path.is_file():
            raise EvidenceError(
                f"The stored copy of an evidence file is missing from {self.folder}. "
                "Attach the file again."
            )
        return path

    def original_changed(self, sha256: str) -> str | None:
        """Say whether the file the user attached has since moved or changed, or None if not."""
        record = self.evidence_files().get(sha256)
        if record is None or not record.original_path:
            return None
        original = Path(record.original_path)
        try:
            stat = original.stat()
        except OSError:
            return (f"The original '{record.original_name}' is no longer at {original}. The copy "
                    "in the workspace is still used.")
        if stat.st_size == record.size and stat.st_mtime_ns == record.original_mtime_ns:
            return None
        try:
            digest, _ = hash_file(original)
        except OSError:
            return None
        if digest == sha256:
            return None
        return (f"'{record.original_name}' has changed since you attached it. Attach it again "
                "if the new version should be used.")

    # ----- findings and actions -------------------------------------------------------------

    def findings(self) -> list[Finding]:
        return [
            Finding(r["title"], FindingSource(r["source"]), Severity(r["severity"]),
                    json.loads(r["requirement_ids"]), json.loads(r["device_ids"]),
                    _d(r["date_found"]), r["detail"], r["reference"], r["id"])
            for r in self._conn.execute("SELECT * FROM finding ORDER BY id")
        ]

    def save_finding(self, finding: Finding, action: Action | None = None) -> int:
        """Save a finding, and optionally its first action in the same transaction."""
        values = (finding.source.value, finding.title, finding.severity.value,
                  json.dumps(finding.requirement_ids), json.dumps(finding.device_ids),
                  _iso(finding.date_found or date.today()), finding.detail, finding.reference)
        with self.transaction() as conn:
            if finding.id is None:
                cursor = conn.execute(
                    "INSERT INTO finding(source, title, severity, requirement_ids, device_ids, "
                    "date_found, detail, reference) VALUES (?,?,?,?,?,?,?,?)", values)
                finding.id = int(cursor.lastrowid or 0)
            else:
                conn.execute(
                    "UPDATE finding SET source=?, title=?, severity=?, requirement_ids=?, "
                    "device_ids=?, date_found=?, detail=?, reference=? WHERE id=?",
                    (*values, finding.id))
            if action is not None:
                action.finding_id = finding.id
                self._write_action(conn, action)
        self._changed("findings")
        return finding.id

    def save_findings(self, pairs: list[tuple[Finding, Action | None]]) -> list[int]:
        """Save many new findings (each with an optional first action) in one transaction:
        an import is all or nothing."""
        ids = []
        with self.transaction() as conn:
            for finding, action in pairs:
                values = (finding.source.value, finding.title, finding.severity.value,
                          json.dumps(finding.requirement_ids), json.dumps(finding.device_ids),
                          _iso(finding.date_found or date.today()), finding.detail,
                          finding.reference)
                cursor = conn.execute(
                    "INSERT INTO finding(source, title, severity, requirement_ids, device_ids, "
                    "date_found, detail, reference) VALUES (?,?,?,?,?,?,?,?)", values)
                finding.id = int(cursor.lastrowid or 0)
                ids.append(finding.id)
                if action is not None:
                    action.finding_id = finding.id
                    self._write_action(conn, action)
        self._changed("findings")
        return ids

    def delete_finding(self, finding_id: int) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM finding WHERE id=?", (finding_id,))
        self._changed("findings")

    def actions(self) -> list[Action]:
        return [
            Action(r["finding_id"], r["owner"], _d(r["target_date"]), ActionStatus(r["status"]),
                   r["reason"], r["notes"], r["id"])
            for r in self._conn.execute("SELECT * FROM action ORDER BY id")
        ]

    def save_action(self, action: Action) -> int:
        with self.transaction() as conn:
            self._write_action(conn, action)
        self._changed("actions")
        return int(action.id or 0)

    @staticmethod
    def _write_action(conn: sqlite3.Connection, action: Action) -> None:
        values = (action.finding_id, action.owner, _iso(action.target_date),
                  action.status.value, action.reason, action.notes)
        if action.id is None:
            cursor = conn.execute(
                "INSERT INTO action(finding_id, owner, target_date, status, reason, notes) "
                "VALUES (?,?,?,?,?,?)", values)
            action.id = int(cursor.lastrowid or 0)
        else:
            conn.execute("UPDATE action SET finding_id=?, owner=?, target_date=?, status=?, "
                         "reason=?, notes=? WHERE id=?", (*values, action.id))

    def delete_action(self, action_id: int) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM action WHERE id=?", (action_id,))
        self._changed("actions")

    # ----- sign-off -----------------------------------------------------------------------

    def sign_offs(self) -> list[SignOff]:
        return [
            SignOff(r["name"], r["role"], date.fromisoformat(r["signed_on"]),
                    bool(r["declared"]), r["framework_id"], r["content_digest"])
            for r in self._conn.execute("SELECT * FROM sign_off ORDER BY id")
        ]

    def add_sign_off(self, sign_off: SignOff) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO sign_off(framework_id, name, role, signed_on, declared, "
                "content_digest) VALUES (?,?,?,?,?,?)",
                (sign_off.framework_id, sign_off.name, sign_off.role,
                 sign_off.signed_on.isoformat(), int(sign_off.declared), sign_off.content_digest),
            )
        self._changed("sign_off")

    # ----- secrets bookkeeping (values live only in the keyring) -----------------------------

    def secret_records(self) -> dict[str, tuple[str, str]]:
        return {r["purpose"]: (r["label"], r["changed_at"])
                for r in self._conn.execute("SELECT * FROM secret_record ORDER BY purpose")}

    def record_secret(self, purpose: str, label: str = "") -> None:
        stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO secret_record(purpose, label, changed_at) VALUES (?,?,?) "
                "ON CONFLICT(purpose) DO UPDATE SET label=excluded.label, "
                "changed_at=excluded.changed_at", (purpose, label, stamp))
        self._changed("secrets")

    def forget_secret(self, purpose: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM secret_record WHERE purpose=?", (purpose,))
        self._changed("secrets")

    # ----- per-workspace settings (e.g. the page to return to) -------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        row = self._conn.execute("SELECT value FROM setting WHERE key=?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) "
                         "DO UPDATE SET value=excluded.value", (key, json.dumps(value)))

    # ----- whole snapshot and integrity ----------------------------------------------------

    def load(self) -> WorkspaceData:
        """Read everything in one read transaction, so rules see one consistent state."""
        self._conn.execute("BEGIN")
        try:
            return WorkspaceData(
                info=self.info(),
                organisation=self.organisation(),
                people=self.people(),
                scope=self.scope(),
                connection=self.connection(),
                cloud_services=self.cloud_services(),
                devices=self.devices(),
                answers=self.answers(),
                evidence_files=self.evidence_files(),
                evidence_uses=self.evidence_uses(),
                health_check=self.health_check(),
                findings=self.findings(),
                actions=self.actions(),
                sign_offs=self.sign_offs(),
                secret_records=self.secret_records(),
            )
        finally:
            self._conn.execute("COMMIT")

    def integrity_problems(self, *, check_evidence: bool = True) -> list[str]:
        problems = []
        result = self._conn.execute("PRAGMA integrity_check").fetchall()
        if [tuple(r) for r in result] != [("ok",)]:
            problems.extend(str(r[0]) for r in result)
        if check_evidence:
            for sha, record in self.evidence_files().items():
                if not self.evidence.verify(sha):
                    problems.append(
                        f"Evidence file '{record.original_name}' is missing or damaged in "
                        "the store."
                    )
        return problems
