"""Read a Windows shortcut (.lnk, MS-SHLLINK) far enough to check where it points.

The installer's shortcuts are written by Wine's real shell32 under test; this reads back the
target path (LinkInfo's local base path), the description, working folder, arguments and icon,
so a test can say the Start menu entry really starts the installed program.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

_HEADER_SIZE = 0x4C
_LINK_CLSID = bytes.fromhex("0114020000000000c000000000000046")
HAS_ID_LIST, HAS_LINK_INFO, HAS_NAME, HAS_RELATIVE_PATH = 0x1, 0x2, 0x4, 0x8
HAS_WORKING_DIR, HAS_ARGUMENTS, HAS_ICON_LOCATION, IS_UNICODE = 0x10, 0x20, 0x40, 0x80


@dataclass(frozen=True)
class ShellLink:
    target: str
    description: str
    working_dir: str
    arguments: str
    icon_location: str
    show_command: int


def read_shell_link(path: Path) -> ShellLink:
    data = path.read_bytes()
    if len(data) < _HEADER_SIZE or data[:4] != struct.pack("<I", _HEADER_SIZE) \
            or data[4:20] != _LINK_CLSID:
        raise ValueError(f"{path} is not a shell link")
    flags = struct.unpack_from("<I", data, 0x14)[0]
    show_command = struct.unpack_from("<I", data, 0x3C)[0]
    offset = _HEADER_SIZE
    if flags & HAS_ID_LIST:
        (size,) = struct.unpack_from("<H", data, offset)
        offset += 2 + size
    target = ""
    if flags & HAS_LINK_INFO:
        (info_size,) = struct.unpack_from("<I", data, offset)
        header_size, _info_flags, _volume, base_offset = struct.unpack_from("<IIII", data,
                                                                           offset + 4)
        if header_size >= 0x24:  # a Unicode local base path follows the ANSI one
            unicode_offset = struct.unpack_from("<I", data, offset + 0x1C)[0]
            start = end = offset + unicode_offset
            while data[end:end + 2] != b"\x00\x00":
                end += 2
            target = data[start:end].decode("utf-16-le")
        else:
            start = offset + base_offset
            target = data[start:data.index(b"\x00", start)].decode("cp1252")
        offset += info_size
    strings: dict[int, str] = {}
    wide = bool(flags & IS_UNICODE)
    for flag in (HAS_NAME, HAS_RELATIVE_PATH, HAS_WORKING_DIR, HAS_ARGUMENTS, HAS_ICON_LOCATION):
        if flags & flag:
            (count,) = struct.unpack_from("<H", data, offset)
            offset += 2
            length = count * 2 if wide else count
            raw = data[offset:offset + length]
            # Wine counts the terminating NUL, Windows does not: accept both.
            strings[flag] = raw.decode("utf-16-le" if wide else "cp1252").rstrip("\x00")
            offset += length
    return ShellLink(target=target, description=strings.get(HAS_NAME, ""),
                     working_dir=strings.get(HAS_WORKING_DIR, ""),
                     arguments=strings.get(HAS_ARGUMENTS, ""),
                     icon_location=strings.get(HAS_ICON_LOCATION, ""),
                     show_command=show_command)
