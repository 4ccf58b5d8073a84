"""Send a pack's bytes to an upload the server already knows, whatever the connection does.

The loop is the heart of "resume everywhere": ask the server how much it holds, send the
next part from exactly there, and on a dropped connection, a timeout, a sleeping laptop
or a server error, wait and ask again. Waits start at 1 second and double up to a minute;
any progress (the server holding more than before) starts the waits and the patience
afresh, and only a whole patience window without progress (10 minutes by default) gives
up, with the last problem in plain words. Problems that waiting cannot fix (an untrusted
certificate, a refused token) stop at once.

Time is read and waited through an injectable clock, so tests check the give-up rule in
milliseconds; the default waits on the cancel token, so pause and cancel act at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from psn_desktop.settings import Settings, load_settings
from psn_desktop.submit.body import CancelToken
from psn_desktop.submit.errors import (
    ConnectionTrouble,
    PackUnusable,
    ServerRefused,
    UploadError,
    UploadExpired,
    UploadGaveUp,
)
from psn_desktop.submit.transport import CONNECT_TIMEOUT, READ_TIMEOUT
from psn_desktop.submit.tus import TusClient

log = logging.getLogger(__name__)

# Bytes per PATCH request. Each request ends with a pause while the server finishes
# writing and answers, so fewer, larger parts are faster; a proxy or server that limits
# request sizes answers 413 and the part is halved until it fits (down to MIN_PART).
PART_SIZE = 128 * 1024 * 1024
MIN_PART = 1024 * 1024
# After a failure the next request carries only this much, growing again as requests
# succeed: a server may still be finishing the cut request when it is asked for its offset
# (tuspyserver answers before it has saved it), and a request from a stale offset is
# refused, so only a small part should ride on that answer.
PROBE_PART = 256 * 1024
# A failed request that took longer than its timeouts allow, or a wait that overran by
# more than a few seconds, means the computer was asleep (the lid closed): that time does
# not count towards giving up, so opening the lid carries on instead of giving up at once.
ATTEMPT_SLACK = CONNECT_TIMEOUT + 2 * READ_TIMEOUT
WAIT_SLACK = 5.0
# How often a lost unfinished upload is started again before giving up.
MAX_RESTARTS = 2


@dataclass(frozen=True)
class RetryPolicy:
    first_wait: float = 1.0
    max_wait: float = 60.0
    give_up_after: float = 600.0  # seconds without progress

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> RetryPolicy:
        settings = settings or load_settings()
        return cls(max_wait=float(max(1, settings.upload_backoff_max_seconds)),
                   give_up_after=float(max(0, settings.upload_give_up_minutes)) * 60.0)


@dataclass
class Attempt:
    """One request that carried bytes: where it started and how many bytes it handed over."""

    start: int
    sent: int = 0
    ok: bool = False
    problem: str = ""


@dataclass
class TransferResult:
    url: str
    size: int
    resumed_from: int  # what the server held before this transfer sent anything
    attempts: list[Attempt] = field(default_factory=list)
    waits: list[float] = field(default_factory=list)

    @property
    def bytes_sent(self) -> int:
        return sum(a.sent for a in self.attempts)


class Transfer:
    """Bring the server's copy at ``url`` up to the whole of ``path`` (``size`` bytes).

    With no ``url`` yet, ``create`` starts the upload (under the same retry rules) and
    ``on_created`` must have stored the new address before it returns, because bytes go
    out right after. If the server has lost an unfinished upload, ``on_expired`` hears
    of it and the upload starts again from the beginning (a few times at most).
    """

    def __init__(self, client: TusClient, url: str, path: Path, size: int, *,
                 create: Callable[[], str] | None = None,
                 on_created: Callable[[str], None] | None = None,
                 on_expired: Callable[[str], None] | None = None,
                 policy: RetryPolicy | None = None, cancel: CancelToken | None = None,
                 clock: Callable[[], float] | None = None,
                 sleep: Callable[[float], None] | None = None,
                 on_progress: Callable[[int, int], None] | None = None,
                 on_problem: Callable[[UploadError, float], None] | None = None,
                 part_size: int = PART_SIZE) -> None:
        self.client = client
        self.url = url
        self.create = create
        self.on_created = on_created or (lambda url: None)
        self.on_expired = on_expired or (lambda url: None)
        self.path = Path(path)
        self.size = size
        self.policy = policy or RetryPolicy()
        self.cancel = cancel or CancelToken()
        self.clock = clock or time.monotonic
        self.sleep = sleep or self._wait
        self.on_progress = on_progress or (lambda done, total: None)
        self.on_problem = on_problem or (lambda problem, wait: None)
        self.part_size = part_size

    def _wait(self, seconds: float) -> None:
        self.cancel.wait(seconds)

    def run(self) -> TransferResult:
        result = TransferResult(self.url, self.size, resumed_from=-1)
        best = -1  # the most the server has been seen to hold
        last_progress = self.clock()
        wait = self.policy.first_wait
        last_problem: UploadError | None = None
        known: int | None = None  # the server's offset, when we can trust our own count
        restarts = 0
        part = self.part_size
        attempt_length = part
        try:
            handle = open(self.path, "rb")  # noqa: SIM115 - closed in the finally below
        except OSError as error:
            raise PackUnusable(f"The pack {self.path} cannot be read ({error.strerror}). "
                               "Check it is still there, then try again.") from None
        try:
            while True:
                self.cancel.check()
                attempt: Attempt | None = None
                started = self.clock()
                try:
                    if not self.url:
                        self.url = self._create()
                        result.url = self.url
                        known = 0  # a new upload holds nothing yet
                        if result.resumed_from < 0:
                            result.resumed_from = 0
                    if known is None:
                        known = self.client.offset(self.url)
                        if result.resumed_from < 0:
                            result.resumed_from = known
                        log.info("Upload %s: the server holds %d of %d bytes", self.url, known,
                                 self.size)
                    if known > best:
                        if best >= 0:
                            last_progress = self.clock()
                            wait = self.policy.first_wait
                        best = known
                        self.on_progress(known, self.size)
                    if known >= self.size:
                        return result
                    length = attempt_length = min(part, self.size - known)
                    attempt = Attempt(start=known)
                    result.attempts.append(attempt)
                    base = known
                    new_offset, attempt.sent = self.client.append(
                        self.url, handle, known, length, cancel=self.cancel,
                        on_bytes=lambda n, a=attempt, b=base: self._moving(a, b, n))
                    attempt.ok = True
                    part = min(part * 4, self.part_size)
                    # An odd answer (no progress, or past the end): ask what the server holds.
                    odd = new_offset <= known or new_offset > self.size
                    known = None if odd else new_offset
                except ServerRefused as refused:
                    if refused.status != 413 or attempt is None or part <= MIN_PART:
                        raise
                    known = None  # a request too large for a proxy or server: smaller parts
                    self.part_size = part = max(min(part, attempt_length) // 2, MIN_PART)
                    continue
                except UploadExpired:
                    restarts += 1
                    if restarts > MAX_RESTARTS or self.create is None:
                        raise
                    self.on_expired(self.url)
                    self.url, known, best = "", None, -1
                    result.resumed_from = -1
                    continue
                except ConnectionTrouble as trouble:
                    if attempt is not None:
                        attempt.sent = trouble.sent
                        attempt.problem = trouble.kind
                    known = None
                    part = min(PROBE_PART, self.part_size)
                    if not trouble.retryable:
                        raise
                    last_problem = trouble
                    # Time the computer spent asleep is not time spent trying: a request
                    # cannot honestly take longer than its timeouts allow.
                    last_progress += max(0.0, self.clock() - started - ATTEMPT_SLACK)
                    waited = self.clock() - last_progress
                    if waited >= self.policy.give_up_after:
                        log.warning("Upload %s gave up after %.0f s without progress: %s",
                                    self.url, waited, trouble)
                        raise UploadGaveUp(self.policy.give_up_after / 60.0, last_problem,
                                           max(best, 0), self.size) from None
                    delay = min(wait, self.policy.give_up_after - waited)
                    result.waits.append(delay)
                    log.info("Upload problem (%s), retrying in %.0f s: %s", trouble.kind,
                             delay, trouble)
                    self.on_problem(trouble, delay)
                    before = self.clock()
                    self.sleep(delay)
                    last_progress += max(0.0, self.clock() - before - delay - WAIT_SLACK)
                    wait = min(wait * 2, self.policy.max_wait)
        finally:
            handle.close()

    def _create(self) -> str:
        if self.create is None:
            raise ValueError("Transfer needs an upload address or a way to create one")
        url = self.create()
        log.info("Upload created at %s for %d bytes", url, self.size)
        self.on_created(url)
        return url

    def _moving(self, attempt: Attempt, base: int, count: int) -> None:
        attempt.sent += count
        self.on_progress(base + attempt.sent, self.size)
