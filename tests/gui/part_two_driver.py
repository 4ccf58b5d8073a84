"""Driving the requirement, health check, plan, review and sign-off pages as a user does:
files dropped onto the evidence list, answers clicked, forms typed, buttons pressed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from psn_desktop.domain.model import AnswerStatus
from tests.gui.driver import TIMEOUT, choose, click, type_text, wait_home


def open_task(qtbot, window, section_id: str) -> None:
    home = wait_home(qtbot, window)
    click(qtbot, home.tasks.rows[section_id].button)


def page(window):
    return window.view.page


def drop_files(qtbot, target: QWidget, paths: list[Path]) -> None:
    """Drag files from a folder and drop them on ``target`` (the events a real drop sends)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    at = target.rect().center()
    enter = QDragEnterEvent(at, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted(), "the evidence list refused the drag"
    drop = QDropEvent(at.toPointF(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    assert drop.isAccepted()


def wait_idle(qtbot, field) -> None:
    """Until the field's background copy (if any) has finished and its rows are shown."""
    qtbot.waitUntil(lambda: field.task is None, timeout=TIMEOUT)


def attach_by_drop(qtbot, window, paths: list[Path], field_name: str = "evidence") -> None:
    field = page(window).fields[field_name]
    before = len(field.rows)
    drop_files(qtbot, field, paths)
    wait_idle(qtbot, field)
    qtbot.waitUntil(lambda: len(field.rows) >= before + len(paths), timeout=TIMEOUT)


def type_date(qtbot, date_field, text: str) -> None:
    line = date_field.line
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)


def answer(qtbot, window, status: AnswerStatus, reason: str = "") -> None:
    choose(qtbot, window, "answer", status)
    if reason:
        type_text(qtbot, window, "reason", reason)


def plan_fix(qtbot, window, notes: str, owner: str, by: str) -> None:
    """Fill in the 'not met' page's plan offer and add it to the plan."""
    offer = page(window).fields["plan"]
    offer.notes.edit.setFocus()
    qtbot.keyClicks(offer.notes.edit, notes)
    qtbot.mouseClick(offer.owner.line, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(offer.owner.line, owner)
    type_date(qtbot, offer.target, by)
    click(qtbot, offer.add_button)
    qtbot.waitUntil(lambda: offer.done.isVisible(), timeout=TIMEOUT)


def evidence_file(folder: Path, name: str, text: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text or f"Evidence: {name}\n", encoding="utf-8")
    return path
