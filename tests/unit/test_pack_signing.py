"""Ed25519 signatures over the tag manifest, and fingerprints people can read out."""

from __future__ import annotations

import pytest

from psn_desktop.pack.signing import (
    KeyFormatError,
    check_signature_file,
    fingerprint,
    new_private_key,
    normalise_fingerprint,
    private_key_from_text,
    private_key_to_text,
    public_key_bytes,
    signature_file,
)

MANIFEST = b"a" * 64 + b"  bagit.txt\n"


def test_a_key_survives_the_trip_through_its_keyring_text():
    key = new_private_key()
    again = private_key_from_text(private_key_to_text(key))
    assert public_key_bytes(again) == public_key_bytes(key)
    with pytest.raises(KeyFormatError):
        private_key_from_text("not a key")
    with pytest.raises(KeyFormatError):
        private_key_from_text("ed25519-private:!!!")


def test_signature_holds_for_the_signed_bytes_only():
    key = new_private_key()
    signed = signature_file(MANIFEST, key)
    check = check_signature_file(signed, MANIFEST)
    assert check.valid
    assert check.fingerprint == fingerprint(public_key_bytes(key))
    changed = check_signature_file(signed, MANIFEST.replace(b"a", b"b", 1))
    assert not changed.valid
    assert "changed after it was signed" in changed.problem


def test_signing_is_deterministic():
    key = new_private_key()
    assert signature_file(MANIFEST, key) == signature_file(MANIFEST, key)


def test_an_edited_fingerprint_line_or_garbage_is_invalid():
    key = new_private_key()
    signed = signature_file(MANIFEST, key).decode()
    line = next(li for li in signed.splitlines() if li.startswith("Key-Fingerprint"))
    forged = signed.replace(line, "Key-Fingerprint: 0000 0000 0000 0000 0000 0000 0000 0000 "
                                  "0000 0000")
    assert not check_signature_file(forged.encode(), MANIFEST).valid
    assert not check_signature_file(b"\xff\xfe", MANIFEST).valid
    assert not check_signature_file(b"Algorithm: RSA\n", MANIFEST).valid


def test_fingerprints_are_ten_groups_and_typed_forms_are_accepted():
    print_ = fingerprint(b"\x01" * 32)
    assert len(print_.split()) == 10
    assert all(len(group) == 4 for group in print_.split())
    assert normalise_fingerprint(print_.lower().replace(" ", ":")) == print_
