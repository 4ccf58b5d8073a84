"""The task list's promises: the verdict links to where each thing is fixed, long lists
stay calm, words are explained where they appear, and the text size can be changed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from psn_desktop.journey import SectionState
from tests.gui.driver import click, wait_home, wait_page

pytestmark = pytest.mark.gui


@pytest.fixture
def demo_folder(demo_workspace):
    folder = demo_workspace.folder
    demo_workspace.close()
    return folder


def test_the_demo_school_home_tells_the_truth(make_window, qtbot, demo_folder):
    window = make_window(demo_folder)
    home = wait_home(qtbot, window)
    assert window.windowTitle() == "Oakfield Primary School – PSN Desktop"
    rows = home.tasks.rows
    assert rows["organisation"].status.state is SectionState.COMPLETED
    assert rows["cloud"].status.state is SectionState.IN_PROGRESS
    assert rows["cloud"].detail.text() == (
        "Still to do: Say whether ParentMail was checked against the cloud security "
        "principles.")
    assert rows["cloud"].tag.text() == "In progress"
    assert rows["cloud"].button.accessibleName() == "Cloud services you use: In progress"
    assert home.readiness.verdict.text() == "Not ready to submit yet: 8 things to sort out first."


def test_verdict_links_to_the_section_that_fixes_it(make_window, qtbot, demo_folder):
    window = make_window(demo_folder)
    home = wait_home(qtbot, window)
    fixes = {b.accessibleName(): b for b in home.readiness.fix_buttons}
    name = ("Fix this in Cloud services you use: Not yet checked against the cloud security "
            "principles: ParentMail.")
    assert name in fixes
    click(qtbot, fixes[name])
    wait_page(qtbot, window, "cloud", "services")  # the first page with something to do


def test_a_long_list_of_blockers_shows_the_first_few(make_window, qtbot, empty_workspace):
    folder = empty_workspace.folder
    empty_workspace.close()
    window = make_window(folder)
    panel = wait_home(qtbot, window).readiness
    assert panel.show_all is not None and panel.hidden_rows
    hidden = list(panel.hidden_rows)
    assert not any(row.isVisibleTo(panel) for row in hidden)
    click(qtbot, panel.show_all)
    assert all(row.isVisibleTo(panel) for row in hidden)
    assert not panel.show_all.isVisibleTo(panel)


def test_words_on_a_page_open_the_glossary_at_that_word(make_window, qtbot, demo_folder):
    window = make_window(demo_folder)
    click(qtbot, wait_home(qtbot, window).tasks.rows["organisation"].button)
    wait_page(qtbot, window, "organisation", "check")
    window.show_position(type(window.view.page.context.position)("organisation", "siro"))
    words = window.view.findChild(QLabel, "glossary-links")
    assert words.accessibleName() == "Words on this page: SIRO, Code of Connection"
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    before = words.previousInFocusChain()
    before.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(before, Qt.Key.Key_Tab)  # Tab lands on the first link…
    assert QApplication.focusWidget() is words
    qtbot.keyClick(words, Qt.Key.Key_Return)  # …and Enter follows it
    qtbot.waitUntil(lambda: window.glossary is not None and window.glossary.isVisible())
    assert window.glossary.current_key() == "siro"
    assert "answerable for how the organisation protects" in window.glossary.text.toPlainText()
    window.glossary.search.setText("pen test")
    assert window.glossary.current_key() == "ithc"


def test_text_size_menu_rebuilds_the_page_in_place(make_window, qtbot, demo_folder):
    window = make_window(demo_folder)
    wait_home(qtbot, window)
    click(qtbot, window.view.tasks.rows["scope"].button)
    wait_page(qtbot, window, "scope", "check")
    normal = QApplication.font().pointSizeF()
    largest = next(a for a in window.findChildren(type(window.home_action))
                   if a.text() == "L&argest (200%)")
    largest.trigger()
    assert QApplication.font().pointSizeF() == pytest.approx(2 * normal, abs=0.1)
    wait_page(qtbot, window, "scope", "check")  # same page, rebuilt with the new size
    assert window.view.heading.font().pointSizeF() > 2 * normal
    next(a for a in window.findChildren(type(window.home_action))
         if a.text() == "&Normal").trigger()
    assert QApplication.font().pointSizeF() == pytest.approx(normal, abs=0.1)
