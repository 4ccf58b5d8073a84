"""The declaration: signed here by the senior information risk owner, or on paper.

Top: where each framework's declaration stands (not signed, signed, or out of date and what
changed since). Then the two ways to sign. In the app, the signer's name, role, the date and
the tick, then "Sign the declaration". On paper, "Save the declaration to print" makes a PDF
(on the thread pool, with progress and Cancel) and "the signed copy" takes the scan back as
evidence, which records the declaration as of the printed state. What is typed before
signing is kept as a draft, so leaving the page loses nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QVBoxLayout

from psn_desktop.declaration.pdf import declaration_pdf, prepare
from psn_desktop.declaration.record import record_sign_off, sign_problems
from psn_desktop.domain.date_entry import DateEntryError, parse_date
from psn_desktop.domain.model import EvidenceUse, PersonRole
from psn_desktop.domain.rules.psn_coco import COMMITMENT_REQ
from psn_desktop.domain.validation import Problem
from psn_desktop.journey import Facts
from psn_desktop.journey.facts import write_answer
from psn_desktop.journey.opening import Cancelled
from psn_desktop.journey.sections.drafts import draft
from psn_desktop.journey.sections.review import blockers_before_signing
from psn_desktop.journey.sections.sign_off import (
    FORM_KEY,
    PRINTED_KEY,
    SIGNED_DATE_DRAFT,
    form,
    printed,
    states,
)
from psn_desktop.pack.keys import recorded_fingerprint
from psn_desktop.remediation.export import write_atomic
from psn_desktop.ui import workers
from psn_desktop.ui.evidence.field import EvidenceField
from psn_desktop.ui.i18n import READINESS, tr
from psn_desktop.ui.pages.base import PageContext, StepPage
from psn_desktop.ui.pages.registry import register_page
from psn_desktop.ui.widgets.boxes import Notice, replace_notice
from psn_desktop.ui.widgets.busy_task import BusyTask
from psn_desktop.ui.widgets.check_field import CheckField
from psn_desktop.ui.widgets.date_field import DateField
from psn_desktop.ui.widgets.fields import TextField
from psn_desktop.ui.widgets.flow import flow_row
from psn_desktop.ui.widgets.text import heading, paragraph, primary_button, secondary_button
from psn_desktop.workspace.errors import WorkspaceError
from psn_desktop.workspace.evidence_store import StoredBlob
from psn_desktop.workspace.store import Workspace

DECLARATION = ("I confirm that the information recorded here is accurate and complete to the "
               "best of my knowledge; that the organisation will keep to the conditions of the "
               "framework for the scope described and tell the PSN team promptly about any "
               "change to it or any serious security incident; and that the remediation plan "
               "has been agreed and its actions will be carried out by the dates shown.")


@register_page("sign_off", "sign_off")
class SignOffPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.notice: Notice | None = None
        self.saved_pdf: Path | None = None
        self.state_slot = QVBoxLayout()
        self.body.addLayout(self.state_slot)
        self.state_notices: list[Notice] = []
        self.body.addWidget(heading(self.tr("Sign in PSN Desktop"), 2, self))
        self.name = self.add_field(TextField("name", self.tr("The signer's name")))
        self.role = self.add_field(TextField(
            "role", self.tr("Their role"), self.tr("For example Headteacher, or Practice "
                                                   "Manager and SIRO.")))
        self.signed_on = self.add_field(DateField("signed_on", self.tr("Date signed")))
        self.declared = self.add_field(CheckField(
            "declared", self.tr("The declaration"), self.tr(DECLARATION)))
        self.sign_button = primary_button(self.tr("Sign the declaration"))
        self.sign_button.clicked.connect(self.sign)
        self.body.addWidget(flow_row(self.sign_button))
        self.body.addWidget(heading(self.tr("Or sign on paper"), 2, self))
        self.body.addWidget(paragraph(self.tr(
            "Save the declaration as a PDF and print it. It says what is being signed for, "
            "with the remediation plan, and has a box to sign in. Then scan or photograph the "
            "signed page and attach it below: that records the declaration here."), "", self))
        self.print_button = secondary_button(self.tr("Save the declaration to print…"))
        self.print_button.clicked.connect(self.choose_pdf)
        self.body.addWidget(flow_row(self.print_button))
        self.busy_task = BusyTask(
            self, self.busyChanged, accessible_name=self.tr("Making the PDF"), say=self.say,
            stopped=self.tr("Stopped. Nothing was saved."),
            read_only=lambda: bool(self.session and self.session.read_only),
            buttons=(self.print_button,), indeterminate=True)
        self.busy, self.progress = self.busy_task.row, self.busy_task.progress
        self.body.addWidget(self.busy)
        self.notice_slot = QVBoxLayout()
        self.body.addLayout(self.notice_slot)
        self.scan = EvidenceField(
            "scan", self.tr("The signed copy"),
            self.tr("A scan or photo of the signed declaration. Attaching it records the "
                    "declaration, signed on the date above."),
            session=self.session, requirement_id=COMMITMENT_REQ, record=self._record_scan)
        self.add_field(self.scan)
        self.scan.busyChanged.connect(self.busyChanged)
        self.scan.contentChanged.connect(self.contentChanged)
        self.scan.attached.connect(self._after_scan)

    def continue_label(self) -> str:
        return self.tr("Continue")

    @property
    def as_of(self) -> date:
        return self.context.as_of or (self.session.as_of if self.session else date.today())

    # ----- showing ---------------------------------------------------------------------------

    def load(self, facts: Facts) -> None:
        values = form(facts)
        siro = facts.data.person(PersonRole.SIRO)
        self.name.set_value(str(values.get("name", siro.name)))
        self.role.set_value(str(values.get("role", siro.job_title)))
        drafted = draft(facts, SIGNED_DATE_DRAFT)
        self.signed_on.line.setText(drafted or str(values.get("date", "")) or
                                    f"{self.as_of.day}/{self.as_of.month}/{self.as_of.year}")
        self.declared.set_checked(bool(values.get("declared", False)))
        self.scan.load(facts.data.evidence_for(COMMITMENT_REQ), facts.data.evidence_files,
                       facts)
        self._show_states(facts)

    def _show_states(self, facts: Facts) -> None:
        for notice in self.state_notices:
            notice.hide()  # gone at once, not when Qt gets round to it
            notice.deleteLater()
        self.state_notices = []
        for state in states(facts):
            title = next((r.framework_title for r in facts.readiness
                          if r.framework_id == state.framework_id), state.framework_id)
            kind = "info" if state.current else "warning"
            text = self.tr("{framework}: {state}").format(framework=title,
                                                          state=tr(READINESS, state.message))
            notice = Notice(text, kind, None, self)
            notice.setObjectName(f"sign-off-{state.framework_id}")
            self.state_notices.append(notice)
            self.state_slot.addWidget(notice)
        left = sum(len(blockers_before_signing(r)) for r in facts.readiness)
        if left:
            notice = Notice(self.tr(
                "There are still {count} thing(s) to sort out before you can submit (see "
                "“Review before you submit”). The declaration can be signed now, but any "
                "change made afterwards means signing again.").format(count=left), "warning",
                None, self)
            self.state_notices.append(notice)
            self.state_slot.addWidget(notice)
        self.contentChanged.emit()

    def say(self, text: str, kind: str = "info", actions=None) -> None:
        self.notice = replace_notice(self.notice, self.notice_slot, text, kind, actions, self)
        self.contentChanged.emit()

    # ----- the form --------------------------------------------------------------------------

    def _values(self) -> dict[str, object]:
        return {"name": self.name.value(), "role": self.role.value(),
                "date": self.signed_on.text(), "declared": self.declared.checked()}

    def save(self, workspace: Workspace) -> None:
        write_answer(workspace, FORM_KEY, self._values())

    def _signed_date(self) -> tuple[date | None, str]:
        text = self.signed_on.text()
        if not text:
            return None, ""
        try:
            return parse_date(text), ""
        except DateEntryError as error:
            return None, str(error)

    def sign(self) -> None:
        if self.session is None:
            return
        self.session.flush()
        day, problem = self._signed_date()
        problems = sign_problems(self.name.value(), self.role.value(), day,
                                 self.declared.checked(), self.as_of)
        if problem:
            problems = [p for p in problems if p.field != "signed_on"]
            problems.append(Problem("signed_on", problem))
        if problems:
            self.problemsFound.emit(problems)
            return
        try:
            record_sign_off(self.session.workspace, self.name.value(), self.role.value(),
                            day)  # type: ignore[arg-type]
        except WorkspaceError as error:
            self.say(str(error), "error")
            return
        self.problemsFound.emit([])
        self.say(self.tr("Signed. The declaration is recorded."), "info")
        self._show_states(self.session.refresh())
        self.sign_button.setFocus()

    # ----- paper -------------------------------------------------------------------------------

    def choose_pdf(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the declaration"), "declaration.pdf", self.tr("PDF (*.pdf)"))
        if path:
            self.save_pdf(Path(path))

    def save_pdf(self, path: Path) -> workers.Task | None:
        if self.session is None:
            return None
        self.session.flush()
        facts = self.session.refresh()
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        fingerprint = recorded_fingerprint(self.session.workspace)
        declaration = prepare(facts.data, list(facts.readiness), self.as_of,
                              fingerprint=fingerprint)
        data = facts.data

        def work(cancel, progress) -> Path:
            progress(-1)
            pdf = declaration_pdf(data, declaration)
            if cancel.is_set():  # stopped while it was being made: write nothing
                raise Cancelled()
            return write_atomic(path, pdf)

        return self.busy_task.run(self.tr("Making {name}…").format(name=path.name), work,
                                  lambda saved: self._pdf_saved(saved, declaration.digests))

    @property
    def task(self) -> workers.Task | None:
        return self.busy_task.task

    def cancel(self) -> None:
        self.busy_task.cancel()
        self.scan.cancel()

    def _pdf_saved(self, path: Path, digests: dict[str, str]) -> None:
        """The PDF is written; a WorkspaceError recording it is shown by the busy task."""
        self.saved_pdf = path
        write_answer(self.session.workspace, PRINTED_KEY,
                     {"on": self.as_of.isoformat(), "digests": digests})
        self.say(self.tr("Saved the declaration as {path}. Print it for the signer; "
                         "then attach the signed copy below.").format(path=path), "info",
                 [(self.tr("Open it"), lambda: QDesktopServices.openUrl(
                     QUrl.fromLocalFile(str(path))))])

    def _record_scan(self, workspace: Workspace, blob: StoredBlob, path: Path) -> EvidenceUse:
        """The signed copy: evidence for the commitment, and the declaration recorded."""
        day, _problem = self._signed_date()
        day = day or self.as_of
        use = workspace.record_evidence(blob, path, [COMMITMENT_REQ],
                                        title="Signed declaration", document_date=day)
        facts = self.session.refresh()
        siro = facts.data.person(PersonRole.SIRO)
        digests = printed(facts).get("digests")
        record_sign_off(workspace, self.name.value() or siro.name,
                        self.role.value() or siro.job_title or "Senior information risk owner",
                        min(day, self.as_of),
                        digests=digests if isinstance(digests, dict) else None)
        return use

    def _after_scan(self) -> None:
        self._show_states(self.session.refresh())

    def set_read_only(self, read_only: bool) -> None:
        for field in self.fields.values():
            if field is not self.scan:
                field.setEnabled(not read_only)
        self.sign_button.setEnabled(not read_only)
        self.print_button.setEnabled(not read_only)
        self.scan.set_read_only(read_only)  # the signed copy can still be opened
