"""Fixtures every test shares: an isolated app home, today's date pinned, the demo school."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

# Qt draws offscreen in tests; set before any test imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

AS_OF = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep settings, the known-workspaces list and logs of each test apart from the user's."""
    home = tmp_path_factory.mktemp("psn-home")
    monkeypatch.setenv("PSN_DESKTOP_HOME", str(home))
    return home


@pytest.fixture
def as_of() -> date:
    return AS_OF


@pytest.fixture
def demo_workspace(tmp_path: Path) -> Iterator:
    """A freshly built, open demo workspace (closed after the test)."""
    from psn_desktop.demo import build_demo

    workspace = build_demo(tmp_path / "oakfield", as_of=AS_OF)
    try:
        yield workspace
    finally:
        workspace.close()


@pytest.fixture
def empty_workspace(tmp_path: Path) -> Iterator:
    from psn_desktop.workspace.store import Workspace

    workspace = Workspace.create(tmp_path / "new")
    try:
        yield workspace
    finally:
        workspace.close()
