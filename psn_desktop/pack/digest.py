"""SHA-256 on a helper thread, fed chunk by chunk, so hashing overlaps reading and deflating.

Hashing every evidence file is what proves the pack holds what the workspace holds, and it
is the largest single cost of building a pack. ``hashlib`` releases the GIL while it works,
so on a second core it runs alongside the CRC, the deflate and the writing for free. The
queue is short, so memory stays flat whatever the file's size.
"""

from __future__ import annotations

import hashlib
import queue
import threading

_DEPTH = 8
_END = b""


class ThreadedDigest:
    """Feed with :meth:`update`; :meth:`hexdigest` waits for the last chunk to be hashed."""

    def __init__(self) -> None:
        self._queue: queue.Queue[bytes] = queue.Queue(maxsize=_DEPTH)
        self._hash = hashlib.sha256()
        self._thread = threading.Thread(target=self._run, name="pack-digest", daemon=True)
        self._thread.start()
        self._result = ""

    def _run(self) -> None:
        while chunk := self._queue.get():
            self._hash.update(chunk)

    def update(self, chunk: bytes) -> None:
        if chunk:
            self._queue.put(chunk)

    def hexdigest(self) -> str:
        if not self._result:
            self._queue.put(_END)
            self._thread.join()
            self._result = self._hash.hexdigest()
        return self._result

    def close(self) -> None:
        """Stop the thread without a result (after a failure or a cancel)."""
        if self._thread.is_alive():
            self._queue.put(_END)
            self._thread.join()
