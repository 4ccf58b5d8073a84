"""Runs the steps of sending a pack in the right places: workers for the slow parts, the
UI thread for the workspace.

The order and the rules are the service's (:mod:`psn_desktop.submit.submission`); this
class only chains them through signals: hash the pack on a worker, decide on the UI thread
(already sent? an upload to resume?), upload on a worker (the new upload's address is
recorded on the UI thread before any byte goes out), record the result on the UI thread.
Pause stops at once and keeps the upload on the server for later; cancel stops and asks
the server to throw the unfinished upload away.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from psn_desktop.settings import load_settings
from psn_desktop.submit.body import CancelToken
from psn_desktop.submit.connection_check import ConnectionReport, check_connection
from psn_desktop.submit.endpoint import check_endpoint
from psn_desktop.submit.errors import ServerRefused, UploadError
from psn_desktop.submit.ledger import UploadLedger
from psn_desktop.submit.offline_queue import changed_problem
from psn_desktop.submit.pack_facts import PackFacts, examine_pack
from psn_desktop.submit.submission import (
    Hooks,
    Outcome,
    Plan,
    explain_refusal,
    plan_upload,
    upload,
    upload_token,
)
from psn_desktop.submit.transport import Transport, TransportOptions
from psn_desktop.submit.tus import TusClient
from psn_desktop.submit.uploader import RetryPolicy, TransferResult
from psn_desktop.ui.upload.worker import Handshake, UploadTask, upload_pool
from psn_desktop.workspace.errors import WorkspaceError
from psn_desktop.workspace.store import Workspace

log = logging.getLogger(__name__)

# What the workspace's records can raise: its own errors, and sqlite's once it is closed
# (the user opened another workspace while a pack was on its way).
LEDGER_ERRORS = (WorkspaceError, sqlite3.Error)


class State(StrEnum):
    IDLE = "idle"
    CHECKING = "checking"
    SENDING = "sending"
    PAUSED = "paused"
    STOPPING = "stopping"


@dataclass
class Job:
    pack: Path
    endpoint: str
    options: TransportOptions
    policy: RetryPolicy
    expect_sha256: str = ""
    facts: PackFacts | None = None
    plan: Plan | None = None


class UploadController(QObject):
    stateChanged = Signal(str)
    checking = Signal(object, object)  # bytes hashed, total
    progress = Signal(object, object)  # bytes sent, total
    problem = Signal(str, float)  # a passing problem, seconds until the next try
    sent = Signal(object)  # Outcome (already_sent when it had been sent before)
    failed = Signal(str)  # the whole message for the user
    paused = Signal()
    cancelled = Signal()
    queued = Signal(object)  # QueuedPack, or the SentRecord of a pack sent before
    ledgerChanged = Signal()  # the queue or the sent list changed
    connectionChecked = Signal(object)  # ConnectionReport

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.ledger = UploadLedger(workspace)
        self.state = State.IDLE
        self.job: Job | None = None
        self._task: UploadTask | None = None
        self._check_task: UploadTask | None = None
        self._stop_as = ""  # "pause" or "cancel" while stopping

    # ----- state --------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.state in (State.CHECKING, State.SENDING, State.STOPPING)

    def _set_state(self, state: State) -> None:
        self.state = state
        self.stateChanged.emit(state.value)

    def _run(self, work: Any, *, finished: Any, failed: Any = None) -> UploadTask:
        task = UploadTask(work, CancelToken())
        task.signals.checking.connect(self.checking)
        task.signals.progress.connect(self.progress)
        task.signals.problem.connect(self.problem)
        task.signals.created.connect(self._remember_created)
        task.signals.expired.connect(self._forget_expired)
        task.signals.finished.connect(finished)
        task.signals.failed.connect(failed or self._failed)
        task.signals.cancelled.connect(self._stopped)
        self._task = task
        upload_pool().start(task)
        return task

    # ----- sending ------------------------------------------------------------------------

    def send(self, pack: Path, endpoint: str = "", *, policy: RetryPolicy | None = None,
             expect_sha256: str = "") -> bool:
        """Start sending; False (and nothing started) while another upload runs."""
        if self.busy:
            return False
        settings = load_settings()
        try:
            endpoint = check_endpoint(endpoint or settings.upload_endpoint)
            options = TransportOptions.from_settings(settings)
        except UploadError as error:
            self.failed.emit(str(error))
            return False
        self.job = Job(Path(pack), endpoint, options,
                       policy or RetryPolicy.from_settings(settings), expect_sha256)
        self._set_state(State.CHECKING)
        job = self.job
        self._run(lambda task: examine_pack(job.pack, cancel=task.cancel,
                                            on_progress=task.signals.checking.emit),
                  finished=self._examined)
        return True

    def _examined(self, facts: PackFacts) -> None:
        job = self.job
        assert job is not None
        job.facts = facts
        if job.expect_sha256 and facts.sha256 != job.expect_sha256:
            entry = self.ledger.queued(job.expect_sha256)
            self._failed(UploadError(changed_problem(entry) if entry else
                                     "The pack file has changed since it was chosen."))
            return
        try:
            job.plan = plan_upload(self.ledger, facts, job.endpoint)
        except LEDGER_ERRORS as error:
            self._failed(UploadError(str(error)))
            return
        if job.plan.already is not None:
            record = job.plan.already
            self._set_state(State.IDLE)
            self.sent.emit(Outcome(record.url, record.sha256, record.size, record.endpoint,
                                   already_sent=True, sent_at=record.sent_at))
            return
        self._set_state(State.SENDING)
        plan, options, policy = job.plan, job.options, job.policy
        workspace_id = self.workspace.id

        def work(task: UploadTask) -> TransferResult:
            token, token_problem = upload_token(workspace_id)
            hooks = Hooks(on_progress=task.signals.progress.emit,
                          on_problem=lambda problem, wait: task.signals.problem.emit(
                              str(problem), wait))
            try:
                return upload(plan, token=token, options=options, policy=policy,
                              cancel=task.cancel, hooks=hooks,
                              on_created=lambda url: task.ask_ui(task.signals.created, url),
                              on_expired=lambda url: task.ask_ui(task.signals.expired, url))
            except ServerRefused as error:
                raise explain_refusal(error, token, token_problem) from None

        self._run(work, finished=self._uploaded)

    def _remember_created(self, url: str, handshake: Handshake) -> None:
        job = self.job
        try:
            assert job is not None and job.facts is not None
            self.ledger.remember_active(job.facts, job.endpoint, url)
        except LEDGER_ERRORS as error:
            handshake.fail(UploadError(str(error)))
        else:
            handshake.done()

    def _forget_expired(self, _url: str, handshake: Handshake) -> None:
        job = self.job
        try:
            assert job is not None and job.facts is not None
            self.ledger.forget_active(job.facts.sha256)
        except LEDGER_ERRORS as error:
            handshake.fail(UploadError(str(error)))
        else:
            handshake.done()

    def _uploaded(self, result: TransferResult) -> None:
        job = self.job
        assert job is not None and job.facts is not None
        try:
            record = self.ledger.remember_sent(job.facts, job.endpoint, result.url)
        except LEDGER_ERRORS as error:
            self._failed(UploadError(
                f"The pack reached the server ({result.url}), but the workspace could not "
                f"record it: {error}"))
            return
        self._set_state(State.IDLE)
        self.ledgerChanged.emit()
        log.info("Pack sent to %s (SHA-256 %s)", result.url, job.facts.sha256)
        self.sent.emit(Outcome(result.url, job.facts.sha256, job.facts.size, job.endpoint,
                               sent_at=record.sent_at, transfer=result))

    def _failed(self, error: UploadError) -> None:
        log.warning("Upload stopped: %s", error)
        self._set_state(State.IDLE)
        self.failed.emit(str(error))

    # ----- pause, resume, cancel ----------------------------------------------------------

    def pause(self) -> None:
        if self.busy and self._task is not None:
            self._stop_as = "pause"
            self._set_state(State.STOPPING)
            self._task.cancel.cancel("pause")

    def resume(self) -> bool:
        if self.state is not State.PAUSED or self.job is None:
            return False
        job = self.job
        self._set_state(State.IDLE)
        return self.send(job.pack, job.endpoint, policy=job.policy,
                         expect_sha256=job.facts.sha256 if job.facts else "")

    def cancel(self) -> None:
        if self.busy and self._task is not None:
            self._stop_as = "cancel"
            self._set_state(State.STOPPING)
            self._task.cancel.cancel("cancel")
        elif self.state is State.PAUSED:
            self._discard()

    def _stopped(self) -> None:
        if self._stop_as == "cancel":
            self._discard()
        else:
            self._set_state(State.PAUSED)
            self.paused.emit()
        self._stop_as = ""

    def _discard(self) -> None:
        """Forget the unfinished upload here, and ask the server to delete its part."""
        job = self.job
        facts = job.facts if job else None
        try:
            active = self.ledger.active(facts.sha256) if facts else None
            if facts is not None:
                self.ledger.forget_active(facts.sha256)
                self.ledger.dequeue(facts.sha256)
        except LEDGER_ERRORS as error:
            log.warning("Could not forget a cancelled upload: %s", error)
            active = None
        self.ledgerChanged.emit()
        self._set_state(State.STOPPING)
        if active is None or job is None:
            self._discarded(None)
            return
        workspace_id, options = self.workspace.id, job.options

        def work(_task: UploadTask) -> bool:
            token, _ = upload_token(workspace_id)
            with Transport(active.endpoint, options, token=token) as transport:
                return TusClient(transport).terminate(active.url)

        self._run(work, finished=self._discarded, failed=lambda _error: self._discarded(None))

    def _discarded(self, _result: object) -> None:
        self._set_state(State.IDLE)
        self.cancelled.emit()

    def shutdown(self) -> None:
        """The window is closing: stop at once, keeping what reached the server."""
        if self._task is not None and self.busy:
            self._task.cancel.cancel("closing")

    # ----- the route to the server --------------------------------------------------------

    def check_connection(self, endpoint: str = "") -> bool:
        """Check the route to the server on the upload's thread; the report comes by signal."""
        settings = load_settings()
        try:
            endpoint = check_endpoint(endpoint or settings.upload_endpoint)
            options = TransportOptions.from_settings(settings)
        except UploadError as error:
            self.failed.emit(str(error))
            return False
        workspace_id = self.workspace.id

        def work(_task: UploadTask) -> ConnectionReport:
            token, _ = upload_token(workspace_id)
            return check_connection(endpoint, options=options, token=token)

        task = UploadTask(work, CancelToken())
        task.signals.finished.connect(self.connectionChecked)
        task.signals.failed.connect(lambda error: self.failed.emit(str(error)))
        self._check_task = task
        upload_pool().start(task)
        return True

    # ----- send when online ---------------------------------------------------------------

    def queue_later(self, pack: Path, endpoint: str = "") -> bool:
        if self.busy:
            return False
        settings = load_settings()
        try:
            endpoint = check_endpoint(endpoint or settings.upload_endpoint)
        except UploadError as error:
            self.failed.emit(str(error))
            return False
        self._set_state(State.CHECKING)
        self.job = None

        def queued(facts: PackFacts) -> None:
            self._set_state(State.IDLE)
            try:
                already = self.ledger.sent(facts.sha256)
                result = already if already is not None else \
                    self.ledger.enqueue(facts, endpoint)
            except LEDGER_ERRORS as error:
                self.failed.emit(str(error))
                return
            self.ledgerChanged.emit()
            self.queued.emit(result)

        self._run(lambda task: examine_pack(Path(pack), cancel=task.cancel,
                                            on_progress=task.signals.checking.emit),
                  finished=queued)
        return True
