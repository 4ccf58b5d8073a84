"""The Qt binding itself: PySide6 6.12.0 lost a reference to True on every Signal.emit(),
so the app crashed ("bool_dealloc") after a few thousand keystrokes. pyproject.toml excludes
that release; this fails loudly if such a build is ever installed again."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal

pytestmark = pytest.mark.gui


class _Emitter(QObject):
    plain = Signal()
    text = Signal(str)


def test_emitting_signals_keeps_reference_counts(qapp):
    emitter = _Emitter()
    received: list[str] = []
    emitter.text.connect(received.append)
    before = (sys.getrefcount(True), sys.getrefcount(False))
    for _ in range(200):
        emitter.plain.emit()
        emitter.text.emit("x")
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
    assert len(received) == 200
