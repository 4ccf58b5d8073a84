"""Store, read, replace and delete a workspace's secrets: values in the OS keyring only.

Every secret is a keyring entry under the service ``psn-desktop`` and the user name
``<workspace-id>/<key>`` (the design's contract), so two workspaces never share one, and a
copied workspace gets a new id before it may touch its secrets. The workspace records only
which secrets exist, with a label and when they changed, never their values.

Each change is a small plain object with two steps, because the keyring may be slow (it can
be waiting for the user to unlock it) while the workspace belongs to the thread that opened
it: :meth:`run` talks to the keyring and may run on a worker thread; :meth:`commit` updates
the workspace's records and runs where the workspace lives. The one-call functions
(:func:`store_secret`, :func:`delete_secret`, :func:`forget_workspace`) do both in turn, for
the command line and for features that need no progress display.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from psn_desktop.domain.dates import uk_date
from psn_desktop.log_redaction import protect
from psn_desktop.secrets import backend, chunks
from psn_desktop.secrets.errors import SecretDamaged, SecretRejected, WorkspaceNeedsIdentity
from psn_desktop.secrets.purposes import (
    SecretPurpose,
    all_keys,
    fixed_keys,
    other_keys,
    parse_key,
    plain_name,
    purpose_of,
)
from psn_desktop.workspace.errors import WorkspaceReadOnly
from psn_desktop.workspace.store import IdentityState, Workspace


def username(workspace_id: str, key: str) -> str:
    return f"{workspace_id}/{parse_key(key)}"


@dataclass(frozen=True)
class SecretSlot:
    """One row of a workspace's secrets: what it is, and whether (and when) it was saved."""

    key: str
    label: str = ""
    changed_at: str = ""  # ISO 8601, UTC; "" when nothing is saved

    @property
    def purpose(self) -> SecretPurpose:
        return purpose_of(self.key)

    @property
    def name(self) -> str:
        return plain_name(self.key, self.label)

    @property
    def stored(self) -> bool:
        return bool(self.changed_at)

    @property
    def changed_text(self) -> str:
        """When it last changed, in this computer's time: "23 November 2026 at 14:05"."""
        if not self.changed_at:
            return ""
        try:
            moment = datetime.fromisoformat(self.changed_at).astimezone()
        except ValueError:
            return self.changed_at
        return f"{uk_date(moment.date())} at {moment:%H:%M}"


def list_secrets(workspace: Workspace) -> list[SecretSlot]:
    """The secrets this workspace has saved, in display order (from its records only)."""
    records = workspace.secret_records()
    return [SecretSlot(key, *records[key]) for key in all_keys() if key in records]


def overview(workspace: Workspace) -> list[SecretSlot]:
    """Every fixed purpose (saved or not), then the saved 'other' secrets: what the UI lists."""
    saved = {slot.key: slot for slot in list_secrets(workspace)}
    rows = [saved.get(key, SecretSlot(key)) for key in fixed_keys()]
    return rows + [slot for key, slot in saved.items() if key in other_keys()]


# ----- guards -------------------------------------------------------------------------------


def check_can_change(workspace: Workspace) -> None:
    """Refuse before touching the keyring, so a refusal never leaves half a change."""
    if workspace.identity_state == IdentityState.COPIED:
        raise WorkspaceNeedsIdentity(
            f"This workspace is a copy of the one at {workspace.previous_path} and still "
            "shares its identity, so changing its secrets would change the original's too. "
            "Give this copy its own identity first (PSN Desktop offers this when you open the "
            "copy). Nothing was changed."
        )
    if workspace.read_only:
        raise WorkspaceReadOnly(workspace.folder)


def choose_key(workspace: Workspace, purpose: str | SecretPurpose, label: str = "") -> str:
    """The slot to save in: the purpose's own, or for 'other' the one with this label."""
    key = parse_key(purpose)
    if key != SecretPurpose.OTHER:
        return key
    label = label.strip()
    if not label:
        raise SecretRejected("Say what this secret is for (a label such as 'Router admin "
                             "password'), so you can tell it apart later.")
    records = workspace.secret_records()
    for slot in other_keys():
        if slot in records and records[slot][0].strip().casefold() == label.casefold():
            return slot
    for slot in other_keys():
        if slot not in records:
            return slot
    raise SecretRejected(f"This workspace already keeps {len(other_keys())} other secrets. "
                         "Delete one you no longer need, then try again.")


# ----- changes ------------------------------------------------------------------------------


@dataclass
class StoreSecret:
    """Save (or replace) one secret."""

    workspace_id: str
    key: str
    value: str = field(repr=False)
    label: str = ""

    def run(self) -> None:
        _write(username(self.workspace_id, self.key), self.value)

    def commit(self, workspace: Workspace) -> None:
        workspace.record_secret(self.key, self.label)

    @property
    def name(self) -> str:
        return plain_name(self.key, self.label)


@dataclass
class DeleteSecret:
    """Delete one secret; :attr:`found` says whether the keyring held it."""

    workspace_id: str
    key: str
    found: bool = False

    def run(self) -> None:
        self.found = _delete(username(self.workspace_id, self.key))

    def commit(self, workspace: Workspace) -> None:
        workspace.forget_secret(self.key)


@dataclass
class ForgetWorkspace:
    """Remove every secret of a workspace from the keyring and its records, and take the
    workspace off this PC's list of workspaces (its folder stays).

    Every key the workspace could have used is tried, not only the recorded ones, so entries
    left by an interrupted change go too. :attr:`removed` counts the secrets removed.
    """

    workspace_id: str
    removed: int = 0

    def run(self) -> None:
        self.removed = sum(_delete(username(self.workspace_id, key)) for key in all_keys())

    def commit(self, workspace: Workspace) -> None:
        from psn_desktop.workspace import registry

        for key in list(workspace.secret_records()):
            workspace.forget_secret(key)
        registry.forget(workspace.folder)


def prepare_store(workspace: Workspace, purpose: str | SecretPurpose, value: str,
                  label: str = "") -> StoreSecret:
    check_can_change(workspace)
    problem = chunks.check_value(value)
    if problem:
        raise SecretRejected(problem)
    key = choose_key(workspace, purpose, label)
    if not label and key in workspace.secret_records():
        label = workspace.secret_records()[key][0]  # replacing keeps the label it had
    return StoreSecret(workspace.id, key, value, label.strip())


def prepare_delete(workspace: Workspace, purpose: str | SecretPurpose,
                   label: str = "") -> DeleteSecret:
    check_can_change(workspace)
    key = parse_key(purpose)
    if key == SecretPurpose.OTHER:
        records = workspace.secret_records()
        matches = [slot for slot in other_keys() if slot in records
                   and records[slot][0].strip().casefold() == label.strip().casefold()]
        if not matches:
            raise SecretRejected("Say which other secret to delete: its key (other-1, "
                                 "other-2...) or its exact label.")
        key = matches[0]
    return DeleteSecret(workspace.id, key)


def prepare_forget(workspace: Workspace) -> ForgetWorkspace:
    check_can_change(workspace)
    return ForgetWorkspace(workspace.id)


def store_secret(workspace: Workspace, purpose: str | SecretPurpose, value: str,
                 label: str = "") -> str:
    """Save or replace a secret; return the key it was filed under."""
    change = prepare_store(workspace, purpose, value, label)
    change.run()
    change.commit(workspace)
    return change.key


def delete_secret(workspace: Workspace, purpose: str | SecretPurpose, label: str = "") -> bool:
    """Delete a secret; False when neither the keyring nor the workspace knew of it."""
    change = prepare_delete(workspace, purpose, label)
    recorded = change.key in workspace.secret_records()
    change.run()
    change.commit(workspace)
    return change.found or recorded


def forget_workspace(workspace: Workspace) -> int:
    """Remove all of this workspace's secrets, and take it off this PC's list of workspaces.

    The folder and everything else in it stay. A copy that still shares the original's
    identity only leaves the list: its secrets are the original's.
    """
    from psn_desktop.workspace import registry

    if workspace.identity_state == IdentityState.COPIED:
        registry.forget(workspace.folder)
        return 0
    change = prepare_forget(workspace)
    change.run()
    change.commit(workspace)
    return change.removed


def forget_workspace_secrets(workspace_id: str) -> int:
    """Remove every secret filed under a workspace id whose folder is gone."""
    change = ForgetWorkspace(workspace_id)
    change.run()
    return change.removed


def read_secret(workspace_id: str, purpose: str | SecretPurpose) -> str | None:
    """The saved value, or None when there is none. Safe to call from any thread.

    Raises :class:`~psn_desktop.secrets.errors.NoSecureStore` when there is no store to ask
    (the caller then asks the user for the value), and
    :class:`~psn_desktop.secrets.errors.SecretDamaged` when a long secret's parts do not fit.
    """
    key = parse_key(purpose)
    if key == SecretPurpose.OTHER:
        raise SecretRejected("Say which other secret to read: other_1, other_2...")
    return _read(username(workspace_id, key), plain_name(key))


# ----- keyring entries, with long values in parts -------------------------------------------


def _write(name: str, value: str) -> None:
    if chunks.needs_parts(value):
        parts = chunks.split(value)
        protect(value, *parts)
        for index, part in enumerate(parts, start=1):
            backend.set_entry(chunks.part_name(name, index), part)
        backend.set_entry(name, chunks.header(len(parts), value))
        _delete_parts(name, start=len(parts) + 1)
    else:
        problem = chunks.check_value(value)
        if problem:
            raise SecretRejected(problem)
        protect(value)
        backend.set_entry(name, value)
        _delete_parts(name, start=1)


def _read(name: str, plain: str) -> str | None:
    stored = backend.get_entry(name)
    if stored is None:
        return None
    parsed = chunks.parse_header(stored)
    if parsed is None:
        protect(stored)
        return stored
    count, expected = parsed
    parts = [backend.get_entry(chunks.part_name(name, index)) for index in range(1, count + 1)]
    whole = "".join(part or "" for part in parts)
    if any(part is None for part in parts) or chunks.digest(whole) != expected:
        raise SecretDamaged(
            f"The saved {plain} is incomplete (part of it was removed or changed outside PSN "
            "Desktop), so it cannot be used. Save it again."
        )
    protect(whole, *(part for part in parts if part))
    return whole


def _delete(name: str) -> bool:
    found = backend.delete_entry(name)
    _delete_parts(name, start=1)
    return found


def _delete_parts(name: str, start: int) -> None:
    index = start
    while backend.delete_entry(chunks.part_name(name, index)):
        index += 1
