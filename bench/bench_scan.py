"""Scan of this computer, against the cost of starting the commands it needs.

Aim: the whole scan under 10 seconds. The baseline is starting the same number of trivial
processes (PowerShell doing nothing on Windows, ``true`` on Linux), the floor any scan
built on commands pays; the ratio shows what the checks themselves add.
Run: python bench/bench_scan.py
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from psn_desktop.checks.runner import CommandRunner
from psn_desktop.checks.scan import ALL_CHECKS, run_scan


def baseline() -> float:
    runner = CommandRunner()
    started = time.perf_counter()
    for index in range(len(ALL_CHECKS)):
        if sys.platform == "win32":
            runner.powershell(f"empty-{index}", "exit 0")
        else:
            runner.run(f"true-{index}", ["true"])
    return time.perf_counter() - started


def scan() -> tuple[float, dict[str, int]]:
    started = time.perf_counter()
    report = run_scan(as_of=date.today())
    return time.perf_counter() - started, report.counts()


def main() -> int:
    base = statistics.median(baseline() for _ in range(3))
    runs = [scan() for _ in range(3)]
    seconds = statistics.median(r[0] for r in runs)
    print(f"platform: {sys.platform}, checks: {len(ALL_CHECKS)}, results: {runs[-1][1]}")
    print(f"baseline ({len(ALL_CHECKS)} empty commands, one after another): {base:.3f} s")
    print(f"scan (median of 3):                              {seconds:.3f} s")
    print(f"ratio: {seconds / base:.2f}x; aim: under 10 s  {'OK' if seconds < 10 else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
