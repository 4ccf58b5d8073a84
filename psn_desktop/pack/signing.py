"""The pack's detached Ed25519 signature over its tag manifest, and key fingerprints.

The tag manifest holds the SHA-256 of ``manifest-sha256.txt``, which holds the SHA-256 of
every file under ``data/``; signing that one small file therefore covers the whole bag, and
the signature can be checked without trusting anything else in the zip. The signature file
names the public key it was made with; ``results.json`` (which the signature covers) names
it too, so swapping in a signature from another key is caught even when that signature is
mathematically good. What no file inside a pack can prove is *whose* key it is: for that the
recipient compares the fingerprint with the one on the organisation's printed declaration.

Ed25519 is deterministic (no random nonce), so re-signing the same tag manifest with the same
key gives the same bytes, which keeps packs reproducible.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from psn_desktop.pack.bag import TAG_MANIFEST, bag_info_txt, parse_tags

ALGORITHM = "Ed25519"
_PRIVATE_PREFIX = "ed25519-private:"
FINGERPRINT_GROUPS = 10  # 160 bits of SHA-256, read out as ten groups of four


class KeyFormatError(ValueError):
    """Stored key text that is not a key this app made."""


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_to_text(key: Ed25519PrivateKey) -> str:
    """The form kept in the keyring (and nowhere else)."""
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                            serialization.NoEncryption())
    return _PRIVATE_PREFIX + base64.b64encode(raw).decode("ascii")


def private_key_from_text(text: str) -> Ed25519PrivateKey:
    if not text.startswith(_PRIVATE_PREFIX):
        raise KeyFormatError("not a PSN Desktop signing key")
    try:
        raw = base64.b64decode(text[len(_PRIVATE_PREFIX):], validate=True)
        return Ed25519PrivateKey.from_private_bytes(raw)
    except (binascii.Error, ValueError):
        raise KeyFormatError("the stored signing key is damaged") from None


def public_key_bytes(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    return base64.b64encode(public_key_bytes(key)).decode("ascii")


def fingerprint(public_raw: bytes) -> str:
    """Groups of four hex digits, easy to read over the phone: 'A1B2 C3D4 …'."""
    digest = hashlib.sha256(public_raw).hexdigest().upper()
    return " ".join(digest[i:i + 4] for i in range(0, FINGERPRINT_GROUPS * 4, 4))


def normalise_fingerprint(text: str) -> str:
    """Accept what a person types: any case, spaces, colons or dashes."""
    compact = "".join(ch for ch in text.upper() if ch in "0123456789ABCDEF")
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def signature_file(tag_manifest: bytes, key: Ed25519PrivateKey) -> bytes:
    public_raw = public_key_bytes(key)
    signature = key.sign(tag_manifest)
    return bag_info_txt([
        ("Algorithm", ALGORITHM),
        ("Signed-File", TAG_MANIFEST),
        ("Public-Key", base64.b64encode(public_raw).decode("ascii")),
        ("Key-Fingerprint", fingerprint(public_raw)),
        ("Signature", base64.b64encode(signature).decode("ascii")),
    ])


@dataclass(frozen=True)
class SignatureCheck:
    """What a signature file says and whether it holds; ``problem`` is plain words or ''."""

    valid: bool
    public_key: str = ""
    fingerprint: str = ""
    problem: str = ""


def check_signature_file(content: bytes, tag_manifest: bytes) -> SignatureCheck:
    try:
        tags = parse_tags(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return SignatureCheck(False, problem="the signature file cannot be read")
    fields = {label: values[0] for label, values in tags.items() if len(values) == 1}
    if fields.get("Algorithm") != ALGORITHM or fields.get("Signed-File") != TAG_MANIFEST:
        return SignatureCheck(False, problem=f"the signature file is not an {ALGORITHM} "
                                             f"signature of {TAG_MANIFEST}")
    try:
        public_raw = base64.b64decode(fields.get("Public-Key", ""), validate=True)
        signature = base64.b64decode(fields.get("Signature", ""), validate=True)
        public = Ed25519PublicKey.from_public_bytes(public_raw)
    except (binascii.Error, ValueError):
        return SignatureCheck(False, problem="the signature file's key or signature is damaged")
    key_text = base64.b64encode(public_raw).decode("ascii")
    print_ = fingerprint(public_raw)
    if normalise_fingerprint(fields.get("Key-Fingerprint", "")) != print_:
        return SignatureCheck(False, key_text, print_,
                              problem="the key fingerprint written in the signature file is "
                                      "not the fingerprint of its key")
    try:
        public.verify(signature, tag_manifest)
    except InvalidSignature:
        return SignatureCheck(False, key_text, print_,
                              problem=f"the signature does not match {TAG_MANIFEST}: the "
                                      "pack was changed after it was signed")
    return SignatureCheck(True, key_text, print_)
