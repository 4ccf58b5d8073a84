"""Each workspace's pack-signing key: made on first use, kept only in the OS keyring.

The private half goes through :mod:`psn_desktop.secrets` (the only code that touches the
keyring) under the purpose ``signing_key``; the workspace keeps just the public half and its
fingerprint, so the app can show which key signs this organisation's packs without asking
the keyring. When there is no secure store, or this workspace may not touch secrets (a copy
that still shares the original's identity), the pack is built unsigned and says why: a key
kept anywhere else would be a key anyone with the folder could sign with.

Looking a key up is split in two, like the secrets store's own changes: :func:`plan_key` runs
where the workspace lives (it only checks and prepares), :meth:`KeyPlan.obtain` may run on a
worker thread (it talks to the keyring, which may be waiting for the user to unlock it), and
:meth:`KeyPlan.commit` records a newly made key back in the workspace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from psn_desktop.pack.contents import SignerInfo
from psn_desktop.pack.signing import (
    ALGORITHM,
    KeyFormatError,
    fingerprint,
    new_private_key,
    private_key_from_text,
    private_key_to_text,
    public_key_bytes,
    public_key_text,
)
from psn_desktop.secrets import NoSecureStore, SecretError, SecretPurpose, read_secret
from psn_desktop.secrets.store import StoreSecret, prepare_store
from psn_desktop.workspace.errors import WorkspaceError
from psn_desktop.workspace.store import IdentityState, Workspace

PURPOSE = SecretPurpose.SIGNING_KEY
KEY_SETTING = "pack.signing_key"  # {"public_key": base64, "fingerprint": "...", "algorithm"}
KEY_LABEL = "Signs this workspace's evidence packs"


@dataclass
class KeyPlan:
    """What to do about the signing key for one build."""

    workspace_id: str
    store: StoreSecret | None  # how to save ``candidate``, when this workspace may
    candidate: Ed25519PrivateKey | None = field(default=None, repr=False)
    refusal: str = ""  # why no key may be made or used here, in plain words
    recorded_public_key: str = ""
    key: Ed25519PrivateKey | None = field(default=None, repr=False)
    created: bool = False
    note: str = ""  # for the report: something the recipient should know about the key
    advice: str = ""  # for the person building: what to do about it

    def obtain(self) -> SignerInfo:
        """Read the key from the keyring, or make and save one. Safe on a worker thread."""
        if self.refusal:
            return self._unsigned(_COPY, self.refusal)
        try:
            text = read_secret(self.workspace_id, PURPOSE)
        except NoSecureStore as error:
            return self._unsigned(_NO_STORE, str(error))
        except SecretError as error:  # a damaged (split) entry, or a refused request
            return self._unsigned(_DAMAGED, f"{error} Until then packs are built unsigned.")
        if text is not None:
            try:
                self.key = private_key_from_text(text)
            except KeyFormatError:
                return self._unsigned(_DAMAGED, "The signing key saved in the password store is "
                                                "damaged. Ask your IT support to remove it; a "
                                                "new one is made on the next build.")
        elif self.store is None or self.candidate is None:
            return self._unsigned(_READ_ONLY, "Open the workspace for editing and build the "
                                              "pack again to sign it.")
        else:
            self.key = self.candidate
            try:
                self.store.run()
            except NoSecureStore as error:
                self.key = None
                return self._unsigned(_NO_STORE, str(error))
            self.created = True
            if self.recorded_public_key:
                self.note = ("A new signing key was made because the previous one is no longer "
                             "in this PC's password store. Its fingerprint differs from earlier "
                             "packs: tell your recipients the new one.")
        public_raw = public_key_bytes(self.key)
        return SignerInfo(True, ALGORITHM, public_key_text(self.key), fingerprint(public_raw))

    def _unsigned(self, reason: str, advice: str) -> SignerInfo:
        self.advice = advice
        return SignerInfo(False, reason=reason)

    def commit(self, workspace: Workspace) -> None:
        """Record a newly made key (its existence and public half) in the workspace."""
        if self.key is None or workspace.read_only:
            return
        if self.created and self.store is not None:
            self.store.commit(workspace)
        public = public_key_text(self.key)
        record = {"algorithm": ALGORITHM, "public_key": public,
                  "fingerprint": fingerprint(public_key_bytes(self.key))}
        if workspace.setting(KEY_SETTING) != record:
            workspace.set_setting(KEY_SETTING, record)


# Why a pack is unsigned, as the report tells its recipient (the advice goes to the builder).
_NO_STORE = "No secure password store was available on the PC that built it."
_DAMAGED = "The signing key saved on the PC that built it is damaged."
_COPY = ("It was built from a copy of a workspace that had not yet been given its own "
         "identity.")
_READ_ONLY = "The workspace was open read-only, so no signing key could be recorded."


def plan_key(workspace: Workspace) -> KeyPlan:
    """Check what may be done with this workspace's key; touches no keyring."""
    recorded: Any = workspace.setting(KEY_SETTING) or {}
    public = recorded.get("public_key", "") if isinstance(recorded, dict) else ""
    if workspace.identity_state == IdentityState.COPIED:
        return KeyPlan(workspace.id, None, refusal=(
            "This workspace is a copy that still shares the original's identity, so it may not "
            "use the original's signing key. Open it in PSN Desktop, give it its own identity, "
            "then build the pack again to sign it."), recorded_public_key=public)
    # A key is made up front (it costs microseconds) and saved only if the keyring has none.
    candidate = new_private_key()
    store: StoreSecret | None = None
    if not workspace.read_only:
        try:
            store = prepare_store(workspace, PURPOSE, private_key_to_text(candidate), KEY_LABEL)
        except (SecretError, WorkspaceError):
            store = None
    return KeyPlan(workspace.id, store, candidate, recorded_public_key=public)


def recorded_fingerprint(workspace: Workspace) -> str:
    """The fingerprint of the key this workspace signs with, or '' before the first pack."""
    recorded = workspace.setting(KEY_SETTING) or {}
    return recorded.get("fingerprint", "") if isinstance(recorded, dict) else ""
