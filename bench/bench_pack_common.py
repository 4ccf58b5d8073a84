"""Shared by the pack benchmarks: a fixed mix of generated evidence, free-disk checks, and
the baseline (``openssl dgst -sha256``) every pack benchmark is measured against.

The mix, by bytes: 70% already-compressed files (random bytes named .jpg, .pdf, .zip, .docx:
incompressible, so they are stored) and 30% text (CSV exports and logs made of varied
lines: they deflate about 3:1). A few large files (two scans of 20% each, one log of 8%)
and many small ones, as a real estate has. The same seed gives the same files.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MB = 1024 * 1024
AS_OF = date(2026, 11, 23)
SEED = 20261123

_WORDS = ["allow", "deny", "tcp", "udp", "443", "80", "22", "3389", "firewall", "policy",
          "backup", "succeeded", "failed", "patch", "installed", "pending", "reboot", "user",
          "admin", "login", "logout", "laptop", "desktop", "server", "office", "classroom",
          "reception", "vpn", "tunnel", "established", "closed"]


def _text_corpus(size: int, rng: random.Random) -> bytes:
    lines = []
    total = 0
    while total < size:
        line = (f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d} "
                f"{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d},"
                f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)},"
                f"{rng.choice(_WORDS)},{rng.choice(_WORDS)} {rng.choice(_WORDS)},"
                f"{rng.randrange(100000)}\n")
        lines.append(line)
        total += len(line)
    return "".join(lines).encode()[:size]


def plan(total: int) -> list[tuple[str, int, bool]]:
    """(name, size, compressed?) for ``total`` bytes of evidence in the stated mix."""
    files: list[tuple[str, int, bool]] = [
        ("scan-server-room.pdf", total * 20 // 100, True),
        ("cctv-export.zip", total * 20 // 100, True),
        ("firewall-log-2026.log", total * 8 // 100, False),
    ]
    small_compressed = total * 30 // 100
    small_text = total * 22 // 100
    suffixes = (".jpg", ".pdf", ".docx", ".png")
    count = 0
    while small_compressed > 0:
        size = min(small_compressed, (1 + count % 7) * MB // 2 + 12345)
        files.append((f"photo-{count:04d}{suffixes[count % 4]}", size, True))
        small_compressed -= size
        count += 1
    count = 0
    while small_text > 0:
        size = min(small_text, (1 + count % 5) * MB // 2 + 777)
        files.append((f"export-{count:04d}.csv", size, False))
        small_text -= size
        count += 1
    return files


def generate(folder: Path, total: int) -> list[Path]:
    rng = random.Random(SEED)
    corpus = _text_corpus(16 * MB, rng)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, (name, size, compressed) in enumerate(plan(total)):
        path = folder / name
        with open(path, "wb") as out:
            left = size
            offset = (index * 7919) % len(corpus)
            while left:
                if compressed:
                    chunk = rng.randbytes(min(left, 4 * MB))
                else:
                    chunk = corpus[offset:offset + min(left, 4 * MB)]
                    offset = (offset + len(chunk) + 4099) % (len(corpus) - 4 * MB)
                out.write(chunk)
                left -= len(chunk)
        paths.append(path)
    return paths


def make_workspace(folder: Path, total: int):  # type: ignore[no-untyped-def]
    """A demo workspace with ``total`` bytes of generated evidence attached."""
    from psn_desktop.demo import build_demo

    workspace = build_demo(folder / "workspace", as_of=AS_OF)
    sources = generate(folder / "sources", total)
    for number, path in enumerate(sources):
        workspace.attach_evidence(path, [f"psn-coco:BND-0{1 + number % 4}"], title=path.stem)
        path.unlink()  # the store holds the copy; keep the disk needed down
    return workspace


def need_free_disk(folder: Path, needed: int) -> None:
    free = shutil.disk_usage(folder).free
    if free < needed:
        print(f"Not enough free disk in {folder}: {free // MB} MB free, {needed // MB} MB "
              "needed. Set TMPDIR to a bigger disk.", file=sys.stderr)
        raise SystemExit(3)


def openssl_seconds(paths: list[Path]) -> float:
    """Wall time for `openssl dgst -sha256` over the files (one process, all files)."""
    started = time.perf_counter()
    subprocess.run(["openssl", "dgst", "-sha256", *map(str, paths)], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def best_of(runs: int, func: Callable[[], float]) -> float:
    """The fastest of a few runs: the one least disturbed by other work on the machine."""
    return min(func() for _ in range(runs))


def timed(func: Callable[[], object]) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started
