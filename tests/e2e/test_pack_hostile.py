"""Hostile packs: zip-slip, absolute paths, links, duplicate names and a zip bomb are
rejected with a clear message, and nothing is written outside (or even inside) a temporary
folder; a pack that lies about its sizes is reported as damaged after reading only what it
declared."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from psn_desktop.pack.errors import PackError, UnsafeArchive
from psn_desktop.pack.safe_zip import safe_extract
from psn_desktop.pack.verifier import Verdict, verify_pack
from tests.keyring_env import file_tree, run_cli
from tests.unit.pack_helpers import SYMLINK_MODE, RawEntry, raw_zip, zeros_deflated

BOMB_SIZE = 3840 * 1024 * 1024  # 3.75 GiB of zeros from under 4 MB
BAG = [RawEntry("bagit.txt", b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"),
       RawEntry("manifest-sha256.txt", b""), RawEntry("tagmanifest-sha256.txt", b"")]


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder standing for 'the rest of the disk', with this test's own temp folder in it."""
    box = tmp_path / "box"
    (box / "work" / "dest").mkdir(parents=True)
    (box / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(box / "tmp"))
    monkeypatch.setattr(tempfile, "tempdir", str(box / "tmp"))
    monkeypatch.chdir(box / "work")
    yield box


def _hostile(sandbox: Path) -> dict[str, tuple[list[RawEntry], str]]:
    outside = str(sandbox / "abs-evil.txt")
    return {
        "zip-slip": ([RawEntry("data/../../../evil.txt", b"pwned")], "climbs out of the folder"),
        "dot-dot": ([RawEntry("../../evil.txt", b"pwned")], "climbs out of the folder"),
        "absolute": ([RawEntry(outside, b"pwned")], "absolute path"),
        "drive": ([RawEntry("C:/Windows/evil.txt", b"pwned")], "absolute path"),
        "backslash": ([RawEntry("..\\..\\evil.txt", b"pwned")], "backslashes"),
        "symlink": ([RawEntry("data/evidence/link", b"/etc", unix_mode=SYMLINK_MODE),
                     RawEntry("data/evidence/link/passwd", b"pwned")], "symbolic link"),
        "duplicate": ([RawEntry("data/evidence/a.txt", b"first"),
                       RawEntry("data/evidence/a.txt", b"second")], "appears twice"),
        "case-duplicate": ([RawEntry("data/evidence/Policy.txt", b"first"),
                            RawEntry("data/evidence/policy.txt", b"second")],
                           "same name as 'data/evidence/Policy.txt' on Windows"),
        "bomb": ([RawEntry("data/evidence/zeros.bin", zeros_deflated(BOMB_SIZE), method=8,
                           declared_size=BOMB_SIZE, crc=0)], "zip bomb"),
        "stream": ([RawEntry("data/evidence/policy.txt:hidden", b"pwned")], "hidden stream"),
        "device": ([RawEntry("data/evidence/CON.txt", b"pwned")], "Windows keeps for devices"),
    }


CASES = ["zip-slip", "dot-dot", "absolute", "drive", "backslash", "symlink", "duplicate",
         "case-duplicate", "bomb", "stream", "device"]


@pytest.mark.parametrize("case", CASES)
def test_hostile_packs_are_rejected_and_nothing_is_written(sandbox: Path, case: str):
    entries, words = _hostile(sandbox)[case]
    pack = raw_zip(sandbox / "work" / f"{case}.psnpack", [*BAG, *entries])
    assert pack.stat().st_size < 5 * 1024 * 1024
    before = file_tree(sandbox)

    started = time.monotonic()
    report = verify_pack(pack)
    assert time.monotonic() - started < 10  # nothing was inflated
    assert report.verdict == Verdict.INVALID
    assert words in report.as_text()
    assert "unsafe to read" in report.as_text()
    assert file_tree(sandbox) == before

    with pytest.raises(UnsafeArchive, match="was not unpacked") as raised:
        safe_extract(pack, sandbox / "work" / "dest")
    assert words in str(raised.value)
    assert file_tree(sandbox) == before
    assert list((sandbox / "work" / "dest").iterdir()) == []
    assert not (sandbox / "evil.txt").exists() and not (sandbox / "abs-evil.txt").exists()

    cli = run_cli("verify", str(pack), env={"TMPDIR": str(sandbox / "tmp")})
    assert cli.returncode == 1
    assert words in cli.stderr
    assert file_tree(sandbox) == before


def test_a_pack_that_understates_its_sizes_is_damaged_and_read_no_further(sandbox: Path):
    # Declares 1 KB; its data would inflate to 64 MB of zeros.
    entry = RawEntry("data/evidence/liar.bin", zeros_deflated(64 * 1024 * 1024), method=8,
                     declared_size=1024)
    pack = raw_zip(sandbox / "work" / "liar.psnpack", [*BAG, entry])
    report = verify_pack(pack)
    assert report.verdict == Verdict.INVALID
    assert "data/evidence/liar.bin" in report.as_text()
    assert report.bytes_checked <= 1024
    with pytest.raises(UnsafeArchive):
        safe_extract(pack, sandbox / "work" / "dest")
    assert list((sandbox / "work" / "dest").iterdir()) == []


def test_a_file_that_is_not_a_zip_is_invalid_and_a_missing_one_is_unusable(sandbox: Path):
    fake = sandbox / "work" / "fake.psnpack"
    fake.write_bytes(b"%PDF-1.7 this is not a pack")
    report = verify_pack(fake)
    assert report.verdict == Verdict.INVALID
    assert "not a zip file" in report.as_text()
    assert run_cli("verify", str(fake)).returncode == 1
    missing = run_cli("verify", str(sandbox / "work" / "nothing.psnpack"))
    assert missing.returncode == 2
    assert "There is no file" in missing.stderr
    with pytest.raises(PackError, match="There is no file"):
        verify_pack(sandbox / "work" / "nothing.psnpack")


def test_safe_extract_unpacks_a_good_member_and_never_overwrites(sandbox: Path):
    pack = raw_zip(sandbox / "work" / "ok.psnpack",
                   [*BAG, RawEntry("data/report.pdf", b"%PDF-1.7 report")])
    dest = sandbox / "work" / "dest"
    written = safe_extract(pack, dest, ["data/report.pdf"])
    assert written == [dest.resolve() / "data" / "report.pdf"]
    assert written[0].read_bytes() == b"%PDF-1.7 report"
    with pytest.raises(FileExistsError):
        safe_extract(pack, dest, ["data/report.pdf"])
    assert written[0].read_bytes() == b"%PDF-1.7 report"
    with pytest.raises(PackError, match="does not contain"):
        safe_extract(pack, dest, ["data/none.pdf"])
    assert os.listdir(sandbox / "tmp") == []


def test_a_local_header_that_names_another_file_is_refused(sandbox: Path):
    entry = RawEntry("data/evidence/policy.txt", b"pwned", local_name="../../evil.txt")
    pack = raw_zip(sandbox / "work" / "two-names.psnpack", [*BAG, entry])
    report = verify_pack(pack)
    assert report.verdict == Verdict.INVALID
    assert "different name in its own header" in report.as_text()
    with pytest.raises(UnsafeArchive, match="different name"):
        safe_extract(pack, sandbox / "work" / "dest")
    assert list((sandbox / "work" / "dest").iterdir()) == []
    assert not (sandbox / "evil.txt").exists()
