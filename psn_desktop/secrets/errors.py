"""What can go wrong keeping a secret, as messages a user can act on.

As with the workspace errors, ``str()`` is the whole message: what happened and what to do
next. No message ever contains the secret itself. The CLI maps :class:`NoSecureStore` (and
its subclasses) to exit code 3, a problem with the computer rather than with the input.
"""

from __future__ import annotations


class SecretError(Exception):
    """Base class: the message is for the user."""


class NoSecureStore(SecretError):
    """There is no password store PSN Desktop may use; nothing was saved anywhere."""


class SecureStoreLocked(NoSecureStore):
    """The store exists but is locked, and was not unlocked when asked."""


class SecureStoreFailed(NoSecureStore):
    """The store was there but the operation failed (it stopped, or refused the request)."""


class SecretRejected(SecretError):
    """The value or the request cannot be stored as given (empty, too long, bad purpose)."""


class SecretDamaged(SecretError):
    """A long secret's parts no longer fit together (changed or removed outside the app)."""


class WorkspaceNeedsIdentity(SecretError):
    """A copied workspace still shares its id with the original, so it must not touch secrets."""
