"""Secrets (passwords, tokens, keys) kept only in the operating system's keyring.

This package is the only code that touches ``keyring``. Other features call
:func:`read_secret` when they need a value and ask the user for it when it returns None or
raises :class:`NoSecureStore`; :func:`backend_status` says where secrets are kept, in plain
words, or why they cannot be kept at all.
"""

from psn_desktop.secrets.backend import BackendStatus, backend_status, reload
from psn_desktop.secrets.errors import (
    NoSecureStore,
    SecretDamaged,
    SecretError,
    SecretRejected,
    SecureStoreFailed,
    SecureStoreLocked,
    WorkspaceNeedsIdentity,
)
from psn_desktop.secrets.purposes import SecretPurpose, plain_name
from psn_desktop.secrets.store import (
    SecretSlot,
    delete_secret,
    forget_workspace,
    forget_workspace_secrets,
    list_secrets,
    overview,
    read_secret,
    store_secret,
)

__all__ = [
    "BackendStatus",
    "NoSecureStore",
    "SecretDamaged",
    "SecretError",
    "SecretPurpose",
    "SecretRejected",
    "SecretSlot",
    "SecureStoreFailed",
    "SecureStoreLocked",
    "WorkspaceNeedsIdentity",
    "backend_status",
    "delete_secret",
    "forget_workspace",
    "forget_workspace_secrets",
    "list_secrets",
    "overview",
    "plain_name",
    "read_secret",
    "reload",
    "store_secret",
]
