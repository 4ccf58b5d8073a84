"""Streaming the workspace's evidence files into the pack, checking each one on the way.

Every file's SHA-256 is recomputed and compared with the name the store gave it: a file
that changed on disk since it was attached must stop the build rather than go out under a
checksum that is not its own. A *stored* entry (a photo, a PDF) needs its CRC before its
header is written, so it is read twice: once to hash, once to copy. The hashing pass runs on
a helper thread one or two files ahead of the file being written, so the disk writes the
pack while the CPU hashes what comes next, instead of waiting for each other. A *deflated*
entry (text) is read once; its hash runs on another thread beside the deflate.

Memory stays flat: at most a few one-megabyte chunks are in flight at any moment, whatever
the size of the files.
"""

from __future__ import annotations

import hashlib
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from psn_desktop.pack.compression import SAMPLE_SIZE, crc32, should_deflate
from psn_desktop.pack.contents import EvidenceItem
from psn_desktop.pack.digest import ThreadedDigest
from psn_desktop.pack.errors import PackError
from psn_desktop.pack.progress import ProgressTracker
from psn_desktop.pack.zip_writer import ZipStreamWriter

CHUNK = 1024 * 1024
AHEAD = 2  # stored files hashed ahead of the one being written


@dataclass(frozen=True)
class EvidenceEntry:
    path: str  # inside the bag
    source: Path  # in the workspace's evidence store
    sha256: str  # what the store says it is
    size: int
    deflate: bool

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class _Fingerprint:
    sha256: str
    crc: int
    size: int


class _Stopped(Exception):
    """The build stopped (failed or cancelled) while this file was being hashed ahead."""


def plan_entries(items: list[EvidenceItem], sources: dict[str, Path]) -> list[EvidenceEntry]:
    """Decide store or deflate for each file from its name and first bytes."""
    planned = []
    for item in items:
        source = sources[item.sha256]
        try:
            with open(source, "rb") as handle:
                sample = handle.read(SAMPLE_SIZE)
        except OSError as error:
            raise PackError(f"The stored copy of '{item.original_name}' could not be read "
                            f"({error.strerror}). Attach it again.") from None
        planned.append(EvidenceEntry(item.path, source, item.sha256, item.size,
                                     should_deflate(item.name, sample)))
    return planned


def damaged(entry: EvidenceEntry) -> PackError:
    return PackError(f"The stored copy of '{entry.name}' in the workspace no longer matches the "
                     "file that was attached (the disk may be failing). Attach the file again, "
                     "then build the pack.")


def _chunks(entry: EvidenceEntry, tracker: ProgressTracker,
            stop: threading.Event | None = None) -> Iterator[bytes]:
    try:
        with open(entry.source, "rb", buffering=0) as handle:
            while chunk := handle.read(CHUNK):
                if stop is not None and stop.is_set():
                    raise _Stopped()
                yield chunk
                tracker.add(len(chunk))
    except OSError as error:
        raise PackError(f"'{entry.name}' could not be read from the workspace "
                        f"({error.strerror}).") from None


def _fingerprint(entry: EvidenceEntry, tracker: ProgressTracker,
                 stop: threading.Event) -> _Fingerprint:
    digest = hashlib.sha256()
    crc = 0
    size = 0
    for chunk in _chunks(entry, tracker, stop):
        digest.update(chunk)
        crc = crc32(chunk, crc)
        size += len(chunk)
    return _Fingerprint(digest.hexdigest(), crc, size)


class _Prehasher:
    """Hashes the stored files, in order, a file or two ahead of the writing."""

    def __init__(self, entries: list[EvidenceEntry], tracker: ProgressTracker) -> None:
        self._tracker = tracker
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pack-prehash")
        self._waiting = deque(e for e in entries if not e.deflate)
        self._futures: dict[str, Future[_Fingerprint]] = {}
        self._fill()

    def _fill(self) -> None:
        while self._waiting and len(self._futures) < AHEAD:
            entry = self._waiting.popleft()
            self._futures[entry.path] = self._pool.submit(_fingerprint, entry, self._tracker,
                                                          self._stop)

    def fingerprint(self, entry: EvidenceEntry) -> _Fingerprint:
        future = self._futures.pop(entry.path)
        self._fill()  # start on the next file before waiting for this one
        return future.result()

    def close(self) -> None:
        self._stop.set()
        self._pool.shutdown(wait=True, cancel_futures=True)


def _write_stored(zipper: ZipStreamWriter, entry: EvidenceEntry, print_: _Fingerprint,
                  tracker: ProgressTracker) -> None:
    if print_.sha256 != entry.sha256 or print_.size != entry.size:
        raise damaged(entry)
    zipper.begin_stored(entry.path, print_.size, print_.crc)
    for chunk in _chunks(entry, tracker):
        zipper.write(chunk)
    zipper.end()  # fails if the file changed between the two reads


def _write_deflated(zipper: ZipStreamWriter, entry: EvidenceEntry,
                    tracker: ProgressTracker) -> None:
    digest = ThreadedDigest()
    size = 0
    try:
        zipper.begin_deflated(entry.path, entry.size)
        for chunk in _chunks(entry, tracker):
            digest.update(chunk)
            size += len(chunk)
            zipper.write(chunk)
        zipper.end()
        if digest.hexdigest() != entry.sha256 or size != entry.size:
            raise damaged(entry)
    finally:
        digest.close()


def stream_entries(zipper: ZipStreamWriter, entries: list[EvidenceEntry],
                   tracker: ProgressTracker) -> dict[str, str]:
    """Write every entry, in order; return {path in bag: SHA-256} for the manifest."""
    prehasher = _Prehasher(entries, tracker)
    digests = {}
    try:
        for entry in entries:
            tracker.set_stage(f"Packing {entry.name}")
            if entry.deflate:
                _write_deflated(zipper, entry, tracker)
            else:
                _write_stored(zipper, entry, prehasher.fingerprint(entry), tracker)
            digests[entry.path] = entry.sha256
    finally:
        prehasher.close()
    return digests
