"""Requirement pages through the real widgets: a new workspace answered from the first
requirement to the last, evidence dropped, dated, opened and removed, a 'not met' planned on
the spot, and answers given for another framework shown where they count."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QDesktopServices

from psn_desktop.domain.catalogue import load_framework
from psn_desktop.domain.model import ActionStatus, AnswerStatus, FindingSource
from psn_desktop.journey import SectionState
from psn_desktop.journey.sections.requirements import MADE_ELSEWHERE, section_id
from psn_desktop.workspace.store import Workspace
from tests.gui.driver import (
    TIMEOUT,
    click,
    error_messages,
    press_continue,
    wait_home,
    wait_page,
)
from tests.gui.part_two_driver import (
    answer,
    attach_by_drop,
    drop_files,
    evidence_file,
    open_task,
    page,
    plan_fix,
    type_date,
    wait_idle,
)

pytestmark = pytest.mark.gui
PSN = load_framework("psn-coco")


@pytest.fixture
def empty_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "new"
    Workspace.create(folder).close()
    return folder


def plan_for(rid: str) -> AnswerStatus:
    """A spread of answers over the catalogue, so every kind is given somewhere."""
    if rid in ("SUB-01", "SUB-03"):
        return AnswerStatus.MET
    number = sum(map(ord, rid))
    return [AnswerStatus.MET, AnswerStatus.PARTLY, AnswerStatus.NOT_APPLICABLE,
            AnswerStatus.NOT_MET][number % 4]


def test_a_new_workspace_through_every_requirement(make_window, qtbot, empty_folder,
                                                   tmp_path, as_of):
    window = make_window(empty_folder)
    files = tmp_path / "documents"
    given: dict[str, AnswerStatus] = {}
    for area in PSN.areas:
        sid = section_id("psn-coco", area.id)
        open_task(qtbot, window, sid)
        for requirement in PSN.requirements_in(area.id):
            view = wait_page(qtbot, window, sid, requirement.id)
            assert view.heading.text() == requirement.title
            if requirement.qualified_id in MADE_ELSEWHERE:
                assert "answer" not in page(window).fields  # worked out, not asked
                press_continue(qtbot, window)
                continue
            if requirement.id == "BND-01":  # Continue with nothing chosen says why not
                press_continue(qtbot, window)
                assert error_messages(window) == [
                    "Choose whether this is met, partly met, not met or does not apply to you."]
            status = plan_for(requirement.id)
            given[requirement.qualified_id] = status
            if status is AnswerStatus.MET:
                answer(qtbot, window, status)
                attach_by_drop(qtbot, window, [evidence_file(files, f"{requirement.id}.txt")])
            elif status is AnswerStatus.PARTLY:
                answer(qtbot, window, status, "Only the office is covered so far.")
                attach_by_drop(qtbot, window, [evidence_file(files, f"{requirement.id}.txt")])
            elif status is AnswerStatus.NOT_APPLICABLE:
                answer(qtbot, window, status, "We have nothing this applies to.")
            else:
                answer(qtbot, window, status, "Not in place yet.")
                press_continue(qtbot, window)  # a 'not met' needs its plan first
                assert error_messages(window) == [
                    "Add the fix to the remediation plan: say what will be done, who will do "
                    "it and by when."]
                plan_fix(qtbot, window, f"Put {requirement.id} in place.", "IT provider",
                         "31/1/2027")
            if requirement.document_date_matters:
                press_continue(qtbot, window)  # the document's own date is asked for
                assert any("Enter the date on" in m for m in error_messages(window))
                row = page(window).fields["evidence"].rows[0]
                type_date(qtbot, row.date, "1/10/2026")
            press_continue(qtbot, window)
        wait_page(qtbot, window, sid, "check")
        press_continue(qtbot, window)
    home = wait_home(qtbot, window)
    for area in PSN.areas:
        row = home.tasks.rows[section_id("psn-coco", area.id)]
        assert row.status.state is SectionState.COMPLETED, (area.id, row.status.missing)
    window.close()
    with Workspace.open(empty_folder) as workspace:
        data = workspace.load()
    assert {qid: a.status for qid, a in data.answers.items()} == given
    assert len(set(given.values())) == 4
    for qid, status in given.items():
        uses = data.evidence_for(qid)
        has_evidence = status in (AnswerStatus.MET, AnswerStatus.PARTLY)
        assert bool(uses) is has_evidence, qid
        if has_evidence:
            name = data.evidence_files[uses[0].sha256].original_name
            assert name == f"{qid.split(':')[1]}.txt"
        if status is AnswerStatus.NOT_MET:
            [finding] = data.findings_for_requirement(qid)
            [action] = data.actions_for(finding.id)
            assert finding.source is FindingSource.SELF_ASSESSED
            assert (action.owner, action.target_date.isoformat(), action.status) == (
                "IT provider", "2027-01-31", ActionStatus.PLANNED)
            assert data.answers[qid].reason == "Not in place yet."
    diagram = data.evidence_for("psn-coco:SUB-03")[0]
    assert diagram.document_date.isoformat() == "2026-10-01"


class Opened(QObject):
    """Receives the URLs the app asks the desktop to open (Qt's own URL-handler hook)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list = []

    @Slot("QUrl")
    def open(self, url) -> None:
        self.urls.append(url)


def test_evidence_is_dropped_opened_dated_and_removed(make_window, qtbot, empty_folder,
                                                      tmp_path):
    window = make_window(empty_folder)
    wait_home(qtbot, window)
    window.show_position(_position("SUB", "SUB-03"))
    wait_page(qtbot, window, section_id("psn-coco", "SUB"), "SUB-03")
    folder = tmp_path / "from"
    diagram = evidence_file(folder, "Network diagram 2026.svg", "<svg/>")
    notes = evidence_file(folder, "diagram notes.txt", "Drawn by the IT provider.")
    attach_by_drop(qtbot, window, [diagram, notes])
    field = page(window).fields["evidence"]
    assert [row.name for row in field.rows] == ["Network diagram 2026.svg",
                                                "diagram notes.txt"]
    assert "bytes" in field.rows[1].details.text()
    # Dropping a folder is refused with a reason; nothing else changes.
    drop_files(qtbot, field, [folder])
    assert "is a folder" in field.notice.label.text()
    # Opening gives the desktop a copy under the file's own name, never the stored file.
    opened = Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        click(qtbot, field.rows[0].open_button)
        qtbot.waitUntil(lambda: bool(opened.urls), timeout=TIMEOUT)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    copy = Path(opened.urls[0].toLocalFile())
    assert copy.name == "Network diagram 2026.svg" and copy.read_text() == "<svg/>"
    assert window.session.workspace.folder not in copy.parents
    # A date that is not a real date is kept as typed and reported, not lost.
    type_date(qtbot, field.rows[0].date, "31/9/2026")
    answer(qtbot, window, AnswerStatus.MET)
    press_continue(qtbot, window)
    assert "“31/9/2026” is not a real date: September 2026 has 30 days." in \
        error_messages(window)
    window.go_home()
    window.show_position(_position("SUB", "SUB-03"))
    field = page(window).fields["evidence"]
    assert field.rows[0].date.text() == "31/9/2026"
    type_date(qtbot, field.rows[0].date, "30/9/2026")
    type_date(qtbot, field.rows[1].date, "30/9/2026")
    # Remove asks first; "Keep it" keeps it.
    click(qtbot, field.rows[1].remove_button)
    assert field.rows[1].confirm.isVisible()
    click(qtbot, field.rows[1].no)
    assert not field.rows[1].confirm.isVisible() and len(field.rows) == 2
    click(qtbot, field.rows[1].remove_button)
    click(qtbot, field.rows[1].yes)
    qtbot.waitUntil(lambda: len(page(window).fields["evidence"].rows) == 1, timeout=TIMEOUT)
    press_continue(qtbot, window)
    wait_page(qtbot, window, section_id("psn-coco", "SUB"), "SUB-04")
    uses = window.session.workspace.load().evidence_for("psn-coco:SUB-03")
    assert [(u.title, u.document_date.isoformat()) for u in uses] == [
        ("Network diagram 2026.svg", "2026-09-30")]


def _position(area: str, rid: str):
    from psn_desktop.journey import Position

    return Position(section_id("psn-coco", area), rid)


def test_copying_a_file_in_can_be_cancelled(make_window, qtbot, empty_folder, tmp_path):
    """A file on a slow share: the copy waits for data, the user presses Cancel."""
    window = make_window(empty_folder)
    wait_home(qtbot, window)
    window.show_position(_position("BND", "BND-01"))
    view = wait_page(qtbot, window, section_id("psn-coco", "BND"), "BND-01")
    pipe = tmp_path / "slow-share-report.pdf"
    os.mkfifo(pipe)
    field = page(window).fields["evidence"]
    field.attach([pipe])
    qtbot.waitUntil(view.cancel.isVisible, timeout=TIMEOUT)  # the frame's progress + Cancel
    assert field.progress_row.isVisible()
    click(qtbot, view.cancel)

    def feed() -> None:  # the share finally sends its first megabyte, then more
        with contextlib.suppress(BrokenPipeError), open(pipe, "wb") as writer:
            writer.write(b"x" * (3 * 1024 * 1024))

    thread = threading.Thread(target=feed)
    thread.start()
    wait_idle(qtbot, field)
    thread.join(timeout=10)
    assert "Stopped. Nothing was attached." in field.notice.label.text()
    assert view.continue_button.isVisible() and not view.cancel.isVisible()
    workspace = window.session.workspace
    assert workspace.load().evidence_uses == []
    assert not any(workspace.evidence.stored_hashes())
    assert not list((workspace.evidence.root / "tmp").iterdir())


def test_answers_given_for_another_framework_show_where_they_count(make_window, qtbot,
                                                                   empty_folder, tmp_path):
    with Workspace.open(empty_folder) as workspace:
        workspace.set_frameworks(["psn-coco", "cyber-essentials"])
    window = make_window(empty_folder)
    home = wait_home(qtbot, window)
    assert section_id("cyber-essentials", "FW") in home.tasks.rows
    open_task(qtbot, window, section_id("cyber-essentials", "FW"))
    wait_page(qtbot, window, section_id("cyber-essentials", "FW"), "FW-01")
    notices = [n.label.text() for n in page(window).notices]
    assert any("also counts for: psn-coco:BND-01" in n for n in notices)
    answer(qtbot, window, AnswerStatus.MET)
    attach_by_drop(qtbot, window, [evidence_file(tmp_path, "firewall.txt")])
    press_continue(qtbot, window)
    window.go_home()
    open_task(qtbot, window, section_id("psn-coco", "BND"))
    wait_page(qtbot, window, section_id("psn-coco", "BND"), "BND-01")
    [notice] = [n for n in page(window).notices if "Provided by your answer" in n.label.text()]
    assert "Cyber Essentials" in notice.label.text() and "FW-01" in notice.label.text()
    assert "Status: Met." in page(window).intro.text()
    press_continue(qtbot, window)  # nothing more to give here
    wait_page(qtbot, window, section_id("psn-coco", "BND"), "BND-02")
    window.show_position(_position("BND", "BND-01"))
    [notice] = [n for n in page(window).notices if "Provided by your answer" in n.label.text()]
    click(qtbot, notice.buttons[0])  # "Go to that answer"
    wait_page(qtbot, window, section_id("cyber-essentials", "FW"), "FW-01")


def test_requirements_made_elsewhere_lead_there(make_window, qtbot, demo_workspace):
    folder = demo_workspace.folder
    demo_workspace.close()
    window = make_window(folder)
    wait_home(qtbot, window)
    window.show_position(_position("SUB", "SUB-02"))
    wait_page(qtbot, window, section_id("psn-coco", "SUB"), "SUB-02")
    [notice] = page(window).notices
    assert "works this out from your remediation plan" in notice.label.text()
    assert "Now: Partly met." in notice.label.text()
    click(qtbot, notice.buttons[0])
    wait_page(qtbot, window, "plan", "plan")
    window.show_position(_position("SUB", "SUB-01"))
    [notice] = page(window).notices
    assert "IT Health Check section counts here too" in notice.label.text()
    click(qtbot, notice.buttons[0])
    wait_page(qtbot, window, "health_check", "check")  # complete, so its summary


def test_the_not_met_offer_checks_what_it_is_given(make_window, qtbot, empty_folder, as_of):
    window = make_window(empty_folder)
    wait_home(qtbot, window)
    window.show_position(_position("MED", "MED-01"))
    wait_page(qtbot, window, section_id("psn-coco", "MED"), "MED-01")
    offer = page(window).fields["plan"]
    assert not offer.isVisible()
    answer(qtbot, window, AnswerStatus.NOT_MET, "Staff use their own USB sticks.")
    assert offer.isVisible()
    click(qtbot, offer.add_button)
    assert offer.notes.error.isVisible() and offer.owner.error.isVisible()
    assert "Choose a target date." in offer.target.error.text()
    offer.owner.line.setFocus()
    qtbot.keyClicks(offer.owner.line, "Gareth Lewis")
    type_date(qtbot, offer.target, "1/1/2020")
    offer.notes.edit.setFocus()
    qtbot.keyClicks(offer.notes.edit, "Buy encrypted sticks.")
    click(qtbot, offer.add_button)
    assert "in the past" in offer.target.error.text()
    # What was typed is kept if the user leaves and comes back.
    window.go_home()
    window.show_position(_position("MED", "MED-01"))
    offer = page(window).fields["plan"]
    assert (offer.notes.text(), offer.owner.value(), offer.target.text()) == (
        "Buy encrypted sticks.", "Gareth Lewis", "1/1/2020")
    type_date(qtbot, offer.target, "28/2/2027")
    click(qtbot, offer.add_button)
    qtbot.waitUntil(offer.done.isVisible, timeout=TIMEOUT)
    assert "In the remediation plan" in offer.done_text.text()
    click(qtbot, offer.open_button)
    view = wait_page(qtbot, window, "plan", "action")
    assert view.page.owner.value() == "Gareth Lewis"
