"""Visit every view of the app (wizard pages, the task list, every page of every section),
so checks like accessibility and text scaling cover all of them."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget

from psn_desktop.journey import Position, StepKind
from psn_desktop.journey.first_run import START, WELCOME, StartChoice
from tests.gui.driver import click, wait_home, wait_view


def _release_old_views() -> None:
    """Delete the pages already left, as the event loop would between a user's clicks; a walk
    over every page otherwise keeps them all alive until the test ends, and restyling that
    many widgets makes the teardown slow."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def wizard_views(qtbot, window) -> Iterator[tuple[str, QWidget]]:
    """The welcome page and the start page with each choice revealed (no workspace open)."""
    window.show_first_run(WELCOME)
    yield "welcome", window.view
    window.show_first_run(START)
    yield "start", window.view
    for choice in StartChoice:
        page = window.view.page
        click(qtbot, page.choice.buttons[choice])
        qtbot.wait(5)
        yield f"start/{choice.value}", window.view


def workspace_views(qtbot, window) -> Iterator[tuple[str, QWidget]]:
    """The task list, then every page of every registered section (applicable or not)."""
    wait_home(qtbot, window)
    yield "home", window.view
    facts = window.session.facts()
    for section in window.registry.sections():
        for step in section.steps:
            if step.kind is StepKind.ITEM:
                items = [None, *[s.id for s in facts.data.cloud_services][:1]]
                for item in items:
                    window.show_position(Position(section.id, step.id, item))
                    yield f"{section.id}/{step.id}/{item}", window.view
                continue
            window.show_position(Position(section.id, step.id))
            yield f"{section.id}/{step.id}", window.view
            _release_old_views()
    # A page showing its error summary and field errors.
    window.show_position(Position("cloud", "service", None))
    click(qtbot, window.view.continue_button)
    qtbot.waitUntil(window.view.summary.isVisible)
    yield "cloud/service/None with errors", window.view
    window.show_first_run(START)  # "start or open another", with a workspace open
    yield "start (another)", wait_view(qtbot, window, type(window.view))
    window.open_glossary("siro")
    qtbot.waitExposed(window.glossary)
    yield "glossary", window.glossary
    window.glossary.close()
