"""The canary test, extended to sending: the upload token is used, then found nowhere.

The upload token is a canary stored in the real keyring (gnome-keyring over the Secret
Service, as ./run-tests provides). The pack goes through the 'send when online' queue and
the command line, with server errors on the way so problems are logged too; the test server
reports the token it received, proving the keyring's value was really used. Then every
file the app wrote is searched (workspace with its queue and upload records, logs,
settings, temp and XDG folders, the pack, and what the server stored): no token anywhere.
"""

# The fixtures are imported from upload_fixtures, so naming them as arguments re-binds them.
# ruff: noqa: F811

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from psn_desktop.logging_setup import configure_logging, stop_logging
from psn_desktop.secrets import forget_workspace_secrets
from psn_desktop.submit.ledger import ACTIVE_KEY, QUEUE_KEY, SENT_KEY, UploadLedger
from psn_desktop.submit.offline_queue import queue_pack, send_queued
from psn_desktop.workspace.store import Workspace
from tests.canary import Canary, isolate_folders
from tests.e2e.upload_fixtures import certs, no_proxy_from_environment  # noqa: F401
from tests.e2e.upload_harness import TusServer, make_pack, sha256_file
from tests.keyring_env import require_secret_service, run_cli


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    require_secret_service()
    isolate_folders(monkeypatch, tmp_path / "isolated")
    return tmp_path


@pytest.fixture
def app_log(folders: Path) -> Iterator[Path]:
    path = configure_logging(logging.DEBUG)
    try:
        yield path
    finally:
        stop_logging()


def test_the_upload_token_is_used_and_left_nowhere(folders: Path, app_log: Path, certs,
                                                   monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(certs.ca_file))  # the OS trusts the test CA
    token = f"CANARY-upload_token-{uuid.uuid4().hex}"
    folder = folders / "oakfield"
    first_pack = make_pack(folders / "packs" / "first.psnpack", 2 * 1024 * 1024, seed=31)
    second_pack = make_pack(folders / "packs" / "second.psnpack", 1024 * 1024, seed=32)
    with TusServer(folders / "received", certs=certs, token=token) as server:
        workspace = Workspace.create(folder)
        workspace_id = workspace.id
        try:
            canary = Canary(workspace, values={"upload_token": token})
            canary.plant()
            for root in (folders / "packs", folders / "received"):
                canary.add_root(root)

            # 1. queue while "offline", then a queue round in the app's way, with server
            #    errors on the way (so problems and retries are logged)
            queue_pack(workspace, first_pack, endpoint=server.endpoint)
            server.fail_next("PATCH", 2, status=503)
            results = send_queued(workspace)  # token read from the keyring
            assert [r.sent for r in results] == [True], results
            canary.saw("upload_token", server.last_token(), "the queued upload's header")
            ledger = UploadLedger(workspace)
            assert ledger.queue() == []
            assert ledger.sent(sha256_file(first_pack)) is not None
            for key in (SENT_KEY, ACTIVE_KEY, QUEUE_KEY):
                assert token not in str(workspace.setting(key, ""))
            workspace.close()

            # 2. the command line: queue it, then send the queue (token from the keyring)
            queued = run_cli("upload", str(second_pack), "--workspace", str(folder),
                             "--later", "--endpoint", server.endpoint)
            assert queued.returncode == 0, queued.stderr
            sent = run_cli("upload", "--queued", "--workspace", str(folder))
            assert sent.returncode == 0, sent.stderr
            assert token not in sent.stdout + sent.stderr
            assert server.last_token() == token
            check = run_cli("check-connection", "--endpoint", server.endpoint,
                            "--workspace", str(folder), "--json")
            assert check.returncode == 0, check.stderr
            assert token not in check.stdout + check.stderr
            canary.assert_all_used()

            # 3. the log tells the story, without the token
            for handler in logging.getLogger().handlers:
                handler.flush()
            log_text = app_log.read_text(encoding="utf-8")
            assert "retrying in" in log_text and "sent to" in log_text
            assert token not in log_text

            # 4. search everything the app (and the receiving server) wrote
            workspace = Workspace.open(folder)
            canary.workspace = workspace
            workspace.close()
            searched = canary.assert_no_leaks()
            assert searched >= 5
            assert app_log in set(canary.files())
            assert any(p.name == "workspace.sqlite3" for p in canary.files())
            assert any(p.parent == folders / "received" for p in canary.files())
        finally:
            workspace.close()
            forget_workspace_secrets(workspace_id)
