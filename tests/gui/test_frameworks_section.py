"""The "Frameworks you are working on" section through the real window: a GP surgery is
offered the NHS toolkit, a school the DfE standards, the choice is saved to the store, and the
home page then shows each chosen framework's readiness side by side with its gaps."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from psn_desktop.domain.catalogue import load_framework
from psn_desktop.domain.model import Answer, AnswerStatus, Organisation, OrgType
from psn_desktop.journey import SectionState
from psn_desktop.workspace.store import Workspace
from tests.gui.driver import click, press_continue, wait_home, wait_page

pytestmark = pytest.mark.gui


def _workspace(tmp_path: Path, name: str, org_type: OrgType) -> Path:
    folder = tmp_path / name
    with Workspace.create(folder) as workspace:
        workspace.set_organisation(Organisation(name, org_type))
    return folder


def _choose_page(qtbot, window):
    click(qtbot, wait_home(qtbot, window).tasks.rows["frameworks"].button)
    return wait_page(qtbot, window, "frameworks", "choose").page


def _tick(qtbot, box, checked: bool) -> None:
    if box.isChecked() != checked:
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)  # by keyboard, as the accessibility rules ask
    assert box.isChecked() is checked


def test_a_gp_surgery_is_offered_the_nhs_toolkit(make_window, qtbot, tmp_path: Path):
    window = make_window(_workspace(tmp_path, "Riverside Surgery", OrgType.GP_SURGERY))
    page = _choose_page(qtbot, window)
    field = page.fields["frameworks"]
    assert page.suggested == ["nhs-dspt-gp", "cyber-essentials"]
    assert field.values()[:2] == ["nhs-dspt-gp", "cyber-essentials"]  # suggestions first
    assert "30 June" in field.hints["nhs-dspt-gp"].text()
    assert field.hints["nhs-dspt-gp"].text().startswith("Suggested for you.")
    assert not field.boxes["dfe-schools"].isChecked()
    assert field.boxes["nhs-dspt-gp"].accessibleName() == load_framework("nhs-dspt-gp").title


def test_a_school_chooses_and_the_home_page_shows_each_side_by_side(make_window, qtbot,
                                                                    tmp_path: Path):
    folder = _workspace(tmp_path, "Brook Lane Primary", OrgType.SCHOOL)
    with Workspace.open(folder) as workspace:
        # The PSN firewall answered once, with its file: Cyber Essentials and DfE reuse it.
        rules = tmp_path / "firewall-rules.txt"
        rules.write_text("Boundary firewall rule base.\n")
        workspace.set_answer(Answer("psn-coco:BND-01", AnswerStatus.MET))
        workspace.attach_evidence(rules, ["psn-coco:BND-01"], title="Firewall rule base")
    window = make_window(folder)
    home = wait_home(qtbot, window)
    assert home.tasks.rows["frameworks"].status.state is SectionState.NOT_STARTED
    assert home.side_by_side is None  # one framework: nothing to compare yet

    page = _choose_page(qtbot, window)
    field = page.fields["frameworks"]
    assert "dfe-schools" in page.suggested and "nhs-dspt-gp" not in page.suggested
    assert "Department for Education" in field.hints["dfe-schools"].text()
    _tick(qtbot, field.boxes["dfe-schools"], True)
    _tick(qtbot, field.boxes["cyber-essentials"], True)
    _tick(qtbot, field.boxes["nhs-dspt-gp"], False)
    _tick(qtbot, field.boxes["psn-coco"], True)
    press_continue(qtbot, window)
    wait_page(qtbot, window, "frameworks", "check")

    with Workspace.open(folder, read_only=True) as reopened:
        assert reopened.frameworks() == ["psn-coco", "dfe-schools", "cyber-essentials"]

    window.go_home()
    home = wait_home(qtbot, window)
    assert home.tasks.rows["frameworks"].status.state is SectionState.COMPLETED
    panel = home.side_by_side
    assert panel is not None
    assert set(panel.rows) == {"psn-coco", "dfe-schools", "cyber-essentials"}
    by_id = {s.framework.id: s for s in panel.summaries}
    for framework_id, labels in panel.rows.items():
        summary = by_id[framework_id]
        assert labels[0].text().startswith(summary.framework.title)
        assert labels[1].text() == f"{summary.done_percent}%"
        assert labels[5].text() == str(len(summary.gaps))
        gaps = panel.gap_lists[framework_id].accessibleName()
        assert summary.gaps[0].requirement.id in gaps
    # The firewall answer counts for Cyber Essentials and the DfE standards without asking.
    assert panel.rows["cyber-essentials"][3].text() == "1"
    assert panel.rows["dfe-schools"][3].text() == "1"
    assert panel.rows["psn-coco"][2].text() == "1"
    assert "FW-01" not in panel.gap_lists["cyber-essentials"].accessibleName()


def test_unticking_everything_keeps_the_last_choice(make_window, qtbot, tmp_path: Path):
    folder = _workspace(tmp_path, "Hilltop Surgery", OrgType.GP_SURGERY)
    window = make_window(folder)
    page = _choose_page(qtbot, window)
    field = page.fields["frameworks"]
    for box in field.boxes.values():
        _tick(qtbot, box, False)
    assert "Choose at least one framework" in field.error.text()
    assert window.session.flush()
    with Workspace.open(folder, read_only=True) as reopened:
        assert reopened.frameworks()  # never saved empty
    _tick(qtbot, field.boxes["cyber-essentials"], True)
    assert not field.error.isVisible()
    assert window.session.flush()
    with Workspace.open(folder, read_only=True) as reopened:
        assert reopened.frameworks() == ["cyber-essentials"]
