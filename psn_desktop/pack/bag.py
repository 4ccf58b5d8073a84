"""BagIt (RFC 8493) tag files: writing them for the builder, reading them for the verifier.

Keeping both directions in one module means the verifier checks exactly the format the
builder writes, and the format is also what any BagIt tool expects: ``bagit.txt`` first,
``bag-info.txt`` with labelled values, ``manifest-sha256.txt`` for every file under ``data/``
and ``tagmanifest-sha256.txt`` for the tag files. Paths in manifests escape CR, LF and ``%``
as the RFC requires (the pack's own names never contain them, but a hostile pack might).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

BAGIT_TXT = "bagit.txt"
BAG_INFO = "bag-info.txt"
MANIFEST = "manifest-sha256.txt"
TAG_MANIFEST = "tagmanifest-sha256.txt"
SIGNATURE = "tagmanifest-sha256.txt.sig"
PAYLOAD_DIR = "data/"
REPORT = "data/report.pdf"
RESULTS = "data/results.json"
PLAN = "data/plan.csv"
EVIDENCE_DIR = "data/evidence/"

BAGIT_VERSION = "1.0"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def bagit_txt() -> bytes:
    return f"BagIt-Version: {BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n".encode()


def _one_line(value: str) -> str:
    """Tag values are single lines; a typed address with line breaks becomes one line."""
    return " ".join(value.split())


def bag_info_txt(fields: Iterable[tuple[str, str]]) -> bytes:
    """Labelled values in the given order; empty values are left out rather than written blank."""
    lines = [f"{label}: {_one_line(value)}" for label, value in fields if _one_line(value)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def encode_path(path: str) -> str:
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def decode_path(path: str) -> str:
    return re.sub(r"%(25|0D|0A)", lambda m: {"25": "%", "0D": "\r", "0A": "\n"}[m.group(1)],
                  path, flags=re.IGNORECASE)


def manifest_txt(entries: Iterable[tuple[str, str]]) -> bytes:
    """``sha256  path`` lines, sorted by path so the same files always give the same bytes."""
    lines = [f"{digest}  {encode_path(path)}\n" for path, digest in sorted(entries)]
    return "".join(lines).encode("utf-8")


@dataclass(frozen=True)
class ManifestProblem:
    line: int
    message: str


def parse_manifest(text: str) -> tuple[dict[str, str], list[ManifestProblem]]:
    """Read a manifest into {path: sha256}, with a problem for each line that is not right."""
    entries: dict[str, str] = {}
    problems: list[ManifestProblem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        digest, _, path = line.partition(" ")
        path = decode_path(path.strip().lstrip("*"))
        if not _SHA256.match(digest.lower()) or not path:
            problems.append(ManifestProblem(number, f"line {number} is not 'checksum path'"))
            continue
        if path in entries:
            problems.append(ManifestProblem(number, f"line {number} lists {path} a second time"))
            continue
        entries[path] = digest.lower()
    return entries, problems


def parse_tags(text: str) -> dict[str, list[str]]:
    """``Label: value`` lines, with folded continuation lines, into {label: [values]}."""
    tags: dict[str, list[str]] = {}
    label: str | None = None
    for raw in text.splitlines():
        if not raw.strip():
            continue
        if raw[0].isspace() and label is not None:
            tags[label][-1] = (tags[label][-1] + " " + raw.strip()).strip()
            continue
        name, colon, value = raw.partition(":")
        if not colon:
            raise ValueError(f"'{raw.strip()}' is not a 'Label: value' line")
        label = name.strip()
        tags.setdefault(label, []).append(value.strip())
    return tags
