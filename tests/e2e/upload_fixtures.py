"""Fixtures for the upload tests: one real TLS tus server per module, a trusted test CA.

Imported by name into each ``test_upload*.py`` (pytest picks fixtures up from a test
module's namespace), so no shared conftest is needed.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.upload_harness import Certificates, TusServer, make_certificates, make_pack

TOKEN = "tus-test-" + secrets.token_hex(8)
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
                   "http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def no_proxy_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's own proxy variables must not route loopback tests elsewhere."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("certs"))


@pytest.fixture(scope="module")
def tus_server(tmp_path_factory: pytest.TempPathFactory, certs: Certificates
               ) -> Iterator[TusServer]:
    with TusServer(tmp_path_factory.mktemp("tus-files"), certs=certs, token=TOKEN) as server:
        yield server


@pytest.fixture
def os_trusts_test_ca(certs: Certificates, monkeypatch: pytest.MonkeyPatch) -> Certificates:
    """The test CA as if the OS trusted it (OpenSSL's default verify file, per process)."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certs.ca_file))
    return certs


@pytest.fixture
def small_pack(tmp_path: Path) -> Path:
    return make_pack(tmp_path / "oakfield-2026.psnpack", 3 * 1024 * 1024 + 123, seed=7)


@pytest.fixture
def school(empty_workspace):  # type: ignore[no-untyped-def]
    """An empty workspace with an organisation name (for the upload's metadata)."""
    from psn_desktop.domain.model import Organisation

    empty_workspace.set_organisation(Organisation(name="Oakfield Primary School"))
    return empty_workspace
