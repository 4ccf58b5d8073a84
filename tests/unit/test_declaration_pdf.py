"""The printable declaration, read back: what is signed for, the promises, the signature
box, the reference and the signing key's fingerprint; the same input gives the same bytes."""

from __future__ import annotations

import io

from pypdf import PdfReader

from psn_desktop.declaration.pdf import declaration_pdf, prepare
from psn_desktop.domain.sign_off import content_digest, reference
from psn_desktop.journey.facts import gather


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_declaration_stands_on_its_own(demo_workspace, as_of):
    facts = gather(demo_workspace, as_of)
    declaration = prepare(facts.data, list(facts.readiness), as_of,
                          fingerprint="SHA256:ab12cd34")
    pdf = declaration_pdf(facts.data, declaration)
    text = " ".join(text_of(pdf).split())
    assert pdf.startswith(b"%PDF")
    for words in ("Declaration for the PSN Code of Connection (customer)",
                  "Oakfield Primary School", "Prepared on 23 November 2026 for Priya Shah",
                  "What you are signing for", "Oakfield school network",
                  "Example Assurance Ltd, 26 July 2026", "The actions you are agreeing to",
                  "Local admin password the same on all classroom PCs", "Dana Okafor",
                  "Still to sort out before submitting", "I confirm that",
                  "the remediation plan has been agreed", "Name Priya Shah",
                  "Role Headteacher", "Signature", "Date", "SHA256:ab12cd34",
                  reference(content_digest(facts.data, "psn-coco"))):
        assert words in text, words
    # The commitment itself is what this paper is for, so it is not listed as still to do.
    assert "has not been signed by the senior information risk owner" not in text
    assert declaration.digests == {"psn-coco": content_digest(facts.data, "psn-coco")}


def test_same_input_same_bytes_and_no_fingerprint_when_none(demo_workspace, as_of):
    facts = gather(demo_workspace, as_of)
    declaration = prepare(facts.data, list(facts.readiness), as_of)
    first = declaration_pdf(facts.data, declaration)
    assert declaration_pdf(facts.data, declaration) == first
    assert "fingerprint" not in text_of(first).lower()


def test_an_empty_workspace_still_prints_something_to_sign(empty_workspace, as_of):
    facts = gather(empty_workspace, as_of)
    text = " ".join(text_of(declaration_pdf(facts.data, prepare(
        facts.data, list(facts.readiness), as_of))).split())
    assert "Organisation not named yet" in text
    assert "Not described yet" in text and "Not recorded yet" in text
    assert "Senior information risk owner" in text
