"""The workspace's facts as plain Python values, shared by every layer.

Everything here is a small dataclass with no behaviour beyond conversion, so that the store,
the readiness rules, the pack and the UI all agree on one shape. Dates are ``datetime.date``;
requirement ids are framework-qualified (``psn-coco:BND-01``); device, finding and action ids
are the store's integer ids (``None`` until saved).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class OrgType(StrEnum):
    SCHOOL = "school"
    GP_SURGERY = "gp_surgery"
    CHARITY = "charity"
    COUNCIL = "council"
    OTHER = "other"

    @property
    def label(self) -> str:
        return ORG_TYPE_LABELS[self]


ORG_TYPE_LABELS: dict[OrgType, str] = {
    OrgType.SCHOOL: "School or college",
    OrgType.GP_SURGERY: "GP surgery",
    OrgType.CHARITY: "Charity",
    OrgType.COUNCIL: "Council",
    OrgType.OTHER: "Other public body",
}


class PersonRole(StrEnum):
    SIRO = "siro"
    CONTACT = "contact"
    IT_PROVIDER = "it_provider"

    @property
    def label(self) -> str:
        return {
            PersonRole.SIRO: "Senior information risk owner (signs the commitment)",
            PersonRole.CONTACT: "Day-to-day contact",
            PersonRole.IT_PROVIDER: "IT support provider",
        }[self]


class Route(StrEnum):
    PROVIDER_LINK = "provider_link"
    INTERNET_ENCRYPTED = "internet_encrypted"

    @property
    def label(self) -> str:
        return {
            Route.PROVIDER_LINK: "Through a network provider's direct link",
            Route.INTERNET_ENCRYPTED: "Over the internet with an encrypted tunnel (VPN)",
        }[self]


class AuthMethod(StrEnum):
    CERTIFICATE = "certificate"
    PRE_SHARED_KEY = "psk"


class DeviceType(StrEnum):
    DESKTOP = "desktop"
    LAPTOP = "laptop"
    SERVER = "server"
    TABLET = "tablet"
    PHONE = "phone"
    NETWORK = "network"
    OTHER = "other"


class AnswerStatus(StrEnum):
    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return {
            AnswerStatus.MET: "Met",
            AnswerStatus.PARTLY: "Partly met",
            AnswerStatus.NOT_MET: "Not met",
            AnswerStatus.NOT_APPLICABLE: "Not applicable",
        }[self]

    @property
    def needs_reason(self) -> bool:
        return self in (AnswerStatus.NOT_MET, AnswerStatus.NOT_APPLICABLE, AnswerStatus.PARTLY)


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Lower is worse, so sorting by rank lists the most urgent first."""
        return list(Severity).index(self)


class FindingSource(StrEnum):
    HEALTH_CHECK = "health_check"
    SCAN = "scan"
    ESTATE = "estate"
    SELF_ASSESSED = "self_assessed"


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    ACCEPTED_RISK = "accepted_risk"

    @property
    def is_open(self) -> bool:
        return self in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


@dataclass
class Address:
    line1: str = ""
    line2: str = ""
    town: str = ""
    postcode: str = ""

    def is_empty(self) -> bool:
        return not any((self.line1, self.line2, self.town, self.postcode))


@dataclass
class Organisation:
    name: str = ""
    org_type: OrgType | None = None
    urn: str = ""  # a school's unique reference number (6 digits)
    ods_code: str = ""  # a GP practice's Organisation Data Service code
    address: Address = field(default_factory=Address)


@dataclass
class Person:
    role: PersonRole
    name: str = ""
    job_title: str = ""
    email: str = ""
    phone: str = ""
    company: str = ""  # the IT provider's firm; blank for staff


@dataclass
class Scope:
    environment_name: str = ""
    user_count: int | None = None
    site_count: int | None = None
    ip_ranges: list[str] = field(default_factory=list)
    psn_services_hosted: list[str] = field(default_factory=list)
    description: str = ""

    def is_described(self) -> bool:
        return bool(
            self.environment_name.strip()
            and self.user_count is not None
            and self.site_count is not None
            and self.ip_ranges
        )


@dataclass
class Connection:
    route: Route | None = None
    provider_name: str = ""
    gateway: str = ""
    remote_ranges: list[str] = field(default_factory=list)
    local_identity: str = ""
    auth_method: AuthMethod = AuthMethod.CERTIFICATE
    split_tunnel_reason: str = ""


@dataclass
class CloudService:
    name: str
    purpose: str = ""
    assessed: bool | None = None  # against the national cloud security principles
    notes: str = ""
    id: int | None = None


@dataclass
class Device:
    name: str
    device_type: DeviceType = DeviceType.DESKTOP
    os_product: str = ""  # a support-data product slug, e.g. "windows-11"
    os_version: str = ""  # feature release, e.g. "23H2"; blank if none or unknown
    os_edition: str = ""  # edition family slug, e.g. "home-pro"; blank if unknown
    extended_updates: bool | None = False
    owner: str = ""
    location: str = ""
    source: str = "manual"
    id: int | None = None


@dataclass
class Answer:
    requirement_id: str
    status: AnswerStatus
    reason: str = ""
    notes: str = ""
    answered_on: date | None = None


@dataclass(frozen=True)
class EvidenceFile:
    """A file copied into the workspace's evidence store, named by its content."""

    sha256: str
    size: int
    original_name: str
    media_type: str = "application/octet-stream"
    original_path: str = ""
    original_mtime_ns: int | None = None
    added_on: date | None = None


@dataclass
class EvidenceUse:
    """One use of a stored file: which requirements it serves and the document's own date."""

    sha256: str
    requirement_ids: list[str]
    title: str = ""
    document_date: date | None = None
    id: int | None = None


@dataclass
class HealthCheck:
    provider: str = ""
    check_date: date | None = None
    scope: str = ""
    report_sha256: str = ""

    def is_recorded(self) -> bool:
        return bool(self.provider.strip() and self.check_date)


@dataclass
class Finding:
    title: str
    source: FindingSource
    severity: Severity = Severity.MEDIUM
    requirement_ids: list[str] = field(default_factory=list)
    device_ids: list[int] = field(default_factory=list)
    date_found: date | None = None
    detail: str = ""
    reference: str = ""  # the provider's own finding number, a scan's check id…
    id: int | None = None


@dataclass
class Action:
    finding_id: int
    owner: str = ""
    target_date: date | None = None
    status: ActionStatus = ActionStatus.PLANNED
    reason: str = ""  # why a risk was accepted
    notes: str = ""
    id: int | None = None

    def is_overdue(self, as_of: date) -> bool:
        return self.status.is_open and self.target_date is not None and self.target_date < as_of


@dataclass
class SignOff:
    name: str
    role: str
    signed_on: date
    declared: bool
    framework_id: str = "psn-coco"
    content_digest: str = ""  # what was signed, so a later change can mark it out of date


@dataclass
class WorkspaceInfo:
    id: str
    created_on: date
    frameworks: list[str] = field(default_factory=lambda: ["psn-coco"])
    title: str = ""


@dataclass
class WorkspaceData:
    """A whole workspace read in one transaction: what rules, reports and packs work from."""

    info: WorkspaceInfo
    organisation: Organisation = field(default_factory=Organisation)
    people: dict[PersonRole, Person] = field(default_factory=dict)
    scope: Scope = field(default_factory=Scope)
    connection: Connection = field(default_factory=Connection)
    cloud_services: list[CloudService] = field(default_factory=list)
    devices: list[Device] = field(default_factory=list)
    answers: dict[str, Answer] = field(default_factory=dict)
    evidence_files: dict[str, EvidenceFile] = field(default_factory=dict)
    evidence_uses: list[EvidenceUse] = field(default_factory=list)
    health_check: HealthCheck = field(default_factory=HealthCheck)
    findings: list[Finding] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    sign_offs: list[SignOff] = field(default_factory=list)
    # Which secrets are saved in the keyring: key -> (label, changed at). Never their values.
    secret_records: dict[str, tuple[str, str]] = field(default_factory=dict)

    def person(self, role: PersonRole) -> Person:
        return self.people.get(role) or Person(role=role)

    def evidence_for(self, requirement_id: str) -> list[EvidenceUse]:
        return [use for use in self.evidence_uses if requirement_id in use.requirement_ids]

    def actions_for(self, finding_id: int | None) -> list[Action]:
        return [a for a in self.actions if a.finding_id == finding_id]

    def findings_for_device(self, device_id: int | None) -> list[Finding]:
        return [f for f in self.findings if device_id in f.device_ids]

    def findings_for_requirement(self, requirement_id: str) -> list[Finding]:
        return [f for f in self.findings if requirement_id in f.requirement_ids]

    def latest_sign_off(self, framework_id: str) -> SignOff | None:
        signed = [s for s in self.sign_offs if s.framework_id == framework_id]
        return signed[-1] if signed else None
