"""Which password store this computer offers, whether PSN Desktop may use it, and what it is called.

``keyring`` picks a backend from the environment, its own configuration file and whatever
backends are installed. Several of those choices would quietly break the promise that a
secret lives only in the operating system's store: the *fail* and *null* backends store
nothing, ``keyrings.alt`` writes passwords to ordinary files, and keyring's *chainer* tries
each installed backend in turn, so a plaintext file can catch a write the real store refused.
So only the stores named in :data:`SECURE_BACKENDS` are ever used, a chain is reduced to its
first secure member, and anything else is refused with a message that says, in plain
words, what is wrong and how to fix it. There is never a fallback to a file.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import keyring
import keyring.core
import keyring.errors
import keyring.util.platform_
from keyring.backend import KeyringBackend

from psn_desktop.secrets.errors import NoSecureStore, SecureStoreFailed, SecureStoreLocked

SERVICE = "psn-desktop"

_SECRET_SERVICE = "secret-service"
# Fully qualified class name -> the store's name in plain words (or how to find it out).
SECURE_BACKENDS: dict[str, str] = {
    "keyring.backends.Windows.WinVaultKeyring": "Windows Credential Manager",
    "keyring.backends.macOS.Keyring": "the macOS Keychain",
    "keyring.backends.SecretService.Keyring": _SECRET_SERVICE,
    "keyring.backends.libsecret.Keyring": _SECRET_SERVICE,
    "keyring.backends.kwallet.DBusKeyring": "KDE Wallet",
    "keyring.backends.kwallet.DBusKeyringKWallet4": "KDE Wallet",
}

# D-Bus names that say which program answers for the Secret Service.
_SECRET_SERVICE_PROVIDERS = (
    ("org.gnome.keyring", "GNOME Keyring (Secret Service)"),
    ("org.keepassxc.KeePassXC.MainWindow", "KeePassXC (Secret Service)"),
    ("org.kde.kwalletd6", "KDE Wallet (Secret Service)"),
    ("org.kde.kwalletd5", "KDE Wallet (Secret Service)"),
)
_GENERIC_SECRET_SERVICE = "your desktop's keyring (Secret Service)"

_UNTIL_FIXED = ("Until this is fixed PSN Desktop saves no passwords or keys: it will ask you "
                "for each one when it is needed, and forget it afterwards.")


@dataclass(frozen=True)
class BackendStatus:
    """What the user is told about where secrets are kept."""

    secure: bool
    store_name: str  # plain words, e.g. "Windows Credential Manager"; "" when there is none
    problem: str = ""  # what is wrong and how to fix it; "" when secure
    locked: bool = False  # secure, but the user will be asked to unlock it first

    @property
    def summary(self) -> str:
        if not self.secure:
            return self.problem
        text = (f"Passwords and keys are saved in {self.store_name}, never in the workspace "
                "or in any file.")
        if self.locked:
            text += f" {self.store_name} is locked: you will be asked to unlock it."
        return text


_lock = threading.RLock()
_chosen: tuple[KeyringBackend | None, BackendStatus] | None = None


def class_path(backend: object) -> str:
    kind = type(backend)
    return f"{kind.__module__}.{kind.__qualname__}"


def backend_status() -> BackendStatus:
    """The store in use (or why there is none), with its current locked state."""
    backend, status = _resolve()
    if backend is not None and SECURE_BACKENDS.get(class_path(backend)) == _SECRET_SERVICE:
        locked = _secret_service_locked()
        if locked != status.locked:
            status = BackendStatus(True, status.store_name, "", locked)
    return status


def last_status() -> BackendStatus | None:
    """What was found last time, without asking anything (None before the first look).

    Windows open with this at once, then check again off the UI thread, so the line naming
    the store does not flicker from "checking" to the same answer every time.
    """
    with _lock:
        return _chosen[1] if _chosen is not None else None


def reload() -> BackendStatus:
    """Look again (after the user installed, started or unlocked a store, or changed settings)."""
    global _chosen
    with _lock:
        _chosen = None
    return backend_status()


def secure_backend() -> tuple[KeyringBackend, BackendStatus]:
    """The backend to use, or :class:`NoSecureStore` saying why there is none."""
    backend, status = _resolve()
    if backend is None:
        raise NoSecureStore(status.problem)
    return backend, status


T = TypeVar("T")


def call(operation: Callable[[KeyringBackend], T]) -> T:
    """Run one keyring operation, turning every failure into a message a user can act on."""
    backend, status = secure_backend()
    try:
        return operation(backend)
    except keyring.errors.KeyringLocked:
        raise SecureStoreLocked(
            f"{_capital(status.store_name)} is locked, and it was not unlocked. Unlock it "
            "(it may ask for the password you log in with), then try again. Nothing was "
            "changed."
        ) from None
    except Exception as error:  # D-Bus and Win32 errors share no base class with keyring's
        raise SecureStoreFailed(_failed(status, error)) from None


def get_entry(username: str) -> str | None:
    return call(lambda backend: backend.get_password(SERVICE, username))


def set_entry(username: str, value: str) -> None:
    call(lambda backend: backend.set_password(SERVICE, username, value))


def delete_entry(username: str) -> bool:
    """Delete one entry; False when there was none (keyring reports that as an error)."""

    def delete(backend: KeyringBackend) -> bool:
        try:
            backend.delete_password(SERVICE, username)
        except keyring.errors.PasswordDeleteError:
            return False
        return True

    return call(delete)


def _failed(status: BackendStatus, error: BaseException) -> str:
    detail = str(error).strip() or type(error).__name__
    return (f"{_capital(status.store_name)} did not complete the request ({detail}). Check that "
            "it is running and unlocked, then try again. Nothing else was changed.")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# ----- choosing the backend ------------------------------------------------------------------


def _resolve() -> tuple[KeyringBackend | None, BackendStatus]:
    global _chosen
    with _lock:
        if _chosen is None:
            _chosen = _choose()
        return _chosen


def _choose() -> tuple[KeyringBackend | None, BackendStatus]:
    try:
        keyring.core.init_backend()
        chosen = keyring.get_keyring()
    except Exception as error:  # a configured backend that cannot load raises anything
        return None, BackendStatus(False, "", _problem_cannot_load(error))
    members = list(getattr(chosen, "backends", [])) if _is_chainer(chosen) else [chosen]
    for member in members:
        name = SECURE_BACKENDS.get(class_path(member))
        if name is not None:
            if name == _SECRET_SERVICE:
                name = _secret_service_provider()
            return member, BackendStatus(True, name)
    return None, BackendStatus(False, "", _problem_refused(chosen, members))


def _is_chainer(backend: KeyringBackend) -> bool:
    return class_path(backend) == "keyring.backends.chainer.ChainerBackend"


def _how_chosen() -> str:
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return "by the PYTHON_KEYRING_BACKEND environment variable"
    config = keyring.util.platform_.config_root() / "keyringrc.cfg"
    if config.exists():
        return f"by keyring's settings file {config}"
    return "automatically"


def _fix_for_this_platform() -> str:
    if sys.platform == "win32":
        return ("Windows Credential Manager is part of Windows; if PSN Desktop cannot reach it, "
                "reinstall PSN Desktop or ask your IT support.")
    if sys.platform == "darwin":
        return "Make sure your login keychain exists and is unlocked (Keychain Access)."
    return ("Install GNOME Keyring (or turn on the Secret Service option in KeePassXC or KDE "
            "Wallet), log out and back in, and make sure the keyring is unlocked.")


def _problem_cannot_load(error: BaseException) -> str:
    return (f"PSN Desktop cannot open the password store chosen {_how_chosen()} ({error}). "
            f"Remove or correct that setting. {_fix_for_this_platform()} {_UNTIL_FIXED}")


def _problem_refused(chosen: KeyringBackend, members: list[KeyringBackend]) -> str:
    how = _how_chosen()
    paths = [class_path(m) for m in members] or [class_path(chosen)]
    undo = "" if how == "automatically" else " Remove that setting so the system's store is used."
    if any(p.startswith("keyrings.alt.") or "plaintext" in p.lower() or ".file." in p
           for p in paths):
        return ("The only password store available keeps passwords in an ordinary file "
                f"({', '.join(paths)}, chosen {how}), which PSN Desktop never uses.{undo} "
                f"{_fix_for_this_platform()} {_UNTIL_FIXED}")
    if paths == ["keyring.backends.null.Keyring"]:
        return (f"Saving passwords has been switched off for this account (keyring's 'null' "
                f"store, chosen {how}).{undo} {_fix_for_this_platform()} {_UNTIL_FIXED}")
    if paths in (["keyring.backends.fail.Keyring"], ["keyring.backends.chainer.ChainerBackend"]):
        found = ("was found" if how == "automatically"
                 else f"is in use (keyring's 'fail' store, chosen {how})")
        return (f"No secure password store {found} on this computer.{undo} "
                f"{_fix_for_this_platform()} {_UNTIL_FIXED}")
    return (f"PSN Desktop does not know whether the password store chosen {how} "
            f"({', '.join(paths)}) keeps passwords safely, so it will not use it.{undo} "
            f"{_fix_for_this_platform()} {_UNTIL_FIXED}")


# ----- Secret Service details (Linux) --------------------------------------------------------


def _secret_service_provider() -> str:
    """Name the program behind the Secret Service, so the user knows where to look."""
    try:
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection
    except ImportError:
        return _GENERIC_SECRET_SERVICE
    try:
        with open_dbus_connection(bus="SESSION") as connection:
            for bus_name, plain in _SECRET_SERVICE_PROVIDERS:
                reply = connection.send_and_get_reply(message_bus.NameHasOwner(bus_name),
                                                      timeout=2)
                if reply.body and reply.body[0]:
                    return plain
    except Exception:  # no session bus, a timeout: the generic name is still true
        return _GENERIC_SECRET_SERVICE
    return _GENERIC_SECRET_SERVICE


def _secret_service_locked() -> bool:
    """Whether the default collection is locked, asked without raising an unlock prompt."""
    try:
        import secretstorage
    except ImportError:
        return False
    try:
        connection: Any = secretstorage.dbus_init()
    except Exception:
        return False
    with contextlib.closing(connection):
        try:
            return bool(secretstorage.get_default_collection(connection).is_locked())
        except Exception:
            return False
