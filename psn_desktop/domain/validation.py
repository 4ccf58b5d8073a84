"""Plain-English checks on what a user typed, returning every problem at once.

Users fill long forms between interruptions; a form that reports one error at a time makes
them submit again and again. So every ``validate_*`` returns the full list of
:class:`Problem` values (field name plus a message that says what to do), and an empty list
means the value is fine. Nothing here raises for bad input.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from psn_desktop.domain.model import (
    Action,
    ActionStatus,
    Address,
    Answer,
    AuthMethod,
    CloudService,
    Connection,
    Device,
    Finding,
    HealthCheck,
    Organisation,
    OrgType,
    Person,
    PersonRole,
    Route,
    Scope,
    SignOff,
)


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


# The UK postcode shape (outward code, space optional, inward code), including GIR 0AA.
_POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKS-UW]"
    r"|[A-HK-Y][0-9][ABEHMNPRV-Y]) ?[0-9][ABD-HJLNP-UW-Z]{2})$",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URN = re.compile(r"^[0-9]{6}$")
# GP practice ODS codes: one letter then five digits (e.g. A81001).
_ODS_PRACTICE = re.compile(r"^[A-Z][0-9]{5}$", re.IGNORECASE)
_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
)


def is_uk_postcode(text: str) -> bool:
    return bool(_POSTCODE.match(text.strip()))


def normalise_postcode(text: str) -> str:
    """Upper case with the single space before the inward code, as Royal Mail writes it."""
    compact = re.sub(r"\s+", "", text).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text.strip()))


def is_hostname_or_address(text: str) -> bool:
    text = text.strip()
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return bool(_HOSTNAME.match(text)) and not text.replace(".", "").isdigit()


def parse_ip_range(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """A CIDR range, a single address (as /32 or /128) or ``start-end`` collapsed to one range.

    Raises ValueError with a message a non-specialist can act on.
    """
    text = text.strip()
    if not text:
        raise ValueError("Enter an IP range, for example 10.20.0.0/16.")
    if "-" in text and "/" not in text:
        start_text, _, end_text = text.partition("-")
        try:
            start = ipaddress.ip_address(start_text.strip())
            end = ipaddress.ip_address(end_text.strip())
        except ValueError:
            raise ValueError(
                f"'{text}' is not a range of IP addresses. Write it like 10.20.0.0/16 "
                "or 10.20.0.1-10.20.0.254."
            ) from None
        if start.version != end.version or int(end) < int(start):
            raise ValueError(f"In '{text}' the second address must come after the first.")
        networks = list(ipaddress.summarize_address_range(start, end))  # type: ignore[arg-type]
        if len(networks) != 1:
            raise ValueError(
                f"'{text}' is not a single block. Split it into blocks such as "
                + ", ".join(str(n) for n in networks[:3])
                + "."
            )
        return networks[0]
    try:
        return ipaddress.ip_network(text, strict=True)
    except ValueError:
        try:
            loose = ipaddress.ip_network(text, strict=False)
        except ValueError:
            raise ValueError(
                f"'{text}' is not an IP range. Write it like 10.20.0.0/16 (address, slash, size)."
            ) from None
        raise ValueError(
            f"'{text}' has host bits set. Did you mean {loose}?"
        ) from None


def _ranges_problems(field_name: str, ranges: Iterable[str], *,
                     private_only: bool) -> list[Problem]:
    problems: list[Problem] = []
    parsed: list[tuple[str, ipaddress.IPv4Network | ipaddress.IPv6Network]] = []
    for text in ranges:
        try:
            network = parse_ip_range(text)
        except ValueError as error:
            problems.append(Problem(field_name, str(error)))
            continue
        if private_only and not network.is_private:
            problems.append(
                Problem(
                    field_name,
                    f"{network} is a public internet range. Internal ranges are usually "
                    "10.x.x.x, 172.16–31.x.x or 192.168.x.x; check with your IT provider.",
                )
            )
        parsed.append((text, network))
    for index, (text_a, net_a) in enumerate(parsed):
        for text_b, net_b in parsed[index + 1 :]:
            if net_a.version == net_b.version and net_a.overlaps(net_b):  # type: ignore[arg-type]
                problems.append(
                    Problem(field_name, f"{text_a} and {text_b} overlap. List each range once.")
                )
    return problems


def validate_organisation(org: Organisation) -> list[Problem]:
    problems: list[Problem] = []
    if not org.name.strip():
        problems.append(Problem("name", "Enter the organisation's name."))
    if org.org_type is None:
        problems.append(Problem("org_type", "Choose what kind of organisation this is."))
    if org.org_type is OrgType.SCHOOL and org.urn and not _URN.match(org.urn.strip()):
        problems.append(
            Problem("urn", "A school's URN is 6 digits, for example 100000. Find it on Get "
                    "Information about Schools, or leave it blank.")
        )
    if org.org_type is OrgType.GP_SURGERY and org.ods_code and not _ODS_PRACTICE.match(
        org.ods_code.strip()
    ):
        problems.append(
            Problem("ods_code", "A GP practice's ODS code is a letter and 5 digits, for example "
                    "A81001. Leave it blank if you don't know it.")
        )
    if org.address.postcode and not is_uk_postcode(org.address.postcode):
        problems.append(
            Problem("postcode", f"'{org.address.postcode}' is not a UK postcode. "
                    "Write it like SW1A 2AA.")
        )
    return problems


def validate_address(address: Address) -> list[Problem]:
    """The postal address the PSN team writes to: a first line, a town and a postcode."""
    problems: list[Problem] = []
    if not address.line1.strip():
        problems.append(Problem("line1", "Enter the first line of the address, for example "
                                "1 School Lane."))
    if not address.town.strip():
        problems.append(Problem("town", "Enter the town or city."))
    if not address.postcode.strip():
        problems.append(Problem("postcode", "Enter the postcode, for example SW1A 2AA."))
    elif not is_uk_postcode(address.postcode):
        problems.append(
            Problem("postcode", f"'{address.postcode}' is not a UK postcode. "
                    "Write it like SW1A 2AA.")
        )
    return problems


def validate_person(person: Person) -> list[Problem]:
    problems: list[Problem] = []
    who = {
        PersonRole.SIRO: "the senior information risk owner",
        PersonRole.CONTACT: "the day-to-day contact",
        PersonRole.IT_PROVIDER: "your IT support contact",
    }[person.role]
    if not person.name.strip():
        problems.append(Problem("name", f"Enter the name of {who}."))
    if not person.email.strip():
        problems.append(Problem("email", f"Enter an email address for {who}."))
    elif not is_email(person.email):
        problems.append(
            Problem("email", f"'{person.email}' is not an email address. "
                    "Write it like name@example.org.uk.")
        )
    if person.phone and not re.fullmatch(r"[0-9 +()-]{7,20}", person.phone.strip()):
        problems.append(Problem("phone", "A phone number has only digits, spaces, + and brackets."))
    if person.role is PersonRole.SIRO and not person.job_title.strip():
        problems.append(
            Problem("job_title", "Enter the senior information risk owner's job title, "
                    "for example Headteacher or Practice Manager.")
        )
    return problems


def validate_scope(scope: Scope) -> list[Problem]:
    problems: list[Problem] = []
    if not scope.environment_name.strip():
        problems.append(
            Problem("environment_name", "Give the part of your network you are connecting a "
                    "name, for example 'Office network'.")
        )
    if scope.user_count is None or scope.user_count < 1:
        problems.append(Problem("user_count", "Enter how many people use the network (1 or more)."))
    if scope.site_count is None or scope.site_count < 1:
        problems.append(Problem("site_count", "Enter how many sites (buildings) are included."))
    if not scope.ip_ranges:
        problems.append(
            Problem("ip_ranges", "Enter at least one internal IP range, for example "
                    "192.168.1.0/24. Your IT provider can tell you these.")
        )
    problems.extend(_ranges_problems("ip_ranges", scope.ip_ranges, private_only=True))
    return problems


def validate_connection(connection: Connection, scope: Scope | None = None) -> list[Problem]:
    problems: list[Problem] = []
    if connection.route is None:
        problems.append(Problem("route", "Choose how you connect."))
        return problems
    if connection.route is Route.PROVIDER_LINK and not connection.provider_name.strip():
        problems.append(Problem("provider_name", "Enter the name of your network provider."))
    if connection.route is Route.INTERNET_ENCRYPTED:
        if not connection.gateway.strip():
            problems.append(
                Problem("gateway", "Enter the address of the gateway you connect to, for "
                        "example vpn.example.gov.uk.")
            )
        elif not is_hostname_or_address(connection.gateway):
            problems.append(
                Problem("gateway", f"'{connection.gateway}' is not a host name or IP address.")
            )
        if not connection.remote_ranges:
            problems.append(
                Problem("remote_ranges", "Enter the network ranges you reach through the tunnel "
                        "(your connection provider gives you these).")
            )
        problems.extend(_ranges_problems("remote_ranges", connection.remote_ranges,
                                         private_only=False))
        if scope is not None:
            problems.extend(_overlaps_with_site(connection.remote_ranges, scope.ip_ranges))
        if connection.auth_method is AuthMethod.PRE_SHARED_KEY and not connection.local_identity:
            problems.append(
                Problem("local_identity", "Enter this site's identity (agreed with the gateway).")
            )
    return problems


def _overlaps_with_site(remote: Iterable[str], local: Iterable[str]) -> list[Problem]:
    problems = []
    local_nets = []
    for text in local:
        try:
            local_nets.append(parse_ip_range(text))
        except ValueError:
            continue
    for text in remote:
        try:
            net = parse_ip_range(text)
        except ValueError:
            continue
        for own in local_nets:
            if net.version == own.version and net.overlaps(own):  # type: ignore[arg-type]
                problems.append(
                    Problem("remote_ranges", f"{net} overlaps your own range {own}: traffic "
                            "could not tell which side to go to. Ask your provider for another.")
                )
    return problems


def validate_cloud_service(service: CloudService) -> list[Problem]:
    problems: list[Problem] = []
    if not service.name.strip():
        problems.append(
            Problem("name", "Enter the cloud service's name, for example Microsoft 365.")
        )
    if service.assessed is None:
        problems.append(
            Problem("assessed", f"Say whether {service.name or 'this service'} was checked "
                    "against the cloud security principles.")
        )
    return problems


def validate_device(device: Device) -> list[Problem]:
    problems: list[Problem] = []
    if not device.name.strip():
        problems.append(Problem("name", "Enter the device's name, for example OFFICE-PC-1."))
    if not device.os_product.strip():
        problems.append(
            Problem("os_product", f"Choose the operating system of {device.name or 'the device'}.")
        )
    return problems


def validate_answer(answer: Answer) -> list[Problem]:
    problems: list[Problem] = []
    if answer.status.needs_reason and not answer.reason.strip():
        problems.append(
            Problem("reason", {
                "not_met": "Say briefly why this is not met yet (a plan comes next).",
                "partly": "Say what is missing.",
                "not_applicable": "Say why this does not apply to you.",
            }[answer.status.value])
        )
    return problems


def validate_health_check(check: HealthCheck, as_of: date) -> list[Problem]:
    problems: list[Problem] = []
    if not check.provider.strip():
        problems.append(Problem("provider", "Enter the company that did the IT Health Check."))
    if check.check_date is None:
        problems.append(Problem("check_date", "Enter the date the IT Health Check was done."))
    elif check.check_date > as_of:
        problems.append(Problem("check_date", "The health check date is in the future."))
    return problems


def validate_finding(finding: Finding) -> list[Problem]:
    problems: list[Problem] = []
    if not finding.title.strip():
        problems.append(Problem("title", "Give the finding a short title."))
    return problems


def validate_action(action: Action) -> list[Problem]:
    problems: list[Problem] = []
    if action.status is not ActionStatus.DONE and not action.owner.strip():
        problems.append(Problem("owner", "Say who will do this."))
    if action.status.is_open and action.target_date is None:
        problems.append(Problem("target_date", "Choose a target date."))
    if action.status is ActionStatus.ACCEPTED_RISK and not action.reason.strip():
        problems.append(
            Problem("reason", "Explain why the risk is accepted; the signer must agree to it.")
        )
    return problems


def validate_sign_off(sign_off: SignOff, as_of: date) -> list[Problem]:
    problems: list[Problem] = []
    if not sign_off.name.strip():
        problems.append(Problem("name", "Enter the signer's name."))
    if not sign_off.role.strip():
        problems.append(Problem("role", "Enter the signer's role."))
    if not sign_off.declared:
        problems.append(Problem("declared", "The signer must tick the declaration."))
    if sign_off.signed_on > as_of:
        problems.append(Problem("signed_on", "The signing date is in the future."))
    return problems
