"""How big the frozen app and its installer are, and how fast it shows its first window,
against a bare PySide6 window frozen by the same spec, measured in the same run.

    python bench/bench_installer.py               # about 5 minutes on two cores
    python bench/bench_installer.py --rounds 9 --skip-installer

Aims (issue 9): installer ≤ 50 MB, installed ≤ 150 MB, start ≤ 1.3 × the bare window.
It also freezes the app without trimming, to show what trimming saves. Start-up is timed
from launching the program to its first viewable window on a private Xvfb display, with the
file cache warm (the first, cold round is reported separately and left out of the median).
Results go to stdout and to bench/out/installer.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from installer.build import SPEC, build, folder_size  # noqa: E402
from installer.project_info import GUI_PROGRAM  # noqa: E402
from installer.x11 import Window, XDisplay, private_display  # noqa: E402

AIM_INSTALLER_MB = 50
AIM_INSTALLED_MB = 150
AIM_START_RATIO = 1.3
MB = 1_000_000
SPLASH_AREA = 420 * 150  # psn_desktop/ui/splash.py's window


def freeze(dist: Path, work: Path, *spec_args: str) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
               "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    if spec_args:
        command += ["--", *spec_args]
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def time_to_window(program: Path, display: str, home: Path, probe: XDisplay,
                   main_window: bool = False) -> float:
    """Seconds to the first window (the app's start-up window counts), or with
    ``main_window`` to the first window larger than that start-up window."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "WAYLAND"))}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", PSN_DESKTOP_HOME=str(home))
    started = time.perf_counter()
    process = subprocess.Popen([str(program)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)

    def big(window: Window) -> bool:
        return not main_window or window.width * window.height > SPLASH_AREA * 1.5

    try:
        return probe.wait_for_window(started, 60, lambda: process.poll() is None, big)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        while probe.windows():  # the next round starts on an empty screen
            time.sleep(0.01)


def measure_start(app: Path, bare: Path, rounds: int) -> dict[str, object]:
    with private_display() as display, tempfile.TemporaryDirectory() as scratch:
        probe = XDisplay(display)
        try:
            cold = {"app": time_to_window(app, display, Path(scratch) / "cold-app", probe),
                    "bare": time_to_window(bare, display, Path(scratch) / "cold-bare", probe)}
            times: dict[str, list[float]] = {"app": [], "bare": [], "app_main": []}
            for index in range(rounds):  # alternate, so drift affects both alike
                home = Path(scratch) / f"home-{index}"
                times["app"].append(time_to_window(app, display, home, probe))
                times["bare"].append(time_to_window(bare, display, home, probe))
                times["app_main"].append(time_to_window(app, display, home, probe, True))
        finally:
            probe.close()
    app_median = statistics.median(times["app"])
    bare_median = statistics.median(times["bare"])
    main_median = statistics.median(times["app_main"])
    return {"cold_first_round_s": cold, "app_s": times["app"], "bare_s": times["bare"],
            "app_main_window_s": times["app_main"], "app_median_s": app_median,
            "bare_median_s": bare_median, "app_main_window_median_s": main_median,
            "ratio": app_median / bare_median, "main_window_ratio": main_median / bare_median}


def verdict(ok: bool) -> str:
    return "meets the aim" if ok else "MISSES the aim"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--skip-installer", action="store_true",
                        help="do not build the installer (saves 2-3 minutes)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    for tool in ("Xvfb",) + (() if args.skip_installer else ("makensis",)):
        if shutil.which(tool) is None:
            print(f"{tool} is needed: run scripts/setup.sh", file=sys.stderr)
            return 3
    args.out.mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="psn-bench-") as scratch:
        work = Path(scratch)
        bare_script = ROOT / "bench" / "bare_window.py"
        print("Freezing: the app (trimmed), the app (untrimmed), a bare window (same spec)...")
        seconds = freeze(work / "app", work / "w-app")
        app = work / "app" / "PSN Desktop"
        freeze(work / "untrimmed", work / "w-untrimmed", "--no-trim")
        untrimmed = work / "untrimmed" / "PSN Desktop"
        freeze(work / "bare", work / "w-bare", "--bare", str(bare_script))
        bare = work / "bare" / "bare-window"
        sizes = {"app_mb": folder_size(app) / MB, "app_untrimmed_mb": folder_size(untrimmed) / MB,
                 "bare_mb": folder_size(bare) / MB, "freeze_seconds": seconds}
        results["sizes"] = sizes
        print(f"  app frozen folder        {sizes['app_mb']:7.1f} MB   (froze in {seconds:.0f} s)")
        print(f"  app without trimming     {sizes['app_untrimmed_mb']:7.1f} MB   trimming saves "
              f"{sizes['app_untrimmed_mb'] - sizes['app_mb']:.1f} MB")
        print(f"  bare window, same spec   {sizes['bare_mb']:7.1f} MB   app/bare = "
              f"{sizes['app_mb'] / sizes['bare_mb']:.2f}x")
        ok_installed = sizes["app_mb"] <= AIM_INSTALLED_MB
        print(f"  installed size           {sizes['app_mb']:7.1f} MB   aim <= "
              f"{AIM_INSTALLED_MB} MB: {verdict(ok_installed)}")

        if not args.skip_installer:
            print("Building the installer (solid LZMA)...")
            result = build(work=work / "w-installer", dist=work / "installer", payload=app)
            installer_mb = result.installer_bytes / MB
            results["installer_mb"] = installer_mb
            results["installer_seconds"] = result.seconds
            print(f"  installer                {installer_mb:7.1f} MB   aim <= {AIM_INSTALLER_MB}"
                  f" MB: {verdict(installer_mb <= AIM_INSTALLER_MB)} (built in "
                  f"{result.seconds:.0f} s)")

        print(f"Start to first window, {args.rounds} rounds each, alternating...")
        start = measure_start(app / GUI_PROGRAM, bare / "bare-window", args.rounds)
        results["start"] = start
        print(f"  first (cold) round       app {start['cold_first_round_s']['app']:.2f} s, "
              f"bare {start['cold_first_round_s']['bare']:.2f} s")
        print(f"  median                   app {start['app_median_s']:.2f} s, "
              f"bare {start['bare_median_s']:.2f} s")
        print(f"  ratio app/bare           {start['ratio']:.2f}x   aim <= {AIM_START_RATIO}x: "
              f"{verdict(start['ratio'] <= AIM_START_RATIO)} (first window: the start-up "
              "window)")
        print(f"  main window              app {start['app_main_window_median_s']:.2f} s = "
              f"{start['main_window_ratio']:.2f}x the bare window")
    (args.out / "installer.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
