"""``psn-desktop --open-pack FILE`` (the .psnpack file association) opens a window that checks
the pack with the real verifier, off the UI thread, and shows the verdict."""

from __future__ import annotations

from pathlib import Path

import pytest

from psn_desktop.pack.verifier import Verdict
from psn_desktop.secrets import forget_workspace_secrets
from psn_desktop.ui.app import _parse
from psn_desktop.ui.verify_dialog import VerifyDialog
from tests.keyring_env import require_secret_service
from tests.unit.pack_helpers import build, flip_byte, welsh_demo

pytestmark = pytest.mark.gui


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    require_secret_service()
    workspace = welsh_demo(tmp_path / "ysgol")
    try:
        return build(workspace, tmp_path / "ysgol.psnpack").path
    finally:
        forget_workspace_secrets(workspace.id)
        workspace.close()


def test_the_entry_point_accepts_open_pack():
    assert _parse(["--open-pack", "x.psnpack"]).open_pack == Path("x.psnpack")


def _checked(qtbot, path: Path) -> VerifyDialog:
    dialog = VerifyDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.done_checking, timeout=30_000)
    return dialog


def test_a_good_pack_shows_valid(qtbot, qapp, pack: Path):
    dialog = _checked(qtbot, pack)
    assert dialog.report is not None and dialog.report.verdict == Verdict.VALID
    assert dialog.result.isVisible() and dialog.result.text() == dialog.report.headline()
    assert not dialog.bar.isVisible() and dialog.close_button.hasFocus()


def test_a_changed_pack_shows_invalid_with_the_problem(qtbot, qapp, pack: Path,
                                                       tmp_path: Path):
    damaged = tmp_path / "damaged.psnpack"
    damaged.write_bytes(flip_byte(pack.read_bytes()))
    dialog = _checked(qtbot, damaged)
    assert dialog.report is None or dialog.report.verdict == Verdict.INVALID
    assert dialog.result.property("role") == "error"
    assert dialog.result.text().strip()


def test_a_missing_file_says_so(qtbot, qapp, tmp_path: Path):
    dialog = _checked(qtbot, tmp_path / "nowhere.psnpack")
    assert dialog.problem and "could not be checked" in dialog.result.text()
