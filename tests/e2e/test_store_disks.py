"""A full disk and a read-only disk, for real: a tiny tmpfs in a private mount namespace.

Running as root (as CI does) makes permission bits meaningless, so "read-only" has to be a
read-only mount, and "full" a file system that is really full. ``unshare`` gives the child
process its own mount namespace so nothing is mounted on the machine itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

CHILD_PRELUDE = textwrap.dedent("""
    import json, os, subprocess, sys
    from pathlib import Path
    from psn_desktop.domain.model import Organisation, Device
    from psn_desktop.workspace.store import Workspace
    from psn_desktop.workspace.errors import DiskFull, WorkspaceReadOnly, WorkspaceError
    mnt = Path(sys.argv[1])
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mnt)], check=True)
    result = {}
""")


def _run_in_namespace(tmp_path: Path, body: str) -> dict:
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    script = tmp_path / "child.py"
    script.write_text(CHILD_PRELUDE + textwrap.dedent(body)
                      + "\nprint(json.dumps(result))\n", encoding="utf-8")
    done = subprocess.run(["unshare", "--mount", "--map-root-user", sys.executable, str(script),
                           str(mnt)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_full_disk_keeps_what_was_saved(tmp_path: Path) -> None:
    result = _run_in_namespace(tmp_path, """
        ws = Workspace.create(mnt / "ws")
        ws.set_organisation(Organisation("Saved before the disk filled"))
        big = Path(os.environ.get("TMPDIR", "/tmp")) / "big-evidence.bin"
        big.write_bytes(os.urandom(2 * 1024 * 1024))
        try:
            ws.attach_evidence(big, ["psn-coco:GOV-01"])
            result["attach"] = "stored?!"
        except DiskFull as error:
            result["attach"] = str(error)
        try:
            ws.save_devices([Device("PC-" + str(n) + "x" * 2000) for n in range(2000)])
            result["devices"] = "stored?!"
        except DiskFull as error:
            result["devices"] = str(error)
        ws.close()
        ws = Workspace.open(mnt / "ws")
        result["name"] = ws.organisation().name
        result["devices_after"] = len(ws.devices())
        result["integrity"] = ws.integrity_problems()
        result["evidence_files"] = len(ws.evidence_files())
        result["temp_left"] = os.listdir(mnt / "ws" / "evidence" / "tmp")
        ws.close()
        big.unlink()
    """)
    assert "disk holding" in result["attach"] and "is full" in result["attach"]
    assert "is full" in result["devices"]
    assert result["name"] == "Saved before the disk filled"
    assert result["devices_after"] == 0
    assert result["integrity"] == []
    assert result["evidence_files"] == 0
    assert result["temp_left"] == []


def test_read_only_disk_is_explained_and_still_readable(tmp_path: Path) -> None:
    result = _run_in_namespace(tmp_path, """
        ws = Workspace.create(mnt / "ws")
        ws.set_organisation(Organisation("Read me"))
        ws.close()
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        try:
            Workspace.open(mnt / "ws")
            result["open"] = "opened?!"
        except WorkspaceReadOnly as error:
            result["open"] = str(error)
        with Workspace.open(mnt / "ws", read_only=True) as reader:
            result["name"] = reader.organisation().name
            try:
                reader.set_organisation(Organisation("changed"))
                result["write"] = "written?!"
            except WorkspaceReadOnly as error:
                result["write"] = str(error)
        try:
            Workspace.create(mnt / "new")
            result["create"] = "created?!"
        except WorkspaceError as error:
            result["create"] = str(error)
    """)
    assert "read-only" in result["open"] and "Copy the folder" in result["open"]
    assert result["name"] == "Read me"
    assert "read-only" in result["write"]
    assert "read-only" in result["create"]
