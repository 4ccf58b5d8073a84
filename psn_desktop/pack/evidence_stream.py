"""Streaming the workspace's evidence files into the pack, checking each one on the way.

Every file's SHA-256 is recomputed and compared with the name the store gave it: a file
that changed on disk since it was attached must stop the build rather than go out under a
checksum that is not its own. A *stored* entry (a photo, a PDF) needs its CRC before its
header is written, so it is read twice: once to hash, once to copy. The hashing pass runs on
a helper thread ahead of the file being written (up to :data:`AHEAD_BYTES`; it starts while
the report is being rendered), so the disk writes the pack while the CPU hashes what comes
next, instead of waiting for each other. A *deflated*
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
AHEAD = 2  # stored files always allowed to be hashed ahead of the one being written...
AHEAD_BYTES = 256 * 1024 * 1024  # ...and more while they add up to less than this


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
    buffer = bytearray(CHUNK)  # one buffer, reused: nothing of this pass is kept
    view = memoryview(buffer)
    try:
        with open(entry.source, "rb", buffering=0) as handle:
            while count := handle.readinto(buffer):
                if stop.is_set():
                    raise _Stopped()
                chunk = view[:count]
                digest.update(chunk)
                crc = crc32(chunk, crc)
                size += count
                tracker.add(count)
    except OSError as error:
        raise PackError(f"'{entry.name}' could not be read from the workspace "
                        f"({error.strerror}).") from None
    return _Fingerprint(digest.hexdigest(), crc, size)


class Prehasher:
    """Hashes the stored files, in order, ahead of the writing.

    It may be started before the pack is written (while the report is rendered, which holds
    the GIL but leaves the other core free for hashing). Only fingerprints are kept, so
    memory stays flat however far ahead it runs; the lookahead is bounded in bytes so the
    second read of each file still finds it in the page cache.
    """

    def __init__(self, entries: list[EvidenceEntry], tracker: ProgressTracker) -> None:
        self._tracker = tracker
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pack-prehash")
        self._waiting = deque(e for e in entries if not e.deflate)
        self._futures: dict[str, tuple[int, Future[_Fingerprint]]] = {}
        self._ahead = 0
        self._fill()

    def _fill(self) -> None:
        while self._waiting and (len(self._futures) < AHEAD
                                 or self._ahead + self._waiting[0].size <= AHEAD_BYTES):
            entry = self._waiting.popleft()
            self._ahead += entry.size
            self._futures[entry.path] = (entry.size, self._pool.submit(
                _fingerprint, entry, self._tracker, self._stop))

    def fingerprint(self, entry: EvidenceEntry) -> _Fingerprint:
        size, future = self._futures.pop(entry.path)
        self._ahead -= size
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
                   tracker: ProgressTracker,
                   prehasher: Prehasher | None = None) -> dict[str, str]:
    """Write every entry, in order; return {path in bag: SHA-256} for the manifest.

    ``prehasher``, if given, must have been made from the same ``entries``; it is closed here.
    """
    prehasher = prehasher or Prehasher(entries, tracker)
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
