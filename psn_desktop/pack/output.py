"""Where the pack is written: a temporary file beside the target, renamed only when whole.

A pack interrupted by a crash, a full disk or the cancel button must never be mistaken for a
finished one, so bytes go to ``.<name>.<random>.partial`` in the same folder (the same disk,
so the final rename is atomic), are flushed to disk, and only then replace the target. On
any failure the partial file is removed. Everything written also passes through SHA-256 on
the way, so the pack's fingerprint costs no second read of a file that may be gigabytes.

Hashing and writing run on two helper threads, each fed through a short queue: both release
the GIL, so they overlap with each other and with reading and compressing the next evidence
file, and the queues' bound keeps memory flat however large the pack is.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import queue
import tempfile
import threading
from pathlib import Path
from types import TracebackType

from psn_desktop.pack.errors import PackEnvironmentError

_QUEUE_CHUNKS = 8
_STOP = object()


def write_problem(path: Path, error: OSError) -> PackEnvironmentError:
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return PackEnvironmentError(
            f"The disk holding {path.parent} is full, so the pack could not be saved. Nothing "
            "was left behind. Free some space or choose another place, then try again.")
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return PackEnvironmentError(
            f"PSN Desktop is not allowed to write in {path.parent}. Choose another folder, "
            "such as your Documents.")
    return PackEnvironmentError(f"The pack could not be saved in {path.parent} "
                                f"({error.strerror or error}). Nothing was left behind.")


class AtomicHashingFile:
    """A write-only sink; :meth:`commit` renames it into place and returns its SHA-256."""

    def __init__(self, target: Path) -> None:
        self.target = target
        try:
            fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                        suffix=".partial")
        except OSError as error:
            raise write_problem(target, error) from None
        self.temp = Path(name)
        self._file = os.fdopen(fd, "wb", buffering=0)
        self._digest = hashlib.sha256()
        self.size = 0
        # Hashing and writing each have their own thread and queue (the same immutable
        # chunks go to both), so a pack is written in the time of the slower, not of both.
        self._queue: queue.Queue[object] = queue.Queue(maxsize=_QUEUE_CHUNKS)
        self._hash_queue: queue.Queue[object] = queue.Queue(maxsize=_QUEUE_CHUNKS)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._drain, name="pack-writer", daemon=True)
        self._hasher = threading.Thread(target=self._hash, name="pack-hasher", daemon=True)
        self._thread.start()
        self._hasher.start()
        self._done = False

    def _drain(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            if self._error is not None:
                continue  # keep emptying the queue so the producer never blocks forever
            try:
                self._file.write(item)  # type: ignore[arg-type]
            except BaseException as error:  # reported to the producer on its next write
                self._error = error

    def _hash(self) -> None:
        update = self._digest.update
        while (item := self._hash_queue.get()) is not _STOP:
            if self._error is not None:
                continue  # as in _drain: never leave the producer blocked
            try:
                update(item)  # type: ignore[arg-type]
            except BaseException as error:
                self._error = error

    def _raise_if_failed(self) -> None:
        if self._error is not None:
            error = self._error
            if isinstance(error, OSError):
                raise write_problem(self.target, error) from None
            raise error

    def write(self, data: bytes | memoryview) -> None:
        self._raise_if_failed()
        self.size += len(data)
        chunk = bytes(data) if isinstance(data, memoryview) else data
        self._hash_queue.put(chunk)
        self._queue.put(chunk)

    def _stop(self) -> None:
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join()
        if self._hasher.is_alive():
            self._hash_queue.put(_STOP)
            self._hasher.join()

    def commit(self) -> str:
        """Flush, fsync, rename over the target; the SHA-256 of what was written."""
        self._stop()
        try:
            self._raise_if_failed()
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            os.replace(self.temp, self.target)
            if os.name != "nt":  # make the rename itself durable
                fd = os.open(self.target.parent, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        except OSError as error:
            self.discard()
            raise write_problem(self.target, error) from None
        except BaseException:
            self.discard()
            raise
        self._done = True
        return self._digest.hexdigest()

    def discard(self) -> None:
        """Remove the partial file (after a failure or a cancel). Safe to call twice."""
        self._stop()
        with contextlib.suppress(OSError):
            self._file.close()
        if not self._done:
            with contextlib.suppress(OSError):
                self.temp.unlink()

    def __enter__(self) -> AtomicHashingFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is not None or not self._done:
            self.discard()
