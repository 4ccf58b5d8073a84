"""Sending packs to a real tus server (tuspyserver under uvicorn) over TLS on 127.0.0.1.

Every test talks to the real server process through the real session (truststore, the
adapter, requests, urllib3, sockets); where the network must misbehave, a real relay cuts
real connections. Only time is simulated, where a test would otherwise wait minutes.
"""

# The fixtures are imported from upload_fixtures, so naming them as arguments re-binds them.
# ruff: noqa: F811

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from psn_desktop.settings import Settings, save_settings
from psn_desktop.submit.body import CancelToken
from psn_desktop.submit.errors import (
    ConnectionTrouble,
    ServerRefused,
    UploadCancelled,
    UploadGaveUp,
)
from psn_desktop.submit.ledger import UploadLedger
from psn_desktop.submit.submission import Hooks, send_pack
from psn_desktop.submit.transport import TransportOptions
from psn_desktop.workspace.store import Workspace
from tests.e2e.upload_fixtures import (  # noqa: F401 - fixtures
    TOKEN,
    certs,
    no_proxy_from_environment,
    os_trusts_test_ca,
    school,
    small_pack,
    tus_server,
)
from tests.e2e.upload_harness import DroppingForwarder, FakeClock, make_pack, sha256_file


def test_full_upload_leaves_an_identical_copy_with_metadata(tus_server, os_trusts_test_ca,
                                                            school, small_pack):
    posts_before = tus_server.counts().get("POST", 0)

    outcome = send_pack(school, small_pack, endpoint=tus_server.endpoint, token=TOKEN)

    assert outcome.sha256 == sha256_file(small_pack)
    assert tus_server.stored_sha256(outcome.url) == outcome.sha256
    assert tus_server.stored_file(outcome.url).stat().st_size == small_pack.stat().st_size
    assert tus_server.counts()["POST"] == posts_before + 1
    metadata = tus_server.stored_metadata(outcome.url)
    assert metadata["filename"] == "oakfield-2026.psnpack"
    assert metadata["sha256"] == outcome.sha256
    assert metadata["organisation"] == "Ysgol Gynradd Pen-y-ŵyn"  # the pack's own bag-info
    assert metadata["framework"] == "psn-coco"
    assert outcome.url.startswith(tus_server.endpoint)
    assert outcome.last_line == f"Upload address: {outcome.url}  SHA-256: {outcome.sha256}"
    ledger = UploadLedger(school)
    assert ledger.sent(outcome.sha256).url == outcome.url
    assert ledger.active(outcome.sha256) is None


def test_metadata_falls_back_to_the_workspace(tus_server, os_trusts_test_ca, school, tmp_path):
    import zipfile

    bare = tmp_path / "bare.psnpack"
    with zipfile.ZipFile(bare, "w") as archive:
        archive.writestr("bagit.txt", "BagIt-Version: 1.0\n")
        archive.writestr("data/x.txt", "x" * 5000)

    outcome = send_pack(school, bare, endpoint=tus_server.endpoint, token=TOKEN)

    metadata = tus_server.stored_metadata(outcome.url)
    assert metadata["organisation"] == "Oakfield Primary School"
    assert metadata["framework"] == "psn-coco"


def test_the_same_pack_is_never_submitted_twice(tus_server, os_trusts_test_ca, school,
                                                small_pack):
    first = send_pack(school, small_pack, endpoint=tus_server.endpoint, token=TOKEN)
    posts = tus_server.counts()["POST"]
    patches = tus_server.counts()["PATCH"]
    uploads = len(tus_server.uploads())

    again = send_pack(school, small_pack, endpoint=tus_server.endpoint, token=TOKEN)

    assert again.already_sent
    assert again.url == first.url
    assert again.bytes_sent == 0
    assert tus_server.counts()["POST"] == posts
    assert tus_server.counts()["PATCH"] == patches
    assert len(tus_server.uploads()) == uploads


def test_a_cut_connection_resumes_sending_only_the_rest(tus_server, os_trusts_test_ca, school,
                                                        small_pack):
    size = small_pack.stat().st_size
    budget = size // 2
    with DroppingForwarder(tus_server.port, budgets=[budget]) as wire:
        outcome = send_pack(school, small_pack, endpoint=tus_server.endpoint_via(wire.port),
                            token=TOKEN, clock=FakeClock(), sleep=lambda s: None)

    assert wire.cuts == 1
    assert tus_server.stored_sha256(outcome.url) == outcome.sha256
    attempts = outcome.transfer.attempts
    assert attempts[0].start == 0 and not attempts[0].ok and attempts[0].problem == "dropped"
    # The server kept what reached it before the cut, and the resume carried on exactly from
    # there: the successful requests after the cut cover the rest, end to end, once.
    resumed = [a for a in attempts[1:] if a.ok]
    start = resumed[0].start
    assert size // 4 < start < budget
    assert sum(a.sent for a in resumed) == size - start
    assert [a.start for a in resumed] == [start + sum(a.sent for a in resumed[:i])
                                          for i in range(len(resumed))]
    # What crossed the wire: the half before the cut, the rest once, and little else (TLS,
    # headers, at most one small probe refused while the server was still saving).
    assert wire.forwarded < budget + (size - start) + 400_000


def test_a_pack_gets_through_a_connection_that_drops_three_times(tus_server, os_trusts_test_ca,
                                                                 school, tmp_path):
    pack = make_pack(tmp_path / "big.psnpack", 8 * 1024 * 1024, seed=3)
    size = pack.stat().st_size
    with DroppingForwarder(tus_server.port, budgets=[size // 5] * 3) as wire:
        outcome = send_pack(school, pack, endpoint=tus_server.endpoint_via(wire.port),
                            token=TOKEN, clock=FakeClock(), sleep=lambda s: None)

    assert wire.cuts == 3
    assert tus_server.stored_sha256(outcome.url) == sha256_file(pack)
    starts = [a.start for a in outcome.transfer.attempts if a.sent]
    assert starts == sorted(starts) and len(set(starts)) >= 4  # each resume further along
    assert outcome.transfer.attempts[-1].sent == size - outcome.transfer.attempts[-1].start


def test_server_errors_are_waited_out_with_doubling_waits(tus_server, os_trusts_test_ca,
                                                          school, small_pack):
    clock = FakeClock()
    tus_server.fail_next("PATCH", 3, status=503)
    try:
        outcome = send_pack(school, small_pack, endpoint=tus_server.endpoint, token=TOKEN,
                            clock=clock, sleep=clock.sleep)
    finally:
        tus_server.fail_next("PATCH", 0)

    assert clock.waits == [1.0, 2.0, 4.0]
    assert tus_server.stored_sha256(outcome.url) == outcome.sha256
    problems = [a.problem for a in outcome.transfer.attempts]
    assert problems[:3] == ["server-error"] * 3
    assert all(a.ok for a in outcome.transfer.attempts[3:])


def test_parts_shrink_to_fit_a_request_size_limit(tus_server, os_trusts_test_ca, school,
                                                  small_pack):
    limit = 1024 * 1024
    tus_server.limit_requests(limit)
    try:
        outcome = send_pack(school, small_pack, endpoint=tus_server.endpoint, token=TOKEN,
                            clock=FakeClock(), sleep=lambda s: pytest.fail("no waiting for 413"))
    finally:
        tus_server.limit_requests(0)

    assert tus_server.stored_sha256(outcome.url) == outcome.sha256
    delivered = [a for a in outcome.transfer.attempts if a.ok]
    assert delivered and all(a.sent <= limit for a in delivered)
    assert sum(a.sent for a in delivered) == small_pack.stat().st_size


def test_a_wrong_token_gets_a_clear_message_and_sends_nothing(tus_server, os_trusts_test_ca,
                                                              school, small_pack):
    patches = tus_server.counts().get("PATCH", 0)
    with pytest.raises(ServerRefused) as caught:
        send_pack(school, small_pack, endpoint=tus_server.endpoint, token="not-the-token")

    message = str(caught.value)
    assert "refused the upload token (HTTP 401)" in message
    assert "Credentials (Upload token)" in message
    assert "not-the-token" not in message
    assert caught.value.exit_code == 1
    assert tus_server.counts().get("PATCH", 0) == patches
    assert UploadLedger(school).active(sha256_file(small_pack)) is None


def test_no_saved_token_says_where_to_save_one(tus_server, os_trusts_test_ca, school,
                                               small_pack):
    with pytest.raises(ServerRefused) as caught:
        send_pack(school, small_pack, endpoint=tus_server.endpoint)  # token from the keyring

    message = str(caught.value)
    assert "asks for an upload token" in message
    assert "save it for this workspace in Credentials" in message


def test_an_untrusted_certificate_is_refused_before_anything_is_sent(tus_server, school,
                                                                     small_pack):
    posts = tus_server.counts().get("POST", 0)
    with pytest.raises(ConnectionTrouble) as caught:
        send_pack(school, small_pack, endpoint=tus_server.endpoint, token=TOKEN,
                  clock=FakeClock(), sleep=lambda s: pytest.fail("must not retry"))

    assert caught.value.kind == "untrusted-certificate"
    assert caught.value.exit_code == 3
    assert "add it in Settings" in str(caught.value)
    assert tus_server.counts().get("POST", 0) == posts


def test_an_organisations_root_certificate_added_in_settings_is_accepted(tus_server, certs,
                                                                         school, small_pack):
    save_settings(Settings(extra_root_certificate=str(certs.ca_file)))

    outcome = send_pack(school, small_pack, endpoint=tus_server.endpoint, token=TOKEN)

    assert tus_server.stored_sha256(outcome.url) == outcome.sha256


def test_a_root_certificate_that_is_not_one_is_explained(tus_server, school, small_pack,
                                                         tmp_path):
    from psn_desktop.submit.errors import BadEndpoint

    fake = tmp_path / "root.pem"
    fake.write_text("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n")
    with pytest.raises(BadEndpoint) as caught:
        send_pack(school, small_pack, endpoint=tus_server.endpoint, token=TOKEN,
                  options=TransportOptions(extra_root_certificate=str(fake)))
    assert "not a certificate PSN Desktop can read" in str(caught.value)


def test_gives_up_after_ten_minutes_without_progress_then_resumes_later(
        tus_server, os_trusts_test_ca, school, small_pack):
    clock = FakeClock()
    tus_server.fail_next("PATCH", 10_000, status=503)
    try:
        with pytest.raises(UploadGaveUp) as caught:
            send_pack(school, small_pack, endpoint=tus_server.endpoint, token=TOKEN,
                      clock=clock, sleep=clock.sleep)
    finally:
        tus_server.fail_next("PATCH", 0)

    assert clock.waits == [1, 2, 4, 8, 16, 32] + [60] * 8 + [57]
    assert sum(clock.waits) == 600
    message = str(caught.value)
    assert "no progress for 10 minutes" in message
    assert "HTTP 503" in message
    assert caught.value.exit_code == 1
    active = UploadLedger(school).active(sha256_file(small_pack))
    assert active is not None  # kept, so the next try carries on with the same upload
    posts = tus_server.counts()["POST"]

    outcome = send_pack(school, small_pack, endpoint=tus_server.endpoint, token=TOKEN)

    assert outcome.url == active.url
    assert tus_server.counts()["POST"] == posts
    assert tus_server.stored_sha256(outcome.url) == outcome.sha256


def test_a_laptop_asleep_for_an_hour_carries_on_instead_of_giving_up(
        tus_server, os_trusts_test_ca, school, small_pack):
    clock = FakeClock()

    def lid_closed_during_the_first_wait(seconds: float) -> None:
        clock.sleep(seconds)
        if len(clock.waits) == 1:
            clock.now += 3600  # asleep: the wait overran by an hour

    tus_server.fail_next("PATCH", 3, status=503)
    try:
        outcome = send_pack(school, small_pack, endpoint=tus_server.endpoint, token=TOKEN,
                            clock=clock, sleep=lid_closed_during_the_first_wait)
    finally:
        tus_server.fail_next("PATCH", 0)
    assert tus_server.stored_sha256(outcome.url) == outcome.sha256
    assert clock.waits == [1.0, 2.0, 4.0]


def test_backoff_and_patience_come_from_settings(tus_server, os_trusts_test_ca, school,
                                                 small_pack):
    save_settings(Settings(upload_backoff_max_seconds=8, upload_give_up_minutes=1))
    clock = FakeClock()
    tus_server.fail_next("PATCH", 10_000, status=500)
    try:
        with pytest.raises(UploadGaveUp) as caught:
            send_pack(school, small_pack, endpoint=tus_server.endpoint, token=TOKEN,
                      clock=clock, sleep=clock.sleep)
    finally:
        tus_server.fail_next("PATCH", 0)
    assert clock.waits == [1, 2, 4, 8, 8, 8, 8, 8, 8, 5]
    assert "no progress for 1 minute," in str(caught.value)


def test_restart_carries_on_from_the_workspace(tus_server, os_trusts_test_ca, tmp_path):
    pack = make_pack(tmp_path / "restart.psnpack", 6 * 1024 * 1024, seed=11)
    size = pack.stat().st_size
    folder = tmp_path / "ws"
    cancel = CancelToken()

    def stop_half_way(done: int, total: int) -> None:
        if done > total // 2:
            cancel.cancel()

    with Workspace.create(folder) as first:
        with pytest.raises(UploadCancelled):
            send_pack(first, pack, endpoint=tus_server.endpoint, token=TOKEN, cancel=cancel,
                      hooks=Hooks(on_progress=stop_half_way))
        started = UploadLedger(first).active(sha256_file(pack))
    assert started is not None
    posts = tus_server.counts()["POST"]

    with Workspace.open(folder) as second:  # a new client, from what the workspace kept
        outcome = send_pack(second, pack, endpoint=tus_server.endpoint, token=TOKEN)

    assert outcome.url == started.url
    assert tus_server.counts()["POST"] == posts
    assert tus_server.stored_sha256(outcome.url) == sha256_file(pack)
    assert outcome.transfer.resumed_from >= size // 4
    assert outcome.bytes_sent == size - outcome.transfer.resumed_from


def test_memory_stays_flat_while_sending(tus_server, os_trusts_test_ca, school, tmp_path):
    pack = make_pack(tmp_path / "flat.psnpack", 24 * 1024 * 1024, seed=5)
    tracemalloc.start()
    try:
        outcome = send_pack(school, pack, endpoint=tus_server.endpoint, token=TOKEN,
                            part_size=64 * 1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert tus_server.stored_sha256(outcome.url) == outcome.sha256
    assert peak < 4 * 1024 * 1024, f"peak Python memory {peak:,} bytes for a 24 MB pack"


def test_a_missing_pack_is_explained(tus_server, school, tmp_path: Path):
    from psn_desktop.submit.errors import PackUnusable

    with pytest.raises(PackUnusable) as caught:
        send_pack(school, tmp_path / "nowhere.psnpack", endpoint=tus_server.endpoint,
                  token=TOKEN)
    assert "the file is not there" in str(caught.value)
    assert caught.value.exit_code == 2
