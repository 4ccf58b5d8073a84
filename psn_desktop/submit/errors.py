"""What can stop a pack from being sent, as messages a school business manager can act on.

As with the workspace and secrets errors, ``str()`` is the whole message: what happened and
what to do next, never a stack trace or a token. Each class carries the exit code the
design gives it, so the command line and the app agree on what kind of problem it is:
1 the upload ran and the answer is negative (gave up, refused), 2 the input cannot be used
(no such pack, an unsafe address), 3 this computer's surroundings are the problem (an
untrusted certificate, a proxy asking for a login, no secure keyring).
"""

from __future__ import annotations

EXIT_NEGATIVE = 1
EXIT_USAGE = 2
EXIT_ENVIRONMENT = 3


class UploadError(Exception):
    """Base class: the message is for the user."""

    exit_code = EXIT_NEGATIVE


class BadEndpoint(UploadError):
    """The upload address is missing, malformed, or not safe to send to."""

    exit_code = EXIT_USAGE


class PackUnusable(UploadError):
    """The pack file is missing, unreadable, not a pack, or changed while being sent."""

    exit_code = EXIT_USAGE


class UploadCancelled(UploadError):
    """The user stopped the upload (pause or cancel); nothing is wrong."""

    def __init__(self, message: str = "The upload was stopped. It can carry on from where it "
                                      "stopped: send the pack again.") -> None:
        super().__init__(message)


class ConnectionTrouble(UploadError):
    """The network, a proxy or the server stood in the way; ``kind`` says which (problems.py)."""

    def __init__(self, message: str, kind: str, *, retryable: bool,
                 exit_code: int = EXIT_NEGATIVE) -> None:
        super().__init__(message)
        self.kind = kind
        self.retryable = retryable
        self.exit_code = exit_code
        self.sent = 0  # bytes handed to the network by the failed request, when it sent any


class UploadGaveUp(UploadError):
    """No progress for the whole patience window; ``last`` is the last problem met."""

    def __init__(self, minutes: float, last: UploadError | None, sent: int, size: int) -> None:
        span = f"{minutes:g} minute" + ("" if minutes == 1 else "s")
        where = (f" {sent:,} of {size:,} bytes are on the server, so the next try carries on "
                 "from there." if sent else "")
        reason = f" The last problem was: {last}" if last else ""
        super().__init__(
            f"The upload made no progress for {span}, so PSN Desktop stopped trying.{reason}"
            f"{where} Choose 'Send when online' to let the app keep trying in the background, "
            "or try again later."
        )
        self.last = last
        self.sent = sent
        self.size = size


class ServerRefused(UploadError):
    """The server answered, but said no (a wrong token, too large, not a tus server...)."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


class UploadExpired(UploadError):
    """The server no longer has the unfinished upload: it must start again from the beginning."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"The upload server no longer has the unfinished upload at {url} (it may have "
            "expired). PSN Desktop will start it again from the beginning."
        )
        self.url = url
