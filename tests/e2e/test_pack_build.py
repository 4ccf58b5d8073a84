"""Building the demo pack for real: the bagit library's own validator and `psn-desktop verify`
accept it, two builds are byte-identical, it is signed with the key in the real keyring, and
a cancelled or failed build leaves nothing behind."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import threading
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import bagit
import pytest

from psn_desktop.cli import main
from psn_desktop.domain.model import SignOff
from psn_desktop.pack.builder import LAST_PACK_SETTING, prepare, write_pack
from psn_desktop.pack.errors import OutputExists, PackCancelled, PackError
from psn_desktop.pack.keys import KEY_SETTING
from psn_desktop.pack.progress import CancelToken
from psn_desktop.pack.verifier import Verdict, verify_pack
from psn_desktop.secrets import SecretPurpose, forget_workspace_secrets, read_secret
from psn_desktop.workspace.store import Workspace
from tests.keyring_env import FAIL_BACKEND, environment, require_secret_service, run_cli
from tests.unit.pack_helpers import AS_OF, WELSH_SCHOOL, build, pdf_text, welsh_demo


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    require_secret_service()
    ws = welsh_demo(tmp_path / "ysgol")
    workspace_id = ws.id
    try:
        yield ws
    finally:
        forget_workspace_secrets(workspace_id)
        ws.close()


def _unpack(pack: Path, folder: Path) -> Path:
    with zipfile.ZipFile(pack) as archive:  # Python's own unzip, not ours
        archive.extractall(folder)
    return folder


def test_demo_pack_is_a_valid_bag_for_the_bagit_library_and_for_verify(workspace: Workspace,
                                                                       tmp_path: Path):
    result = build(workspace, tmp_path / "ysgol.psnpack")
    assert result.signer.signed

    bag_dir = _unpack(result.path, tmp_path / "unpacked")
    peer = bagit.Bag(str(bag_dir))
    assert peer.validate(processes=1)  # raises BagValidationError with details otherwise
    assert peer.info["Source-Organization"] == WELSH_SCHOOL
    assert peer.info["Bagging-Date"] == AS_OF.isoformat()
    assert peer.info["PSN-Signing-Key"] == result.signer.fingerprint
    payload = set(peer.payload_entries())
    assert {"data/report.pdf", "data/results.json", "data/plan.csv"} <= payload
    data = workspace.load()
    assert len([p for p in payload if p.startswith("data/evidence/")]) == len(data.evidence_files)
    for sha in data.evidence_files:  # each stored once, byte for byte
        assert sum(hashlib.sha256(p.read_bytes()).hexdigest() == sha
                   for p in (bag_dir / "data" / "evidence").iterdir()) == 1

    report = verify_pack(result.path)
    assert report.verdict == Verdict.VALID, report.as_text()
    assert report.key_fingerprint == result.signer.fingerprint
    assert report.organisation == WELSH_SCHOOL

    cli = run_cli("verify", str(result.path), "--json")
    assert cli.returncode == 0, cli.stderr
    verdict = json.loads(cli.stdout)
    assert verdict["verdict"] == "valid"
    assert verdict["key_fingerprint"] == result.signer.fingerprint


def test_two_packs_of_the_same_workspace_and_date_are_byte_identical(workspace: Workspace,
                                                                     tmp_path: Path):
    first = build(workspace, tmp_path / "one.psnpack")
    second = build(workspace, tmp_path / "two.psnpack")
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.sha256 == second.sha256 == hashlib.sha256(first.path.read_bytes()).hexdigest()
    other_day = build(workspace, tmp_path / "three.psnpack", as_of=date(2026, 11, 24))
    assert other_day.sha256 != first.sha256


def test_the_key_lives_in_the_keyring_and_the_fingerprint_in_the_workspace(
        workspace: Workspace, tmp_path: Path):
    assert workspace.setting(KEY_SETTING) is None
    result = build(workspace, tmp_path / "a.psnpack")
    stored = read_secret(workspace.id, SecretPurpose.SIGNING_KEY)
    assert stored and stored.startswith("ed25519-private:")
    recorded = workspace.setting(KEY_SETTING)
    assert recorded["fingerprint"] == result.signer.fingerprint
    assert "private" not in json.dumps(recorded)
    assert SecretPurpose.SIGNING_KEY.value in workspace.secret_records()
    last = workspace.setting(LAST_PACK_SETTING)
    assert last["sha256"] == hashlib.sha256(result.path.read_bytes()).hexdigest()
    assert last["key_fingerprint"] == result.signer.fingerprint
    # Later packs use the same key.
    assert build(workspace, tmp_path / "b.psnpack").signer.fingerprint == \
        result.signer.fingerprint


def test_the_as_of_date_is_the_sign_off_date_unless_given(workspace: Workspace, tmp_path: Path):
    workspace.add_sign_off(SignOff("Priya Shah", "Headteacher", date(2026, 11, 20), True))
    result = build(workspace, tmp_path / "signed.psnpack", as_of=None)
    assert result.as_of == date(2026, 11, 20)
    with zipfile.ZipFile(result.path) as archive:
        results = json.loads(archive.read("data/results.json"))
        assert archive.getinfo("data/results.json").date_time[:3] == (2026, 11, 20)
    assert results["as_of"] == "2026-11-20"
    assert results["as_of_source"] == "sign_off"


def test_a_not_ready_workspace_builds_with_the_warning_in_the_report(workspace: Workspace,
                                                                     tmp_path: Path):
    result = build(workspace, tmp_path / "draft.psnpack")
    assert not result.ready
    with zipfile.ZipFile(result.path) as archive:
        text = pdf_text(archive.read("data/report.pdf"))
        results = json.loads(archive.read("data/results.json"))
    assert "built before the workspace was ready to submit" in text
    assert results["readiness"]["ready"] is False
    assert any("built before the workspace was ready" in n for n in results["notes"])


def test_the_cli_refuses_to_overwrite_without_force(workspace: Workspace, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]):
    folder = str(workspace.folder)
    workspace.close()
    target = tmp_path / "out.psnpack"
    target.write_bytes(b"someone else's file")
    code = main(["pack", "--workspace", folder, "--output", str(target), "--as-of",
                 "2026-11-23"])
    assert code == 2
    assert "already a file" in capsys.readouterr().err
    assert target.read_bytes() == b"someone else's file"
    code = main(["pack", "--workspace", folder, "--output", str(target), "--as-of",
                 "2026-11-23", "--force", "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    summary = json.loads(captured.out)
    assert summary["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()
    assert summary["signed"] is True
    assert "built before the workspace was ready" in captured.err


def test_a_missing_output_folder_or_framework_is_a_clear_error(workspace: Workspace,
                                                               tmp_path: Path):
    with pytest.raises(PackError, match="does not exist"):
        prepare(workspace, tmp_path / "nowhere" / "x.psnpack")
    with pytest.raises(PackError, match="is a folder"):
        prepare(workspace, tmp_path)
    with pytest.raises(OutputExists):
        (tmp_path / "taken.psnpack").write_bytes(b"x")
        prepare(workspace, tmp_path / "taken.psnpack")
    with pytest.raises(PackError, match="no framework"):
        prepare(workspace, tmp_path / "y.psnpack", framework_id="no-such-framework")


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_cancel_stops_the_build_and_leaves_nothing(workspace: Workspace, tmp_path: Path):
    big = tmp_path / "scan.bin"
    big.write_bytes(os.urandom(24 * 1024 * 1024))
    workspace.attach_evidence(big, ["psn-coco:BND-01"], title="Firewall scan")
    out = tmp_path / "out"
    out.mkdir()
    request = prepare(workspace, out / "pack.psnpack", as_of=AS_OF)
    cancel = CancelToken()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int, stage: str) -> None:
        seen.append((done, total))
        if total and done > 8 * 1024 * 1024:
            cancel.cancel()

    with pytest.raises(PackCancelled):
        write_pack(request, progress, cancel)
    assert _leftovers(out) == []
    assert seen and all(b >= a for (a, _), (b, _) in itertools.pairwise(seen))


def test_progress_is_in_bytes_and_ends_at_the_total(workspace: Workspace, tmp_path: Path):
    seen: list[tuple[int, int, str]] = []
    lock = threading.Lock()

    def progress(done: int, total: int, stage: str) -> None:
        with lock:
            seen.append((done, total, stage))

    build(workspace, tmp_path / "p.psnpack", progress=progress)
    done, total, _ = seen[-1]
    assert done == total > 100_000
    assert seen[0][2] == "Getting the signing key"


def test_damaged_evidence_in_the_workspace_stops_the_build_and_leaves_nothing(
        workspace: Workspace, tmp_path: Path):
    sha = next(iter(workspace.load().evidence_files))
    stored = workspace.evidence_path(sha)
    stored.write_bytes(stored.read_bytes() + b" (edited on disk)")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(PackError, match="no longer matches"):
        build(workspace, out / "pack.psnpack")
    assert _leftovers(out) == []


def test_without_a_secure_store_the_pack_is_unsigned_and_says_so(workspace: Workspace,
                                                                 tmp_path: Path):
    with environment(PYTHON_KEYRING_BACKEND=FAIL_BACKEND):
        result = build(workspace, tmp_path / "unsigned.psnpack")
    assert not result.signer.signed
    assert "No secure password store" in result.signer.reason
    assert result.advice and "GNOME Keyring" in result.advice[0]
    with zipfile.ZipFile(result.path) as archive:
        names = archive.namelist()
        text = pdf_text(archive.read("data/report.pdf"))
    assert "tagmanifest-sha256.txt.sig" not in names
    assert "This pack is not signed" in text
    report = verify_pack(result.path)
    assert report.verdict == Verdict.UNSIGNED
    assert report.signature == "unsigned"
    assert "unsigned" in report.headline()
    cli = run_cli("verify", str(result.path))
    assert cli.returncode == 0 and "unsigned" in cli.stdout
    strict = run_cli("verify", str(result.path), "--require-signature")
    assert strict.returncode == 1


def test_require_signature_writes_nothing_without_a_store(workspace: Workspace,
                                                          tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    folder = str(workspace.folder)
    workspace.close()
    with environment(PYTHON_KEYRING_BACKEND=FAIL_BACKEND):
        cli = run_cli("pack", "--workspace", folder, "--output", str(out / "p.psnpack"),
                      "--as-of", "2026-11-23", "--require-signature",
                      env={"PYTHON_KEYRING_BACKEND": FAIL_BACKEND})
    assert cli.returncode == 3, cli.stderr
    assert "could not be signed" in cli.stderr
    assert _leftovers(out) == []


def test_the_pack_zip_stores_compressed_files_and_deflates_text(workspace: Workspace,
                                                                tmp_path: Path):
    photo = tmp_path / "server-room.jpg"
    photo.write_bytes(os.urandom(200_000))
    workspace.attach_evidence(photo, ["psn-coco:BND-02"], title="Server room photo")
    result = build(workspace, tmp_path / "mix.psnpack")
    with zipfile.ZipFile(result.path) as archive:
        kinds = {i.filename: i.compress_type for i in archive.infolist()}
    assert kinds["data/evidence/server-room.jpg"] == zipfile.ZIP_STORED
    assert kinds["data/results.json"] == zipfile.ZIP_DEFLATED
    assert kinds["data/evidence/firewall-rules-export.csv"] == zipfile.ZIP_DEFLATED
    assert io.BytesIO(result.path.read_bytes()).getbuffer().nbytes == result.size


def test_an_empty_workspace_still_builds_a_valid_pack(tmp_path: Path):
    require_secret_service()
    with Workspace.create(tmp_path / "new") as empty:
        workspace_id = empty.id
        try:
            result = build(empty, tmp_path / "empty.psnpack")
        finally:
            forget_workspace_secrets(workspace_id)
    report = verify_pack(result.path)
    assert report.verdict == Verdict.VALID, report.as_text()
    with zipfile.ZipFile(result.path) as archive:
        text = pdf_text(archive.read("data/report.pdf"))
        assert not [n for n in archive.namelist() if n.startswith("data/evidence/")]
    assert "Organisation not named yet" in text
    assert "No evidence files are attached yet." in text
    assert "No devices are recorded yet." in text
