"""What the workspace remembers about sending its packs: started, sent, and waiting.

Three small records, kept with the workspace's other settings so they travel with it and
survive a restart, keyed by each pack's SHA-256:

- *active*: an upload the server has created but not finished, with its address, so the
  next try (after a crash, a reboot, a closed lid) carries on from the server's offset
  instead of starting again;
- *sent*: packs the server holds completely, so the same pack is never submitted twice;
- *queue*: packs the user asked to "send when online", retried at start and periodically.

No token or password is ever written here: only addresses, sizes, names and dates.
The ledger is used on the thread that owns the workspace; upload workers never touch it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from typing import Any, TypeVar

from psn_desktop.submit.pack_facts import PackFacts
from psn_desktop.workspace.store import Workspace

SENT_KEY = "submit.sent"
ACTIVE_KEY = "submit.active"
QUEUE_KEY = "submit.queue"

T = TypeVar("T")


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _load(cls: type[T], raw: Any) -> T | None:
    if not isinstance(raw, dict):
        return None
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    try:
        return cls(**{k: v for k, v in raw.items() if k in names})
    except TypeError:
        return None


@dataclass(frozen=True)
class SentRecord:
    sha256: str
    url: str
    endpoint: str
    filename: str
    size: int
    sent_at: str


@dataclass(frozen=True)
class ActiveUpload:
    sha256: str
    url: str
    endpoint: str
    filename: str
    size: int
    started_at: str


@dataclass(frozen=True)
class QueuedPack:
    sha256: str
    path: str
    filename: str
    size: int
    endpoint: str
    queued_at: str
    last_try: str = ""
    problem: str = ""


class UploadLedger:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    # ----- reading ------------------------------------------------------------------------

    def _table(self, key: str) -> dict[str, Any]:
        value = self.workspace.setting(key, {})
        return value if isinstance(value, dict) else {}

    def sent(self, sha256: str) -> SentRecord | None:
        return _load(SentRecord, self._table(SENT_KEY).get(sha256))

    def all_sent(self) -> list[SentRecord]:
        records = [_load(SentRecord, raw) for raw in self._table(SENT_KEY).values()]
        return sorted((r for r in records if r), key=lambda r: r.sent_at)

    def active(self, sha256: str) -> ActiveUpload | None:
        return _load(ActiveUpload, self._table(ACTIVE_KEY).get(sha256))

    def queue(self) -> list[QueuedPack]:
        value = self.workspace.setting(QUEUE_KEY, [])
        entries = [_load(QueuedPack, raw) for raw in value] if isinstance(value, list) else []
        return [entry for entry in entries if entry]

    def queued(self, sha256: str) -> QueuedPack | None:
        return next((entry for entry in self.queue() if entry.sha256 == sha256), None)

    def organisation_name(self) -> str:
        return self.workspace.organisation().name

    def framework_id(self) -> str:
        frameworks = self.workspace.frameworks()
        return frameworks[0] if frameworks else ""

    # ----- writing (each one transaction) ---------------------------------------------------

    def _put(self, key: str, sha256: str, record: Any | None) -> None:
        table = self._table(key)
        if record is None:
            if sha256 not in table:
                return
            table.pop(sha256)
        else:
            table[sha256] = asdict(record)
        self.workspace.set_setting(key, table)

    def remember_active(self, facts: PackFacts, endpoint: str, url: str) -> ActiveUpload:
        record = ActiveUpload(facts.sha256, url, endpoint, facts.filename, facts.size, _now())
        self._put(ACTIVE_KEY, facts.sha256, record)
        return record

    def forget_active(self, sha256: str) -> None:
        self._put(ACTIVE_KEY, sha256, None)

    def remember_sent(self, facts: PackFacts, endpoint: str, url: str) -> SentRecord:
        """Record a finished upload; it also leaves the active list and the queue."""
        record = SentRecord(facts.sha256, url, endpoint, facts.filename, facts.size, _now())
        self._put(SENT_KEY, facts.sha256, record)
        self.forget_active(facts.sha256)
        self.dequeue(facts.sha256)
        return record

    def _save_queue(self, entries: list[QueuedPack]) -> None:
        self.workspace.set_setting(QUEUE_KEY, [asdict(entry) for entry in entries])

    def enqueue(self, facts: PackFacts, endpoint: str) -> QueuedPack:
        entry = QueuedPack(facts.sha256, str(facts.path), facts.filename, facts.size,
                           endpoint, _now())
        others = [e for e in self.queue() if e.sha256 != facts.sha256]
        self._save_queue([*others, entry])
        return entry

    def note_try(self, sha256: str, problem: str) -> None:
        entries = self.queue()
        changed = [QueuedPack(**{**asdict(e), "last_try": _now(), "problem": problem})
                   if e.sha256 == sha256 else e for e in entries]
        if changed != entries:
            self._save_queue(changed)

    def dequeue(self, sha256: str) -> None:
        entries = self.queue()
        kept = [entry for entry in entries if entry.sha256 != sha256]
        if len(kept) != len(entries):
            self._save_queue(kept)
