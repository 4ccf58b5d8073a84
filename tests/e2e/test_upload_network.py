"""Proxies, plain http, and the connection check, against real servers on 127.0.0.1."""

# The fixtures are imported from upload_fixtures, so naming them as arguments re-binds them.
# ruff: noqa: F811

from __future__ import annotations

import errno
import socket
from datetime import UTC, datetime

import pytest
import requests

from psn_desktop.settings import Settings, save_settings
from psn_desktop.submit.connection_check import check_connection
from psn_desktop.submit.errors import BadEndpoint, ConnectionTrouble
from psn_desktop.submit.problems import kind_of
from psn_desktop.submit.proxies import ProxyChoice, proxy_for
from psn_desktop.submit.submission import send_pack
from psn_desktop.submit.transport import TransportOptions
from tests.e2e.upload_fixtures import (  # noqa: F401 - fixtures
    TOKEN,
    certs,
    no_proxy_from_environment,
    os_trusts_test_ca,
    school,
    small_pack,
    tus_server,
)
from tests.e2e.upload_harness import ConnectProxy, FakeClock, TusServer, free_port


def test_upload_goes_through_the_proxy_set_in_settings(tus_server, os_trusts_test_ca, school,
                                                       small_pack):
    with ConnectProxy() as proxy:
        save_settings(Settings(proxy=proxy.url))
        outcome = send_pack(school, small_pack, endpoint=tus_server.endpoint, token=TOKEN)

    assert proxy.tunnels and set(proxy.tunnels) == {f"127.0.0.1:{tus_server.port}"}
    assert tus_server.stored_sha256(outcome.url) == outcome.sha256


def test_upload_uses_the_proxy_from_the_environment(tus_server, os_trusts_test_ca, school,
                                                    small_pack, monkeypatch):
    with ConnectProxy() as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        outcome = send_pack(school, small_pack, endpoint=tus_server.endpoint, token=TOKEN)
    assert proxy.tunnels
    assert tus_server.stored_sha256(outcome.url) == outcome.sha256


def test_no_proxy_in_the_environment_is_honoured(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.school.example:8080")
    monkeypatch.setenv("NO_PROXY", "upload.example.org")
    assert proxy_for("https://upload.example.org/files/").direct
    chosen = proxy_for("https://other.example.org/files/")
    assert chosen.url == "http://proxy.school.example:8080"
    assert chosen.source == "environment"
    assert proxy_for("https://upload.example.org/", "proxy.lan:3128").url == "http://proxy.lan:3128"


def test_a_proxy_asking_for_a_login_is_explained(tus_server, os_trusts_test_ca, school,
                                                 small_pack):
    with ConnectProxy(login="staff:secret") as proxy:
        save_settings(Settings(proxy=proxy.url))
        with pytest.raises(ConnectionTrouble) as caught:
            send_pack(school, small_pack, endpoint=tus_server.endpoint, token=TOKEN,
                      clock=FakeClock(), sleep=lambda s: pytest.fail("must not retry"))
    assert caught.value.kind == "proxy-login"
    assert caught.value.exit_code == 3
    assert "asked for a login" in str(caught.value)
    assert proxy.refused_logins == 1


def test_plain_http_is_refused_except_to_this_computer(tmp_path, school, small_pack):
    with pytest.raises(BadEndpoint) as caught:
        send_pack(school, small_pack, endpoint="http://upload.example.org/files/")
    assert "only sends packs over an encrypted connection" in str(caught.value)

    with TusServer(tmp_path / "plain-files") as plain:  # loopback: allowed, for local testing
        outcome = send_pack(school, small_pack, endpoint=plain.endpoint, token="")
        assert outcome.url.startswith(f"http://127.0.0.1:{plain.port}/files/")
        assert plain.stored_sha256(outcome.url) == outcome.sha256


def test_the_server_cannot_redirect_bytes_to_an_unencrypted_address():
    from psn_desktop.submit.endpoint import resolve_location

    assert resolve_location("https://up.example.org/files/", "/files/abc") == \
        "https://up.example.org/files/abc"
    with pytest.raises(BadEndpoint):
        resolve_location("https://up.example.org/files/", "http://elsewhere.example.org/abc")


# ----- the connection check ----------------------------------------------------------------


def test_check_reports_tls_version_issuer_and_expiry(tus_server, os_trusts_test_ca):
    report = check_connection(tus_server.endpoint, options=TransportOptions(), token=TOKEN)

    assert report.ok and report.reachable
    assert report.tls_version in ("TLSv1.2", "TLSv1.3")
    assert report.certificate.issuer == "PSN Desktop Test CA"
    assert "127.0.0.1" in report.certificate.subject
    assert report.certificate.expires > datetime.now(UTC)
    assert report.tus_version == "1.0.0"
    assert report.proxy.direct
    text = report.as_text()
    assert "issued by PSN Desktop Test CA" in text
    assert "directly (no proxy)" in text
    assert report.as_dict()["tls_version"] == report.tls_version


def test_check_names_the_proxy_and_where_it_came_from(tus_server, os_trusts_test_ca):
    with ConnectProxy() as proxy:
        report = check_connection(tus_server.endpoint, token=TOKEN,
                                  options=TransportOptions(proxy=proxy.url))
    assert report.ok
    assert report.proxy.url == proxy.url
    assert f"through the proxy {proxy.url} (from PSN Desktop's settings)" in report.as_text()


def test_check_explains_an_untrusted_certificate(tus_server):
    report = check_connection(tus_server.endpoint, options=TransportOptions(), token=TOKEN)
    assert not report.reachable
    assert report.problem_kind == "untrusted-certificate"
    assert "ask your IT support for its root certificate and add it in Settings" in \
        report.problem


def test_check_accepts_a_root_added_in_settings(tus_server, certs):
    report = check_connection(tus_server.endpoint, token=TOKEN,
                              options=TransportOptions(extra_root_certificate=str(certs.ca_file)))
    assert report.ok


def test_check_explains_a_server_that_is_down():
    report = check_connection(f"https://127.0.0.1:{free_port()}/files/",
                              options=TransportOptions())
    assert not report.reachable
    assert report.problem_kind == "server-down"
    assert "server may be down" in report.problem


def test_check_explains_a_proxy_login(tus_server, os_trusts_test_ca):
    with ConnectProxy(login="staff:secret") as proxy:
        report = check_connection(tus_server.endpoint,
                                  options=TransportOptions(proxy=proxy.url))
    assert report.problem_kind == "proxy-login"
    assert "proxy" in report.problem and "login" in report.problem


def test_check_says_a_token_is_needed_without_failing(tus_server, os_trusts_test_ca):
    report = check_connection(tus_server.endpoint, options=TransportOptions())
    assert report.reachable and report.ok
    assert report.problem_kind == "token-needed"
    assert "upload token" in report.note


def test_check_spots_a_server_that_is_not_tus(tmp_path):
    """A web server that is not a tus server (a proxy's block page, a wrong address)."""
    import http.server
    import threading

    class Plain(http.server.BaseHTTPRequestHandler):
        def do_OPTIONS(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Plain)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        report = check_connection(f"http://127.0.0.1:{server.server_address[1]}/files/",
                                  options=TransportOptions())
    finally:
        server.shutdown()
    assert report.reachable and not report.ok
    assert report.problem_kind == "not-tus"


def _connection_error(cause: BaseException) -> requests.ConnectionError:
    """A requests error wrapping ``cause`` the way urllib3 nests it."""
    from urllib3.exceptions import MaxRetryError, NameResolutionError, NewConnectionError

    if isinstance(cause, socket.gaierror):
        inner: Exception = NameResolutionError("upload.example.org", None, cause)  # type: ignore[arg-type]
    else:
        inner = NewConnectionError(None, f"Failed to establish a new connection: {cause}")  # type: ignore[arg-type]
        inner.__cause__ = cause
    return requests.ConnectionError(MaxRetryError(None, "/files/", inner))  # type: ignore[arg-type]


@pytest.mark.parametrize(("cause", "kind"), [
    (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "dns"),
    (socket.gaierror(getattr(socket, "EAI_AGAIN", -3), "Temporary failure in name resolution"),
     "no-network"),
    (OSError(errno.ENETUNREACH, "Network is unreachable"), "no-network"),
    (ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"), "server-down"),
])
def test_failures_a_school_meets_are_told_apart(cause, kind):
    assert kind_of(_connection_error(cause), ProxyChoice())[0] == kind


def test_every_kind_of_failure_has_a_fix_in_plain_words():
    from psn_desktop.submit import problems

    kinds = [problems.NO_NETWORK, problems.DNS, problems.PROXY_LOGIN, problems.PROXY_DOWN,
             problems.UNTRUSTED, problems.EXPIRED, problems.WRONG_NAME, problems.TLS,
             problems.REFUSED, problems.TIMEOUT, problems.DROPPED, problems.SERVER_ERROR]
    proxy = ProxyChoice("http://staff:pw@proxy.lan:8080", "settings")
    for kind in kinds:
        message = problems.message_for(kind, "upload.example.org", proxy, "HTTP 503")
        assert len(message) > 60, kind
        assert "pw@" not in message  # a proxy password is never shown
