"""A requirement's page: what it asks and why, what counts as evidence, the answer, and the
files that show it.

Every requirement of every area section is rendered by this one page class (registered for
each step at import). The page only renders and saves: whether the answer is complete is the
section's rule (``journey.sections.requirements``), and reuse from other frameworks comes
from the readiness snapshot in the facts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QVBoxLayout

from psn_desktop.domain.catalogue import Requirement
from psn_desktop.domain.model import Answer, AnswerStatus, EvidenceUse
from psn_desktop.domain.readiness import RequirementStatus
from psn_desktop.domain.reuse import installed_index
from psn_desktop.domain.rules.psn_coco import HEALTH_CHECK_REQ
from psn_desktop.journey import Facts, Position, StepKind
from psn_desktop.journey.sections.drafts import draft_dict, write_draft
from psn_desktop.journey.sections.requirements import (
    ALSO_IN,
    MADE_ELSEWHERE,
    SECTIONS,
    RequirementView,
    requirement_of,
    view_of,
)
from psn_desktop.remediation.health_check import record_report
from psn_desktop.ui.evidence.field import EvidenceField
from psn_desktop.ui.i18n import JOURNEY, READINESS, tr
from psn_desktop.ui.pages.base import PageContext, StepPage
from psn_desktop.ui.pages.registry import register_page
from psn_desktop.ui.requirements.plan_offer import PlanOfferField
from psn_desktop.ui.widgets.boxes import Notice
from psn_desktop.ui.widgets.fields import ChoiceField, ParagraphField
from psn_desktop.ui.widgets.text import bullets, heading, paragraph
from psn_desktop.workspace.evidence_store import StoredBlob
from psn_desktop.workspace.store import Workspace

REASON_LABELS = {
    AnswerStatus.NOT_MET: "Why is this not met yet?",
    AnswerStatus.PARTLY: "What is missing?",
    AnswerStatus.NOT_APPLICABLE: "Why does this not apply to you?",
}
MADE_IN_TEXT = {
    "plan": "PSN Desktop works this out from your remediation plan: it is met when every "
            "finding has an action.",
    "sign_off": "PSN Desktop works this out from the signed declaration. If the signer signs "
                "on paper, attach the signed copy here or on the sign-off page.",
}
MADE_IN_LINK = {"plan": "Go to the remediation plan", "sign_off": "Go to the declaration",
                "health_check": "Record the IT Health Check"}


def answer_draft_key(qid: str) -> str:
    return f"answer/{qid}"


class RequirementPage(StepPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        position = context.position
        found = requirement_of(position.section, position.step) if position else None
        if found is None:
            raise KeyError(f"No requirement for {position}.")
        self.requirement: Requirement = found
        self.view: RequirementView | None = None
        self.notice_slot = QVBoxLayout()
        self.body.addLayout(self.notice_slot)
        self.notices: list[Notice] = []
        self.intro = paragraph("", "caption", self)
        self.body.addWidget(self.intro)
        requirement = self.requirement
        self.body.addWidget(heading(self.tr("What counts as evidence"), 3, self))
        self.body.addWidget(bullets([tr(JOURNEY, e) for e in requirement.evidence], self))
        if requirement.supplied_by_it_provider:
            self.body.addWidget(paragraph(self.tr(
                "Your IT support provider usually has this evidence: ask them for it."), "hint",
                self))
        if requirement.help:
            self.body.addWidget(paragraph(tr(JOURNEY, requirement.help), "hint", self))
        self.answer: ChoiceField | None = None
        self.reason: ParagraphField | None = None
        self.plan: PlanOfferField | None = None
        self.notes: ParagraphField | None = None
        if requirement.qualified_id not in MADE_ELSEWHERE:
            self._build_answer()
        self.evidence = EvidenceField(
            "evidence", self.tr("Evidence"),
            self.tr("Files that show this: see the list above. One file can serve several "
                    "requirements: attach it on each page it shows."),
            session=self.session, requirement_id=requirement.qualified_id,
            date_matters=requirement.document_date_matters,
            record=self._record_report if requirement.qualified_id == HEALTH_CHECK_REQ
            else None)
        self.add_field(self.evidence)
        self.evidence.busyChanged.connect(self.busyChanged)
        self.evidence.contentChanged.connect(self.contentChanged)
        self.evidence.attached.connect(self._refresh_notices)
        if self.answer is not None:
            self.notes = self.add_field(ParagraphField(
                "notes", self.tr("Notes (optional)"),
                self.tr("Anything worth remembering: who has the evidence, when it was last "
                        "checked.")))

    def _build_answer(self) -> None:
        options = [
            (AnswerStatus.MET, self.tr("Met"), self.tr("It is in place, and you can show it.")),
            (AnswerStatus.PARTLY, self.tr("Partly met"),
             self.tr("Some of it is in place: say what is missing.")),
            (AnswerStatus.NOT_MET, self.tr("Not met"),
             self.tr("It is not in place yet: you will plan the fix.")),
            (AnswerStatus.NOT_APPLICABLE, self.tr("Does not apply to us"),
             self.tr("Say why, for example 'we have no wireless network'.")),
        ]
        self.answer = self.add_field(ChoiceField("answer", self.tr("Your answer"), options))
        self.answer.edited.connect(self._arrange)
        self.reason = self.add_field(ParagraphField("reason", self.tr("Why?")))
        self.plan = PlanOfferField(self.session, self.requirement, self._as_of(),
                                   lambda: self.reason.text() if self.reason else "",
                                   self._open_plan_item)
        self.add_field(self.plan)
        self.plan.contentChanged.connect(self.contentChanged)
        self.plan.planned.connect(self._refresh_notices)

    # ----- showing ---------------------------------------------------------------------------

    def _as_of(self) -> date:
        return self.context.as_of or (self.session.as_of if self.session else date.today())

    def load(self, facts: Facts) -> None:
        requirement = self.requirement
        self.view = view_of(facts, requirement)
        framework = next((r.framework_title for r in facts.readiness
                          if r.framework_id == requirement.framework_id), "")
        if not framework:
            from psn_desktop.domain.catalogue import load_framework

            framework = load_framework(requirement.framework_id).title
        self.intro.setText(self.tr("{id} in the {framework}. Status: {status}.").format(
            id=requirement.id, framework=framework,
            status=tr(READINESS, self.view.status.label)))
        answer = self.view.answer
        if self.answer is not None:
            self.answer.set_value(answer.status if answer else None)
            drafted = draft_dict(facts, answer_draft_key(requirement.qualified_id))
            self.reason.set_text(answer.reason if answer else str(drafted.get("reason", "")))
            self.notes.set_text(answer.notes if answer else str(drafted.get("notes", "")))
            self.plan.load(facts)
        self.evidence.load(self.view.evidence, facts.data.evidence_files, facts)
        self._show_notices(facts)
        self._arrange()

    def _arrange(self) -> None:
        """Show the reason and the plan only where the chosen answer needs them."""
        if self.answer is None:
            return
        status = self.answer.value()
        needs_reason = isinstance(status, AnswerStatus) and status.needs_reason
        self.reason.setVisible(needs_reason)
        if needs_reason:
            self.reason.label.setText(self.tr(REASON_LABELS[status]))
            self.reason.edit.setAccessibleName(self.tr(REASON_LABELS[status]))
        self.plan.setVisible(status is AnswerStatus.NOT_MET)
        self.contentChanged.emit()

    def _show_notices(self, facts: Facts) -> None:
        for notice in self.notices:
            notice.hide()  # gone at once, not when Qt gets round to it
            notice.deleteLater()
        self.notices = []
        view = self.view
        qid = self.requirement.qualified_id
        made_in = MADE_ELSEWHERE.get(qid, "")
        if made_in:
            status = tr(READINESS, view.status.label)
            self._notice(self.tr(MADE_IN_TEXT[made_in]) + " " + self.tr(
                "Now: {status}.").format(status=status), "info",
                [(self.tr(MADE_IN_LINK[made_in]), lambda: self._go_section(made_in))])
        if qid in ALSO_IN:
            section = ALSO_IN[qid]
            self._notice(self.tr("The report attached in the IT Health Check section counts "
                                 "here too."), "info",
                         [(self.tr(MADE_IN_LINK[section]), lambda: self._go_section(section))])
        if view.reuse is not None and view.answer is None:
            reuse = view.reuse
            source = reuse.deciding.requirement.qualified_id
            text = tr(READINESS, reuse.explanation)
            if view.status is RequirementStatus.PARTLY_PROVIDED or reuse.missing:
                text += "\n" + self.tr("Still to show:") + "\n" + "\n".join(
                    f"• {tr(READINESS, m)}" for m in reuse.missing)
            kind = "info" if view.status is RequirementStatus.MET else "warning"
            self._notice(text, kind, [(self.tr("Go to that answer ({id})").format(id=source),
                                       lambda: self._go_target(source))])
        also = [link.target for link in installed_index().out_of(qid)
                if link.target.framework_id in facts.data.info.frameworks
                and link.target.framework_id != self.requirement.framework_id]
        if also:
            self._notice(self.tr("Your answer here also counts for: {items}.").format(
                items="; ".join(f"{r.qualified_id} ({tr(JOURNEY, r.title)})" for r in also)),
                "info")
        self.contentChanged.emit()

    def _notice(self, text: str, kind: str, actions=None) -> None:
        notice = Notice(text, kind, actions, self)
        self.notices.append(notice)
        self.notice_slot.addWidget(notice)

    def _refresh_notices(self) -> None:
        if self.session is None:
            return
        facts = self.session.refresh()
        self.view = view_of(facts, self.requirement)
        self._show_notices(facts)

    # ----- moving elsewhere ------------------------------------------------------------------

    def _go_section(self, section_id: str) -> None:
        journey = self.session.journey
        self.goTo.emit(journey.entry(section_id, self.session.facts()))

    def _go_target(self, target: str) -> None:
        position = self.session.journey.for_target(target, self.session.facts())
        if position is not None:
            self.goTo.emit(position)

    def _open_plan_item(self, finding_id: int) -> None:
        self.goTo.emit(Position("plan", "action", finding_id))

    def _record_report(self, workspace: Workspace, blob: StoredBlob, path: Path) -> EvidenceUse:
        """The health check report, however it is attached, is the one the record names."""
        return record_report(workspace, blob, path, workspace.health_check().check_date,
                             self._as_of())

    # ----- saving ----------------------------------------------------------------------------

    def save(self, workspace: Workspace) -> None:
        if self.answer is None:
            return
        qid = self.requirement.qualified_id
        status = self.answer.value()
        reason, notes = self.reason.text(), self.notes.text()
        if not isinstance(status, AnswerStatus):
            # No answer chosen yet: keep what was typed until there is one.
            write_draft(workspace, answer_draft_key(qid),
                        {"reason": reason, "notes": notes} if reason or notes else None)
            return
        current = workspace.answers().get(qid)
        answered_on = (current.answered_on if current is not None and current.status is status
                       else self._as_of())
        workspace.set_answer(Answer(qid, status, reason, notes, answered_on))
        write_draft(workspace, answer_draft_key(qid), None)

    def set_read_only(self, read_only: bool) -> None:
        for field in self.fields.values():
            if hasattr(field, "set_read_only"):
                field.set_read_only(read_only)
            else:
                field.setEnabled(not read_only)

    def cancel(self) -> None:
        self.evidence.cancel()


def _register() -> None:
    for section_id, section in SECTIONS.items():
        for step in section.steps:
            if step.kind is not StepKind.CHECK:
                register_page(section_id, step.id)(RequirementPage)


_register()
