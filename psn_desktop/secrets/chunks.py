"""Long secrets split over several keyring entries, and put back together exactly.

Windows Credential Manager refuses an entry larger than 2,560 bytes, and keyring writes
Windows entries as UTF-16, so a secret longer than about 1,280 characters (a private key in
PEM form, say) cannot go in one entry. Rather than truncate, such a secret is cut into parts
that each fit, stored as ``<name>/part-1``, ``<name>/part-2``..., and the entry under the
secret's own name holds a header with the number of parts and a SHA-256 digest of the whole,
so a part that went missing or was changed outside the app is reported, never returned as a
wrong value. The same limit applies on every platform, so the code path that Windows needs
is the one the tests exercise against a real Secret Service too.
"""

from __future__ import annotations

import hashlib

from psn_desktop.secrets.errors import SecretRejected

MAX_ENTRY_BYTES = 2560  # CRED_MAX_CREDENTIAL_BLOB_SIZE (5 * 512), counted in UTF-16
MAX_SECRET_CHARS = 32_768  # a private key or a long token fits; a whole file does not
HEADER_PREFIX = "psn-desktop-parts/1/"


def utf16_size(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass"))


def check_value(value: str) -> str | None:
    """Why this value cannot be kept, in plain words, or None when it can."""
    if not value:
        return "The secret is empty. Type or paste it, then save."
    if len(value) > MAX_SECRET_CHARS:
        return (f"That is {len(value):,} characters long; PSN Desktop keeps secrets of up to "
                f"{MAX_SECRET_CHARS:,} characters. If it is a key or certificate file, keep the "
                "file somewhere safe and save only its passphrase here.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return ("The secret contains characters that cannot be saved (it may have been pasted "
                "from a damaged file). Type or paste it again.")
    return None


def needs_parts(value: str) -> bool:
    # A value that looks like a header is split too, so a header is never mistaken for a value.
    return utf16_size(value) > MAX_ENTRY_BYTES or value.startswith(HEADER_PREFIX)


def split(value: str) -> list[str]:
    """Cut at character boundaries into parts of at most MAX_ENTRY_BYTES each in UTF-16."""
    problem = check_value(value)
    if problem:
        raise SecretRejected(problem)
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for char in value:
        width = 4 if ord(char) > 0xFFFF else 2
        if size + width > MAX_ENTRY_BYTES:
            parts.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    parts.append("".join(current))
    return parts


def digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def header(count: int, value: str) -> str:
    return f"{HEADER_PREFIX}{count}/{digest(value)}"


def parse_header(text: str) -> tuple[int, str] | None:
    """(number of parts, digest) when ``text`` is a header, else None."""
    if not text.startswith(HEADER_PREFIX):
        return None
    count_text, _, expected = text[len(HEADER_PREFIX):].partition("/")
    if not count_text.isdigit() or len(expected) != 64:
        return None
    return int(count_text), expected


def part_name(username: str, index: int) -> str:
    return f"{username}/part-{index}"
