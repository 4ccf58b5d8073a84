"""The PDF report read back with a PDF library: every name (Welsh included), every
requirement id and every evidence checksum are in its text, and it is the same bytes twice."""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from psn_desktop.domain.catalogue import load_framework
from psn_desktop.domain.model import (
    Action,
    Answer,
    AnswerStatus,
    Device,
    DeviceType,
    Finding,
    FindingSource,
    Severity,
)
from psn_desktop.pack.contents import AsOfSource, PackContents, SignerInfo, gather
from psn_desktop.pack.report import build_report
from psn_desktop.workspace.store import Workspace
from tests.unit.pack_helpers import AS_OF, WELSH_SCHOOL, WELSH_SURGERY, pdf_text, welsh_demo

SIGNER = SignerInfo(True, "Ed25519", "A" * 43 + "=",
                    "1A2B 3C4D 5E6F 7081 92A3 B4C5 D6E7 F809 1A2B 3C4D")


@pytest.fixture
def welsh(tmp_path: Path):
    workspace = welsh_demo(tmp_path / "ysgol")
    try:
        yield workspace
    finally:
        workspace.close()


def _contents(workspace: Workspace, signer: SignerInfo = SIGNER,
              as_of: date = AS_OF) -> PackContents:
    return gather(workspace.load(), load_framework("psn-coco"), as_of, AsOfSource.GIVEN, signer)


def test_every_name_id_and_checksum_is_in_the_text(welsh: Workspace):
    contents = _contents(welsh)
    pdf = build_report(contents)
    text = pdf_text(pdf)
    assert WELSH_SCHOOL in text
    assert WELSH_SURGERY in text
    assert "Gliniadur-ŵyn" in text
    assert "polisi-diogelwch-ŵyn.txt" in text
    for row in contents.readiness.requirements:
        assert row.requirement.id in text, row.requirement.id
    assert contents.evidence
    for item in contents.evidence:
        assert item.sha256 in text, item.name
    assert SIGNER.fingerprint in text
    assert "RECEPTION-PC" in text and "ENDED 15 Oct 2025" in text


def test_document_metadata_page_numbers_and_embedded_fonts(welsh: Workspace, tmp_path: Path):
    pdf = build_report(_contents(welsh))
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == f"PSN evidence pack: {WELSH_SCHOOL}"
    assert reader.metadata.author == WELSH_SCHOOL
    assert "2026-11-23" in reader.metadata.subject
    assert reader.metadata.creator.startswith("PSN Desktop")
    assert str(reader.metadata.get("/CreationDate")).startswith("D:20261123")
    pages = len(reader.pages)
    assert pages >= 8
    assert f"Page 2 of {pages}" in reader.pages[1].extract_text()
    assert f"Page {pages} of {pages}" in reader.pages[-1].extract_text()
    contents_page = reader.pages[1].extract_text()
    for section in ("1. Summary", "3. Requirements", "4. Devices", "6. Evidence index",
                    "7. Declaration"):
        assert section in contents_page
    assert [item.title for item in reader.outline if not isinstance(item, list)][:2] == [
        "1. Summary", "2. Organisation and scope"]
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts, "no fonts listed"
    for line in fonts:
        assert "DejaVuSans" in line and " yes yes yes " in line, line  # embedded, subset, unicode


def test_the_same_contents_give_the_same_bytes(welsh: Workspace):
    assert build_report(_contents(welsh)) == build_report(_contents(welsh))


def test_a_not_ready_unsigned_pack_says_both_plainly(welsh: Workspace):
    unsigned = SignerInfo(False, reason="No secure password store was available on the PC "
                                        "that built it.")
    contents = _contents(welsh, unsigned)
    assert not contents.readiness.ready
    text = pdf_text(build_report(contents))
    assert "Not ready to submit yet" in text
    assert "built before the workspace was ready to submit" in text
    assert "This pack is not signed" in text
    assert "No secure password store was available" in text


def test_overdue_actions_are_marked(welsh: Workspace):
    welsh.save_finding(Finding("Guest Wi-Fi reaches the office network", FindingSource.SCAN,
                               Severity.HIGH, date_found=AS_OF - timedelta(days=90)),
                       Action(0, "Dana Okafor", AS_OF - timedelta(days=10)))
    text = pdf_text(build_report(_contents(welsh)))
    assert "Guest Wi-Fi reaches the office network" in text
    assert "OVERDUE (planned)" in text


@pytest.mark.slow
def test_a_large_estate_is_laid_out_in_full(welsh: Workspace):
    welsh.save_devices([Device(f"PC-{n:04d}", DeviceType.DESKTOP, "windows-10", "22H2",
                               "home-pro") for n in range(1200)])
    contents = _contents(welsh)
    reader = PdfReader(io.BytesIO(build_report(contents)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert all(f"PC-{n:04d}" in text for n in range(1200))
    assert len(reader.pages) > 30


def test_an_essay_of_a_reason_and_hundreds_of_files_still_lay_out(welsh: Workspace,
                                                                   tmp_path: Path):
    essay = " ".join(f"Sentence {n} of a reason pasted from a long document." for n in range(900))
    welsh.set_answer(Answer("psn-coco:MED-01", AnswerStatus.NOT_MET, essay))
    for n in range(120):
        path = tmp_path / f"photo-{n:03d}.txt"
        path.write_text(f"photo {n}\n", encoding="utf-8")
        welsh.attach_evidence(path, ["psn-coco:BND-01"], title=f"Photo {n}")
    welsh.set_scope(replace(welsh.scope(), description=essay))
    contents = _contents(welsh)
    text = pdf_text(build_report(contents))
    assert "Sentence 899 of a reason" in text  # nothing cut from the reason
    assert "more (see the evidence index)" in text
    assert all(f"photo-{n:03d}.txt" in text for n in range(120))  # all in the index
