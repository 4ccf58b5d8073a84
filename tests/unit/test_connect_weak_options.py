"""Every weak option is refused, for both formats, with its reason in plain words."""

from __future__ import annotations

import pytest

from psn_desktop.connect.choices import ProfileChoices
from psn_desktop.connect.profiles import REFUSED, load_catalogue
from tests.unit.connect_helpers import blocking_messages, connection, run_generate

FORMATS = ("strongswan", "windows")


def _refused_requests() -> list[tuple[str, dict, str]]:
    """(name, choice changes, words the refusal must contain) for every refused option."""
    catalogue = load_catalogue()
    cases: list[tuple[str, dict, str]] = []
    for enc in catalogue.encryption.values():
        if enc.grade == REFUSED:
            cases.append((f"IKE {enc.id}", {"ike_encryption": enc.id}, enc.reason))
            cases.append((f"ESP {enc.id}", {"esp_encryption": enc.id}, enc.reason))
    for integrity in catalogue.integrity.values():
        if integrity.grade == REFUSED:
            cases.append((f"integrity {integrity.id}",
                          {"profile": "legacy", "integrity": integrity.id}, integrity.reason))
    for prf in catalogue.prf.values():
        if prf.grade == REFUSED:
            cases.append((f"prf {prf.id}", {"prf": prf.id}, prf.reason))
    for group in catalogue.dh_groups.values():
        if group.grade == REFUSED:
            cases.append((f"DH group {group.group}", {"dh_group": group.group}, group.reason))
    cases.append(("aggressive mode", {"profile": "legacy", "aggressive_mode": True},
                  "aggressive mode sends the identity in the clear"))
    cases.append(("no forward secrecy", {"pfs": False}, "one stolen key unlocks every session"))
    return cases


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("name", "changes", "reason"), _refused_requests(),
                         ids=[c[0] for c in _refused_requests()])
def test_weak_option_is_refused_with_its_reason(fmt: str, name: str, changes: dict,
                                                reason: str) -> None:
    result = run_generate(fmt, choices=ProfileChoices(**changes))
    assert result.profile is None, f"{name} was accepted"
    messages = blocking_messages(result)
    assert any(reason in m and "refused" in m for m in messages), messages


def test_groups_below_14_are_all_refused_even_in_the_legacy_profile() -> None:
    for group in (1, 2, 5):
        result = run_generate("strongswan", choices=ProfileChoices(profile="legacy",
                                                                   dh_group=group))
        assert result.profile is None
        assert any("below 14" in m for m in blocking_messages(result))


@pytest.mark.parametrize("fmt", FORMATS)
def test_split_tunnel_without_a_reason_is_refused(fmt: str) -> None:
    result = run_generate(fmt, choices=ProfileChoices(split_tunnel=True))
    assert result.profile is None
    assert any("Say why this site needs it" in m for m in blocking_messages(result))


def test_a_token_reason_is_not_enough_for_a_split_tunnel() -> None:
    result = run_generate(choices=ProfileChoices(split_tunnel=True),
                          conn=connection(split_tunnel_reason="because"))
    assert result.profile is None
    assert any("fuller reason" in m for m in blocking_messages(result))


def test_split_tunnel_with_a_reason_is_allowed_and_warned_about() -> None:
    reason = "The MIS supplier's remote support must not pass through the PSN gateway."
    result = run_generate(choices=ProfileChoices(split_tunnel=True),
                          conn=connection(split_tunnel_reason=reason))
    assert result.profile is not None
    warnings = [p.message for p in result.problems if not p.blocking]
    assert any(reason in w for w in warnings)
    assert "remote_ts = 51.0.0.0/16\n" in result.profile.text


def test_ikev1_is_refused_in_the_recommended_profile_with_a_pointer_to_legacy() -> None:
    result = run_generate(choices=ProfileChoices(ike_version=1))
    assert any("choose the legacy profile" in m for m in blocking_messages(result))


@pytest.mark.parametrize(("changes", "words"), [
    ({"ike_encryption": "aes128"}, "AES-128 in CBC mode is not part of the recommended"),
    ({"dh_group": 14}, "2048-bit MODP (group 14) is not part of the recommended"),
])
def test_legacy_algorithms_are_refused_in_the_recommended_profile(changes: dict,
                                                                   words: str) -> None:
    result = run_generate(choices=ProfileChoices(**changes))
    assert result.profile is None
    assert any(words in m and "legacy profile instead" in m for m in blocking_messages(result))


def test_stronger_choices_are_allowed_with_a_note_to_match_the_gateway() -> None:
    result = run_generate(choices=ProfileChoices(ike_encryption="aes256gcm16",
                                                 esp_encryption="aes256gcm16", dh_group=20,
                                                 prf="prfsha384"))
    assert result.profile is not None
    assert "proposals = aes256gcm16-prfsha384-ecp384\n" in result.profile.text
    assert "esp_proposals = aes256gcm16-ecp384\n" in result.profile.text
    assert any("differ from the recommended profile" in p.message for p in result.problems)


def test_the_legacy_profile_is_allowed_with_a_plain_warning() -> None:
    result = run_generate(choices=ProfileChoices(profile="legacy"))
    assert result.profile is not None
    assert any("only for older gateways" in p.message and not p.blocking
               for p in result.problems)


def test_an_unknown_algorithm_lists_the_ones_that_are_allowed() -> None:
    result = run_generate(choices=ProfileChoices(ike_encryption="rot13"))
    message = blocking_messages(result)[0]
    assert "'rot13' is not one this app knows" in message and "aes128gcm16" in message
    assert "3des" not in message, "refused algorithms are not offered"


def test_an_unknown_profile_is_refused() -> None:
    result = run_generate(choices=ProfileChoices(profile="prime"))
    assert any("no 'prime' profile" in m for m in blocking_messages(result))
