"""Signing the declaration through the real widgets, in the app and on paper; the sign-off
goes out of date when the workspace changes, says what changed, and does not when the user
only looks around."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from psn_desktop.domain.model import AnswerStatus
from psn_desktop.domain.sign_off import content_digest, reference, sign_off_state
from psn_desktop.journey import Position, SectionState
from psn_desktop.journey.sections.sign_off import PRINTED_KEY
from tests.gui.driver import (
    TIMEOUT,
    click,
    error_messages,
    press_continue,
    type_text,
    wait_home,
    wait_page,
)
from tests.gui.part_two_driver import (
    answer,
    attach_by_drop,
    evidence_file,
    open_task,
    page,
    type_date,
)
from tests.gui.walk import workspace_views

pytestmark = pytest.mark.gui


@pytest.fixture
def folder(demo_workspace):
    path = demo_workspace.folder
    demo_workspace.close()
    return path


def state(window):
    return sign_off_state(window.session.workspace.load(), "psn-coco", window.as_of)


def notices(window) -> str:
    return "\n".join(n.label.text() for n in page(window).state_notices)


def test_signed_in_the_app_then_out_of_date_after_a_change_not_after_looking(
        make_window, qtbot, folder, as_of):
    window = make_window(folder)
    open_task(qtbot, window, "sign_off")
    wait_page(qtbot, window, "sign_off", "sign_off")
    assert "The declaration has not been signed yet." in notices(window)
    press_continue(qtbot, window)
    assert error_messages(window)[0].startswith("The declaration has not been signed yet")
    sign_off = page(window)
    assert (sign_off.name.value(), sign_off.role.value()) == ("Priya Shah", "Headteacher")
    assert sign_off.signed_on.text() == "23/11/2026"
    click(qtbot, sign_off.sign_button)  # not ticked
    assert error_messages(window) == ["The signer must tick the declaration."]
    type_date(qtbot, sign_off.signed_on, "24/11/2026")
    click(qtbot, sign_off.declared.box)
    click(qtbot, sign_off.sign_button)
    assert error_messages(window) == ["The signing date is in the future."]
    type_date(qtbot, sign_off.signed_on, "23/11/2026")
    click(qtbot, sign_off.sign_button)
    assert error_messages(window) == []
    assert "Signed by Priya Shah, Headteacher on 23 November 2026." in notices(window)
    signed = state(window)
    assert signed.current
    assert signed.sign_off.content_digest == content_digest(
        window.session.workspace.load(), "psn-coco")

    # Looking at every page of the app changes nothing that was signed.
    window.go_home()
    seen = [name for name, _view in workspace_views(qtbot, window)]
    assert "psn-coco:SUB/SUB-04" in seen and "plan/plan" in seen and len(seen) > 100
    assert state(window).current

    # Changing an answer does: the page and the task list say so, and what changed.
    window.show_position(Position("psn-coco:BND", "BND-02"))
    wait_page(qtbot, window, "psn-coco:BND", "BND-02")
    answer(qtbot, window, AnswerStatus.PARTLY, "Two rules have no recorded reason yet.")
    press_continue(qtbot, window)
    wait_page(qtbot, window, "psn-coco:BND", "BND-03")
    assert state(window).changed == ("answers",)
    window.go_home()
    home = wait_home(qtbot, window)
    row = home.tasks.rows["sign_off"]
    assert row.status.state is SectionState.IN_PROGRESS
    assert "since it was signed, the answers changed" in row.detail.text()
    assert any("out of date" in b for b in [i.message for i in
                                             window.session.facts().readiness[0].blockers])
    click(qtbot, row.button)
    wait_page(qtbot, window, "sign_off", "sign_off")
    assert "It is out of date: since it was signed, the answers changed." in notices(window)
    assert page(window).declared.checked()  # the form is as it was left
    click(qtbot, page(window).sign_button)
    assert state(window).current
    press_continue(qtbot, window)
    home = wait_home(qtbot, window)
    assert home.tasks.rows["sign_off"].status.state is SectionState.COMPLETED


def test_signed_on_paper_from_the_printed_declaration(make_window, qtbot, folder, tmp_path,
                                                      as_of):
    window = make_window(folder)
    wait_home(qtbot, window)
    window.show_position(Position("sign_off", "sign_off"))
    wait_page(qtbot, window, "sign_off", "sign_off")
    pdf = tmp_path / "Declaration for Priya"
    page(window).save_pdf(pdf)
    qtbot.waitUntil(lambda: page(window).task is None, timeout=TIMEOUT)
    saved = page(window).saved_pdf
    assert saved == tmp_path / "Declaration for Priya.pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(
        io.BytesIO(saved.read_bytes())).pages).split())
    printed_digest = content_digest(window.session.workspace.load(), "psn-coco")
    assert "Priya Shah" in text and reference(printed_digest) in text
    assert window.session.refresh().answer(PRINTED_KEY)["digests"] == {"psn-coco": printed_digest}
    # While the paper is out for signing, someone moves an action's date.
    window.show_position(Position("plan", "action", window.session.workspace.findings()[0].id))
    type_date(qtbot, page(window).fields["target_date"], "1/2/2027")
    window.go_home()
    window.show_position(Position("sign_off", "sign_off"))
    wait_page(qtbot, window, "sign_off", "sign_off")
    type_text(qtbot, window, "signed_on", "21/11/2026")
    scan = evidence_file(tmp_path / "scans", "signed declaration.pdf", "%PDF signed")
    attach_by_drop(qtbot, window, [scan], field_name="scan")
    recorded = state(window)
    assert recorded.signed and recorded.sign_off.signed_on == date(2026, 11, 21)
    assert recorded.sign_off.content_digest == printed_digest
    assert recorded.changed == ("plan",)  # the paper predates the change, and says so
    assert "since it was signed, the remediation plan changed" in notices(window)
    use = window.session.workspace.load().evidence_for("psn-coco:SUB-04")[0]
    assert (use.title, use.document_date) == ("Signed declaration", date(2026, 11, 21))


def test_what_is_typed_before_signing_is_kept(make_window, qtbot, folder):
    window = make_window(folder)
    wait_home(qtbot, window)
    window.show_position(Position("sign_off", "sign_off"))
    wait_page(qtbot, window, "sign_off", "sign_off")
    type_text(qtbot, window, "name", "Sam Patel")
    type_text(qtbot, window, "role", "Chair of governors")
    click(qtbot, page(window).declared.text)  # the declaration's words tick the box too
    assert page(window).declared.checked()
    window.go_home()
    window.show_position(Position("sign_off", "sign_off"))
    sign_off = page(window)
    assert (sign_off.name.value(), sign_off.role.value(), sign_off.declared.checked()) == (
        "Sam Patel", "Chair of governors", True)
    assert not state(window).signed  # typing is not signing
