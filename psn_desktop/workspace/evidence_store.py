"""Evidence files kept inside the workspace, each stored once under its SHA-256.

Copying the file in (rather than pointing at it) means the pack cannot break when someone
moves or edits the original later, and naming it by content means the same policy attached
to ten requirements is stored once. A copy is written to a temporary name, flushed to disk
and then renamed into place, so a crash leaves either no file or a whole one; the database
row that refers to it is written only after the rename.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from psn_desktop.workspace.errors import DiskFull, EvidenceError

CHUNK = 1024 * 1024
EVIDENCE_DIR = "evidence"


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    path: Path


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory to flush it; NTFS journals renames
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def hash_file(path: Path, progress: Callable[[int], None] | None = None) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if progress:
                progress(len(chunk))
    return digest.hexdigest(), size


class EvidenceStore:
    def __init__(self, workspace_folder: Path) -> None:
        self.root = workspace_folder / EVIDENCE_DIR
        self._tmp = self.root / "tmp"

    def ensure(self) -> None:
        self.root.mkdir(exist_ok=True)
        self._tmp.mkdir(exist_ok=True)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def add(self, source: Path, progress: Callable[[int], None] | None = None) -> StoredBlob:
        """Copy ``source`` in, hashing as it goes; return where it now lives."""
        self.ensure()
        digest = hashlib.sha256()
        size = 0
        try:
            handle = open(source, "rb")  # noqa: SIM115 - closed in the finally below
        except FileNotFoundError:
            raise EvidenceError(
                f"'{source}' could not be found. It may have been moved or renamed; "
                "choose it again."
            ) from None
        except IsADirectoryError:
            raise EvidenceError(f"'{source}' is a folder. Choose a file inside it.") from None
        except PermissionError:
            raise EvidenceError(
                f"PSN Desktop is not allowed to read '{source}'. Close it in any program that "
                "has it open, or copy it to your Documents folder and attach the copy."
            ) from None
        except OSError as error:
            raise EvidenceError(f"'{source}' could not be read ({error.strerror}).") from None
        fd, tmp_name = tempfile.mkstemp(dir=self._tmp, prefix="in-")
        tmp_path = Path(tmp_name)
        try:
            with handle, os.fdopen(fd, "wb") as out:
                while True:
                    try:
                        chunk = handle.read(CHUNK)
                    except OSError as error:
                        raise EvidenceError(
                            f"'{source}' could not be read to the end ({error.strerror}). "
                            "If it is on a network drive or USB stick, copy it to this PC first."
                        ) from None
                    if not chunk:
                        break
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
                    if progress:
                        progress(len(chunk))
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = self.path_for(sha)
            if final.is_file():
                tmp_path.unlink()
            else:
                final.parent.mkdir(exist_ok=True)
                os.replace(tmp_path, final)
                _fsync_dir(final.parent)
            return StoredBlob(sha, size, final)
        except OSError as error:
            with contextlib.suppress(OSError):
                tmp_path.unlink()
            if error.errno == errno.ENOSPC:
                raise DiskFull(self.root) from None
            raise EvidenceError(f"'{source}' could not be stored ({error.strerror}).") from None
        except BaseException:
            with contextlib.suppress(OSError):
                tmp_path.unlink()
            raise

    def verify(self, sha256: str) -> bool:
        path = self.path_for(sha256)
        if not path.is_file():
            return False
        return hash_file(path)[0] == sha256

    def stored_hashes(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for sub in sorted(self.root.iterdir()):
            if sub.is_dir() and sub.name != "tmp":
                for item in sorted(sub.iterdir()):
                    yield item.name

    def remove(self, sha256: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path_for(sha256).unlink()

    def clear_temp(self) -> None:
        """Remove half-copied files a crash left behind (they are never referenced)."""
        if self._tmp.is_dir():
            for item in self._tmp.iterdir():
                with contextlib.suppress(OSError):
                    item.unlink()
