"""Everything that goes into one pack, worked out once before anything is written.

The report, ``results.json``, ``plan.csv`` and the bag all describe the same facts, so they
are computed here from one workspace snapshot and one as-of date, and every writer reads
this instead of the workspace. That is what makes the pack self-consistent, and (with fixed
ordering everywhere) what makes two builds of the same workspace and date byte-identical.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from psn_desktop import __version__
from psn_desktop.domain.catalogue import Framework
from psn_desktop.domain.model import Device, EvidenceUse, SignOff, WorkspaceData
from psn_desktop.domain.readiness import Readiness, assess
from psn_desktop.domain.reuse import MappingIndex, evidence_index, installed_index
from psn_desktop.domain.support import (
    SupportData,
    SupportState,
    SupportVerdict,
    load_support_data,
    support_status,
)
from psn_desktop.pack.bag import EVIDENCE_DIR
from psn_desktop.pack.naming import assign_names

APP_NAME = "PSN Desktop"


class AsOfSource:
    GIVEN = "given"  # --as-of, or chosen in the app
    SIGN_OFF = "sign_off"  # the date the SIRO signed the commitment
    TODAY = "today"  # nothing signed and no date given


@dataclass(frozen=True)
class EvidenceItem:
    """One stored file as it appears in the pack, with every use made of it."""

    sha256: str
    size: int
    path: str  # inside the bag, e.g. data/evidence/backup-log.txt
    original_name: str
    media_type: str
    uses: tuple[EvidenceUse, ...]
    # The pack's framework's requirements this file serves (directly or through an answer
    # given for another framework); None means "whatever its uses name", as before.
    serves: tuple[str, ...] | None = None
    reused: bool = False  # reaches this framework only through another framework's answer

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def requirement_ids(self) -> list[str]:
        if self.serves is not None:
            return sorted(self.serves)
        return sorted({rid for use in self.uses for rid in use.requirement_ids})

    @property
    def titles(self) -> list[str]:
        return list(dict.fromkeys(use.title for use in self.uses if use.title))


@dataclass(frozen=True)
class SignerInfo:
    """Whether the pack is signed, and by which key; never holds the private half."""

    signed: bool
    algorithm: str = "Ed25519"
    public_key: str = ""  # base64 of the raw 32-byte public key
    fingerprint: str = ""
    reason: str = ""  # why it is unsigned, in plain words


@dataclass(frozen=True)
class DeviceRow:
    device: Device
    verdict: SupportVerdict
    product_name: str = ""  # "Windows 11" for the slug "windows-11"

    @property
    def unsupported(self) -> bool:
        return self.verdict.state is SupportState.NO


@dataclass
class PackContents:
    data: WorkspaceData
    framework: Framework
    readiness: Readiness
    as_of: date
    as_of_source: str
    signer: SignerInfo
    evidence: list[EvidenceItem]
    devices: list[DeviceRow]
    app_version: str = __version__
    notes: list[str] = field(default_factory=list)

    @property
    def organisation_name(self) -> str:
        return self.data.organisation.name.strip() or "Organisation not named yet"

    @property
    def sign_off(self) -> SignOff | None:
        signed = [s for s in self.data.sign_offs
                  if s.framework_id == self.framework.id and s.signed_on <= self.as_of]
        return signed[-1] if signed else None

    def evidence_names(self, requirement_id: str) -> list[str]:
        """Pack file names of the evidence for one requirement, in index order."""
        return [item.name for item in self.evidence if requirement_id in item.requirement_ids]

    def evidence_by_sha(self) -> dict[str, EvidenceItem]:
        return {item.sha256: item for item in self.evidence}


def choose_as_of(data: WorkspaceData, framework_id: str, given: date | None,
                 today: date) -> tuple[date, str]:
    """The date the pack speaks for: the one given, else the latest sign-off, else today."""
    if given is not None:
        return given, AsOfSource.GIVEN
    signed = data.latest_sign_off(framework_id)
    if signed is not None:
        return signed.signed_on, AsOfSource.SIGN_OFF
    return today, AsOfSource.TODAY


def evidence_items(data: WorkspaceData, framework: Framework | None = None,
                   index: MappingIndex | None = None) -> list[EvidenceItem]:
    """Every file the pack carries once, named for the pack, in name order.

    Without a framework, every stored file with every requirement its uses name. With one,
    the framework's own evidence index (``reuse.evidence_index``) decides which of its
    requirements each file serves, including those reached through an answer given for
    another framework; a file that serves only other frameworks stays out of this pack, while
    one linked to no requirement at all (a health check report, say) stays in.
    """
    served = ({} if framework is None else
              {e.sha256: e for e in evidence_index(data, framework, index or installed_index())})
    own = framework.id + ":" if framework is not None else ""
    uses_by_sha: dict[str, tuple[EvidenceUse, ...]] = {}
    for sha in data.evidence_files:
        uses_by_sha[sha] = tuple(sorted((u for u in data.evidence_uses if u.sha256 == sha),
                                        key=lambda u: (u.title, u.id or 0)))
    kept: dict[str, tuple[str, ...] | None] = {}
    for sha, uses in uses_by_sha.items():
        if framework is None:
            kept[sha] = None
            continue
        named = {rid for use in uses for rid in use.requirement_ids}
        if sha in served:
            kept[sha] = served[sha].requirement_ids
        elif not named or any(rid.startswith(own) for rid in named):
            kept[sha] = tuple(sorted(rid for rid in named if rid.startswith(own)))
    names = assign_names((sha, data.evidence_files[sha].original_name) for sha in kept)
    items = []
    for sha, serves in kept.items():
        record = data.evidence_files[sha]
        entry = served.get(sha)
        items.append(EvidenceItem(sha, record.size, EVIDENCE_DIR + names[sha],
                                  record.original_name, record.media_type, uses_by_sha[sha],
                                  serves, entry.reused if entry is not None else False))
    return sorted(items, key=lambda item: (item.path.casefold(), item.path))


def device_rows(data: WorkspaceData, as_of: date, support: SupportData) -> list[DeviceRow]:
    rows = []
    names: dict[str, str] = {}
    for device in sorted(data.devices, key=lambda d: (d.name.casefold(), d.id or 0)):
        product = device.os_product
        if product and product not in names:
            known = support.find(product, None)
            names[product] = known[0].product_name if known else product
        if device.os_product:
            verdict = support_status(device.os_product, device.os_version or None,
                                     device.os_edition or None, as_of,
                                     extended_updates=device.extended_updates, data=support)
        else:
            verdict = SupportVerdict(SupportState.UNKNOWN,
                                     "The operating system is not recorded.")
        rows.append(DeviceRow(device, verdict, names.get(product, "")))
    return rows


def gather(data: WorkspaceData, framework: Framework, as_of: date, as_of_source: str,
           signer: SignerInfo, support: SupportData | None = None) -> PackContents:
    support = support or load_support_data()
    index = installed_index()
    readiness = assess(data, framework, as_of, support, index=index)
    contents = PackContents(
        data=data, framework=framework, readiness=readiness, as_of=as_of,
        as_of_source=as_of_source, signer=signer,
        evidence=evidence_items(data, framework, index),
        devices=device_rows(data, as_of, support),
    )
    if not readiness.ready:
        contents.notes.append(
            "This pack was built before the workspace was ready to submit: "
            f"{len(readiness.blockers)} thing{'s' if len(readiness.blockers) != 1 else ''} "
            "still to sort out (listed in the summary). Treat it as a draft.")
    if as_of_source == AsOfSource.TODAY:
        contents.notes.append("No signed commitment is recorded, so the pack speaks for the day "
                              "it was built.")
    if not signer.signed:
        contents.notes.append(f"This pack is not signed. {signer.reason}".strip())
    return contents
