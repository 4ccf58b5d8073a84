"""Peak memory packing 100 MB of evidence against packing 1 GB of the same mix.

Aim: the 1 GB pack peaks within 20 MB of the 100 MB one: the builder streams, so memory
must not grow with the evidence. Each build runs in a fresh process and reports its own peak
resident size, so the two figures are comparable. Not run by CI.
Run: python bench/bench_pack_memory.py
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_pack_common import AS_OF, MB, make_workspace, need_free_disk

HERE = Path(__file__).resolve()


def child(workspace_folder: str, output: str) -> None:
    from psn_desktop.pack.builder import build_pack
    from psn_desktop.workspace.store import Workspace

    with Workspace.open(Path(workspace_folder)) as workspace:
        build_pack(workspace, Path(output), as_of=AS_OF, force=True)
    # ru_maxrss is in kilobytes on Linux (bytes on macOS, which this bench does not target).
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def peak_mb(workspace_folder: Path, output: Path) -> float:
    result = subprocess.run([sys.executable, str(HERE), "--child", str(workspace_folder),
                             str(output)], capture_output=True, text=True, check=True)
    return int(result.stdout.strip().splitlines()[-1]) / 1024


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-pack-memory-") as name:
        folder = Path(name)
        need_free_disk(folder, 1100 * MB * 2 + 512 * MB)
        peaks = {}
        for size in (100, 1024):
            print(f"Generating {size} MB of evidence…")
            workspace = make_workspace(folder / f"w{size}", size * MB)
            workspace_folder = workspace.folder
            workspace.close()
            output = folder / f"p{size}.psnpack"
            peaks[size] = min(peak_mb(workspace_folder, output) for _ in range(2))
            output.unlink()
    growth = peaks[1024] - peaks[100]
    print(f"peak resident memory packing 100 MB: {peaks[100]:.1f} MB")
    print(f"peak resident memory packing 1 GB:   {peaks[1024]:.1f} MB")
    print(f"growth: {growth:+.1f} MB; ratio {peaks[1024] / peaks[100]:.2f}x "
          f"(aim: within +20 MB: {'met' if growth <= 20 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
