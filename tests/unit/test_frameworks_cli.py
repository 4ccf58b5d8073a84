"""``psn-desktop frameworks``: list, suggest, choose and compare, on the real demo workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from psn_desktop.cli import EXIT_NEGATIVE, EXIT_OK, EXIT_USAGE, main
from psn_desktop.workspace.store import Workspace


@pytest.fixture
def demo_folder(demo_workspace: Workspace) -> Path:
    folder = demo_workspace.folder
    demo_workspace.close()  # the command opens it itself
    return folder


def test_list_names_every_installed_framework(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frameworks", "list", "--json"]) == EXIT_OK
    listed = {f["id"]: f for f in json.loads(capsys.readouterr().out)}
    assert {"psn-coco", "cyber-essentials", "nhs-dspt-gp", "dfe-schools"} <= set(listed)
    assert listed["nhs-dspt-gp"]["org_types"] == ["gp_surgery"]


def test_suggest_choose_and_compare(demo_folder: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frameworks", "suggest", "--workspace", str(demo_folder), "--json"]) == EXIT_OK
    suggested = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in suggested] == ["psn-coco", "dfe-schools", "cyber-essentials"]

    assert main(["frameworks", "choose", "--workspace", str(demo_folder), "--suggested"]) == 0
    assert "psn-coco, dfe-schools, cyber-essentials" in capsys.readouterr().out
    with Workspace.open(demo_folder, read_only=True) as workspace:
        assert workspace.frameworks() == ["psn-coco", "dfe-schools", "cyber-essentials"]

    code = main(["frameworks", "compare", "--workspace", str(demo_folder),
                 "--as-of", "2026-11-23", "--json"])
    assert code == EXIT_NEGATIVE  # the demo school is part-way through
    report = json.loads(capsys.readouterr().out)
    by_id = {f["id"]: f for f in report["frameworks"]}
    assert list(by_id) == ["psn-coco", "dfe-schools", "cyber-essentials"]
    ce = by_id["cyber-essentials"]
    assert ce["answered_here"] == 0 and ce["provided_elsewhere"] > ce["total"] / 2
    assert "automatic-fail" in {b["code"] for b in ce["blockers"]}
    partly = [g for g in ce["gaps"] if g["status"] == "partly_provided"]
    assert partly and all(g["missing"] and g["from"] for g in partly)

    assert main(["frameworks", "compare", "--workspace", str(demo_folder),
                 "--as-of", "2026-11-23", "--framework", "cyber-essentials"]) == EXIT_NEGATIVE
    text = capsys.readouterr().out
    assert "Still to do for Cyber Essentials:" in text
    assert "Partly covered by your answer to PSN Code of Connection" in text


def test_bad_input_gets_a_clear_message(demo_folder: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["frameworks", "choose", "--workspace", str(demo_folder), "psn-coco", "nope"])
    assert code == EXIT_USAGE
    assert "Not an installed framework: nope" in capsys.readouterr().err
    code = main(["frameworks", "compare", "--workspace", str(demo_folder),
                 "--framework", "no-such-framework"])
    assert code == EXIT_USAGE
    assert "installed" in capsys.readouterr().err
    assert main(["frameworks", "choose", "--workspace", str(demo_folder)]) == EXIT_USAGE
    with Workspace.open(demo_folder, read_only=True) as workspace:
        assert workspace.frameworks() == ["psn-coco"]  # nothing changed by the refusals
