"""The review page: the verdict, and every blocker a link to the page that fixes it."""

from __future__ import annotations

import pytest

from psn_desktop.journey import Position
from tests.gui.driver import click, wait_home, wait_page
from tests.gui.part_two_driver import open_task, page

pytestmark = pytest.mark.gui


def test_every_blocker_links_to_the_page_that_fixes_it(make_window, qtbot, demo_workspace):
    folder = demo_workspace.folder
    demo_workspace.close()
    window = make_window(folder)
    open_task(qtbot, window, "review")
    wait_page(qtbot, window, "review", "review")
    review = page(window)
    readiness = window.session.facts().readiness[0]
    verdict = review.findChild(type(window.view.heading), "verdict")
    assert verdict.text() == "Not ready to submit yet: 8 things to sort out first."
    issues = [*readiness.blockers, *readiness.warnings]
    assert len(review.fix_buttons) == len(issues) == 9
    expected = [window.journey.for_target(i.target, window.session.facts()) for i in issues]
    assert Position("sign_off", "sign_off") in expected
    assert Position("psn-coco:REM", "REM-02") in expected
    for index, position in enumerate(expected):
        window.show_position(Position("review", "review"))
        button = page(window).fix_buttons[index]
        assert issues[index].message in button.accessibleName()
        click(qtbot, button)
        wait_page(qtbot, window, position.section, position.step)
    window.show_position(Position("review", "review"))
    click(qtbot, page(window).next_button)
    wait_page(qtbot, window, "sign_off", "sign_off")
    window.go_home()
    wait_home(qtbot, window)
