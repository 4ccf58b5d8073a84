"""Shared pieces for the evidence-pack tests: building packs, rewriting zips, reading PDFs.

Tampering and hostile-archive tests need zips that our own writer would refuse to make
(duplicate names, links, paths that climb out, sizes that lie), so :func:`raw_zip` writes the
records by hand, exactly as an attacker's tool would.
"""

from __future__ import annotations

import io
import shutil
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from psn_desktop.demo import build_demo
from psn_desktop.domain.model import Device, DeviceType, Organisation, OrgType, Person, PersonRole
from psn_desktop.pack.builder import PackResult, build_pack
from psn_desktop.workspace.store import Workspace

AS_OF = date(2026, 11, 23)
WELSH_SCHOOL = "Ysgol Gynradd Pen-y-ŵyn"
WELSH_SURGERY = "Meddygfa'r Bont ŷ"


def welsh_demo(folder: Path) -> Workspace:
    """The demo school renamed in Welsh, with a Welsh GP surgery as its IT provider's client
    and a device and evidence file named in Welsh, so every part of the report carries them."""
    workspace = build_demo(folder, as_of=AS_OF)
    organisation = workspace.organisation()
    workspace.set_organisation(Organisation(WELSH_SCHOOL, OrgType.SCHOOL, organisation.urn,
                                            address=organisation.address))
    provider = workspace.load().person(PersonRole.IT_PROVIDER)
    workspace.set_person(Person(PersonRole.IT_PROVIDER, provider.name, provider.job_title,
                                provider.email, provider.phone, company=WELSH_SURGERY))
    workspace.save_device(Device("Gliniadur-ŵyn", DeviceType.LAPTOP, "windows-11", "25H2",
                                 "enterprise-education", location="Swyddfa"))
    policy = folder / "polisi-diogelwch-ŵyn.txt"
    policy.write_text(f"Polisi diogelwch {WELSH_SCHOOL}\n", encoding="utf-8")
    workspace.attach_evidence(policy, ["psn-coco:GOV-03"], title=f"Polisi {WELSH_SURGERY}")
    return workspace


def build(workspace: Workspace, output: Path, **kwargs: object) -> PackResult:
    kwargs.setdefault("as_of", AS_OF)
    return build_pack(workspace, output, **kwargs)  # type: ignore[arg-type]


def pdf_text(content: bytes) -> str:
    """All the text, with line breaks and runs of spaces made single spaces, so a phrase that
    wraps in a table cell is still found."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def zip_entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rewrite(source: Path, target: Path, *, replace: Mapping[str, bytes] | None = None,
            drop: Iterable[str] = (), add: Mapping[str, bytes] | None = None,
            rename: Mapping[str, str] | None = None) -> Path:
    """A copy of a pack with entries changed the way a tamperer would, as a valid zip."""
    replace, add, rename = dict(replace or {}), dict(add or {}), dict(rename or {})
    dropped = set(drop)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w",
                                                         zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in dropped:
                continue
            data = replace.get(info.filename, old.read(info))
            new.writestr(rename.get(info.filename, info.filename), data)
        for name, data in add.items():
            new.writestr(name, data)
    return target


def flip_byte(data: bytes, position: int | None = None) -> bytes:
    index = len(data) // 2 if position is None else position
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1:]


@dataclass
class RawEntry:
    """One entry exactly as it goes into the zip, lies included."""

    name: str
    data: bytes = b""  # the bytes stored (already compressed when method is 8)
    method: int = 0
    declared_size: int | None = None  # what the headers claim; the real size when None
    crc: int | None = None
    unix_mode: int | None = None  # e.g. stat.S_IFLNK | 0o777 for a symbolic link
    local_name: str | None = None  # a different name in the local header (a lie)


def raw_zip(path: Path, entries: Iterable[RawEntry]) -> Path:
    """Write a zip record by record, with whatever names, modes and sizes it is given."""
    out = io.BytesIO()
    central = []
    for entry in entries:
        name = entry.name.encode("utf-8")
        local = (entry.local_name or entry.name).encode("utf-8")
        size = entry.declared_size if entry.declared_size is not None else len(entry.data)
        crc = entry.crc if entry.crc is not None else zlib.crc32(entry.data)
        offset = out.tell()
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0x800, entry.method, 0,
                              0x5B77, crc, len(entry.data), size, len(local), 0) + local)
        out.write(entry.data)
        made_by, attributes = (0, 0x20) if entry.unix_mode is None else (
            3 << 8 | 20, entry.unix_mode << 16)
        central.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", made_by, 20, 0x800,
                                   entry.method, 0, 0x5B77, crc, len(entry.data), size,
                                   len(name), 0, 0, 0, 0, attributes, offset) + name)
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(central), len(central),
                          out.tell() - start, start, 0))
    path.write_bytes(out.getvalue())
    return path


def zeros_deflated(size: int) -> bytes:
    """Raw deflate of ``size`` zero bytes (a multiple of 1 MiB) in a few milliseconds.

    After a full flush the compressor starts afresh, so every further megabyte of zeros
    compresses to the same bytes; repeating them builds a real bomb without the CPU cost.
    """
    block = bytes(1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeat = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    blocks = size // len(block)
    return first + repeat * (blocks - 1) + compressor.flush()


SYMLINK_MODE = stat.S_IFLNK | 0o777


def copy_pack(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target
