"""The "Make your VPN profile" dialog: the choices in plain words, generate, how to apply it.

The window offers only the sound choices (which kind of device, recommended or legacy
profile, where the certificate lives, all traffic or a justified split tunnel); overriding
single algorithms is for IT staff on the command line, where every weak request is refused
with its reason. Generating reads certificates and perhaps the keyring, so it runs on the
thread pool with a progress bar and Cancel; the worker gets plain values, never the
workspace. The choices and a split-tunnel reason are saved in the workspace when the user
generates, so nothing typed here is lost.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from psn_desktop.connect.apply import ApplyError, ApplyResult, apply_windows_profile
from psn_desktop.connect.choices import ProfileChoices, load_choices, save_choices
from psn_desktop.connect.generate import (
    GeneratedProfile,
    GenerationResult,
    OutputExists,
    ProfileFormat,
    generate,
    is_generated_file,
    saved_passphrase,
    write_profile,
)
from psn_desktop.connect.profiles import ProfileDataError
from psn_desktop.secrets import SecretError
from psn_desktop.ui.connect.result_view import ResultView
from psn_desktop.ui.widgets.fields import ChoiceField, ParagraphField, TextField
from psn_desktop.ui.widgets.text import heading, paragraph, primary_button, secondary_button
from psn_desktop.ui.workers import Task, start
from psn_desktop.workspace.errors import WorkspaceError
from psn_desktop.workspace.store import Workspace


class VpnProfileDialog(QDialog):
    def __init__(self, workspace: Workspace, as_of: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.as_of = as_of
        self.task: Task | None = None
        self.profile: GeneratedProfile | None = None
        self.saved_path: Path | None = None
        self.setWindowTitle(self.tr("Make your VPN profile"))
        self.setAccessibleName(self.windowTitle())
        self.resize(760, 760)

        outer = QVBoxLayout(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        content = QWidget(scroll)
        self.column = QVBoxLayout(content)
        self.column.setSpacing(12)
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)

        self.column.addWidget(heading(self.tr("Make your VPN profile"), 1, content))
        self.column.addWidget(paragraph(self.tr(
            "PSN Desktop writes a ready-made profile from your connection details, following "
            "the recommended profile of the national IPsec guidance (NCSC, 'Using IPsec to "
            "protect data'). No key or passphrase is ever written into it."), "", content))
        self._build_choices(content)
        self._build_actions(content)
        self.result_view = ResultView(content)
        self.column.addWidget(self.result_view)
        self._build_result_actions(content)
        self.column.addStretch(1)

        close_row = QHBoxLayout()
        close_row.addStretch(1)
        self.close_button = secondary_button(self.tr("Close"), parent=self)
        self.close_button.clicked.connect(self.reject)
        close_row.addWidget(self.close_button)
        outer.addLayout(close_row)
        self._load()

    # ----- building -----------------------------------------------------------------------

    def _build_choices(self, parent: QWidget) -> None:
        self.format = ChoiceField("format", self.tr("Where will the tunnel start?"), [
            (ProfileFormat.WINDOWS, self.tr("On a Windows PC (Windows' own VPN)"),
             self.tr("A script that adds the connection for you; no administrator is needed "
                     "with a user certificate.")),
            (ProfileFormat.STRONGSWAN, self.tr("On a router, firewall or Linux (strongSwan)"),
             self.tr("A configuration file the router's administrator installs.")),
        ], parent=parent)
        self.profile_choice = ChoiceField("profile", self.tr("Which profile?"), [
            ("recommended", self.tr("Recommended profile (IKEv2, AES-GCM, elliptic curves)"),
             self.tr("Use this unless the gateway is old equipment.")),
            ("legacy", self.tr("Legacy profile (IKEv1, for old gateways only)"),
             self.tr("Only if the gateway cannot do IKEv2 yet. Plan to move off it.")),
        ], parent=parent)
        self.store = ChoiceField("certificate_store",
                                 self.tr("Where is this site's certificate kept on Windows?"), [
            ("user", self.tr("In my own certificate store (no administrator needed)"),
             self.tr("The script installs it for you from the .pfx file.")),
            ("machine", self.tr("In the computer's store (IT staff must install it)"),
             self.tr("A machine certificate is shared by everyone on the PC, so installing it "
                     "needs an administrator.")),
        ], parent=parent)
        self.certificate = TextField("certificate_file", self.tr("This site's certificate file"),
                                     self.tr("The .pfx or .pem file your connection provider "
                                             "gave you. It is checked before anything is "
                                             "written."), parent=parent)
        self.ca_certificate = TextField(
            "ca_certificate_file", self.tr("The gateway's CA certificate (if you were given one)"),
            self.tr("Leave blank if the provider did not give you one."), parent=parent)
        self.traffic = ChoiceField("split_tunnel", self.tr("Which traffic uses the tunnel?"), [
            (False, self.tr("All traffic (recommended)"),
             self.tr("Everything goes through the PSN's protections.")),
            (True, self.tr("Only traffic to the PSN (split tunnel)"),
             self.tr("The rest bypasses the tunnel. You must say why.")),
        ], parent=parent)
        self.reason = ParagraphField("split_tunnel_reason",
                                     self.tr("Why does this site need a split tunnel?"),
                                     self.tr("A sentence the person signing off can judge."),
                                     parent=parent)
        for field, browse in ((self.format, None), (self.profile_choice, None),
                              (self.store, None), (self.certificate, self._browse_certificate),
                              (self.ca_certificate, self._browse_ca), (self.traffic, None),
                              (self.reason, None)):
            self.column.addWidget(field)
            if browse is not None:
                button = secondary_button(self.tr("Choose…"), self.tr("Choose {what}").format(
                    what=field.label_text), parent)
                button.clicked.connect(browse)
                row = QHBoxLayout()
                row.setContentsMargins(12, 0, 0, 0)
                row.addWidget(button)
                row.addStretch(1)
                self.column.addLayout(row)
        self.format.edited.connect(self._update_visibility)
        self.traffic.edited.connect(self._update_visibility)

    def _build_actions(self, parent: QWidget) -> None:
        row = QHBoxLayout()
        self.make_button = primary_button(self.tr("Make the profile"), parent=parent)
        self.make_button.clicked.connect(self.make_profile)
        row.addWidget(self.make_button)
        self.progress = QProgressBar(parent)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr("Making the profile"))
        self.progress.hide()
        row.addWidget(self.progress, 1)
        self.cancel_button = secondary_button(self.tr("Cancel"),
                                              self.tr("Stop making the profile"), parent)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        self.column.addLayout(row)

    def _build_result_actions(self, parent: QWidget) -> None:
        row = QHBoxLayout()
        self.save_button = primary_button(self.tr("Save the profile…"), parent=parent)
        self.save_button.clicked.connect(self.save_profile)
        self.save_button.hide()
        row.addWidget(self.save_button)
        self.apply_button = secondary_button(self.tr("Set it up on this PC now"),
                                             parent=parent)
        self.apply_button.clicked.connect(self.apply_here)
        self.apply_button.hide()
        row.addWidget(self.apply_button)
        row.addStretch(1)
        self.column.addLayout(row)
        self.status = paragraph("", "hint", parent)
        self.status.hide()
        self.column.addWidget(self.status)

    # ----- state ------------------------------------------------------------------------

    def _load(self) -> None:
        choices = load_choices(self.workspace)
        connection = self.workspace.connection()
        self.format.set_value(ProfileFormat.WINDOWS if sys.platform == "win32"
                              else ProfileFormat.STRONGSWAN)
        self.profile_choice.set_value(choices.profile)
        self.store.set_value(choices.certificate_store)
        self.certificate.set_value(choices.certificate_file)
        self.ca_certificate.set_value(choices.ca_certificate_file)
        self.traffic.set_value(choices.split_tunnel)
        self.reason.set_text(connection.split_tunnel_reason)
        read_only = self.workspace.read_only
        for field in (self.profile_choice, self.store, self.certificate, self.ca_certificate,
                      self.traffic, self.reason):
            field.setEnabled(not read_only)
        self._update_visibility()

    def _update_visibility(self) -> None:
        self.store.setVisible(self.format.value() == ProfileFormat.WINDOWS)
        self.reason.setVisible(self.traffic.value() is True)

    def choices(self) -> ProfileChoices:
        saved = load_choices(self.workspace)
        saved.profile = str(self.profile_choice.value() or "recommended")
        saved.certificate_store = str(self.store.value() or "user")
        saved.certificate_file = self.certificate.value()
        saved.ca_certificate_file = self.ca_certificate.value()
        saved.split_tunnel = self.traffic.value() is True
        return saved

    def _save_choices(self, choices: ProfileChoices) -> None:
        if self.workspace.read_only:
            return
        save_choices(self.workspace, choices)
        connection = self.workspace.connection()
        reason = self.reason.text()
        if connection.split_tunnel_reason != reason:
            connection.split_tunnel_reason = reason
            self.workspace.set_connection(connection)

    def _browse(self, field: TextField, title: str, filters: str) -> None:
        name, _ = QFileDialog.getOpenFileName(self, title, field.value(), filters)
        if name:
            field.set_value(name)

    def _browse_certificate(self) -> None:
        self._browse(self.certificate, self.tr("Choose this site's certificate"),
                     self.tr("Certificates (*.pfx *.p12 *.pem *.crt *.cer *.der);;All files (*)"))

    def _browse_ca(self) -> None:
        self._browse(self.ca_certificate, self.tr("Choose the gateway's CA certificate"),
                     self.tr("Certificates (*.pem *.crt *.cer *.der);;All files (*)"))

    # ----- generating ---------------------------------------------------------------------

    def make_profile(self) -> None:
        choices = self.choices()
        try:
            self._save_choices(choices)
        except WorkspaceError as error:
            self._show_status(str(error))
            return
        data = self.workspace.load()
        fmt = ProfileFormat(self.format.value() or ProfileFormat.STRONGSWAN)
        workspace_id, as_of = self.workspace.id, self.as_of

        def work(cancel: threading.Event, _progress: Callable[[int], None]) -> GenerationResult:
            passphrase = saved_passphrase(workspace_id, choices.certificate_file)
            if cancel.is_set():
                return GenerationResult(None, [])
            try:
                return generate(fmt, data.connection, data.scope, data.organisation, choices,
                                as_of=as_of, certificate_passphrase=passphrase)
            except ProfileDataError as error:
                raise WorkspaceError(str(error)) from None

        self._run(work, self._generated)

    def _run(self, work: Callable[..., object], done: Callable[[object], None]) -> None:
        self.task = Task(work)
        self.task.signals.finished.connect(done)
        self.task.signals.failed.connect(lambda error: self._finished(str(error)))
        self.task.signals.cancelled.connect(lambda: self._finished(self.tr("Stopped.")))
        self._set_busy(True)
        start(self.task)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.make_button.setEnabled(not busy)
        self.save_button.setEnabled(not busy)
        self.apply_button.setEnabled(not busy)
        if busy:
            self.cancel_button.setFocus()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _finished(self, message: str = "") -> None:
        self._set_busy(False)
        self.task = None
        if message:
            self._show_status(message)
        self.make_button.setFocus()

    def _show_status(self, message: str) -> None:
        self.status.setText(message)
        self.status.setAccessibleName(message)
        self.status.setVisible(bool(message))

    def _generated(self, result: object) -> None:
        assert isinstance(result, GenerationResult)
        self._finished()
        self.profile = result.profile
        self.result_view.clear()
        self.result_view.show_problems(result.problems, written=result.ok)
        if result.profile is not None:
            self.result_view.show_profile(result.profile)
        self.save_button.setVisible(result.profile is not None)
        self.apply_button.setVisible(result.profile is not None and sys.platform == "win32"
                                     and result.profile.format is ProfileFormat.WINDOWS)
        self._show_status("")
        if self.result_view.notices:
            self.result_view.notices[0].setFocus()

    # ----- saving and applying ------------------------------------------------------------

    def save_path(self) -> str:
        """Ask where to save (tests replace this to avoid a native file dialog)."""
        assert self.profile is not None
        suggested = str(Path.home() / self.profile.format.file_name)
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save the VPN profile"), suggested)
        return name

    def save_profile(self) -> None:
        if self.profile is None:
            return
        name = self.save_path()
        if not name:
            return
        path = Path(name)
        overwrite = False
        if path.exists() and not is_generated_file(path):
            answer = QMessageBox.question(self, self.tr("Replace the file?"), self.tr(
                "{name} was not made by PSN Desktop. Replace it anyway?").format(name=path.name))
            if answer != QMessageBox.StandardButton.Yes:
                return
            overwrite = True
        try:
            write_profile(path, self.profile, overwrite=overwrite)
        except (OSError, OutputExists) as error:
            self._show_status(self.tr("The profile was not saved: {error}").format(
                error=str(error)))
            return
        self.saved_path = path
        self._show_status(self.tr("Saved to {path}.").format(path=str(path)))

    def apply_here(self) -> None:
        if self.profile is None:
            return
        if self.saved_path is None:
            self.save_profile()
            if self.saved_path is None:
                return
        script, workspace_id = self.saved_path, self.workspace.id
        certificate = self.certificate.value()
        bundle = Path(certificate) if certificate.lower().endswith((".pfx", ".p12")) else None
        ca = Path(self.ca_certificate.value()) if self.ca_certificate.value() else None

        def work(_cancel: threading.Event, _progress: Callable[[int], None]) -> ApplyResult:
            try:
                return apply_windows_profile(script, workspace_id=workspace_id,
                                             certificate_file=bundle, ca_certificate_file=ca)
            except (ApplyError, SecretError) as error:
                raise WorkspaceError(str(error)) from None

        self._run(work, self._applied)

    def _applied(self, result: object) -> None:
        assert isinstance(result, ApplyResult)
        self._finished()
        self._show_status(result.summary() + ("\n\n" + result.output if result.output else ""))
