"""The upload's small Qt-free parts: addresses, metadata, progress, records, the file body."""

from __future__ import annotations

import base64
import io

import pytest

from psn_desktop.settings import Settings
from psn_desktop.submit.body import MAX_BLOCK, CancelToken, FileSlice
from psn_desktop.submit.endpoint import check_endpoint, is_loopback
from psn_desktop.submit.errors import BadEndpoint, UploadCancelled, UploadGaveUp
from psn_desktop.submit.ledger import QUEUE_KEY, SENT_KEY, UploadLedger
from psn_desktop.submit.progress import ProgressMeter, duration_text, size_text
from psn_desktop.submit.proxies import hide_password
from psn_desktop.submit.tus import encode_metadata
from psn_desktop.submit.uploader import RetryPolicy


@pytest.mark.parametrize(("given", "expected"), [
    ("upload.example.org/files/", "https://upload.example.org/files/"),
    ("HTTPS://Upload.Example.org:8443/files", "https://upload.example.org:8443/files"),
    ("http://127.0.0.1:1080/files/", "http://127.0.0.1:1080/files/"),
    ("http://localhost/files/", "http://localhost/files/"),
    ("http://[::1]:8080/files/", "http://[::1]:8080/files/"),
])
def test_addresses_that_are_accepted(given, expected):
    assert check_endpoint(given) == expected


@pytest.mark.parametrize(("given", "words"), [
    ("", "No upload address is set"),
    ("http://upload.example.org/files/", "only sends packs over an encrypted connection"),
    ("http://10.0.0.5/files/", "only sends packs over an encrypted connection"),
    ("ftp://upload.example.org/", "is not a web address"),
    ("https://user:pw@upload.example.org/", "must not contain a user name or password"),
    ("https://upload.example.org:99999/", "is not a web address"),
])
def test_addresses_that_are_refused_say_what_to_do(given, words):
    with pytest.raises(BadEndpoint) as caught:
        check_endpoint(given)
    assert words in str(caught.value)
    assert caught.value.exit_code == 2


def test_loopback_means_this_computer_only():
    assert is_loopback("127.0.0.1") and is_loopback("127.5.6.7") and is_loopback("::1")
    assert is_loopback("localhost") and is_loopback("app.localhost")
    assert not is_loopback("192.168.1.10") and not is_loopback("localhost.example.org")


def test_metadata_is_base64_per_tus():
    header = encode_metadata({"filename": "Ysgol Pen-y-ŵyn.psnpack", "sha256": "ab" * 32,
                              "empty": ""})
    pairs = dict(pair.split(" ") if " " in pair else (pair, "") for pair in header.split(","))
    assert base64.b64decode(pairs["filename"]).decode() == "Ysgol Pen-y-ŵyn.psnpack"
    assert base64.b64decode(pairs["sha256"]).decode() == "ab" * 32
    assert pairs["empty"] == ""
    with pytest.raises(ValueError):
        encode_metadata({"two words": "x"})


def test_speed_and_time_left_come_from_the_recent_window():
    now = [0.0]
    meter = ProgressMeter(clock=lambda: now[0], window=8.0)
    meter.update(0, 1000)
    now[0] = 1.0
    reading = meter.update(100, 1000)
    assert reading.speed == pytest.approx(100.0)
    assert reading.seconds_left == pytest.approx(9.0)
    for second in range(2, 21):  # the line slows down to 10 bytes a second
        now[0] = float(second)
        reading = meter.update(100 + (second - 1) * 10, 1000)
    assert reading.speed == pytest.approx(10.0)
    now[0] = 21.0
    after_drop = meter.update(150, 1000)  # the server held less than was sent: start again
    assert after_drop.speed == 0 and after_drop.seconds_left is None
    assert reading.percent == 29


def test_sizes_and_durations_in_words():
    assert size_text(512) == "512 bytes"
    assert size_text(12_345_678) == "12.3 MB"
    assert duration_text(None) == "working out the time left"
    assert duration_text(0.2) == "about 1 s left"
    assert duration_text(125) == "about 2 min 05 s left"
    assert duration_text(7300) == "about 2 h 01 min left"


def test_policy_follows_settings():
    policy = RetryPolicy.from_settings(Settings(upload_backoff_max_seconds=30,
                                                upload_give_up_minutes=3))
    assert (policy.first_wait, policy.max_wait, policy.give_up_after) == (1.0, 30.0, 180.0)
    assert RetryPolicy.from_settings(Settings()).give_up_after == 600.0


def test_gave_up_message_says_what_happened_and_what_next():
    error = UploadGaveUp(10, None, sent=1_000_000, size=5_000_000)
    text = str(error)
    assert "no progress for 10 minutes" in text
    assert "1,000,000 of 5,000,000 bytes are on the server" in text
    assert "Send when online" in text


def test_proxy_passwords_are_hidden():
    assert hide_password("http://staff:s3cret@proxy.lan:8080") == "http://staff:***@proxy.lan:8080"
    assert hide_password("http://proxy.lan:8080") == "http://proxy.lan:8080"


def test_records_survive_odd_values(empty_workspace):
    empty_workspace.set_setting(SENT_KEY, "not a table")
    empty_workspace.set_setting(QUEUE_KEY, [{"sha256": "x"}, "junk", {"unknown": 1}])
    ledger = UploadLedger(empty_workspace)
    assert ledger.sent("anything") is None
    assert ledger.queue() == []
    assert ledger.all_sent() == []


def test_the_body_reads_in_bounded_blocks_and_stops_on_cancel():
    data = bytes(range(256)) * 20_000  # 5 MB
    cancel = CancelToken()
    counted: list[int] = []
    body = FileSlice(io.BytesIO(data), 1000, 3_000_000, cancel=cancel, on_bytes=counted.append)
    assert len(body) == 3_000_000
    first = body.read(-1)  # "everything" still comes in bounded blocks
    assert len(first) == MAX_BLOCK and first == data[1000:1000 + MAX_BLOCK]
    assert body.read(10) == data[1000 + MAX_BLOCK:1010 + MAX_BLOCK]
    cancel.cancel()
    with pytest.raises(UploadCancelled):
        body.read(10)
    assert sum(counted) == body.sent == MAX_BLOCK + 10


def test_a_pack_that_shrinks_while_sending_is_an_error():
    body = FileSlice(io.BytesIO(b"x" * 100), 0, 200)
    assert body.read(150) == b"x" * 100
    with pytest.raises(OSError):
        body.read(50)
