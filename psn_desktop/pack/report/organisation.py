"""Section 2: the organisation, its people, the scope, the connection and cloud services."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from psn_desktop.domain.model import AuthMethod, PersonRole
from psn_desktop.pack.contents import PackContents
from psn_desktop.pack.report.document import Heading, subheading
from psn_desktop.pack.report.styles import CONTENT_WIDTH, plain
from psn_desktop.pack.report.tables import key_value, table

LABEL = 55 * mm


def _value(value: object, empty: str = "Not recorded") -> object:
    if value is None or value == "" or value == []:
        return plain(empty, "cell")
    if isinstance(value, list):
        return plain(", ".join(str(v) for v in value), "cell")
    return plain(value, "cell")


def organisation(contents: PackContents) -> list[Flowable]:
    data = contents.data
    org = data.organisation
    address = ", ".join(p for p in (org.address.line1, org.address.line2, org.address.town,
                                    org.address.postcode) if p)
    story: list[Flowable] = [Heading("2. Organisation and scope", 0, "organisation")]
    story.append(key_value([
        ("Name", _value(org.name)),
        ("Type", _value(org.org_type.label if org.org_type else "")),
        ("School URN / ODS code", _value(org.urn or org.ods_code, "None")),
        ("Address", _value(address)),
    ], [LABEL, CONTENT_WIDTH - LABEL]))

    story += subheading("People", "people")
    rows = []
    for role in PersonRole:
        person = data.person(role)
        rows.append([plain(role.label, "cell"), plain(person.name or "Not recorded", "cell"),
                     plain(", ".join(p for p in (person.job_title, person.company) if p),
                           "cell"),
                     plain(", ".join(p for p in (person.email, person.phone) if p), "cell")])
    story += table(["Role", "Name", "Job title", "Contact"], rows,
                   [50 * mm, 35 * mm, 40 * mm, CONTENT_WIDTH - 125 * mm])

    scope = data.scope
    story += subheading("Scope", "scope")
    story.append(key_value([
        ("Environment name", _value(scope.environment_name)),
        ("Users in scope", _value(scope.user_count)),
        ("Sites in scope", _value(scope.site_count)),
        ("Internal IP ranges", _value(scope.ip_ranges)),
        ("PSN services hosted", _value(scope.psn_services_hosted, "None")),
        ("Description", _value(scope.description, "None")),
    ], [LABEL, CONTENT_WIDTH - LABEL]))

    connection = data.connection
    story += subheading("Connection to the PSN", "connection")
    auth = ("Certificates" if connection.auth_method is AuthMethod.CERTIFICATE
            else "Pre-shared key (the key itself is never in this pack)")
    story.append(key_value([
        ("Route", _value(connection.route.label if connection.route else "")),
        ("Network provider", _value(connection.provider_name, "None")),
        ("Gateway", _value(connection.gateway)),
        ("Remote ranges", _value(connection.remote_ranges)),
        ("Local identity", _value(connection.local_identity)),
        ("Authentication", _value(auth)),
        ("Split tunnelling", _value(connection.split_tunnel_reason,
                                    "No: all traffic goes through the tunnel")),
    ], [LABEL, CONTENT_WIDTH - LABEL]))

    story += subheading("Cloud services", "cloud")
    assessed_words = {True: "Yes", False: "No", None: "Not known yet"}
    services = sorted(data.cloud_services, key=lambda s: (s.name.casefold(), s.id or 0))
    story += table(
        ["Service", "Used for", "Assessed against\nthe cloud principles", "Notes"],
        [[plain(s.name, "cell"), plain(s.purpose, "cell"), assessed_words[s.assessed],
          plain(s.notes, "cell")] for s in services],
        [38 * mm, 40 * mm, 42 * mm, CONTENT_WIDTH - 120 * mm])
    return story
