"""Fetching newer support dates from a real HTTP server on 127.0.0.1: a newer, valid copy
is installed; anything else (older, invalid, not JSON, an error page, no server) leaves the
current data working. And the warning when the data is over 12 months old.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from psn_desktop.checks import support_update
from psn_desktop.checks.support_update import (
    SupportUpdateError,
    current_support_data,
    fetch_support_data,
    staleness_warning,
)
from psn_desktop.domain.support import load_support_data
from psn_desktop.resource_files import resource_path
from psn_desktop.settings import Settings, save_settings


def bundle(reviewed: str = "2027-03-01", mutate=None) -> dict[str, Any]:
    files = {}
    for path in sorted(resource_path("support").glob("*.json")):
        doc = json.loads(path.read_text("utf-8"))
        doc["reviewed"] = reviewed
        for item in [*doc["entries"], *doc.get("rules", [])]:
            item["reviewed"] = reviewed
        files[path.name] = doc
    if mutate:
        mutate(files)
    return {"format": "psn-desktop-support-bundle", "format_version": 1, "files": files}


class Server:
    def __init__(self) -> None:
        self.status = 200
        self.body = b""
        handler = self._handler()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(server.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(server.body)))
                self.end_headers()
                self.wfile.write(server.body)

            def log_message(self, *_args: object) -> None:
                pass

        return Handler

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/support.json"

    def serve(self, doc: Any, status: int = 200) -> str:
        self.status = status
        self.body = doc if isinstance(doc, bytes) else json.dumps(doc).encode("utf-8")
        return self.url


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    running.thread.start()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


def test_newer_valid_copy_is_installed(server: Server) -> None:
    assert current_support_data() is load_support_data()
    outcome = fetch_support_data(server.serve(bundle()))
    assert outcome.updated and outcome.reviewed == date(2027, 3, 1)
    assert "1 March 2027" in outcome.message
    assert current_support_data().reviewed == date(2027, 3, 1)
    # Fetching the same again changes nothing.
    again = fetch_support_data(server.serve(bundle()))
    assert not again.updated and "not newer" in again.message


@pytest.mark.parametrize(("doc", "status", "words"), [
    (bundle("2026-01-01"), 200, "not newer"),
    (bundle(mutate=lambda f: f["windows.json"]["entries"][0].pop("end_of_support")), 200,
     "did not pass the checks"),
    (bundle(mutate=lambda f: f.pop("windows.json")), 200, "leave out products"),
    (bundle(mutate=lambda f: f.update({"../evil.json": f["macos.json"]})), 200,
     "cannot have"),
    (b"<html>Proxy login</html>", 200, "not JSON"),
    ({"files": {}}, 200, "not a PSN Desktop support dates bundle"),
    (bundle(), 404, "answered 404"),
])
def test_anything_else_keeps_the_current_data(server: Server, doc: Any, status: int,
                                              words: str) -> None:
    before = current_support_data()
    outcome = fetch_support_data(server.serve(doc, status))
    assert not outcome.updated and words in outcome.message
    assert current_support_data().reviewed == before.reviewed
    assert not (support_update.downloaded_folder().parent / "evil.json").exists()


def test_a_good_update_then_a_bad_one_keeps_the_good_one(server: Server) -> None:
    fetch_support_data(server.serve(bundle("2027-03-01")))
    broken = bundle("2027-06-01", mutate=lambda f: f["linux.json"]["entries"][0].update(
        end_of_support="soon"))
    assert not fetch_support_data(server.serve(broken)).updated
    assert current_support_data().reviewed == date(2027, 3, 1)


def test_no_server_is_an_environment_problem() -> None:
    with pytest.raises(SupportUpdateError, match="could not be reached"):
        fetch_support_data("http://127.0.0.1:9/none.json", timeout=2)


def test_no_address_configured() -> None:
    with pytest.raises(SupportUpdateError, match="No address"):
        support_update.update_from_settings()


def test_address_comes_from_the_settings(server: Server) -> None:
    save_settings(Settings(support_data_url=server.serve(bundle())))
    assert support_update.update_from_settings().updated


def test_a_damaged_download_folder_falls_back_to_the_bundled_data() -> None:
    folder = support_update.downloaded_folder()
    folder.mkdir(parents=True)
    (folder / "windows.json").write_text("{broken", encoding="utf-8")
    assert current_support_data() is load_support_data()


def test_staleness_warning_after_twelve_months() -> None:
    data = load_support_data()
    assert staleness_warning(data, date(2026, 11, 23)) is None
    warning = staleness_warning(data, date(2027, 11, 24))
    assert warning and "23 November 2026" in warning and "12 months" in warning
