"""The 'Send the pack' panel driven through real widgets, sending to a real TLS tus server."""

# The fixtures are imported from upload_fixtures, so naming them as arguments re-binds them.
# ruff: noqa: F811

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from psn_desktop.submit.ledger import UploadLedger
from psn_desktop.submit.uploader import RetryPolicy
from psn_desktop.ui.upload.controller import State
from psn_desktop.ui.upload.panel import UploadPanel
from psn_desktop.ui.upload.queue_runner import UploadQueueRunner
from tests.e2e.upload_fixtures import (  # noqa: F401 - fixtures
    TOKEN,
    certs,
    no_proxy_from_environment,
    os_trusts_test_ca,
    school,
    small_pack,
    tus_server,
)
from tests.e2e.upload_harness import TusServer, free_port, make_pack, sha256_file

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def open_server(tmp_path_factory, certs) -> Iterator[TusServer]:  # type: ignore[no-untyped-def]
    """A TLS tus server that needs no token, as many receivers run."""
    with TusServer(tmp_path_factory.mktemp("open-files"), certs=certs) as server:
        yield server


@pytest.fixture
def panel(qtbot, school) -> UploadPanel:  # type: ignore[no-untyped-def]
    widget = UploadPanel(school)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_send_now_shows_progress_and_the_outcome(qtbot, panel, open_server, os_trusts_test_ca,
                                                 small_pack):
    panel.set_pack(small_pack)
    panel.address_edit.setText(open_server.endpoint)
    seen: list[str] = []
    panel.controller.progress.connect(lambda *_: seen.append(panel.status_label.text()))

    with qtbot.waitSignal(panel.controller.sent, timeout=30_000) as sent:
        qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)

    outcome = sent.args[0]
    assert open_server.stored_sha256(outcome.url) == sha256_file(small_pack)
    assert panel.progress_bar.value() == panel.progress_bar.maximum()
    assert outcome.url in panel.outcome_label.text()
    assert outcome.sha256 in panel.outcome_label.text()
    assert "Sent: the server holds the whole pack" in panel.status_label.text()
    assert any(text.startswith("Sending:") for text in seen)
    assert panel.copy_button.isVisible()
    panel.copy_button.click()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == outcome.last_line
    # The address typed in the panel is kept in the app's settings for next time.
    from psn_desktop.settings import load_settings

    assert load_settings().upload_endpoint == open_server.endpoint

    with qtbot.waitSignal(panel.controller.sent, timeout=30_000) as again:
        panel.send_button.click()
    assert again.args[0].already_sent
    assert "already sent" in panel.status_label.text()


def test_pause_keeps_the_upload_and_resume_finishes_it(qtbot, panel, open_server,
                                                       os_trusts_test_ca, tmp_path):
    pack = make_pack(tmp_path / "pause.psnpack", 24 * 1024 * 1024, seed=21)
    panel.set_pack(pack)
    panel.address_edit.setText(open_server.endpoint)
    panel.controller.progress.connect(
        lambda done, total: panel.controller.state is State.SENDING and done > 0
        and panel.pause_button.click())

    with qtbot.waitSignal(panel.controller.paused, timeout=30_000):
        panel.send_button.click()

    assert panel.controller.state is State.PAUSED
    assert panel.pause_button.text() == "&Resume"
    assert "Paused" in panel.status_label.text()
    active = UploadLedger(panel.workspace).active(sha256_file(pack))
    assert active is not None
    posts = open_server.counts()["POST"]
    panel.controller.progress.disconnect()
    panel.controller.progress.connect(panel._progress)

    with qtbot.waitSignal(panel.controller.sent, timeout=30_000) as sent:
        panel.pause_button.click()  # now "Resume"

    assert sent.args[0].url == active.url
    assert open_server.counts()["POST"] == posts
    assert open_server.stored_sha256(active.url) == sha256_file(pack)


def test_cancel_removes_the_unfinished_upload(qtbot, panel, open_server, os_trusts_test_ca,
                                              tmp_path):
    pack = make_pack(tmp_path / "cancel.psnpack", 24 * 1024 * 1024, seed=22)
    panel.set_pack(pack)
    panel.address_edit.setText(open_server.endpoint)
    panel.controller.progress.connect(
        lambda done, total: panel.controller.state is State.SENDING and done > 0
        and panel.cancel_button.click())

    with qtbot.waitSignal(panel.controller.cancelled, timeout=30_000):
        panel.send_button.click()

    ledger = UploadLedger(panel.workspace)
    assert ledger.active(sha256_file(pack)) is None
    assert ledger.sent(sha256_file(pack)) is None
    assert "cancelled" in panel.status_label.text()
    stored = [p for p in open_server.uploads()
              if p.with_suffix(".info").exists() and sha256_file(pack) in
              p.with_suffix(".info").read_text()]
    assert stored == []  # the server deleted its partial copy


def test_send_when_online_waits_then_goes(qtbot, school, open_server, os_trusts_test_ca,
                                          small_pack):
    panel = UploadPanel(school)
    runner = UploadQueueRunner(panel.controller, panel,
                               policy=RetryPolicy(first_wait=0.1, max_wait=0.2,
                                                  give_up_after=0.5))
    panel.runner = runner
    runner.changed.connect(panel.refresh_queue)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_pack(small_pack)
    panel.address_edit.setText(f"https://127.0.0.1:{free_port()}/files/")  # offline

    with qtbot.waitSignal(runner.roundFinished, timeout=30_000):
        panel.later_button.click()

    assert panel.queue_box.isVisible()
    assert panel.queue_list.count() == 1
    assert "Last try:" in panel.queue_list.item(0).text()
    assert "server down" in panel.queue_list.item(0).text()

    # Online again (the receiver's server answers at its address): the next round sends it.
    ledger = UploadLedger(school)
    from psn_desktop.submit.pack_facts import examine_pack

    ledger.enqueue(examine_pack(small_pack), open_server.endpoint)
    with qtbot.waitSignal(runner.roundFinished, timeout=30_000):
        panel.try_now_button.click()

    assert ledger.queue() == []
    assert panel.queue_list.count() == 0
    assert ledger.sent(sha256_file(small_pack)) is not None


def test_a_refused_token_is_shown_in_plain_words(qtbot, panel, tus_server, os_trusts_test_ca,
                                                 small_pack):
    panel.set_pack(small_pack)
    panel.address_edit.setText(tus_server.endpoint)  # this server wants a token; none saved
    with qtbot.waitSignal(panel.controller.failed, timeout=30_000):
        panel.send_button.click()
    assert "asks for an upload token" in panel.status_label.text()
    assert panel.status_label.property("error")
    assert panel.send_button.isEnabled()


def test_check_connection_reports_the_route(qtbot, panel, open_server, os_trusts_test_ca):
    panel.address_edit.setText(open_server.endpoint)
    with qtbot.waitSignal(panel.controller.connectionChecked, timeout=30_000) as checked:
        panel.check_button.click()
    assert checked.args[0].ok
    assert "issued by PSN Desktop Test CA" in panel.status_label.text()
    assert not panel.status_label.property("error")

    panel.address_edit.setText(f"https://127.0.0.1:{free_port()}/files/")
    with qtbot.waitSignal(panel.controller.connectionChecked, timeout=30_000):
        panel.check_button.click()
    assert "server down" in panel.status_label.text()
    assert panel.status_label.property("error")


def test_connection_settings_take_a_root_certificate_but_no_proxy_password(
        qtbot, panel, open_server, certs, small_pack, tmp_path):
    from psn_desktop.settings import load_settings

    box = panel.settings_box
    box.proxy_edit.setText("http://staff:pw@proxy.school.example:8080")
    assert not box.save_proxy()
    assert "does not keep proxy passwords" in box.message.text()
    assert load_settings().proxy == ""

    junk = tmp_path / "not-a-cert.pem"
    junk.write_text("hello")
    box.root_edit.setText(str(junk))
    assert not box.save_root()
    assert "not a certificate PSN Desktop can read" in box.message.text()
    assert load_settings().extra_root_certificate == ""

    box.root_edit.setText(str(certs.ca_file))  # the organisation's root, from IT support
    assert box.save_root()
    assert load_settings().extra_root_certificate == str(certs.ca_file)
    panel.set_pack(small_pack)
    panel.address_edit.setText(open_server.endpoint)
    with qtbot.waitSignal(panel.controller.sent, timeout=30_000) as sent:
        panel.send_button.click()  # the OS does not trust the test CA; the setting does
    assert open_server.stored_sha256(sent.args[0].url) == sent.args[0].sha256


def test_no_pack_chosen_says_what_to_do(panel):
    panel.send_button.click()
    assert "Choose the pack file" in panel.status_label.text()
    assert panel.controller.state is State.IDLE


def test_every_control_is_named_and_reached_by_keyboard(qtbot, panel, school):
    from psn_desktop.submit.pack_facts import examine_pack

    UploadLedger(school).enqueue(examine_pack(make_pack(Path(school.folder) / "q.psnpack",
                                                        1000)), "https://example.org/files/")
    panel.refresh_queue()
    controls = [w for w in panel.findChildren(QWidget)
                if isinstance(w, QLineEdit | QPushButton) or w is panel.queue_list]
    assert controls
    for widget in controls:
        assert widget.accessibleName(), widget
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus, widget.accessibleName()
    assert panel.progress_bar.accessibleName()
    assert panel.status_label.accessibleName()


def test_the_app_sends_waiting_packs_when_a_workspace_opens(qtbot, make_window, open_server,
                                                            os_trusts_test_ca, small_pack,
                                                            tmp_path):
    from psn_desktop.submit.offline_queue import queue_pack
    from psn_desktop.workspace.store import Workspace

    folder = tmp_path / "queued-school"
    with Workspace.create(folder) as workspace:
        entry = queue_pack(workspace, small_pack, endpoint=open_server.endpoint)

    window = make_window(folder)
    qtbot.waitUntil(lambda: window.session is not None, timeout=10_000)
    ledger = UploadLedger(window.session.workspace)
    qtbot.waitUntil(lambda: ledger.sent(entry.sha256) is not None, timeout=20_000)

    assert ledger.queue() == []
    assert open_server.stored_sha256(ledger.sent(entry.sha256).url) == entry.sha256
