"""Deflate or store: which entries to compress, and the fast deflate used for them.

Photos, scans, Office files and PDFs are already compressed; deflating them again costs time
and saves nothing, so they are stored. Text (CSV exports, logs, policies) shrinks three- or
four-fold and is deflated. Where the name does not say, the first 64 KiB decide: the choice
depends only on the bytes, so the same file always gives the same pack.

ISA-L (``isal``) writes ordinary deflate several times faster than zlib, which is what keeps
packing a large estate close to the speed of merely hashing it; zlib is the fallback where
its wheel is not available. Both produce data any unzip tool reads.
"""

from __future__ import annotations

import zlib
from pathlib import PurePosixPath
from typing import Any

try:  # pragma: no branch - whichever is installed is used consistently
    from isal import isal_zlib as _fast_zlib
except ImportError:  # pragma: no cover - isal ships wheels for Windows and Linux
    _fast_zlib = None

SAMPLE_SIZE = 64 * 1024
WORTH_IT = 0.9  # deflate only if the sample shrinks to under 90%

STORED_SUFFIXES = frozenset({
    ".7z", ".avi", ".avif", ".bz2", ".cab", ".docx", ".docm", ".epub", ".gif", ".gz", ".heic",
    ".jar", ".jpeg", ".jpg", ".m4a", ".mkv", ".mov", ".mp3", ".mp4", ".msg", ".msi", ".odp",
    ".ods", ".odt", ".png", ".pptx", ".rar", ".tgz", ".webm", ".webp", ".xlsm", ".xlsx", ".xz",
    ".zip", ".zst",
})
TEXT_SUFFIXES = frozenset({
    ".conf", ".csv", ".htm", ".html", ".ini", ".json", ".log", ".md", ".rtf", ".svg", ".tsv",
    ".txt", ".xml", ".yaml", ".yml",
})


def crc32(data: bytes | memoryview, value: int = 0) -> int:
    if _fast_zlib is not None:
        return _fast_zlib.crc32(data, value)
    return zlib.crc32(data, value)


def deflater() -> Any:
    """A raw-deflate compressor (zip entries carry no zlib header)."""
    if _fast_zlib is not None:
        return _fast_zlib.compressobj(1, _fast_zlib.DEFLATED, -15)
    return zlib.compressobj(6, zlib.DEFLATED, -15)


def deflate_block(data: bytes | memoryview, previous: bytes) -> bytes:
    """Deflate one block on its own, primed with the 32 KiB before it, ending byte-aligned.

    Blocks made this way (as ``pigz`` makes them) can be deflated on several threads at once
    and simply joined; :data:`FINAL_BLOCK` then ends the stream. The output depends only on
    the bytes and where the blocks are cut, so it is as deterministic as one deflate.
    """
    lib = _fast_zlib if _fast_zlib is not None else zlib
    level = 1 if _fast_zlib is not None else 6
    compressor = (lib.compressobj(level, lib.DEFLATED, -15, zdict=previous) if previous
                  else lib.compressobj(level, lib.DEFLATED, -15))
    return compressor.compress(data) + compressor.flush(lib.Z_SYNC_FLUSH)


FINAL_BLOCK = b"\x03\x00"  # an empty last block: what a deflate of nothing ends with


def raw_inflater() -> Any:
    """A raw-inflate decompressor with zlib's ``max_length`` and ``unconsumed_tail``."""
    if _fast_zlib is not None:
        return _fast_zlib.decompressobj(-15)
    return zlib.decompressobj(-15)


def compress_all(data: bytes) -> bytes:
    compressor = deflater()
    return compressor.compress(data) + compressor.flush()


def should_deflate(name: str, first_chunk: bytes) -> bool:
    """True to deflate, False to store; ``first_chunk`` is the file's first bytes."""
    if not first_chunk:
        return False
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in STORED_SUFFIXES:
        return False
    if suffix in TEXT_SUFFIXES:
        return True
    sample = first_chunk[:SAMPLE_SIZE]
    return len(zlib.compress(sample, 1)) < WORTH_IT * len(sample)
