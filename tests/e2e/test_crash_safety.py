"""Kill a busy writer with SIGKILL again and again; the workspace must always reopen whole.

A child process writes numbered edits as fast as it can (devices, findings with their
actions in one transaction, evidence files) and prints each number once committed. After
each kill the parent reopens the workspace and checks: SQLite's integrity check passes, the
edits present are exactly 1..n with n at least the last acknowledged number (a prefix: no
gaps, nothing half-done), every finding kept its action, and every stored evidence file
still matches its hash.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from psn_desktop.workspace.store import Workspace

ROUNDS = 50

CHILD = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from psn_desktop.domain.model import Action, Device, Finding, FindingSource
    from psn_desktop.workspace.store import Workspace

    folder, source_dir = Path(sys.argv[1]), Path(sys.argv[2])
    ws = Workspace.open(folder)
    n = len(ws.devices())
    while True:
        n += 1
        if n % 4 == 0:
            source = source_dir / f"evidence-{n}.bin"
            source.write_bytes(os.urandom(20000 + n) + str(n).encode())
            ws.attach_evidence(source, ["psn-coco:GOV-01"], title=f"E{n}")
        if n % 3 == 0:
            ws.save_finding(Finding(f"F{n}", FindingSource.SCAN), Action(0, f"owner {n}"))
        ws.save_device(Device(f"D{n}"))
        print(n, flush=True)
""")


@pytest.mark.slow
def test_sigkill_at_random_moments_never_loses_committed_work(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    Workspace.create(folder).close()
    source_dir = tmp_path / "sources"
    source_dir.mkdir()
    script = tmp_path / "writer.py"
    script.write_text(CHILD, encoding="utf-8")
    rng = random.Random(20261123)
    acknowledged = 0
    total_kills = 0
    for _ in range(ROUNDS):
        child = subprocess.Popen([sys.executable, str(script), str(folder), str(source_dir)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # Let it start and write for a random while (past Python's start-up most times).
        time.sleep(rng.uniform(0.25, 0.6))
        os.kill(child.pid, signal.SIGKILL)
        out, err = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL, err
        total_kills += 1
        printed = [int(line) for line in out.split()]
        if printed:
            acknowledged = max(acknowledged, printed[-1])

        with Workspace.open(folder) as ws:
            assert ws.integrity_problems(check_evidence=False) == []
            names = [d.name for d in ws.devices()]
            assert names == [f"D{i}" for i in range(1, len(names) + 1)], "not a prefix"
            assert len(names) >= acknowledged, "an acknowledged edit was lost"
            findings = ws.findings()
            actions = {a.finding_id: a for a in ws.actions()}
            for finding in findings:
                assert finding.id in actions, f"{finding.title} lost its action"
            for sha in ws.evidence_files():
                assert ws.evidence.verify(sha), "stored evidence does not match its hash"
            # Files a kill left mid-copy are never referenced and are cleared on open.
            assert list((folder / "evidence" / "tmp").iterdir()) == []
    assert total_kills == ROUNDS
    assert acknowledged > ROUNDS  # the writer really was busy between kills
