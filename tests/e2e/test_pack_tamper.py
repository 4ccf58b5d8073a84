"""Tampering with a signed pack in every way the issue lists: each is caught, naming the file
or the signature. Even a tamperer who rewrites the manifests is caught; one who also re-signs
with their own key is caught by the key the pack names, and one who rewrites that too is
caught by the fingerprint the recipient was given."""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from psn_desktop.pack import bag
from psn_desktop.pack.signing import (
    fingerprint,
    new_private_key,
    public_key_bytes,
    signature_file,
)
from psn_desktop.pack.verifier import Verdict, VerifyReport, verify_pack
from psn_desktop.secrets import forget_workspace_secrets
from tests.keyring_env import require_secret_service, run_cli
from tests.unit.pack_helpers import build, flip_byte, rewrite, welsh_demo, zip_entries

EVIDENCE = "data/evidence/firewall-rules-export.csv"


@pytest.fixture(scope="module")
def signed_pack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PSN_DESKTOP_HOME", str(tmp_path_factory.mktemp("home")))
        require_secret_service()
        folder = tmp_path_factory.mktemp("tamper")
        workspace = welsh_demo(folder / "ysgol")
        workspace_id = workspace.id
        try:
            result = build(workspace, folder / "signed.psnpack")
        finally:
            workspace.close()
        assert verify_pack(result.path).verdict == Verdict.VALID
        yield result.path, result.signer.fingerprint
        forget_workspace_secrets(workspace_id)


def _problems(report: VerifyReport) -> str:
    return "\n".join(str(p) for p in report.problems)


def _names(pack: Path) -> list[str]:
    with zipfile.ZipFile(pack) as archive:
        return archive.namelist()


def _assert_caught(report: VerifyReport, *names: str) -> None:
    assert report.verdict == Verdict.INVALID, report.as_text()
    text = _problems(report)
    assert any(name in text for name in names), text


def test_flipping_a_byte_in_any_file_is_caught_and_named(signed_pack, tmp_path: Path):
    pack, _ = signed_pack
    entries = zip_entries(pack)
    for name, content in entries.items():
        tampered = rewrite(pack, tmp_path / "t.psnpack", replace={name: flip_byte(content)})
        report = verify_pack(tampered)
        # A changed tag manifest or signature is reported as a bad signature.
        expected = (name, bag.SIGNATURE) if name in (bag.TAG_MANIFEST, bag.SIGNATURE) else (
            name,)
        _assert_caught(report, *expected)


def test_a_flipped_byte_in_the_zip_itself_is_damage_named_by_file(signed_pack, tmp_path: Path):
    pack, _ = signed_pack
    raw = pack.read_bytes()
    with zipfile.ZipFile(pack) as archive:
        infos = [i for i in archive.infolist() if i.compress_size > 8]
    for info in infos:
        # The entry's data starts after its 30-byte header, name and extra field.
        header = raw[info.header_offset:info.header_offset + 30]
        start = (info.header_offset + 30 + int.from_bytes(header[26:28], "little")
                 + int.from_bytes(header[28:30], "little"))
        damaged = tmp_path / "d.psnpack"
        damaged.write_bytes(flip_byte(raw, start + info.compress_size // 2))
        _assert_caught(verify_pack(damaged), info.filename)


def test_an_added_file_is_caught_anywhere(signed_pack, tmp_path: Path):
    pack, _ = signed_pack
    report = verify_pack(rewrite(pack, tmp_path / "a.psnpack",
                                 add={"data/evidence/extra.pdf": b"%PDF-1.4 forged"}))
    _assert_caught(report, "data/evidence/extra.pdf")
    assert "not in the manifest" in _problems(report)
    report = verify_pack(rewrite(pack, tmp_path / "b.psnpack", add={"readme.txt": b"hi"}))
    _assert_caught(report, "readme.txt")


def test_removing_any_file_is_caught_and_named(signed_pack, tmp_path: Path):
    pack, _ = signed_pack
    for name in _names(pack):
        report = verify_pack(rewrite(pack, tmp_path / "r.psnpack", drop=[name]))
        _assert_caught(report, name)
    report = verify_pack(rewrite(pack, tmp_path / "s.psnpack", drop=[bag.SIGNATURE]))
    assert report.signature == "missing"
    assert "signature was removed" in _problems(report)


def test_renaming_a_file_is_caught_under_both_names(signed_pack, tmp_path: Path):
    pack, _ = signed_pack
    renamed = "data/evidence/firewall-rules-2025.csv"
    report = verify_pack(rewrite(pack, tmp_path / "n.psnpack", rename={EVIDENCE: renamed}))
    _assert_caught(report, EVIDENCE)
    assert renamed in _problems(report)


def _forge(pack: Path, target: Path, *, evidence: bytes, manifest: bool, tag_manifest: bool,
           key=None, results_key: bool = False) -> Path:
    """Swap the evidence, then redo as much of the bookkeeping as the forger manages."""
    entries = zip_entries(pack)
    entries[EVIDENCE] = evidence
    if results_key and key is not None:
        results = json.loads(entries[bag.RESULTS])
        public = public_key_bytes(key)
        results["signing"]["public_key"] = base64.b64encode(public).decode()
        results["signing"]["fingerprint"] = fingerprint(public)
        for item in results["evidence"]:
            if item["path"] == EVIDENCE:
                item["sha256"] = hashlib.sha256(evidence).hexdigest()
                item["size"] = len(evidence)
        entries[bag.RESULTS] = (json.dumps(results, indent=2, ensure_ascii=False) + "\n").encode()
    if manifest:
        payload = {n: hashlib.sha256(c).hexdigest() for n, c in entries.items()
                   if n.startswith("data/")}
        entries[bag.MANIFEST] = bag.manifest_txt(payload.items())
        info = entries[bag.BAG_INFO].decode()
        oxum = f"{sum(len(c) for n, c in entries.items() if n.startswith('data/'))}." \
               f"{len(payload)}"
        entries[bag.BAG_INFO] = "\n".join(
            f"Payload-Oxum: {oxum}" if line.startswith("Payload-Oxum") else line
            for line in info.splitlines()).encode() + b"\n"
    if tag_manifest:
        entries[bag.TAG_MANIFEST] = bag.manifest_txt(
            (n, hashlib.sha256(entries[n]).hexdigest())
            for n in (bag.BAGIT_TXT, bag.BAG_INFO, bag.MANIFEST))
    if key is not None:
        entries[bag.SIGNATURE] = signature_file(entries[bag.TAG_MANIFEST], key)
    return rewrite(pack, target, replace=entries)


FORGED = b"rule,from,to,port,reason,approved_by\n1,any,any,any,Allow everything,nobody\n"


def test_a_rewritten_manifest_is_caught_by_the_tag_manifest(signed_pack, tmp_path: Path):
    pack, _ = signed_pack
    report = verify_pack(_forge(pack, tmp_path / "m.psnpack", evidence=FORGED, manifest=True,
                                tag_manifest=False))
    _assert_caught(report, bag.MANIFEST)
    assert EVIDENCE in _problems(report)  # results.json still has the old checksum


def test_rewritten_manifests_are_caught_by_the_signature(signed_pack, tmp_path: Path):
    pack, _ = signed_pack
    report = verify_pack(_forge(pack, tmp_path / "t.psnpack", evidence=FORGED, manifest=True,
                                tag_manifest=True))
    _assert_caught(report, bag.SIGNATURE)
    assert report.signature == "invalid"
    assert "signature invalid" in _problems(report)


def test_re_signing_with_another_key_is_caught(signed_pack, tmp_path: Path):
    pack, original = signed_pack
    forger = new_private_key()
    report = verify_pack(_forge(pack, tmp_path / "k.psnpack", evidence=FORGED, manifest=True,
                                tag_manifest=True, key=forger))
    _assert_caught(report, bag.SIGNATURE)
    assert "different key" in _problems(report)
    assert report.key_fingerprint == fingerprint(public_key_bytes(forger)) != original


def test_a_complete_forgery_is_caught_by_the_fingerprint_the_recipient_was_given(
        signed_pack, tmp_path: Path):
    pack, original = signed_pack
    forger = new_private_key()
    forged = _forge(pack, tmp_path / "f.psnpack", evidence=FORGED, manifest=True,
                    tag_manifest=True, key=forger, results_key=True)
    # Internally consistent, so only the out-of-band fingerprint can tell...
    plain = verify_pack(forged)
    assert plain.key_fingerprint != original
    # ...which is what --key is for.
    report = verify_pack(forged, expected_fingerprint=original.lower().replace(" ", ""))
    _assert_caught(report, bag.SIGNATURE)
    assert original in _problems(report)
    cli = run_cli("verify", str(forged), "--key", original)
    assert cli.returncode == 1
    assert "NOT valid" in cli.stderr
    assert run_cli("verify", str(pack), "--key", original).returncode == 0


def test_the_cli_lists_each_wrong_file(signed_pack, tmp_path: Path):
    pack, _ = signed_pack
    entries = zip_entries(pack)
    tampered = rewrite(pack, tmp_path / "c.psnpack",
                       replace={EVIDENCE: flip_byte(entries[EVIDENCE]),
                                bag.PLAN: flip_byte(entries[bag.PLAN])})
    cli = run_cli("verify", str(tampered))
    assert cli.returncode == 1
    assert f"{EVIDENCE}: has been changed" in cli.stderr
    assert f"{bag.PLAN}: has been changed" in cli.stderr
    as_json = json.loads(run_cli("verify", str(tampered), "--json").stdout)
    assert as_json["verdict"] == "invalid"
    assert {p["file"] for p in as_json["problems"]} >= {EVIDENCE, bag.PLAN}
