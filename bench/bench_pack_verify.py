"""Verifying a 1 GB pack, against `openssl dgst -sha256` of the same pack file.

Aim: at least 0.9x openssl's throughput. Verifying reads every entry, inflates the text,
checks each CRC and each SHA-256 against the manifest, the tag manifest, the schema and the
signature; openssl only hashes the file once. Not run by CI.
Run: python bench/bench_pack_verify.py [MB]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench_pack_common import (
    AS_OF,
    MB,
    best_of,
    make_workspace,
    need_free_disk,
    openssl_seconds,
    timed,
)


def main() -> int:
    total = int(sys.argv[1]) * MB if len(sys.argv) > 1 else 1024 * MB
    with tempfile.TemporaryDirectory(prefix="bench-verify-") as name:
        folder = Path(name)
        need_free_disk(folder, total * 3 + 512 * MB)
        print(f"Generating {total // MB} MB of evidence and packing it…")
        workspace = make_workspace(folder, total)
        pack = folder / "bench.psnpack"
        try:
            from psn_desktop.pack.builder import build_pack

            build_pack(workspace, pack, as_of=AS_OF, force=True)
        finally:
            workspace.close()
        from psn_desktop.pack.verifier import Verdict, verify_pack

        report = verify_pack(pack)  # also warms the page cache
        assert report.verdict != Verdict.INVALID, report.as_text()
        baseline = best_of(3, lambda: openssl_seconds([pack]))
        checking = best_of(3, lambda: timed(lambda: verify_pack(pack)))
        baseline = min(baseline, best_of(2, lambda: openssl_seconds([pack])))
        size = pack.stat().st_size
    print(f"pack: {size / MB:.0f} MB holding {report.bytes_checked / MB:.0f} MB in "
          f"{report.files_checked} files")
    print(f"openssl dgst -sha256 of the pack: {baseline:.2f} s ({size / MB / baseline:.0f} MB/s)")
    print(f"psn-desktop verify:              {checking:.2f} s ({size / MB / checking:.0f} MB/s)")
    print(f"throughput ratio (verify / openssl): {baseline / checking:.2f}x  (aim: >= 0.90x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
