"""Signing with a self-signed test certificate through osslsigncode: a signed build
verifies, tampering is caught, and a bad certificate or password fails the build."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from installer.build import BuildError, BuildResult, build
from installer.signing import SigningConfig, SigningError, verify_file
from tests.installer.certificates import make_code_signing_certificate
from tests.installer.conftest import require_tools


@pytest.fixture(autouse=True)
def _tools() -> None:
    require_tools("makensis", "osslsigncode")


def test_signed_build_verifies_and_says_so(tmp_path: Path, tiny_payload: Path,
                                           signing: SigningConfig) -> None:
    result = build(work=tmp_path / "work", dist=tmp_path / "dist", payload=tiny_payload,
                   signing=signing)
    report = verify_file(result.installer, signing)
    assert "Signature verification: ok" in report
    assert "PSN Desktop Test Signing" in report
    assert json.loads((tmp_path / "dist" / "build-info.json").read_text())["signed"] is True
    # The uninstaller is signed inside the installer while makensis runs.
    assert "!uninstfinalize" in (tmp_path / "work" / "psn-desktop.nsi").read_text()


def test_a_changed_byte_breaks_the_signature(tmp_path: Path, tiny_payload: Path,
                                             signing: SigningConfig) -> None:
    result = build(work=tmp_path / "work", dist=tmp_path / "dist", payload=tiny_payload,
                   signing=signing)
    tampered = tmp_path / "tampered.exe"
    data = bytearray(result.installer.read_bytes())
    data[len(data) // 3] ^= 0xFF
    tampered.write_bytes(bytes(data))
    with pytest.raises(SigningError, match=r"(?i)verif"):
        verify_file(tampered, signing)


def test_an_unsigned_file_does_not_verify(tiny_installer: BuildResult, signing: SigningConfig,
                                          tmp_path: Path) -> None:
    copy = tmp_path / "unsigned.exe"
    shutil.copy(tiny_installer.installer, copy)
    with pytest.raises(SigningError):
        verify_file(copy, signing)


def test_a_key_that_does_not_match_the_certificate_fails_the_build(
        tmp_path: Path, tiny_payload: Path, signing: SigningConfig) -> None:
    _other_cert, other_key = make_code_signing_certificate(tmp_path / "other", name="Other",
                                                           password=None)
    wrong = SigningConfig(certificate=signing.certificate, key=other_key,
                          ca_file=signing.ca_file)
    with pytest.raises(BuildError, match=r"(?i)sign"):
        build(work=tmp_path / "work", dist=tmp_path / "dist", payload=tiny_payload,
              signing=wrong)
    assert not list((tmp_path / "dist").glob("*.exe")), "no unsigned installer may be left"


def test_a_certificate_nobody_trusts_fails_verification(
        tmp_path: Path, tiny_payload: Path, signing: SigningConfig) -> None:
    stranger_cert, _key = make_code_signing_certificate(tmp_path / "stranger", name="Stranger")
    distrusting = SigningConfig(certificate=signing.certificate, key=signing.key,
                                password_env=signing.password_env, ca_file=stranger_cert)
    with pytest.raises(BuildError, match=r"(?i)verif"):
        build(work=tmp_path / "work", dist=tmp_path / "dist", payload=tiny_payload,
              signing=distrusting)
    assert not list((tmp_path / "dist").glob("*.exe"))


def test_a_wrong_password_fails_the_build(tmp_path: Path, tiny_payload: Path,
                                          signing: SigningConfig,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PSN_TEST_WRONG_PASSWORD", "not the password")
    wrong = SigningConfig(certificate=signing.certificate, key=signing.key,
                          password_env="PSN_TEST_WRONG_PASSWORD", ca_file=signing.ca_file)
    with pytest.raises(BuildError):
        build(work=tmp_path / "work", dist=tmp_path / "dist", payload=tiny_payload,
              signing=wrong)
    assert not list((tmp_path / "dist").glob("*.exe"))


def test_missing_signing_inputs_stop_the_build_before_it_starts(
        tmp_path: Path, tiny_payload: Path, signing: SigningConfig) -> None:
    unset = SigningConfig(certificate=signing.certificate, key=signing.key,
                          password_env="PSN_TEST_UNSET_VARIABLE")
    assert "PSN_TEST_UNSET_VARIABLE" not in os.environ
    with pytest.raises(SigningError, match="PSN_TEST_UNSET_VARIABLE is not set"):
        build(work=tmp_path / "work", dist=tmp_path / "dist", payload=tiny_payload,
              signing=unset)
    no_key = SigningConfig(certificate=signing.certificate)
    with pytest.raises(SigningError, match="--sign-key"):
        build(work=tmp_path / "work", dist=tmp_path / "dist", payload=tiny_payload,
              signing=no_key)
    assert not (tmp_path / "work" / "psn-desktop.nsi").exists()


def test_settings_reach_the_uninstaller_signing_step_without_the_password(
        signing: SigningConfig) -> None:
    env = signing.to_env()
    assert SigningConfig.from_env(env) == signing
    assert os.environ[signing.password_env or ""] not in "".join(env.values())
