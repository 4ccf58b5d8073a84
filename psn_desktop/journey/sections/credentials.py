"""Section: the passwords and keys the work needs, kept only in this computer's secure store.

Saving them is a choice, not a requirement: every feature asks for a secret it needs when
none is saved. So the section asks one question (save them on this PC, or be asked each
time), and when the answer is "save them" it lists the ones the connection needs that are
not saved yet: the VPN pre-shared key for a shared-key tunnel, the certificate passphrase
for a certificate. The page itself (add, replace, show, copy, delete) is in
``psn_desktop.ui.credentials``.
"""

from __future__ import annotations

from psn_desktop.domain.model import AuthMethod, Route
from psn_desktop.domain.validation import Problem
from psn_desktop.journey.facts import Facts
from psn_desktop.journey.registry import register
from psn_desktop.journey.section import Section
from psn_desktop.journey.status import SectionStatus
from psn_desktop.journey.steps import Step, StepKind, SummaryRow
from psn_desktop.secrets.purposes import SecretPurpose, is_key, plain_name

SECTION_ID = "credentials"
KEEP_KEY = "credentials.keep"  # journey answer: "save" or "ask"
SAVE, ASK = "save", "ask"
KEEP_LABELS = {SAVE: "Yes, save them on this PC", ASK: "No, ask me each time they are needed"}


def needed(facts: Facts) -> list[str]:
    """The secrets this workspace's connection cannot work without."""
    connection = facts.data.connection
    if connection.route is not Route.INTERNET_ENCRYPTED:
        return []
    if connection.auth_method is AuthMethod.PRE_SHARED_KEY:
        return [SecretPurpose.VPN_PSK.value]
    return [SecretPurpose.CERT_PASSPHRASE.value]


def keep(facts: Facts) -> str | None:
    answer = facts.answer(KEEP_KEY)
    return answer if answer in (SAVE, ASK) else None


def _problems(facts: Facts, _item: int | None) -> list[Problem]:
    if keep(facts) is None:
        return [Problem("keep", "Choose whether to save passwords and keys on this PC, or to "
                        "be asked for them each time.")]
    return []


def _missing(facts: Facts) -> list[Problem]:
    if keep(facts) == ASK:
        return []
    return [Problem("keep", f"The {plain_name(key)} is not saved yet.")
            for key in needed(facts) if key not in facts.data.secret_records]


def status(facts: Facts) -> SectionStatus:
    started = keep(facts) is not None or bool(facts.data.secret_records)
    return SectionStatus.from_problems([*_problems(facts, None), *_missing(facts)],
                                       started=started)


def _rows(facts: Facts) -> list[SummaryRow]:
    rows = [SummaryRow("credentials", "Save passwords and keys on this PC?",
                       KEEP_LABELS.get(keep(facts) or "", ""), translate_value=True)]
    for key, (label, _changed) in facts.data.secret_records.items():
        if not is_key(key):
            continue  # saved by a newer version of the app
        rows.append(SummaryRow("credentials", plain_name(key, label), "Saved",
                               translate_value=True))
    for key in needed(facts):
        if key not in facts.data.secret_records:
            rows.append(SummaryRow("credentials", plain_name(key),
                                   "Not saved: you will be asked for it when it is needed",
                                   translate_value=True))
    return rows


SECTION = register(Section(
    id=SECTION_ID,
    title="Passwords and keys",
    summary="The portal password, VPN key, certificate passphrase and upload token, kept "
            "safely.",
    order=70,
    status=status,
    steps=(
        Step("credentials", "Passwords and keys",
             hint="The compliance portal account, the upload token, the VPN pre-shared key or "
                  "certificate passphrase, and the pack-signing key. PSN Desktop keeps them "
                  "only in this computer's secure store, never in the workspace or any file.",
             fields=("keep",), glossary=("pre_shared_key", "certificate", "vpn"),
             check=_problems, summary=_rows),
        Step("check", "Check your answers", kind=StepKind.CHECK),
    ),
))
