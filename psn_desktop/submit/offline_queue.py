"""'Send when online': packs waiting for a connection, tried at start and every few minutes.

A school office may build its pack on a laptop with no connection, or on a network that
drops every afternoon. Rather than making the user watch a progress bar, the pack joins a
queue kept in the workspace, and the app tries each waiting pack when it starts and then
periodically while it is open. A round of tries is short-tempered (a minute without
progress) because the next round is only minutes away; whatever reached the server stays
there and the next round carries on from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from psn_desktop.settings import Settings, load_settings
from psn_desktop.submit.body import CancelToken
from psn_desktop.submit.endpoint import check_endpoint
from psn_desktop.submit.errors import UploadCancelled, UploadError
from psn_desktop.submit.ledger import QueuedPack, SentRecord, UploadLedger
from psn_desktop.submit.pack_facts import examine_pack
from psn_desktop.submit.submission import Hooks, Outcome, send_examined
from psn_desktop.submit.transport import TransportOptions
from psn_desktop.submit.uploader import RetryPolicy
from psn_desktop.workspace.store import Workspace

# How often the open app tries the queue again, and how long one try may go without progress.
RETRY_EVERY_SECONDS = 5 * 60
ROUND_PATIENCE_SECONDS = 60.0


def round_policy(settings: Settings | None = None) -> RetryPolicy:
    full = RetryPolicy.from_settings(settings)
    return RetryPolicy(first_wait=full.first_wait, max_wait=min(full.max_wait, 30.0),
                       give_up_after=min(full.give_up_after, ROUND_PATIENCE_SECONDS))


def queue_pack(workspace: Workspace, pack: Path, *, endpoint: str = "",
               settings: Settings | None = None,
               cancel: CancelToken | None = None) -> QueuedPack | SentRecord:
    """Put a pack on the queue; a pack already sent is not queued (its record is returned)."""
    settings = settings or load_settings()
    endpoint = check_endpoint(endpoint or settings.upload_endpoint)
    facts = examine_pack(pack, cancel=cancel)
    ledger = UploadLedger(workspace)
    already = ledger.sent(facts.sha256)
    if already is not None:
        return already
    return ledger.enqueue(facts, endpoint)


@dataclass(frozen=True)
class RoundResult:
    entry: QueuedPack
    outcome: Outcome | None = None
    problem: str = ""

    @property
    def sent(self) -> bool:
        return self.outcome is not None


def changed_problem(entry: QueuedPack) -> str:
    return (f"The pack file {entry.path} has changed or moved since it was queued, so it "
            "was not sent. Build the pack again (or put the file back), then choose 'Send "
            "when online' again.")


def send_queued(workspace: Workspace, *, token: str | None = None,
                settings: Settings | None = None, policy: RetryPolicy | None = None,
                options: TransportOptions | None = None, cancel: CancelToken | None = None,
                clock: Callable[[], float] | None = None,
                sleep: Callable[[float], None] | None = None,
                hooks: Hooks | None = None) -> list[RoundResult]:
    """One round: try every waiting pack once; sent ones leave the queue."""
    settings = settings or load_settings()
    policy = policy or round_policy(settings)
    ledger = UploadLedger(workspace)
    results: list[RoundResult] = []
    for entry in ledger.queue():
        if cancel is not None and cancel.cancelled:
            break
        try:
            facts = examine_pack(Path(entry.path), cancel=cancel)
            if facts.sha256 != entry.sha256:
                raise UploadError(changed_problem(entry))
            outcome = send_examined(workspace, facts, endpoint=entry.endpoint, token=token,
                                    settings=settings, policy=policy, options=options,
                                    cancel=cancel, clock=clock, sleep=sleep, hooks=hooks)
        except UploadCancelled:
            break
        except UploadError as error:
            ledger.note_try(entry.sha256, str(error))
            results.append(RoundResult(entry, problem=str(error)))
            continue
        ledger.dequeue(entry.sha256)
        results.append(RoundResult(entry, outcome=outcome))
    return results
