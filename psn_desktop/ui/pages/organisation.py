"""Pages of the "Your organisation and people" section."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout

from psn_desktop.domain.model import ORG_TYPE_LABELS, OrgType, PersonRole
from psn_desktop.domain.validation import is_uk_postcode, normalise_postcode
from psn_desktop.journey import Facts
from psn_desktop.ui.i18n import MODEL, tr
from psn_desktop.ui.pages.base import PageContext, StepPage
from psn_desktop.ui.pages.registry import register_page
from psn_desktop.ui.widgets.fields import MEDIUM, SHORT, ChoiceField, TextField
from psn_desktop.ui.widgets.text import secondary_button
from psn_desktop.workspace.store import Workspace

SECTION = "organisation"


@register_page(SECTION, "about")
class AboutPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.name = self.add_field(TextField("name", self.tr("Organisation name")))
        hints = {
            OrgType.SCHOOL: self.tr("Including academies, colleges and nurseries."),
            OrgType.GP_SURGERY: self.tr("A GP practice or a group of practices."),
            OrgType.COUNCIL: self.tr("A parish, town, district or county council."),
        }
        self.org_type = self.add_field(ChoiceField(
            "org_type", self.tr("What kind of organisation is it?"),
            [(t, tr(MODEL, ORG_TYPE_LABELS[t]), hints.get(t, "")) for t in OrgType]))

    def load(self, facts: Facts) -> None:
        self.name.set_value(facts.data.organisation.name)
        self.org_type.set_value(facts.data.organisation.org_type)

    def save(self, workspace: Workspace) -> None:
        org = workspace.organisation()
        org.name = self.name.value()
        org.org_type = self.org_type.value()  # type: ignore[assignment]
        workspace.set_organisation(org)


@register_page(SECTION, "reference")
class ReferencePage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.urn = self.add_field(TextField(
            "urn", self.tr("Unique reference number (URN) (optional)"),
            self.tr("6 digits, for example 100000. Find it on Get Information about "
                    "Schools."), SHORT))
        self.ods_code = self.add_field(TextField(
            "ods_code", self.tr("ODS code (optional)"),
            self.tr("A letter and 5 digits, for example A81001. It is on letters from NHS "
                    "England."), SHORT))

    def load(self, facts: Facts) -> None:
        org = facts.data.organisation
        self.urn.set_value(org.urn)
        self.ods_code.set_value(org.ods_code)
        self.urn.setVisible(org.org_type is OrgType.SCHOOL)
        self.ods_code.setVisible(org.org_type is OrgType.GP_SURGERY)
        if org.org_type is not OrgType.SCHOOL:
            del self.fields["urn"]
        if org.org_type is not OrgType.GP_SURGERY:
            del self.fields["ods_code"]

    def save(self, workspace: Workspace) -> None:
        org = workspace.organisation()
        if "urn" in self.fields:
            org.urn = self.urn.value()
        if "ods_code" in self.fields:
            org.ods_code = self.ods_code.value().upper()
        workspace.set_organisation(org)


@register_page(SECTION, "address")
class AddressPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.line1 = self.add_field(TextField("line1", self.tr("Address line 1")))
        self.line2 = self.add_field(TextField("line2", self.tr("Address line 2 (optional)")))
        self.town = self.add_field(TextField("town", self.tr("Town or city"), width_chars=MEDIUM))
        self.postcode = self.add_field(TextField("postcode", self.tr("Postcode"),
                                                 width_chars=SHORT))

    def load(self, facts: Facts) -> None:
        address = facts.data.organisation.address
        self.line1.set_value(address.line1)
        self.line2.set_value(address.line2)
        self.town.set_value(address.town)
        self.postcode.set_value(address.postcode)

    def save(self, workspace: Workspace) -> None:
        org = workspace.organisation()
        postcode = self.postcode.value()
        org.address.line1 = self.line1.value()
        org.address.line2 = self.line2.value()
        org.address.town = self.town.value()
        # Tidy a valid postcode's spacing and case; keep anything else exactly as typed.
        org.address.postcode = (normalise_postcode(postcode) if is_uk_postcode(postcode)
                                else postcode)
        workspace.set_organisation(org)


class PersonPage(StepPage):
    ROLE = PersonRole.SIRO
    ASK_COMPANY = False

    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        if self.ASK_COMPANY:
            self.company = self.add_field(TextField("company", self.tr("Company name")))
        self.name = self.add_field(TextField("name", self.name_label()))
        if not self.ASK_COMPANY:
            self.job_title = self.add_field(TextField("job_title", self.job_title_label(),
                                                      width_chars=MEDIUM))
        self.email = self.add_field(TextField("email", self.tr("Email address"),
                                              self.email_hint()))
        self.phone = self.add_field(TextField("phone", self.tr("Phone number (optional)"),
                                              width_chars=MEDIUM))

    def name_label(self) -> str:
        return self.tr("Full name")

    def job_title_label(self) -> str:
        return self.tr("Job title")

    def email_hint(self) -> str:
        return ""

    def load(self, facts: Facts) -> None:
        person = facts.data.person(self.ROLE)
        self.name.set_value(person.name)
        self.email.set_value(person.email)
        self.phone.set_value(person.phone)
        if self.ASK_COMPANY:
            self.company.set_value(person.company)
        else:
            self.job_title.set_value(person.job_title)

    def save(self, workspace: Workspace) -> None:
        person = workspace.person(self.ROLE)
        person.name = self.name.value()
        person.email = self.email.value()
        person.phone = self.phone.value()
        if self.ASK_COMPANY:
            person.company = self.company.value()
        else:
            person.job_title = self.job_title.value()
        workspace.set_person(person)


@register_page(SECTION, "siro")
class SiroPage(PersonPage):
    ROLE = PersonRole.SIRO

    def job_title_label(self) -> str:
        return self.tr("Job title")

    def email_hint(self) -> str:
        return self.tr("Their own work address, not a shared inbox: they confirm the "
                       "commitment.")


@register_page(SECTION, "contact")
class ContactPage(PersonPage):
    ROLE = PersonRole.CONTACT

    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        row = QHBoxLayout()
        self.copy = secondary_button(self.tr("Use the signer's details"),
                                     self.tr("Use the signer's details for the contact"))
        self.copy.clicked.connect(self._copy_signer)
        row.addWidget(self.copy)
        row.addStretch(1)
        self.body.insertLayout(0, row)

    def _copy_signer(self) -> None:
        if self.session is None:
            return
        self.session.flush()
        signer = self.session.workspace.person(PersonRole.SIRO)
        self.name.set_value(signer.name)
        self.job_title.set_value(signer.job_title)
        self.email.set_value(signer.email)
        self.phone.set_value(signer.phone)
        self.on_edited()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.copy.setEnabled(not read_only)


@register_page(SECTION, "it_provider")
class ItProviderPage(PersonPage):
    ROLE = PersonRole.IT_PROVIDER
    ASK_COMPANY = True

    def name_label(self) -> str:
        return self.tr("Name of the person you deal with")
