"""A complete, realistic sample workspace: a fictional primary school part-way through.

New users learn fastest from a worked example, and the tests, screenshots and benchmarks
need one too. Everything is derived from the as-of date, so the same date gives the same
workspace contents (and so the same pack). The organisation, people and addresses are
invented; the sample documents say so on their first line.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from psn_desktop.domain.catalogue import load_framework
from psn_desktop.domain.dates import uk_date
from psn_desktop.domain.model import (
    Action,
    ActionStatus,
    Address,
    Answer,
    AnswerStatus,
    AuthMethod,
    CloudService,
    Connection,
    Device,
    DeviceType,
    Finding,
    FindingSource,
    HealthCheck,
    Organisation,
    OrgType,
    Person,
    PersonRole,
    Route,
    Scope,
    Severity,
)
from psn_desktop.workspace.store import Workspace

ORG_NAME = "Oakfield Primary School"
SAMPLE_NOTE = "SAMPLE DOCUMENT for the PSN Desktop demo. Oakfield Primary School is fictional."

# Areas the demo school has finished, and the answers it gave elsewhere.
_MET_AREAS = ("GOV", "BND", "CFG", "PAT", "MAL", "ACC", "EML", "BAK")
_PARTLY = {"AUT-01": "Staff use a second check for email from home; the MIS does not yet."}
_NOT_MET = {"MED-01": "USB sticks are not controlled yet; staff use them for lesson resources.",
            "REM-02": "Two older laptops are not encrypted."}
_NOT_APPLICABLE = {"REM-04": "Staff may not use their own devices for school work."}


def _diagram_svg(drawn: date) -> str:
    boxes = [
        (40, "Internet"), (200, "Broadband router"), (360, "Firewall (school)"),
        (520, "Core switch"), (680, "Office and classroom PCs"),
    ]
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="860" height="300" '
        'font-family="DejaVu Sans, Arial" font-size="13">',
        f'<text x="20" y="30" font-size="18">{ORG_NAME} — network diagram</text>',
        f'<text x="20" y="52">Date drawn: {uk_date(drawn)}. {SAMPLE_NOTE}</text>',
    ]
    for x, label in boxes:
        parts.append(f'<rect x="{x - 20}" y="110" width="140" height="60" fill="#eef" '
                     'stroke="#335"/>')
        parts.append(f'<text x="{x - 12}" y="145">{label}</text>')
    for x, _ in boxes[:-1]:
        parts.append(f'<line x1="{x + 120}" y1="140" x2="{x + 140}" y2="140" stroke="#335"/>')
    parts.append('<rect x="340" y="200" width="140" height="50" fill="#efe" stroke="#353"/>')
    parts.append('<text x="348" y="230">PSN VPN gateway</text>')
    parts.append('<line x1="410" y1="170" x2="410" y2="200" stroke="#353"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _documents(folder: Path, as_of: date) -> dict[str, Path]:
    """Write the sample documents the demo attaches; return them by short name."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = {
        "diagram": ("network-diagram.svg", _diagram_svg(as_of - timedelta(days=60))),
        "security-policy": ("information-security-policy.txt",
                            f"{SAMPLE_NOTE}\n\nInformation security policy\nApproved by the "
                            f"governing body on {uk_date(as_of - timedelta(days=200))}.\n\n"
                            "1. Every member of staff has their own account.\n"
                            "2. Admin accounts are used only for admin work.\n"
                            "3. Software is kept up to date within 14 days.\n"),
        "firewall": ("firewall-rules-export.csv",
                     "rule,from,to,port,reason,approved_by\n"
                     "1,internet,web filter,443,Filtered browsing,IT provider\n"
                     "2,PSN gateway,MIS server,443,PSN services,Headteacher\n"
                     "3,any,any,any,Deny everything else,IT provider\n"),
        "patching": ("patch-report.csv",
                     "device,last_update,status\nOFFICE-PC-01,"
                     f"{(as_of - timedelta(days=6)).isoformat()},up to date\n"
                     f"HEAD-LAPTOP,{(as_of - timedelta(days=4)).isoformat()},up to date\n"),
        "antivirus": ("anti-malware-console.txt",
                      f"{SAMPLE_NOTE}\n\nAnti-malware console summary: 24 of 24 devices "
                      "protected, definitions current.\n"),
        "backup": ("backup-log.txt",
                   f"{SAMPLE_NOTE}\n\nNightly backup to the cloud copy: succeeded. Restore test "
                   f"on {uk_date(as_of - timedelta(days=45))}: succeeded.\n"),
        "accounts": ("account-review.txt",
                     f"{SAMPLE_NOTE}\n\nAnnual review of accounts and admin rights, done on "
                     f"{uk_date(as_of - timedelta(days=90))}. Leavers removed: 3.\n"),
        "ithc": ("it-health-check-summary.txt",
                 f"{SAMPLE_NOTE}\n\nIT Health Check by Example Assurance Ltd (CHECK provider),"
                 f" {uk_date(as_of - timedelta(days=120))}.\nExternal and internal tests. 3 "
                 "findings: see the remediation plan.\n"),
        "email": ("email-filtering.txt",
                  f"{SAMPLE_NOTE}\n\nEmail filtering and DMARC (p=quarantine) are on for "
                  "oakfield.example.sch.uk.\n"),
    }
    paths = {}
    for key, (name, text) in texts.items():
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="\n")
        paths[key] = path
    return paths


def _evidence_for_area(area: str) -> str:
    return {
        "GOV": "security-policy", "BND": "firewall", "CFG": "security-policy",
        "PAT": "patching", "MAL": "antivirus", "ACC": "accounts", "EML": "email",
        "BAK": "backup", "AUT": "security-policy", "INC": "security-policy",
    }.get(area, "security-policy")


def build_demo(folder: Path, *, as_of: date) -> Workspace:
    framework = load_framework("psn-coco")
    workspace = Workspace.create(folder, title=ORG_NAME, frameworks=["psn-coco"])
    try:
        _fill(workspace, framework, as_of)
    except BaseException:
        workspace.close()
        raise
    return workspace


def _fill(workspace: Workspace, framework, as_of: date) -> None:
    documents = _documents(workspace.folder / "sample-documents", as_of)
    workspace.set_organisation(Organisation(
        name=ORG_NAME, org_type=OrgType.SCHOOL, urn="999123",
        address=Address("1 School Lane", "", "Oakfield", "OX49 9ZZ"),
    ))
    workspace.set_person(Person(PersonRole.SIRO, "Priya Shah", "Headteacher",
                                "head@oakfield.example.sch.uk", "01632 960001"))
    workspace.set_person(Person(PersonRole.CONTACT, "Gareth Lewis", "School Business Manager",
                                "sbm@oakfield.example.sch.uk", "01632 960002"))
    workspace.set_person(Person(PersonRole.IT_PROVIDER, "Dana Okafor", "Support engineer",
                                "support@schools-it.example.co.uk", "01632 960100",
                                company="Schools IT Example Ltd"))
    workspace.set_scope(Scope(
        environment_name="Oakfield school network", user_count=42, site_count=1,
        ip_ranges=["10.20.0.0/16"], psn_services_hosted=[],
        description="Office, classrooms and the MIS server; the guest Wi-Fi is out of scope.",
    ))
    workspace.set_connection(Connection(
        route=Route.INTERNET_ENCRYPTED, gateway="vpn.psn-access.example.gov.uk",
        remote_ranges=["51.0.0.0/16"], local_identity="oakfield.example.sch.uk",
        auth_method=AuthMethod.CERTIFICATE,
    ))
    workspace.save_cloud_service(CloudService("Microsoft 365", "Email and documents", True,
                                              "Checked against the principles in 2025."))
    workspace.save_cloud_service(CloudService("Arbor MIS", "Pupil records", True))
    workspace.save_cloud_service(CloudService("ParentMail", "Messages to parents", None,
                                              "Waiting for the supplier's answers."))

    devices = [
        Device("SERVER-01", DeviceType.SERVER, "windows-server-2022", location="Comms room"),
        Device("HEAD-LAPTOP", DeviceType.LAPTOP, "windows-11", "25H2", "enterprise-education",
               owner="Priya Shah"),
        Device("OFFICE-PC-01", DeviceType.DESKTOP, "windows-11", "24H2", "enterprise-education",
               owner="Gareth Lewis", location="School office"),
        Device("RECEPTION-PC", DeviceType.DESKTOP, "windows-10", "22H2", "enterprise-education",
               extended_updates=False, location="Reception"),
    ]
    devices += [Device(f"CLASS-PC-{n:02d}", DeviceType.DESKTOP, "windows-11", "25H2",
                       "enterprise-education", location=f"Classroom {n}") for n in range(1, 7)]
    device_ids = workspace.save_devices(devices)
    reception_id = device_ids[3]

    answered_on = as_of - timedelta(days=14)
    attached: dict[str, list[str]] = {}
    for requirement in framework.requirements:
        qid = requirement.qualified_id
        rid = requirement.id
        if requirement.area in _MET_AREAS:
            workspace.set_answer(Answer(qid, AnswerStatus.MET, answered_on=answered_on))
            attached.setdefault(_evidence_for_area(requirement.area), []).append(qid)
        elif rid in _PARTLY:
            workspace.set_answer(Answer(qid, AnswerStatus.PARTLY, _PARTLY[rid],
                                        answered_on=answered_on))
            attached.setdefault(_evidence_for_area(requirement.area), []).append(qid)
        elif rid in _NOT_MET:
            workspace.set_answer(Answer(qid, AnswerStatus.NOT_MET, _NOT_MET[rid],
                                        answered_on=answered_on))
        elif rid in _NOT_APPLICABLE:
            workspace.set_answer(Answer(qid, AnswerStatus.NOT_APPLICABLE, _NOT_APPLICABLE[rid],
                                        answered_on=answered_on))
    # The submission items, with the documents' own dates.
    sub = {r.id: r.qualified_id for r in framework.requirements_in("SUB")}
    for rid in ("SUB-01", "SUB-03"):
        workspace.set_answer(Answer(sub[rid], AnswerStatus.MET, answered_on=answered_on))

    for key, requirement_ids in attached.items():
        workspace.attach_evidence(documents[key], requirement_ids,
                                  title=documents[key].stem.replace("-", " ").capitalize())
    check_date = as_of - timedelta(days=120)
    ithc = workspace.attach_evidence(documents["ithc"], [sub["SUB-01"]],
                                     title="IT Health Check summary", document_date=check_date)
    workspace.attach_evidence(documents["diagram"], [sub["SUB-03"]], title="Network diagram",
                              document_date=as_of - timedelta(days=60))
    workspace.set_health_check(HealthCheck("Example Assurance Ltd", check_date,
                                           "External and internal tests; 10% sample of PCs",
                                           ithc.sha256))

    found = check_date
    workspace.save_finding(
        Finding("RECEPTION-PC runs Windows 10, which no longer gets security updates",
                FindingSource.ESTATE, Severity.HIGH, [f"psn-coco:{_first(framework, 'PAT')}"],
                [reception_id], found, "Windows 10 support ended on 14 October 2025."),
        Action(0, "Dana Okafor", as_of + timedelta(days=45), ActionStatus.IN_PROGRESS,
               notes="Replacement PC ordered; old one to be wiped and recycled."),
    )
    workspace.save_finding(
        Finding("Remote desktop open to the internet on SERVER-01", FindingSource.HEALTH_CHECK,
                Severity.CRITICAL, [f"psn-coco:{_first(framework, 'BND')}"], [device_ids[0]],
                found, reference="ITHC-01"),
        Action(0, "Dana Okafor", check_date + timedelta(days=7), ActionStatus.DONE,
               notes="Rule removed; confirmed by a re-test."),
    )
    workspace.save_finding(
        Finding("Local admin password the same on all classroom PCs",
                FindingSource.HEALTH_CHECK, Severity.MEDIUM,
                [f"psn-coco:{_first(framework, 'ACC')}"], device_ids[4:], found,
                reference="ITHC-02"),
        Action(0, "Dana Okafor", as_of + timedelta(days=30), ActionStatus.PLANNED,
               notes="Turn on Windows LAPS through the management console."),
    )
    workspace.save_finding(
        Finding("Self-signed certificate on the staff intranet", FindingSource.HEALTH_CHECK,
                Severity.LOW, [], [device_ids[0]], found, reference="ITHC-03"),
    )
    usb = f"psn-coco:{'MED-01'}"
    workspace.save_finding(
        Finding("USB sticks are not controlled", FindingSource.SELF_ASSESSED, Severity.MEDIUM,
                [usb], [], answered_on),
        Action(0, "Gareth Lewis", as_of + timedelta(days=60), ActionStatus.PLANNED,
               notes="Issue encrypted sticks to staff; block others by policy."),
    )


def _first(framework, area: str) -> str:
    return framework.requirements_in(area)[0].id
