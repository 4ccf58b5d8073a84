"""How fast PSN Desktop sends a pack, against ``curl`` sending the same bytes to the same server.

Both upload the same file to the same real tus server (tuspyserver under uvicorn, over TLS,
on 127.0.0.1) in the same run, alternating, so the server, the disk and the machine are the
baseline. curl creates nothing itself: the script opens a tus upload for it (one POST) and
curl streams the whole file in one ``PATCH`` (``-T``), which is what a hand-written upload
would do. PSN Desktop does what it always does: its tus client with the OS trust store, the
workspace records and 32 MiB parts. The target is at least 0.7 of curl's throughput.

It also reports the growth of the client's resident memory while sending, which stays
flat (the file is streamed a block at a time).

Run: ``python bench/bench_upload.py [--mb 500] [--rounds 2]``. Needs curl and about twice
the pack's size in free space under the temp folder (the file and the server's copies).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests

from psn_desktop.submit.pack_facts import examine_pack
from psn_desktop.submit.submission import Plan, upload
from psn_desktop.submit.transport import TransportOptions
from tests.e2e.upload_harness import TusServer, make_certificates

MB = 1024 * 1024


def make_big_pack(path: Path, megabytes: int) -> Path:
    """A stored (uncompressed) zip of random bytes, written in blocks: packs hold PDFs and
    images, which do not compress."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        archive.writestr("pack/bagit.txt", "BagIt-Version: 1.0\n")
        archive.writestr("pack/bag-info.txt", "Source-Organization: Benchmark School\n")
        with archive.open("pack/data/evidence.bin", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(os.urandom(MB))
    return path


def curl_upload(server: TusServer, ca: Path, pack: Path) -> float:
    size = pack.stat().st_size
    created = requests.post(server.endpoint, verify=str(ca), timeout=30, headers={
        "Tus-Resumable": "1.0.0", "Upload-Length": str(size), "Content-Length": "0",
        "Upload-Metadata": "filename Y3VybA==,filetype YXBwbGljYXRpb24vemlw",
        "Authorization": f"Bearer {server.token}"})
    created.raise_for_status()
    url = created.headers["Location"]
    start = time.perf_counter()
    subprocess.run(["curl", "-sS", "--fail", "-X", "PATCH", "-T", str(pack), "--cacert",
                    str(ca), "-H", "Tus-Resumable: 1.0.0", "-H", "Upload-Offset: 0",
                    "-H", "Content-Type: application/offset+octet-stream",
                    "-H", f"Authorization: Bearer {server.token}", "-o", os.devnull, url],
                   check=True)
    elapsed = time.perf_counter() - start
    stored = server.stored_file(url)
    if stored.stat().st_size != size:
        raise SystemExit("curl's upload is incomplete on the server")
    stored.unlink()
    return elapsed


def resident_bytes() -> int:
    """This process's resident memory now (Linux), or 0 where /proc is not there."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


class MemorySampler:
    """The highest resident memory seen while a block of code runs (sampled every 20 ms)."""

    def __enter__(self) -> MemorySampler:
        self.start = resident_bytes()
        self.peak = self.start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, resident_bytes())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def growth(self) -> int:
        return max(self.peak - self.start, 0)


def own_upload(server: TusServer, ca: Path, pack: Path) -> tuple[float, float, int]:
    """(seconds sending, seconds hashing, resident memory growth in bytes while sending)."""
    start = time.perf_counter()
    facts = examine_pack(pack)
    hashed = time.perf_counter() - start
    plan = Plan(facts, server.endpoint, facts.metadata("Benchmark School", "psn-coco"))
    with MemorySampler() as memory:
        start = time.perf_counter()
        result = upload(plan, token=server.token,
                        options=TransportOptions(extra_root_certificate=str(ca)))
        elapsed = time.perf_counter() - start
    stored = server.stored_file(result.url)
    if stored.stat().st_size != facts.size:
        raise SystemExit("PSN Desktop's upload is incomplete on the server")
    stored.unlink()
    return elapsed, hashed, memory.growth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=500, help="pack size in MiB (default 500)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("curl"):
        raise SystemExit("curl is needed for the baseline (apt-get install curl)")
    folder = Path(tempfile.mkdtemp(prefix="psn-bench-upload-"))
    try:
        free = shutil.disk_usage(folder).free
        if free < 3 * args.mb * MB:
            raise SystemExit(f"Need about {3 * args.mb} MiB free under {folder}.")
        certs = make_certificates(folder / "certs")
        pack = make_big_pack(folder / "bench.psnpack", args.mb)
        size = pack.stat().st_size
        with TusServer(folder / "files", certs=certs, token="bench-token") as server:
            curl_times, own_times, hash_times, growth = [], [], [], []
            for _ in range(args.rounds):
                curl_times.append(curl_upload(server, certs.ca_file, pack))
                seconds, hashed, grown = own_upload(server, certs.ca_file, pack)
                own_times.append(seconds)
                hash_times.append(hashed)
                growth.append(grown)
        curl_rate = size / MB / min(curl_times)
        own_rate = size / MB / min(own_times)
        print(f"pack: {size / MB:.0f} MiB, TLS to tuspyserver+uvicorn on 127.0.0.1, "
              f"{args.rounds} rounds, best of each")
        print(f"curl (one PATCH):      {curl_rate:8.1f} MiB/s  ({min(curl_times):.2f} s; all: "
              + ", ".join(f"{t:.2f}" for t in curl_times) + ")")
        print(f"PSN Desktop (sending): {own_rate:8.1f} MiB/s  ({min(own_times):.2f} s; all: "
              + ", ".join(f"{t:.2f}" for t in own_times) + ")")
        end_to_end = size / MB / min(t + h for t, h in zip(own_times, hash_times, strict=True))
        print(f"PSN Desktop (SHA-256 first, then sending): {end_to_end:8.1f} MiB/s "
              f"(hashing {statistics.median(hash_times):.2f} s)")
        print(f"ratio PSN Desktop / curl: {own_rate / curl_rate:.2f} (target >= 0.70); "
              f"with hashing {end_to_end / curl_rate:.2f}")
        print(f"client resident memory growth while sending: {max(growth) / MB:.1f} MiB "
              f"for a {size / MB:.0f} MiB pack")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
