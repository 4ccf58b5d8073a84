"""One answer, several packs: a PSN firewall answer with its evidence file counts for the mapped
Cyber Essentials and DfE requirements, and each framework's pack (built and verified through
the real CLI, signed with the key in the real keyring) carries that file once and says which
of its own requirements the file serves."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from psn_desktop.cli import main
from psn_desktop.domain.catalogue import load_framework
from psn_desktop.domain.model import Answer, AnswerStatus, Organisation, OrgType
from psn_desktop.domain.readiness import RequirementStatus, assess
from psn_desktop.pack.results import schema_problems
from psn_desktop.secrets import forget_workspace_secrets
from psn_desktop.workspace.store import Workspace
from tests.keyring_env import require_secret_service
from tests.unit.pack_helpers import AS_OF, pdf_text

FIREWALL = "psn-coco:BND-01"
MAPPED = {"cyber-essentials": "cyber-essentials:FW-01", "dfe-schools": "dfe-schools:FW-01"}
FRAMEWORKS = ["psn-coco", "cyber-essentials", "dfe-schools"]
PARTLY_SOURCE, PARTLY_TARGET = "psn-coco:CFG-04", "dfe-schools:ND-01"  # a 'partly' mapping
NOT_PSN = "cyber-essentials:FW-04"  # maps to dfe-schools:FW-04 only


@pytest.fixture
def school(tmp_path: Path) -> Iterator[Workspace]:
    require_secret_service()
    workspace = Workspace.create(tmp_path / "school", frameworks=FRAMEWORKS)
    workspace_id = workspace.id
    try:
        workspace.set_organisation(Organisation("Brook Lane Primary", OrgType.SCHOOL))
        rules = tmp_path / "firewall-rules.txt"
        rules.write_text("Boundary firewall rule base, reviewed by the IT provider.\n")
        workspace.set_answer(Answer(FIREWALL, AnswerStatus.MET, answered_on=AS_OF))
        workspace.attach_evidence(rules, [FIREWALL], title="Firewall rule base")
        yield workspace
    finally:
        forget_workspace_secrets(workspace_id)
        workspace.close()


def _pack(workspace: Workspace, framework_id: str, output: Path,
          capsys: pytest.CaptureFixture[str]) -> dict[str, bytes]:
    code = main(["pack", "--workspace", str(workspace.folder), "--framework", framework_id,
                 "--output", str(output), "--as-of", AS_OF.isoformat()])
    assert code == 0, capsys.readouterr().err
    code = main(["verify", str(output), "--require-signature"])
    assert code == 0, capsys.readouterr().err
    capsys.readouterr()
    with zipfile.ZipFile(output) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_psn_firewall_answer_provides_the_mapped_requirements(school: Workspace):
    data = school.load()
    for framework_id, qid in MAPPED.items():
        row = next(r for r in assess(data, load_framework(framework_id), AS_OF).requirements
                   if r.requirement.qualified_id == qid)
        assert row.status is RequirementStatus.MET, (qid, row.status)
        assert row.reused and row.answer is None
        assert [u.title for u in row.evidence] == ["Firewall rule base"]


def test_each_frameworks_pack_carries_the_file_once_and_lists_what_it_serves(
        school: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    rules = tmp_path / "firewall-rules.txt"
    firewall_sha = hashlib.sha256(b"Boundary firewall rule base, reviewed by the IT provider.\n"
                                  ).hexdigest()
    # A file the PSN does not ask for: it serves Cyber Essentials and, through the mapping,
    # the DfE standards, but stays out of the PSN pack.
    remote = tmp_path / "remote-access-firewalls.txt"
    remote.write_text("Every laptop runs its own firewall away from school.\n")
    school.set_answer(Answer(NOT_PSN, AnswerStatus.MET, answered_on=AS_OF))
    school.attach_evidence(remote, [NOT_PSN], title="Laptop firewalls")
    remote_sha = hashlib.sha256(remote.read_bytes()).hexdigest()
    # A PSN answer that only partly covers a DfE standard: the DfE pack says what is missing.
    school.set_answer(Answer(PARTLY_SOURCE, AnswerStatus.MET, answered_on=AS_OF))
    school.attach_evidence(rules, [PARTLY_SOURCE], title="Firewall rule base")
    school.close()  # the CLI opens it, as an IT person's script would

    for framework_id in FRAMEWORKS:
        framework = load_framework(framework_id)
        entries = _pack(school, framework_id, tmp_path / f"{framework_id}.psnpack", capsys)
        manifest = entries["manifest-sha256.txt"].decode().splitlines()
        carried = [line for line in manifest if line.split()[0] == firewall_sha]
        assert len(carried) == 1, (framework_id, manifest)
        assert carried[0].split(maxsplit=1)[1] == "data/evidence/firewall-rules.txt"
        assert (remote_sha in entries["manifest-sha256.txt"].decode()) == (
            framework_id != "psn-coco")

        results = json.loads(entries["data/results.json"])
        assert schema_problems(results) == []
        assert results["framework"]["id"] == framework_id
        assert results["framework"]["version"] == framework.version
        item = next(e for e in results["evidence"] if e["sha256"] == firewall_sha)
        expected = FIREWALL if framework_id == "psn-coco" else MAPPED[framework_id]
        serves = {"psn-coco": [FIREWALL, PARTLY_SOURCE], "cyber-essentials": [expected],
                  "dfe-schools": [expected, PARTLY_TARGET]}[framework_id]
        assert item["requirement_ids"] == sorted(serves)
        assert item.get("reused", False) is (framework_id != "psn-coco")
        rows = {r["id"]: r for a in results["areas"] for r in a["requirements"]}
        assert rows[expected]["status"] == "met"
        assert rows[expected]["evidence"] == ["firewall-rules.txt"]
        if framework_id != "psn-coco":
            assert rows[expected]["answer"] is None
            assert rows[expected]["reused_from"] == [FIREWALL]

        text = pdf_text(entries["data/report.pdf"])
        assert framework.title in text
        assert f"Framework version {framework.version}" in text
        own_id = expected.split(":", 1)[1]
        # The evidence index names the file and the requirement of this framework it serves.
        index = text[text.rindex("Evidence index"):]
        assert "firewall-rules.txt" in index and own_id in index
        if framework_id != "psn-coco":
            assert "Provided by your answer to PSN" in text
        if framework_id == "dfe-schools":
            partly = rows[PARTLY_TARGET]
            assert partly["status"] == "partly_provided"
            assert partly["reused_from"] == [PARTLY_SOURCE] and partly["missing"]
            assert "Partly covered by your answer to PSN" in text
            assert " ".join(partly["missing"][0].split())[:40] in text
