"""What the upload needs to know about a pack: its size, its SHA-256 and who it is from.

The SHA-256 is the pack's identity for the whole of sending: it goes to the receiver in the
upload's metadata (so they can check their copy is exact), it is how the workspace
remembers an upload to resume, and it is how PSN Desktop refuses to send the same pack
twice. It is computed from the file on disk, a block at a time, never trusted from a name.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from psn_desktop.submit.body import CancelToken
from psn_desktop.submit.errors import PackUnusable

HASH_BLOCK = 1024 * 1024
_BAG_INFO = "bag-info.txt"
_BAG_INFO_LIMIT = 256 * 1024


@dataclass(frozen=True)
class PackFacts:
    path: Path
    size: int
    sha256: str
    filename: str
    organisation: str = ""  # from the pack's bag-info.txt, when it says
    framework: str = ""

    def metadata(self, organisation: str = "", framework: str = "") -> dict[str, str]:
        """The tus ``Upload-Metadata`` for this pack; the pack's own words come first."""
        return {
            "filename": self.filename,
            "filetype": "application/zip",
            "sha256": self.sha256,
            "organisation": self.organisation or organisation,
            "framework": self.framework or framework,
        }


def _unusable(path: Path, why: str) -> PackUnusable:
    return PackUnusable(f"{path} cannot be sent: {why}. Choose the .psnpack file PSN Desktop "
                        "built (Build the pack), or build it again.")


def sha256_of(path: Path, *, cancel: CancelToken | None = None,
              on_progress: Callable[[int, int], None] | None = None) -> tuple[str, int]:
    """(hex digest, size) of a file, read in fixed blocks so memory stays flat."""
    digest = hashlib.sha256()
    try:
        size = path.stat().st_size
        done = 0
        with open(path, "rb") as handle:
            while block := handle.read(HASH_BLOCK):
                if cancel is not None:
                    cancel.check()
                digest.update(block)
                done += len(block)
                if on_progress is not None:
                    on_progress(done, size)
    except FileNotFoundError:
        raise _unusable(path, "the file is not there") from None
    except IsADirectoryError:
        raise _unusable(path, "it is a folder, not a pack file") from None
    except OSError as error:
        raise _unusable(path, f"it could not be read ({error.strerror or error})") from None
    return digest.hexdigest(), done


def _bag_info(path: Path) -> dict[str, str]:
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                parts = info.filename.strip("/").split("/")
                if parts[-1] == _BAG_INFO and len(parts) <= 2 and \
                        info.file_size <= _BAG_INFO_LIMIT:
                    return _parse_tags(archive.read(info).decode("utf-8", "replace"))
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        raise _unusable(path, "it is not an evidence pack (not a readable zip file)") from None
    return {}


def _parse_tags(text: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    label = ""
    for line in text.splitlines():
        if line[:1].isspace() and label:
            tags[label] += " " + line.strip()
            continue
        label, colon, value = line.partition(":")
        if colon:
            label = label.strip()
            tags.setdefault(label, value.strip())
        else:
            label = ""
    return tags


def examine_pack(path: Path, *, cancel: CancelToken | None = None,
                 on_progress: Callable[[int, int], None] | None = None) -> PackFacts:
    """Check ``path`` is a pack and hash it; safe to run on a worker thread."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise _unusable(path, "it is a folder, not a pack file")
    if not path.exists():
        raise _unusable(path, "the file is not there")
    if not zipfile.is_zipfile(path):
        raise _unusable(path, "it is not an evidence pack (not a zip file)")
    tags = _bag_info(path)
    sha256, size = sha256_of(path, cancel=cancel, on_progress=on_progress)
    if size == 0:
        raise _unusable(path, "the file is empty")
    framework = next((value for label, value in tags.items()
                      if "framework" in label.lower() and value), "")
    return PackFacts(path=path.resolve(), size=size, sha256=sha256, filename=path.name,
                     organisation=tags.get("Source-Organization", ""), framework=framework)
