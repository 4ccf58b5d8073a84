"""Names for evidence files inside the pack: readable, portable, unique and stable.

An assessor browsing the extracted bag should see ``firewall-rules-export.csv``, not a hash,
so files keep the name they were attached under. But a name typed on one PC must unpack on
any other and survive BagIt tools: no characters Windows forbids, no names Windows reserves,
no leading or trailing spaces (manifest parsers split on whitespace), no percent signs or
line breaks (manifests escape those), one Unicode form. Two different files that end up with
the same name get the start of their SHA-256 added, decided in a fixed order so the same
workspace always gives the same names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MAX_NAME = 120
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*%]')
_SPACES = re.compile(r"\s+")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}


def portable_name(name: str, fallback: str = "evidence") -> str:
    """``name`` made safe to unpack anywhere; never empty."""
    text = unicodedata.normalize("NFC", name)
    text = _FORBIDDEN.sub("_", text)
    text = _SPACES.sub(" ", text).strip(" .")
    if not text:
        text = fallback
    stem, dot, suffix = text.rpartition(".")
    if not dot:
        stem, suffix = text, ""
    if stem.split(".")[0].lower() in _RESERVED:
        stem = "_" + stem
    suffix = suffix[:16]
    room = MAX_NAME - (len(suffix) + 1 if suffix else 0)
    stem = stem[:room].rstrip(" .") or fallback
    return f"{stem}.{suffix}" if suffix else stem


def _tagged(name: str, tag: str) -> str:
    """``plan.pdf`` with tag ``1a2b`` becomes ``plan-1a2b.pdf``."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = stem[: MAX_NAME - 40]
    tagged = f"{stem}-{tag}"
    return f"{tagged}.{suffix}" if suffix else tagged


def assign_names(files: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Map each ``(sha256, original name)`` to a unique portable name, keyed by sha256.

    Names are compared without case, because Windows and macOS would unpack ``Plan.pdf`` and
    ``plan.pdf`` into one file.
    """
    ordered = sorted(files, key=lambda item: (portable_name(item[1]).casefold(), item[0]))
    counts: dict[str, int] = {}
    for _sha, original in ordered:
        key = portable_name(original).casefold()
        counts[key] = counts.get(key, 0) + 1
    names: dict[str, str] = {}
    taken: set[str] = set()
    for sha, original in ordered:
        name = portable_name(original)
        if counts[name.casefold()] > 1 or name.casefold() in taken:
            name = _tagged(name, sha[:12])
        serial = 2
        while name.casefold() in taken:  # only if a file was literally named like a tagged one
            name = _tagged(portable_name(original), f"{sha[:12]}-{serial}")
            serial += 1
        taken.add(name.casefold())
        names[sha] = name
    return names
