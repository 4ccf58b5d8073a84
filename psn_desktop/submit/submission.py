"""Sending one pack from a workspace, start to finish: check, decide, upload, record.

The steps are separate functions because they run in different places in the app: hashing
and uploading on a worker thread, deciding and recording on the thread that owns the
workspace (see ``ui/upload``). :func:`send_pack` chains them on one thread for the command
line and the tests, and is the reference for the order:

1. :func:`~psn_desktop.submit.pack_facts.examine_pack` reads the file and its SHA-256;
2. :func:`plan_upload` looks in the workspace: already sent (then nothing is sent again),
   an unfinished upload to resume, or a new one;
3. :func:`upload` creates the upload if needed (its address stored before any byte goes
   out) and sends the rest, resuming through every drop;
4. the ledger records the pack as sent, which also takes it off the queue.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from psn_desktop.settings import Settings, load_settings
from psn_desktop.submit.body import CancelToken
from psn_desktop.submit.endpoint import check_endpoint
from psn_desktop.submit.errors import ServerRefused, UploadError
from psn_desktop.submit.ledger import SentRecord, UploadLedger
from psn_desktop.submit.pack_facts import PackFacts, examine_pack
from psn_desktop.submit.transport import Transport, TransportOptions
from psn_desktop.submit.tus import TusClient
from psn_desktop.submit.uploader import PART_SIZE, RetryPolicy, Transfer, TransferResult
from psn_desktop.workspace.store import Workspace

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Plan:
    """What to do with a pack, decided from the workspace's records."""

    facts: PackFacts
    endpoint: str
    metadata: dict[str, str]
    already: SentRecord | None = None
    resume_url: str = ""


@dataclass(frozen=True)
class Outcome:
    url: str
    sha256: str
    size: int
    endpoint: str
    already_sent: bool = False
    sent_at: str = ""
    transfer: TransferResult | None = field(default=None, compare=False)

    @property
    def bytes_sent(self) -> int:
        return self.transfer.bytes_sent if self.transfer else 0

    @property
    def last_line(self) -> str:
        """The line scripts read: the server's address for the upload and the SHA-256."""
        return f"Upload address: {self.url}  SHA-256: {self.sha256}"


@dataclass
class Hooks:
    """Where an upload reports to; every hook may be called from a worker thread."""

    on_progress: Callable[[int, int], None] = lambda done, total: None
    on_checking: Callable[[int, int], None] = lambda done, total: None
    on_problem: Callable[[UploadError, float], None] = lambda problem, wait: None


def plan_upload(ledger: UploadLedger, facts: PackFacts, endpoint: str) -> Plan:
    """Sent already, resume, or start: never a second submission of the same pack."""
    metadata = facts.metadata(ledger.organisation_name(), ledger.framework_id())
    already = ledger.sent(facts.sha256)
    if already is not None:
        return Plan(facts, endpoint, metadata, already=already)
    active = ledger.active(facts.sha256)
    resume = active.url if active is not None and active.endpoint == endpoint else ""
    return Plan(facts, endpoint, metadata, resume_url=resume)


def upload_token(workspace_id: str) -> tuple[str, str]:
    """(the saved upload token or "", why none could be read or ""); never raises."""
    from psn_desktop.secrets import NoSecureStore, SecretError, SecretPurpose, read_secret

    try:
        return read_secret(workspace_id, SecretPurpose.UPLOAD_TOKEN) or "", ""
    except NoSecureStore as error:
        return "", str(error)
    except SecretError as error:
        return "", str(error)


def upload(plan: Plan, *, token: str = "", options: TransportOptions | None = None,
           policy: RetryPolicy | None = None, cancel: CancelToken | None = None,
           clock: Callable[[], float] | None = None,
           sleep: Callable[[float], None] | None = None,
           on_created: Callable[[str], None] = lambda url: None,
           on_expired: Callable[[str], None] = lambda url: None,
           hooks: Hooks | None = None, part_size: int = PART_SIZE) -> TransferResult:
    """Create (if needed) and finish the upload; safe on a worker thread (no workspace)."""
    hooks = hooks or Hooks()
    with Transport(plan.endpoint, options, token=token) as transport:
        client = TusClient(transport)
        transfer = Transfer(
            client, plan.resume_url, plan.facts.path, plan.facts.size,
            create=lambda: client.create(plan.endpoint, plan.facts.size, plan.metadata),
            on_created=on_created, on_expired=on_expired, policy=policy, cancel=cancel,
            clock=clock, sleep=sleep, on_progress=hooks.on_progress,
            on_problem=hooks.on_problem, part_size=part_size)
        return transfer.run()


def explain_refusal(error: ServerRefused, token: str, token_problem: str) -> ServerRefused:
    """A refused token said in terms of this workspace: none saved, or the store is shut."""
    if error.status not in (401, 403) or token:
        return error
    why = token_problem or "No upload token is saved for this workspace."
    return ServerRefused(
        f"The upload server asks for an upload token (HTTP {error.status}). {why} Ask whoever "
        "receives your pack for the token and save it for this workspace in Credentials "
        "(Upload token), then try again.", error.status)


def send_pack(workspace: Workspace, pack: Path, *, endpoint: str = "",
              token: str | None = None, settings: Settings | None = None,
              policy: RetryPolicy | None = None, options: TransportOptions | None = None,
              cancel: CancelToken | None = None, clock: Callable[[], float] | None = None,
              sleep: Callable[[float], None] | None = None, hooks: Hooks | None = None,
              part_size: int = PART_SIZE) -> Outcome:
    """Send ``pack`` to the endpoint (given, or from settings) and record it in the workspace.

    ``token`` None means "the one saved in the keyring for this workspace".
    """
    settings = settings or load_settings()
    hooks = hooks or Hooks()
    endpoint = check_endpoint(endpoint or settings.upload_endpoint)
    facts = examine_pack(pack, cancel=cancel, on_progress=hooks.on_checking)
    return send_examined(workspace, facts, endpoint=endpoint, token=token, settings=settings,
                         policy=policy, options=options, cancel=cancel, clock=clock,
                         sleep=sleep, hooks=hooks, part_size=part_size)


def send_examined(workspace: Workspace, facts: PackFacts, *, endpoint: str,
                  token: str | None = None, settings: Settings | None = None,
                  policy: RetryPolicy | None = None, options: TransportOptions | None = None,
                  cancel: CancelToken | None = None, clock: Callable[[], float] | None = None,
                  sleep: Callable[[float], None] | None = None, hooks: Hooks | None = None,
                  part_size: int = PART_SIZE) -> Outcome:
    """:func:`send_pack` for a pack already examined, to a checked endpoint."""
    settings = settings or load_settings()
    options = options or TransportOptions.from_settings(settings)
    policy = policy or RetryPolicy.from_settings(settings)
    ledger = UploadLedger(workspace)
    plan = plan_upload(ledger, facts, endpoint)
    if plan.already is not None:
        sent = plan.already
        return Outcome(sent.url, sent.sha256, sent.size, sent.endpoint, already_sent=True,
                       sent_at=sent.sent_at)
    token_problem = ""
    if token is None:
        token, token_problem = upload_token(workspace.id)
    try:
        result = upload(
            plan, token=token, options=options, policy=policy, cancel=cancel, clock=clock,
            sleep=sleep, hooks=hooks, part_size=part_size,
            on_created=lambda url: ledger.remember_active(facts, endpoint, url),
            on_expired=lambda url: ledger.forget_active(facts.sha256))
    except ServerRefused as error:
        raise explain_refusal(error, token, token_problem) from None
    record = ledger.remember_sent(facts, endpoint, result.url)
    log.info("Pack %s (%d bytes, SHA-256 %s) sent to %s", facts.filename, facts.size,
             facts.sha256, result.url)
    return Outcome(result.url, facts.sha256, facts.size, endpoint, sent_at=record.sent_at,
                   transfer=result)
