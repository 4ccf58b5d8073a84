"""One part of the pack as a request body, read from disk a block at a time.

``requests`` streams any object with ``read`` and a length, so a 500 MB pack never sits in
memory: urllib3 asks for one block (see ``transport.SEND_BLOCK``), sends it, asks for the
next. Each read is also where the upload notices a pause or cancel, and where the bytes
handed to the network are counted, so progress shows what really left this computer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import BinaryIO

from psn_desktop.submit.errors import UploadCancelled

# The most one read ever holds in memory, whatever a caller asks for.
MAX_BLOCK = 1024 * 1024


class CancelToken:
    """Set from any thread to stop an upload at its next block or backoff wait."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.reason = ""

    def cancel(self, reason: str = "") -> None:
        self.reason = reason
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise UploadCancelled()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True when cancelled meanwhile."""
        return self._event.wait(max(0.0, seconds))


class FileSlice:
    """``length`` bytes of ``handle`` from ``start``, readable once, in bounded blocks."""

    def __init__(self, handle: BinaryIO, start: int, length: int, *,
                 cancel: CancelToken | None = None,
                 on_bytes: Callable[[int], None] | None = None) -> None:
        self._handle = handle
        self._start = start
        self._length = length
        self._left = length
        self._cancel = cancel
        self._on_bytes = on_bytes
        self.sent = 0
        handle.seek(start)

    def __len__(self) -> int:
        return self._length

    def read(self, size: int = -1) -> bytes:
        if self._cancel is not None:
            self._cancel.check()
        if self._left <= 0:
            return b""
        if size is None or size < 0:
            size = MAX_BLOCK
        size = min(size, self._left, MAX_BLOCK)
        block = self._handle.read(size)
        if not block and self._left:
            raise OSError("The pack file became shorter while it was being sent.")
        self._left -= len(block)
        self.sent += len(block)
        if self._on_bytes is not None:
            self._on_bytes(len(block))
        return block

    def __iter__(self) -> Iterator[bytes]:
        # requests treats objects with __iter__ as streams; urllib3 then calls read().
        while block := self.read(64 * 1024):
            yield block
