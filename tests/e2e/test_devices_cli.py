"""The devices and check commands end to end: real files, a real workspace, the real shell
collector run on this computer, a Windows collector file, and a real local HTTP server.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from psn_desktop.cli import EXIT_NEGATIVE, EXIT_OK, EXIT_USAGE, main
from psn_desktop.workspace.store import Workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "windows"


@pytest.fixture
def workspace_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    Workspace.create(folder).close()
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_estate_makes_three_findings(tmp_path: Path, workspace_dir: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "estate.csv"
    source.write_text("Device name;OS;OS version\nTILL;Windows 7 Pro;\nFRONT;Win10 22H2;\n"
                      "OFFICE;Windows 11 Pro;23H2\nBAD;Windoze;\n", encoding="utf-16")
    code, out, err = run(capsys, "devices", "import", str(source), "--workspace",
                         str(workspace_dir), "--as-of", "2026-11-23")
    assert code == EXIT_NEGATIVE  # one row had a problem; the good rows are in
    assert "Imported 3 device(s): 3 new, 0 updated." in out
    assert out.count("New finding:") == 3
    assert "Not imported: line 5: “Windoze”" in err

    code, out, _err = run(capsys, "devices", "import", str(source), "--workspace",
                          str(workspace_dir), "--as-of", "2026-11-23", "--json")
    doc = json.loads(out)
    assert (doc["added"], doc["updated"], doc["findings_added"]) == (0, 3, [])
    assert doc["errors"] == [{"line": 5, "message": doc["errors"][0]["message"]}]

    code, out, _err = run(capsys, "status", "--workspace", str(workspace_dir), "--as-of",
                          "2026-11-23", "--json")
    with Workspace.open(workspace_dir, read_only=True) as workspace:
        findings = workspace.findings()
    assert len(findings) == 3 and all(f.requirement_ids == ["psn-coco:PAT-01"]
                                      for f in findings)


def test_map_option_and_bad_map(tmp_path: Path, workspace_dir: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "list.csv"
    source.write_text("Tag,Platform detail\nA-1,Windows 11 Enterprise 25H2\n", encoding="utf-8")
    code, _out, err = run(capsys, "devices", "import", str(source), "--workspace",
                          str(workspace_dir))
    assert code == EXIT_USAGE and "No column was chosen" in err
    code, out, _err = run(capsys, "devices", "import", str(source), "--workspace",
                          str(workspace_dir), "--map", "name=Tag", "--map",
                          "os=Platform detail")
    assert code == EXIT_OK and "1 new" in out
    code, _out, err = run(capsys, "devices", "import", str(source), "--workspace",
                          str(workspace_dir), "--map", "os=Nope")
    assert code == EXIT_USAGE and "no column “Nope”" in err


def test_collector_brings_in_other_pcs(tmp_path: Path, workspace_dir: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    stick = tmp_path / "usb"
    code, out, _err = run(capsys, "devices", "collector", str(stick))
    assert code == EXIT_OK
    assert {p.name for p in stick.iterdir()} == {
        "Run PSN collector.cmd", "READ ME FIRST.txt", "psn-collector.ps1", "psn-collector.sh"}
    assert (stick / "Run PSN collector.cmd").read_bytes().endswith(b"pause\r\n")
    # A Mac or Linux PC: run the real shell collector here, as staff would (no admin rights
    # needed, but this CI runs as root, which the result reports).
    done = subprocess.run(["sh", str(stick / "psn-collector.sh")], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "Saved" in done.stdout
    # A Windows PC: the file its collector wrote (French Windows 10).
    shutil.copy(FIXTURES / "collector" / "ACCUEIL-PC.psn-device.json", stick)
    (stick / "notes.json").write_text("{}", encoding="utf-8")

    code, out, err = run(capsys, "devices", "import", str(stick), "--workspace",
                         str(workspace_dir), "--as-of", "2026-11-23")
    assert code == EXIT_NEGATIVE and "notes.json is not a PSN Desktop collector file" in err
    assert "Imported 2 device(s): 2 new" in out
    with Workspace.open(workspace_dir, read_only=True) as workspace:
        data = workspace.load()
    names = {d.name for d in data.devices}
    assert "ACCUEIL-PC" in names and len(names) == 2
    here = next(d for d in data.devices if d.name != "ACCUEIL-PC")
    assert here.os_product == "debian" and here.source == "scan"
    assert any("Collector report of ACCUEIL-PC" in u.title for u in data.evidence_uses)


def test_check_command_live(workspace_dir: Path, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    done = subprocess.run([sys.executable, "-m", "psn_desktop", "check", "--json",
                           "--workspace", str(workspace_dir), "--as-of", "2026-11-23",
                           "--raw-output", str(raw)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode in (EXIT_OK, EXIT_NEGATIVE), done.stderr
    doc = json.loads(done.stdout)
    assert doc["format"] == "psn-desktop-scan" and len(doc["results"]) == 8
    os_result = doc["results"][0]
    assert os_result["check_id"] == "operating-system" and os_result["facts"]["product"]
    failed = any(r["status"] == "fail" for r in doc["results"])
    assert done.returncode == (EXIT_NEGATIVE if failed else EXIT_OK)
    assert (raw / "os-release.txt").read_text() == Path("/etc/os-release").read_text()
    with Workspace.open(workspace_dir, read_only=True) as workspace:
        data = workspace.load()
    assert len(data.devices) == 1 and data.devices[0].source == "scan"
    assert len(data.findings) == sum(r["status"] == "fail" for r in doc["results"])
    assert doc["workspace"]["findings_added"] == len(data.findings)
    assert any(u.title.startswith("Scan of ") for u in data.evidence_uses)


def test_check_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "check", "--as-of", "2026-11-23")
    assert code in (EXIT_OK, EXIT_NEGATIVE)
    assert out.startswith("Scan of ") and "Operating system still gets security updates" in out


def test_template_then_import(tmp_path: Path, workspace_dir: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "devices.csv"
    code, out, _err = run(capsys, "devices", "template", str(template))
    assert code == EXIT_OK and "Saved the template" in out
    code, out, _err = run(capsys, "devices", "import", str(template), "--workspace",
                          str(workspace_dir), "--as-of", "2026-11-23")
    assert code == EXIT_OK and "5 new" in out


def test_bad_inputs(tmp_path: Path, workspace_dir: Path,
                    capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "devices", "import", str(tmp_path / "missing.csv"),
                          "--workspace", str(workspace_dir))
    assert code == EXIT_USAGE and "does not exist" in err
    code, _out, err = run(capsys, "devices", "import", str(tmp_path), "--workspace",
                          str(tmp_path / "no-workspace"))
    assert code == EXIT_USAGE
    code, _out, err = run(capsys, "devices", "update-support-data")
    assert code == 3 and "No address" in err
