"""Splitting long secrets and naming purposes: pure functions, checked exhaustively."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psn_desktop.secrets.chunks import (
    HEADER_PREFIX,
    MAX_ENTRY_BYTES,
    MAX_SECRET_CHARS,
    check_value,
    digest,
    header,
    needs_parts,
    parse_header,
    split,
    utf16_size,
)
from psn_desktop.secrets.errors import SecretRejected
from psn_desktop.secrets.purposes import (
    SecretPurpose,
    all_keys,
    cli_name,
    parse_key,
    phrase,
    plain_name,
    purpose_of,
)

text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=6000)


@settings(max_examples=60, deadline=None)
@given(text)
def test_parts_fit_windows_and_join_back_exactly(value: str):
    parts = split(value)
    assert "".join(parts) == value
    assert all(0 < utf16_size(part) <= MAX_ENTRY_BYTES for part in parts)
    if not needs_parts(value):
        assert parts == [value]


def test_a_split_never_cuts_a_character_outside_the_bmp_in_half():
    value = "a" + "😀" * 2000  # 4 bytes each in UTF-16; the first part ends on an odd count
    parts = split(value)
    assert "".join(parts) == value
    assert all(part.encode("utf-16-le").decode("utf-16-le") == part for part in parts)
    assert utf16_size(parts[0]) == MAX_ENTRY_BYTES - 2


def test_header_round_trip_and_lookalikes():
    value = "x" * 3000
    count, expected = parse_header(header(2, value)) or (0, "")
    assert (count, expected) == (2, digest(value))
    assert parse_header("plain password") is None
    assert parse_header(HEADER_PREFIX + "two/" + "0" * 64) is None
    assert parse_header(HEADER_PREFIX + "2/short") is None
    assert needs_parts(HEADER_PREFIX + "anything")  # so a stored value is never a header


def test_values_that_cannot_be_kept_are_explained():
    assert check_value("ok") is None
    assert "empty" in (check_value("") or "")
    assert "32,768" in (check_value("a" * (MAX_SECRET_CHARS + 1)) or "")
    assert check_value("a" * MAX_SECRET_CHARS) is None
    assert "cannot be saved" in (check_value("bad \udc80 surrogate") or "")
    with pytest.raises(SecretRejected):
        split("")


def test_purpose_names_for_people_and_for_scripts():
    assert parse_key("VPN-PSK") == parse_key("vpn_psk") == "vpn_psk"
    assert parse_key(SecretPurpose.UPLOAD_TOKEN) == "upload_token"
    assert parse_key("other") == "other"
    assert parse_key("Other-3") == "other_3"
    for bad in ("other_0", "other_21", "password", "", "other-x"):
        with pytest.raises(SecretRejected, match="not a kind of secret"):
            parse_key(bad)
    assert purpose_of("other_4") is SecretPurpose.OTHER
    assert purpose_of("cert_passphrase") is SecretPurpose.CERT_PASSPHRASE
    assert plain_name("vpn_psk") == "VPN pre-shared key"
    assert plain_name("portal_password", "head@school") == \
        "Compliance portal password (head@school)"
    assert plain_name("other_2", "Alarm code") == "Alarm code"
    assert plain_name("other_2") == "Other secret 2"
    assert phrase("vpn_psk") == "the VPN pre-shared key"
    assert phrase("signing_key") == "the pack-signing key"
    assert phrase("other_1", "Alarm code") == "'Alarm code'"
    assert cli_name("cert_passphrase") == "cert-passphrase"
    assert len(all_keys()) == len(set(all_keys())) == 25
