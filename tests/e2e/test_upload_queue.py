"""'Send when online': the queue kept in the workspace, tried while offline and then online."""

# The fixtures are imported from upload_fixtures, so naming them as arguments re-binds them.
# ruff: noqa: F811

from __future__ import annotations

from psn_desktop.submit.ledger import SentRecord, UploadLedger
from psn_desktop.submit.offline_queue import queue_pack, round_policy, send_queued
from psn_desktop.submit.pack_facts import examine_pack
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
from tests.e2e.upload_harness import FakeClock, free_port, make_pack, sha256_file


def test_a_queued_pack_waits_while_offline_and_goes_when_online(tus_server, os_trusts_test_ca,
                                                                tmp_path, small_pack):
    folder = tmp_path / "ws"
    offline = f"https://127.0.0.1:{free_port()}/files/"  # nothing listens: as good as offline
    with Workspace.create(folder) as workspace:
        entry = queue_pack(workspace, small_pack, endpoint=offline)
        clock = FakeClock()
        results = send_queued(workspace, token=TOKEN, clock=clock, sleep=clock.sleep)
        assert len(results) == 1 and not results[0].sent
        assert "server down" in results[0].problem
        assert sum(clock.waits) == round_policy().give_up_after == 60  # a round is short
        waiting = UploadLedger(workspace).queue()
        assert [w.sha256 for w in waiting] == [entry.sha256]
        assert waiting[0].last_try and "server down" in waiting[0].problem

    with Workspace.open(folder) as workspace:  # the app starts again, now online
        ledger = UploadLedger(workspace)
        ledger.enqueue(examine_pack(small_pack), tus_server.endpoint)  # receiver's new address
        results = send_queued(workspace, token=TOKEN)
        assert [r.sent for r in results] == [True]
        assert tus_server.stored_sha256(results[0].outcome.url) == entry.sha256
        assert ledger.queue() == []
        assert ledger.sent(entry.sha256) is not None


def test_a_sent_pack_is_not_queued_again(tus_server, os_trusts_test_ca, school, small_pack):
    queue_pack(school, small_pack, endpoint=tus_server.endpoint)
    send_queued(school, token=TOKEN)
    again = queue_pack(school, small_pack, endpoint=tus_server.endpoint)
    assert isinstance(again, SentRecord)
    assert UploadLedger(school).queue() == []


def test_a_pack_changed_since_queueing_is_not_sent(tus_server, os_trusts_test_ca, school,
                                                   tmp_path):
    pack = make_pack(tmp_path / "changing.psnpack", 200_000, seed=1)
    queue_pack(school, pack, endpoint=tus_server.endpoint)
    make_pack(pack, 200_000, seed=2)  # rebuilt with different contents under the same name
    uploads = len(tus_server.uploads())

    results = send_queued(school, token=TOKEN)

    assert not results[0].sent
    assert "has changed or moved since it was queued" in results[0].problem
    assert len(tus_server.uploads()) == uploads
    assert UploadLedger(school).queue()[0].problem == results[0].problem
    assert sha256_file(pack) != results[0].entry.sha256
