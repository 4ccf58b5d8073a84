"""``psn-desktop upload`` and ``check-connection`` as IT staff run them: real processes."""

# The fixtures are imported from upload_fixtures, so naming them as arguments re-binds them.
# ruff: noqa: F811

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from psn_desktop.submit.ledger import UploadLedger
from psn_desktop.workspace.store import Workspace
from tests.e2e.upload_fixtures import (  # noqa: F401 - fixtures
    PROXY_VARIABLES,
    TOKEN,
    certs,
    no_proxy_from_environment,
    small_pack,
    tus_server,
)
from tests.e2e.upload_harness import free_port, sha256_file


def run(*args: str, stdin: str = "", ca: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARIABLES}
    env.pop("SSL_CERT_FILE", None)
    if ca is not None:
        env["SSL_CERT_FILE"] = str(ca)  # the test CA as the "OS trust store" of that process
    return subprocess.run([sys.executable, "-m", "psn_desktop", *args], capture_output=True,
                          text=True, timeout=120, env=env, input=stdin)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "oakfield"
    Workspace.create(path).close()
    return path


def test_upload_prints_the_address_and_sha256_last(tus_server, certs, folder, small_pack):
    done = run("upload", str(small_pack), "--workspace", str(folder),
               "--endpoint", tus_server.endpoint, "--token-stdin", stdin=TOKEN + "\n",
               ca=certs.ca_file)

    assert done.returncode == 0, done.stderr
    last = done.stdout.strip().splitlines()[-1]
    sha = sha256_file(small_pack)
    assert last.startswith(f"Upload address: {tus_server.endpoint}")
    assert last.endswith(f"SHA-256: {sha}")
    url = last.split()[2]
    assert tus_server.stored_sha256(url) == sha
    assert TOKEN not in done.stdout + done.stderr

    again = run("upload", str(small_pack), "--workspace", str(folder),
                "--endpoint", tus_server.endpoint, "--token-stdin", stdin=TOKEN + "\n",
                ca=certs.ca_file)
    assert again.returncode == 0
    assert "already sent" in again.stderr
    assert again.stdout.strip().splitlines()[-1] == last


def test_upload_exit_codes_follow_the_design(tus_server, certs, folder, small_pack, tmp_path):
    wrong = run("upload", str(small_pack), "--workspace", str(folder), "--endpoint",
                tus_server.endpoint, "--token-stdin", stdin="wrong-token\n", ca=certs.ca_file)
    assert wrong.returncode == 1
    assert "refused the upload token" in wrong.stderr

    untrusted = run("upload", str(small_pack), "--workspace", str(folder), "--endpoint",
                    tus_server.endpoint, "--token-stdin", stdin=TOKEN + "\n")
    assert untrusted.returncode == 3
    assert "not trusted by this computer" in untrusted.stderr

    missing = run("upload", str(tmp_path / "none.psnpack"), "--workspace", str(folder),
                  "--endpoint", tus_server.endpoint)
    assert missing.returncode == 2
    assert "the file is not there" in missing.stderr

    unsafe = run("upload", str(small_pack), "--workspace", str(folder),
                 "--endpoint", "http://upload.example.org/files/")
    assert unsafe.returncode == 2
    assert "encrypted" in unsafe.stderr

    no_endpoint = run("upload", str(small_pack), "--workspace", str(folder))
    assert no_endpoint.returncode == 2
    assert "No upload address is set" in no_endpoint.stderr

    no_workspace = run("upload", str(small_pack), "--workspace", str(tmp_path / "nope"),
                       "--endpoint", tus_server.endpoint)
    assert no_workspace.returncode == 2


def test_send_when_online_queues_then_sends(tus_server, certs, folder, small_pack):
    queued = run("upload", str(small_pack), "--workspace", str(folder), "--later",
                 "--endpoint", tus_server.endpoint)
    assert queued.returncode == 0, queued.stderr
    assert "Queued" in queued.stderr
    with Workspace.open(folder) as workspace:
        waiting = UploadLedger(workspace).queue()
    assert [entry.filename for entry in waiting] == [small_pack.name]

    sent = run("upload", "--queued", "--workspace", str(folder), "--token-stdin",
               stdin=TOKEN + "\n", ca=certs.ca_file)
    assert sent.returncode == 0, sent.stderr
    url = sent.stdout.strip().splitlines()[-1].split()[2]
    assert tus_server.stored_sha256(url) == sha256_file(small_pack)
    with Workspace.open(folder) as workspace:
        assert UploadLedger(workspace).queue() == []

    nothing = run("upload", "--queued", "--workspace", str(folder))
    assert nothing.returncode == 0
    assert "No packs are waiting" in nothing.stderr


def test_check_connection_command(tus_server, certs):
    good = run("check-connection", "--endpoint", tus_server.endpoint, "--json", ca=certs.ca_file)
    assert good.returncode == 0, good.stderr
    report = json.loads(good.stdout)
    assert report["reachable"] and report["ok"]
    assert report["certificate"]["issuer"] == "PSN Desktop Test CA"
    assert report["tls_version"].startswith("TLSv1.")

    untrusted = run("check-connection", "--endpoint", tus_server.endpoint)
    assert untrusted.returncode == 3
    assert "untrusted certificate" in untrusted.stderr

    down = run("check-connection", "--endpoint", f"https://127.0.0.1:{free_port()}/files/")
    assert down.returncode == 1
    assert "server down" in down.stderr

    unsafe = run("check-connection", "--endpoint", "http://upload.example.org/")
    assert unsafe.returncode == 2
