"""The canary test, extended to the evidence pack and its PDF report.

Every kind of secret is stored as a canary in the real keyring; the pack is then built from
the command line, which makes the workspace's signing key and keeps it there. The signing
key becomes a canary too (its real value, read back from the keyring) and the pack's
signature proves it was used. Then every file the app wrote is searched, including every
member of the pack (nested zips too) and the text of its PDF report, and the report opened
the way the app's "Open report" does: no secret anywhere.
"""

from __future__ import annotations

import base64
import json
import zipfile
from pathlib import Path

import pytest

from psn_desktop.domain.model import AuthMethod
from psn_desktop.pack.bag import REPORT, RESULTS, SIGNATURE, TAG_MANIFEST
from psn_desktop.pack.safe_zip import safe_extract
from psn_desktop.pack.signing import (
    check_signature_file,
    private_key_from_text,
    public_key_bytes,
)
from psn_desktop.secrets import forget_workspace_secrets, read_secret, store_secret
from psn_desktop.workspace.store import Workspace
from tests.canary import OTHER_KEY, OTHER_LABEL, Canary, isolate_folders, pdf_text
from tests.keyring_env import require_secret_service, run_cli


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    require_secret_service()
    isolate_folders(monkeypatch, tmp_path / "isolated")
    return tmp_path


def test_no_secret_reaches_the_pack_or_its_report(folders: Path):
    folder = folders / "oakfield"
    made = run_cli("demo", "--workspace", str(folder), "--as-of", "2026-11-23")
    assert made.returncode == 0, made.stderr
    workspace = Workspace.open(folder)
    workspace_id = workspace.id
    try:
        # A pre-shared key connection, so the one secret the report talks about is in play.
        connection = workspace.connection()
        connection.auth_method = AuthMethod.PRE_SHARED_KEY
        workspace.set_connection(connection)
        canary = Canary(workspace)
        for key, value in canary.values.items():
            if key != "signing_key":  # the pack makes the real one
                store_secret(workspace, "other" if key == OTHER_KEY else key, value,
                             label=OTHER_LABEL if key == OTHER_KEY else "")
        workspace.close()

        out = folders / "out"
        out.mkdir()
        canary.add_root(out)
        pack = out / "oakfield.psnpack"
        built = run_cli("pack", "--workspace", str(folder), "--output", str(pack),
                        "--as-of", "2026-11-23", "--json")
        assert built.returncode == 0, built.stderr
        summary = json.loads(built.stdout)
        assert summary["signed"] is True

        # The signing key is now a secret like the others: its real value is the canary.
        key_text = read_secret(workspace_id, "signing_key")
        assert key_text and key_text.startswith("ed25519-private:")
        canary.values["signing_key"] = key_text
        raw_private = key_text.split(":", 1)[1]
        canary.values["signing_key_raw"] = raw_private  # the key without its prefix
        with zipfile.ZipFile(pack) as archive:
            check = check_signature_file(archive.read(SIGNATURE), archive.read(TAG_MANIFEST))
            results = json.loads(archive.read(RESULTS))
            report_bytes = archive.read(REPORT)
        public = base64.b64encode(public_key_bytes(private_key_from_text(key_text))).decode()
        assert check.valid and check.public_key == public == results["signing"]["public_key"]
        canary.saw("signing_key", key_text, "the pack's signature")
        assert "the key itself is never in this pack" in " ".join(pdf_text(report_bytes).split())

        # Open the report as the app does, and verify from the command line.
        safe_extract(pack, Path(folders / "isolated" / "temp"), [REPORT])
        verified = run_cli("verify", str(pack))
        assert verified.returncode == 0, verified.stderr

        searched = canary.assert_no_leaks()
        files = set(canary.files())
        assert pack in files
        assert any(p.name == "report.pdf" for p in files)
        assert searched >= 5
    finally:
        workspace.close()
        forget_workspace_secrets(workspace_id)


def test_the_search_would_find_a_secret_inside_the_pack(folders: Path, tmp_path: Path):
    """The search must be able to fail on a pack: a canary in the PDF text is found."""
    with Workspace.create(tmp_path / "ws") as workspace:
        canary = Canary(workspace)
        from reportlab.pdfgen import canvas

        pdf = tmp_path / "made.pdf"
        page = canvas.Canvas(str(pdf))
        page.drawString(72, 720, canary.values["vpn_psk"])
        page.save()
        pack = tmp_path / "leaky.psnpack"
        with zipfile.ZipFile(pack, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(pdf, REPORT)
        canary.add_root(pack)
        hits = canary.scan()
        assert {(h.key, h.form) for h in hits} >= {("vpn_psk", "pdf-text")}
