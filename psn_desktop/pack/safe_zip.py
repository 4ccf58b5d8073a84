"""Reading a zip that may have been made to do harm: screen every entry before touching data.

A ``.psnpack`` arrives from outside, so before a single byte is inflated the central
directory is checked for what archive attacks use: names that climb out of the folder
(``../``, absolute paths, drive letters, backslashes), links and device files, the same name
twice (including names that only differ in case or Unicode form, which collide on Windows
and macOS), encryption or unknown compression, and sizes that add up to a zip bomb. Reading
then never goes past an entry's declared size, and a CRC or length that does not match is
reported as damage.

:func:`safe_extract` writes only regular files, only inside the destination it is given,
never over an existing file, and only after checking the disk has room for everything the
archive declares.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import struct
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from psn_desktop.pack.compression import crc32, raw_inflater
from psn_desktop.pack.errors import PackEnvironmentError, PackError, UnsafeArchive

CHUNK = 1024 * 1024
BOMB_RATIO = 100  # unpacked size over packed size, for the archive as a whole...
BOMB_FLOOR = 1024**3  # ...once it would unpack to more than this
MAX_ENTRIES = 200_000
MAX_NAME = 1024
DISK_MARGIN = 64 * 1024 * 1024
_LOCAL_HEADER_SIZE = 30
_DEVICE_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                 *(f"lpt{i}" for i in range(10))}


@dataclass(frozen=True)
class EntryProblem:
    name: str
    problem: str


def open_archive(path: Path) -> zipfile.ZipFile:
    """Open for reading; a missing file is unusable input, a bad one is a damaged pack."""
    path = Path(path)
    if not path.exists():
        raise PackError(f"There is no file at {path}. Check the name and the folder.")
    if path.is_dir():
        raise PackError(f"{path} is a folder, not a pack. Choose the .psnpack file itself.")
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise UnsafeArchive(f"{path.name} is not a readable pack: it is not a zip file, or it "
                            "was cut short (an interrupted download or copy). Ask the sender "
                            "for it again.") from None
    except PermissionError:
        raise PackError(f"PSN Desktop is not allowed to read {path}. Copy it to your "
                        "Documents folder and try again.") from None
    except OSError as error:
        raise PackError(f"{path} could not be read ({error.strerror or error}).") from None


def name_problem(name: str) -> str:
    """Why an entry name is unsafe to unpack anywhere, or ''."""
    if not name:
        return "has no name"
    if len(name) > MAX_NAME:
        return "has a name too long to unpack"
    if "\x00" in name or any(ord(ch) < 32 for ch in name):
        return "has control characters in its name"
    if "\\" in name:
        return "uses backslashes in its name (a way to climb out of the folder on Windows)"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "has an absolute path (it would unpack outside the folder)"
    parts = name.rstrip("/").split("/")
    if any(part == ".." for part in parts):
        return "climbs out of the folder with '..'"
    if any(part in ("", ".") for part in parts):
        return "has an empty or '.' part in its path"
    if ":" in name:
        return "has a ':' in its name (on Windows, a hidden stream inside another file)"
    if any(part.split(".")[0].lower() in _DEVICE_NAMES or part != part.rstrip(" .")
           for part in parts):
        return "uses a name Windows keeps for devices, or ends a name with a dot or space"
    return ""


def _kind_problem(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x1:
        return "is encrypted"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return f"uses a compression method this app does not read ({info.compress_type})"
    mode = info.external_attr >> 16
    if info.create_system == 3 and mode:
        kind = stat.S_IFMT(mode)
        if kind == stat.S_IFLNK:
            return "is a symbolic link (it could point anywhere on the disk)"
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            return "is a device or other special file, not an ordinary file"
    return ""


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name.rstrip("/")).casefold()


def screen(archive: zipfile.ZipFile, archive_size: int) -> tuple[list[zipfile.ZipInfo],
                                                                   list[EntryProblem]]:
    """The file entries worth reading, and every reason the archive is unsafe."""
    infos = archive.infolist()
    problems: list[EntryProblem] = []
    if len(infos) > MAX_ENTRIES:
        return [], [EntryProblem("", f"holds {len(infos)} entries, more than any pack has "
                                     f"({MAX_ENTRIES})")]
    seen: dict[str, str] = {}
    files = []
    total = 0
    for info in infos:
        name = info.filename
        problem = name_problem(name) or _kind_problem(info)
        if problem:
            problems.append(EntryProblem(name, problem))
            continue
        key = _key(name)
        if key in seen:
            same = seen[key] == name
            problems.append(EntryProblem(name, "appears twice in the zip" if same else
                                         f"has the same name as '{seen[key]}' on Windows"))
            continue
        seen[key] = name
        if name.endswith("/"):
            continue
        total += info.file_size
        files.append(info)
    problems += _header_problems(archive, files)
    if total > BOMB_FLOOR and total > BOMB_RATIO * max(archive_size, 1):
        problems.append(EntryProblem("", f"would unpack to {total / 1024**3:.1f} GB from a "
                                         f"{archive_size / 1024**2:.1f} MB file: a 'zip bomb' "
                                         "made to fill the disk"))
    return files, problems


def _header_problems(archive: zipfile.ZipFile,
                     files: list[zipfile.ZipInfo]) -> list[EntryProblem]:
    """Every entry's own header must name the same file as the directory at the end."""
    if archive.filename is None:
        return []
    problems = []
    with open(archive.filename, "rb") as handle:
        for info in files:
            try:
                _local_data_start(handle, info)
            except UnsafeArchive as error:
                problems.append(EntryProblem(info.filename, str(error).split("' ", 1)[-1]))
            except OSError as error:
                problems.append(EntryProblem(info.filename, f"cannot be read ({error})"))
    return problems


def describe(problems: list[EntryProblem]) -> str:
    lines = [f"'{p.name}' {p.problem}" if p.name else f"The zip {p.problem}" for p in problems]
    return "; ".join(lines)


def _local_data_start(handle: BinaryIO, info: zipfile.ZipInfo) -> int:
    """Where the entry's data begins, after checking its local header agrees with the
    central directory (a name that differs is how some archives fool one unzip tool but not
    another)."""
    handle.seek(info.header_offset)
    header = handle.read(_LOCAL_HEADER_SIZE)
    if len(header) != _LOCAL_HEADER_SIZE or header[:4] != b"PK\x03\x04":
        raise UnsafeArchive(f"'{info.filename}' is damaged (its header is missing)")
    flags, name_length, extra_length = (struct.unpack("<H", header[6:8])[0],
                                        *struct.unpack("<HH", header[26:30]))
    raw_name = handle.read(name_length)
    name = raw_name.decode("utf-8" if flags & 0x800 else "cp437", errors="replace")
    if name != info.orig_filename:
        raise UnsafeArchive(f"'{info.filename}' has a different name in its own header "
                            f"('{name}'): the zip was made to mislead")
    return info.header_offset + _LOCAL_HEADER_SIZE + name_length + extra_length


def read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo,
               chunk: int = CHUNK) -> Iterator[bytes]:
    """The entry's bytes, never more than it declares; damage raises :class:`UnsafeArchive`.

    The data is read straight from the file (each call has its own handle, so several
    threads can read at once) and inflated with the fast deflate, which checks a large pack
    in about half the time ``zipfile`` takes; the CRC and both sizes are checked at the end.
    """
    if archive.filename is None:
        raise UnsafeArchive("the pack must be read from a file")
    try:
        with open(archive.filename, "rb") as handle:
            handle.seek(_local_data_start(handle, info))
            inflater = raw_inflater() if info.compress_type == zipfile.ZIP_DEFLATED else None
            # Deflated text is read a quarter chunk at a time so its output mostly fits in
            # one chunk: each overflow into ``unconsumed_tail`` copies the rest of the input.
            step = chunk if inflater is None else max(chunk // 4, 1)
            left_in = info.compress_size
            left_out = info.file_size
            crc = 0
            while left_in > 0 or (inflater is not None and inflater.unconsumed_tail):
                if inflater is not None and inflater.unconsumed_tail:
                    raw = inflater.unconsumed_tail
                else:
                    raw = handle.read(min(step, left_in))
                    if not raw:
                        raise UnsafeArchive(f"'{info.filename}' is cut short")
                    left_in -= len(raw)
                data = raw if inflater is None else inflater.decompress(raw, chunk)
                if len(data) > left_out:
                    raise UnsafeArchive(f"'{info.filename}' is longer than the zip says")
                left_out -= len(data)
                crc = crc32(data, crc)
                if data:
                    yield data
                if inflater is not None and inflater.eof:
                    break
            if inflater is not None:
                tail = inflater.flush()
                if tail or not inflater.eof:
                    raise UnsafeArchive(f"'{info.filename}' is damaged (its compressed data "
                                        "does not end where the zip says)")
            if left_out:
                raise UnsafeArchive(f"'{info.filename}' is shorter than the zip says")
            if crc != info.CRC:
                raise UnsafeArchive(f"'{info.filename}' is damaged (its CRC does not match)")
    except OSError as error:
        raise UnsafeArchive(f"'{info.filename}' cannot be read ({error})") from None
    except Exception as error:  # zlib.error and friends: corrupt compressed data
        if isinstance(error, UnsafeArchive):
            raise
        raise UnsafeArchive(f"'{info.filename}' is damaged ({error})") from None


def read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    if info.file_size > limit:
        raise UnsafeArchive(f"'{info.filename}' is {info.file_size} bytes, far larger than "
                            "such a file can be")
    return b"".join(read_entry(archive, info))


def safe_extract(pack: Path, destination: Path, members: list[str] | None = None) -> list[Path]:
    """Unpack (some of) a pack into ``destination``, which must exist and should be empty.

    Returns the files written. Refuses the whole archive if any entry is unsafe, even one
    not asked for: a pack with a hostile entry is not a pack to trust.
    """
    destination = Path(destination).resolve()
    with open_archive(pack) as archive:
        files, problems = screen(archive, Path(pack).stat().st_size)
        if problems:
            raise UnsafeArchive(f"{Path(pack).name} was not unpacked: {describe(problems)}.")
        wanted = [f for f in files if members is None or f.filename in members]
        missing = set(members or []) - {f.filename for f in wanted}
        if missing:
            raise PackError(f"{Path(pack).name} does not contain {', '.join(sorted(missing))}.")
        need = sum(f.file_size for f in wanted) + DISK_MARGIN
        free = shutil.disk_usage(destination).free
        if need > free:
            raise PackEnvironmentError(
                f"Unpacking needs {need // 2**20} MB but only {free // 2**20} MB is free in "
                f"{destination}. Free some space or choose another place.")
        written: list[Path] = []
        made: list[Path] = []
        try:
            for info in wanted:
                target = (destination / info.filename).resolve()
                if destination not in target.parents:
                    raise UnsafeArchive(f"'{info.filename}' would unpack outside the folder")
                missing_dirs = [p for p in target.parents if destination in p.parents
                                and not p.exists()]
                for folder in reversed(missing_dirs):
                    folder.mkdir()
                    made.append(folder)
                # O_EXCL: never follow a planted link or overwrite a file already there.
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                             | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0), 0o600)
                written.append(target)
                with os.fdopen(fd, "wb") as out:
                    for data in read_entry(archive, info):
                        out.write(data)
        except BaseException:
            for path in written:
                with contextlib.suppress(OSError):
                    path.unlink()
            for folder in reversed(made):
                with contextlib.suppress(OSError):
                    folder.rmdir()
            raise
    return written
