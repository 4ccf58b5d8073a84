"""Shared, expensive things for the installer tests, each made once per test session.

* ``frozen_app``: the app frozen by PyInstaller with the real spec (about 30 s).
* ``signing``: a throwaway self-signed code-signing certificate, its key encrypted with a
  password held in an environment variable, as a CI secret would be.
* ``signed_installer``: the real installer built from the frozen app, signed and verified
  (LZMA over the whole app: one to three minutes on two cores).
* ``tiny_payload``: a fake frozen folder of a few bytes, so the script, signing and install
  logic can be exercised in about a second each.
* ``wine``: a 64-bit Wine prefix set to Windows 10, with its own home folder.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from installer.build import BuildResult, build, freeze
from installer.project_info import CLI_PROGRAM, GUI_PROGRAM
from installer.signing import SigningConfig
from tests.installer.certificates import make_code_signing_certificate
from tests.installer.wine import WinePrefix, wine_available

PASSWORD_VARIABLE = "PSN_TEST_SIGNING_PASSWORD"


def require_tools(*tools: str) -> None:
    """Fail (never skip) with the package to install when a tool is missing."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} not installed: run scripts/setup.sh (Debian "
                    "packages nsis, wine, wine64, osslsigncode)")


@pytest.fixture(scope="session")
def frozen_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("freeze")
    return freeze(root / "work", root / "dist")


@pytest.fixture(scope="session")
def signing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SigningConfig]:
    folder = tmp_path_factory.mktemp("certificate")
    password = "correct horse battery staple"
    certificate, key = make_code_signing_certificate(folder, password=password)
    saved = os.environ.get(PASSWORD_VARIABLE)
    os.environ[PASSWORD_VARIABLE] = password
    try:
        yield SigningConfig(certificate=certificate, key=key, password_env=PASSWORD_VARIABLE,
                            ca_file=certificate, description="PSN Desktop (test build)")
    finally:
        if saved is None:
            os.environ.pop(PASSWORD_VARIABLE, None)
        else:
            os.environ[PASSWORD_VARIABLE] = saved


@pytest.fixture(scope="session")
def signed_installer(tmp_path_factory: pytest.TempPathFactory, frozen_app: Path,
                     signing: SigningConfig) -> BuildResult:
    require_tools("makensis", "osslsigncode")
    root = tmp_path_factory.mktemp("installer")
    return build(work=root / "work", dist=root / "dist", payload=frozen_app, signing=signing)


def make_tiny_payload(folder: Path) -> Path:
    """A stand-in frozen folder: the two programs, a nested library and a resource."""
    frozen = folder / "PSN Desktop"
    (frozen / "_internal" / "resources" / "frameworks").mkdir(parents=True)
    (frozen / GUI_PROGRAM).write_bytes(b"MZ stand-in for the windowed program\n")
    (frozen / CLI_PROGRAM).write_bytes(b"MZ stand-in for the console program\n")
    (frozen / "_internal" / "library.dll").write_bytes(os.urandom(4096))
    (frozen / "_internal" / "resources" / "frameworks" / "psn-coco.json").write_text("{}\n")
    return frozen


@pytest.fixture
def tiny_payload(tmp_path: Path) -> Path:
    return make_tiny_payload(tmp_path / "payload")


@pytest.fixture(scope="session")
def tiny_installer(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    require_tools("makensis")
    root = tmp_path_factory.mktemp("tiny")
    return build(work=root / "work", dist=root / "dist",
                 payload=make_tiny_payload(root / "payload"))


@pytest.fixture(scope="session")
def wine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WinePrefix]:
    problem = wine_available()
    if problem:
        pytest.fail(problem)
    prefix = WinePrefix(tmp_path_factory.mktemp("wine"))
    prefix.create("win10")
    try:
        yield prefix
    finally:
        prefix.stop()
