"""A zip writer that streams, never seeks, and gives the same bytes for the same input.

Python's ``zipfile`` stamps the platform into every entry, cannot use a faster deflate and
seeks back to patch headers, which rules out hashing the pack as it is written. This writer
follows the layout Java's ``ZipOutputStream`` made universal: a *stored* entry's CRC and size
are known before its header is written (the builder reads the file once to hash it anyway),
so it needs no data descriptor, which some streaming readers refuse for stored entries; a
*deflated* entry writes its CRC and sizes in a data descriptor after the data. Everything is
appended in order, so the sink can hash the whole archive on the fly. Deflated entries are
compressed in fixed 1 MiB blocks on two threads (each block primed with the 32 KiB before
it and ended on a byte boundary, as ``pigz`` does), which any inflater reads as one stream.

Determinism: the timestamp is given (the pack's as-of date, midday), the "made by" system,
attributes and extra fields are fixed, and entries are written in the caller's order.
ZIP64 records are used only where a size or offset needs them.
"""

from __future__ import annotations

import struct
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from psn_desktop.pack.compression import FINAL_BLOCK, compress_all, crc32, deflate_block

ZIP64_LIMIT = 0xFFFFFFFF
BLOCK = 1024 * 1024  # deflated entries are cut here, whatever sizes they are written in
DEFLATE_THREADS = 2
_WINDOW = 32 * 1024
ZIP64_COUNT_LIMIT = 0xFFFF

_LOCAL = b"PK\x03\x04"
_CENTRAL = b"PK\x01\x02"
_DESCRIPTOR = b"PK\x07\x08"
_END = b"PK\x05\x06"
_END64 = b"PK\x06\x06"
_END64_LOCATOR = b"PK\x06\x07"

STORED = 0
DEFLATED = 8
_FLAG_DESCRIPTOR = 0x0008
_FLAG_UTF8 = 0x0800
_MADE_BY = 45  # version 4.5 (ZIP64), host 0 (MS-DOS/FAT): no Unix permissions to leak or vary
_FILE_ATTRIBUTES = 0x20  # the DOS "archive" bit an ordinary file has


class Sink(Protocol):
    def write(self, data: bytes | memoryview, /) -> Any: ...


class ZipFormatError(ValueError):
    """A programming error: a name is unsafe or repeated, or sizes do not add up."""


@dataclass
class _Entry:
    name: bytes
    flags: int
    method: int
    crc: int
    compressed: int
    size: int
    offset: int
    zip64: bool


def dos_timestamp(day: date) -> tuple[int, int]:
    """(time, date) fields for midday on ``day``, so no time zone moves it to another day."""
    year = min(max(day.year, 1980), 2107)
    return (12 << 11), ((year - 1980) << 9) | (day.month << 5) | day.day


def check_entry_name(name: str) -> None:
    if (not name or name.startswith("/") or "\\" in name or "\x00" in name
            or any(part in ("", ".", "..") for part in name.split("/"))
            or (len(name) > 1 and name[1] == ":")):
        raise ZipFormatError(f"unsafe entry name {name!r}")


class ZipStreamWriter:
    """Append entries to ``sink`` in order; :meth:`close` writes the central directory.

    ``zip64_threshold`` exists so tests can exercise the ZIP64 records without writing 4 GB.
    """

    def __init__(self, sink: Sink, day: date, *, zip64_threshold: int = ZIP64_LIMIT) -> None:
        self._sink = sink
        self._time, self._date = dos_timestamp(day)
        self._limit = zip64_threshold
        self._offset = 0
        self._entries: list[_Entry] = []
        self._names: set[str] = set()
        self._open: _Entry | None = None
        self._expected = 0
        self._written = 0
        self._crc = 0
        self._pending = bytearray()
        self._previous = b""
        self._blocks: deque[Future[bytes]] = deque()
        self._pool: ThreadPoolExecutor | None = None
        self._closed = False

    @property
    def offset(self) -> int:
        """Bytes written so far."""
        return self._offset

    # ----- writing entries -------------------------------------------------------------------

    def add_bytes(self, name: str, data: bytes, *, compress: bool) -> None:
        """A whole entry from memory: sizes and CRC known up front, so no data descriptor."""
        payload = data
        method = STORED
        if compress and data:
            payload = compress_all(data)
            method = DEFLATED
        entry = self._start(name, method, crc32(data), len(payload), len(data), descriptor=False)
        self._emit(payload)
        self._entries.append(entry)

    def begin_stored(self, name: str, size: int, crc: int) -> None:
        """Start a stored entry whose size and CRC the caller already knows; then :meth:`write`."""
        self._open = self._start(name, STORED, crc, size, size, descriptor=False)
        self._expected = size
        self._written = 0
        self._crc = 0

    def begin_deflated(self, name: str, size_hint: int) -> None:
        """Start a deflated entry; its CRC and sizes follow the data in a descriptor.

        The data is cut into fixed :data:`BLOCK`-sized blocks, whatever sizes it is written
        in, and the blocks are deflated on :data:`DEFLATE_THREADS` threads (zlib and ISA-L
        release the GIL), then written in order; at most a few blocks are in flight.
        """
        self._open = self._start(name, DEFLATED, 0, 0, size_hint, descriptor=True)
        self._expected = size_hint
        self._written = 0
        self._crc = 0
        self._pending = bytearray()
        self._previous = b""
        self._blocks = deque()
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=DEFLATE_THREADS,
                                            thread_name_prefix="pack-deflate")

    def _submit(self, block: bytes) -> None:
        assert self._pool is not None
        self._blocks.append(self._pool.submit(deflate_block, block, self._previous))
        self._previous = block[-_WINDOW:]
        while len(self._blocks) > DEFLATE_THREADS:
            self._emit_compressed(self._blocks.popleft().result())

    def _emit_compressed(self, out: bytes) -> None:
        assert self._open is not None
        self._open.compressed += len(out)
        self._emit(out)

    def write(self, data: bytes | memoryview) -> None:
        entry = self._open
        if entry is None:
            raise ZipFormatError("write() outside an entry")
        self._written += len(data)
        self._crc = crc32(data, self._crc)
        if entry.method == DEFLATED:
            pending = self._pending
            if not pending and len(data) == BLOCK:
                self._submit(bytes(data))
                return
            pending += data
            while len(pending) >= BLOCK:
                self._submit(bytes(pending[:BLOCK]))
                del pending[:BLOCK]
        else:
            if self._written > self._expected:
                raise ZipFormatError(f"{entry.name!r} grew while it was being packed")
            self._emit(data)

    def end(self) -> None:
        entry = self._open
        if entry is None:
            raise ZipFormatError("end() outside an entry")
        if entry.method == DEFLATED:
            if self._pending:
                self._submit(bytes(self._pending))
                self._pending = bytearray()
            while self._blocks:
                self._emit_compressed(self._blocks.popleft().result())
            self._emit_compressed(FINAL_BLOCK)
            self._previous = b""
        self._open = None
        if entry.method == DEFLATED:
            entry.crc = self._crc
            entry.size = self._written
            if not entry.zip64 and max(entry.size, entry.compressed) >= ZIP64_LIMIT:
                raise ZipFormatError(f"{entry.name!r} outgrew its 32-bit sizes")
            size_format = "<QQ" if entry.zip64 else "<II"
            self._emit(_DESCRIPTOR + struct.pack("<I", entry.crc)
                       + struct.pack(size_format, entry.compressed, entry.size))
        else:
            if self._written != self._expected or self._crc != entry.crc:
                raise ZipFormatError(f"{entry.name!r} changed while it was being packed")
        self._entries.append(entry)

    def add_stream(self, name: str, chunks: Iterable[bytes]) -> None:
        """Deflate an iterable of chunks as one entry (for generated text of unknown size)."""
        self.begin_deflated(name, 0)
        for chunk in chunks:
            self.write(chunk)
        self.end()

    # ----- finishing -------------------------------------------------------------------------

    def close(self) -> None:
        """Write the central directory and end records. Idempotent."""
        if self._closed:
            return
        if self._open is not None:
            raise ZipFormatError("close() with an entry still open")
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        start = self._offset
        for entry in self._entries:
            self._emit(self._central_record(entry))
        size = self._offset - start
        count = len(self._entries)
        needs64 = (count >= ZIP64_COUNT_LIMIT or start >= self._limit or size >= self._limit)
        if needs64:
            end64_at = self._offset
            self._emit(_END64 + struct.pack("<QHHIIQQQQ", 44, _MADE_BY, 45, 0, 0, count, count,
                                            size, start))
            self._emit(_END64_LOCATOR + struct.pack("<IQI", 0, end64_at, 1))
        self._emit(_END + struct.pack(
            "<HHHHIIH", 0, 0, min(count, ZIP64_COUNT_LIMIT), min(count, ZIP64_COUNT_LIMIT),
            min(size, ZIP64_LIMIT), min(start, ZIP64_LIMIT), 0))
        self._closed = True

    # ----- records ---------------------------------------------------------------------------

    def _start(self, name: str, method: int, crc: int, compressed: int, size: int, *,
               descriptor: bool) -> _Entry:
        if self._closed:
            raise ZipFormatError("the archive is already closed")
        check_entry_name(name)
        key = name.casefold()
        if key in self._names:
            raise ZipFormatError(f"duplicate entry name {name!r}")
        self._names.add(key)
        encoded = name.encode("utf-8")
        flags = (_FLAG_UTF8 if not name.isascii() else 0) | (_FLAG_DESCRIPTOR if descriptor
                                                             else 0)
        # Deflate can grow data that does not compress by a few bytes per 16 KiB block.
        margin = size // 1000 + 1024 if method == DEFLATED else 0
        zip64 = size + margin >= self._limit
        entry = _Entry(encoded, flags, method, crc, compressed, size, self._offset, zip64)
        if zip64:
            extra = struct.pack("<HHQQ", 1, 16, 0 if descriptor else size,
                                0 if descriptor else compressed)
            header_sizes = (0xFFFFFFFF, 0xFFFFFFFF)
        else:
            extra = b""
            header_sizes = (0, 0) if descriptor else (compressed, size)
        version = 45 if zip64 else 20
        self._emit(_LOCAL + struct.pack(
            "<HHHHHIIIHH", version, flags, method, self._time, self._date,
            0 if descriptor else crc, header_sizes[0], header_sizes[1], len(encoded), len(extra))
            + encoded + extra)
        return entry

    def _central_record(self, entry: _Entry) -> bytes:
        values = []
        size = entry.size
        compressed = entry.compressed
        offset = entry.offset
        if size >= self._limit or entry.zip64:
            values.append(size)
            size = 0xFFFFFFFF
        if compressed >= self._limit or entry.zip64:
            values.append(compressed)
            compressed = 0xFFFFFFFF
        if offset >= self._limit:
            values.append(offset)
            offset = 0xFFFFFFFF
        extra = (struct.pack("<HH", 1, 8 * len(values)) + struct.pack(f"<{len(values)}Q", *values)
                 if values else b"")
        version = 45 if values else 20
        return _CENTRAL + struct.pack(
            "<HHHHHHIIIHHHHHII", _MADE_BY, version, entry.flags, entry.method, self._time,
            self._date, entry.crc, compressed, size, len(entry.name), len(extra), 0, 0, 0,
            _FILE_ATTRIBUTES, offset) + entry.name + extra

    def _emit(self, data: bytes | memoryview) -> None:
        if data:
            self._sink.write(data)
            self._offset += len(data)
