"""Helpers for tests that use the real keyring: make sure it is the real Secret Service, or
select one of keyring's own backends through keyring's own configuration.

``./run-tests`` runs every test under ``dbus-run-session`` with an unlocked gnome-keyring
(``scripts/with-keyring.sh``). Tests that need it assert that it really is there rather
than skipping, so a broken setup fails loudly instead of passing quietly.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

from keyring.backend import KeyringBackend

ROOT = Path(__file__).resolve().parent.parent
RUN = uuid.uuid4().hex[:10]


def tag(text: str) -> str:
    """A test secret made unique to this run. Values the app handles are scrubbed from every
    log record for the rest of the process, so a plain word used as a test password would
    disappear from other tests' log messages."""
    return f"{text}-{RUN}"
FAIL_BACKEND = "keyring.backends.fail.Keyring"
NULL_BACKEND = "keyring.backends.null.Keyring"
PLAINTEXT_BACKEND = "keyrings.alt.file.PlaintextKeyring"


def require_secret_service() -> None:
    """Fail (never skip) unless the store in use is gnome-keyring over the Secret Service."""
    from psn_desktop.secrets import backend

    status = backend.reload()
    chosen, _ = backend.secure_backend() if status.secure else (None, status)
    assert status.secure, f"No Secret Service here ({status.problem}). Run the tests with " \
                          "./run-tests, which starts gnome-keyring on a private D-Bus."
    assert backend.class_path(chosen) == "keyring.backends.SecretService.Keyring"
    assert status.store_name == "GNOME Keyring (Secret Service)"


@contextlib.contextmanager
def environment(**values: str | None) -> Iterator[None]:
    """Set (or, with None, remove) environment variables, re-detect the store, then restore.

    Written by hand rather than with monkeypatch because the store has to be detected again
    after the variables are restored, which monkeypatch would do only after this fixture's
    teardown.
    """
    from psn_desktop.secrets import backend

    saved = {name: os.environ.get(name) for name in values}
    try:
        for name, value in values.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        backend.reload()
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        backend.reload()


def keyring_config(folder: Path, backend_name: str) -> Path:
    """Write keyring's own settings file (keyringrc.cfg) under ``folder`` as XDG_CONFIG_HOME."""
    path = folder / "python_keyring" / "keyringrc.cfg"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"[backend]\ndefault-keyring={backend_name}\n", encoding="utf-8")
    return path


def run_cli(*args: str, stdin: str = "", env: dict[str, str] | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``psn-desktop`` as its own process, as a script or an IT person would."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    full_env.setdefault("PYTHONPATH", str(ROOT))
    return subprocess.run([sys.executable, "-m", "psn_desktop", *args], input=stdin,
                          capture_output=True, text=True, env=full_env, timeout=timeout,
                          cwd=ROOT)


def file_tree(*roots: Path) -> dict[str, bytes]:
    """Every file under the roots with its content, to prove that nothing was written."""
    found: dict[str, bytes] = {}
    for root in roots:
        if root.exists():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    found[str(path)] = path.read_bytes()
    return found


class MysteryKeyring(KeyringBackend):
    """A backend PSN Desktop has never heard of, chosen through PYTHON_KEYRING_BACKEND: the
    app must refuse it rather than guess that it is safe. It keeps values in memory only."""

    priority = 1  # type: ignore[assignment]
    _values: dict[tuple[str, str], str] = {}  # noqa: RUF012

    def get_password(self, service: str, username: str) -> str | None:
        return self._values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._values.pop((service, username), None)
