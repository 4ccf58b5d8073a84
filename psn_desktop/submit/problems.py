"""Turn a failed request into what went wrong and what to do about it, in plain words.

``requests`` reports a missing network, a mistyped address and a TLS-inspecting proxy all as
a ``ConnectionError`` or ``SSLError`` with a nested chain of causes. The upload's retry loop
needs to know which ones are worth retrying (a dropped connection is, an untrusted
certificate is not), and the user needs the likely fix. Both come from here, so the
uploader and the connection check never disagree.
"""

from __future__ import annotations

import errno
import socket
import ssl
from collections.abc import Iterator

import requests
from urllib3.exceptions import NameResolutionError, ProxyError

from psn_desktop.submit.errors import (
    EXIT_ENVIRONMENT,
    EXIT_NEGATIVE,
    ConnectionTrouble,
    ServerRefused,
)
from psn_desktop.submit.proxies import ProxyChoice

NO_NETWORK = "no-network"
DNS = "dns"
PROXY_LOGIN = "proxy-login"
PROXY_DOWN = "proxy-down"
UNTRUSTED = "untrusted-certificate"
EXPIRED = "certificate-expired"
WRONG_NAME = "certificate-name"
TLS = "tls"
REFUSED = "server-down"
TIMEOUT = "timeout"
DROPPED = "dropped"
SERVER_ERROR = "server-error"

RETRYABLE = {NO_NETWORK, DNS, PROXY_DOWN, REFUSED, TIMEOUT, DROPPED, SERVER_ERROR}

_NO_NETWORK_ERRNOS = {errno.ENETUNREACH, errno.ENETDOWN, errno.EHOSTUNREACH}
_UNTRUSTED_CODES = {2, 18, 19, 20, 21}  # OpenSSL: unknown issuer, self-signed, no local issuer
_EXPIRED_CODES = {9, 10}  # not yet valid, expired
_NAME_CODES = {62}  # hostname mismatch
_EAI_AGAIN = getattr(socket, "EAI_AGAIN", -3)


def _causes(error: BaseException) -> Iterator[BaseException]:
    """Every exception nested in ``error``: urllib3 wraps causes in args, reason and context."""
    seen: set[int] = set()
    queue: list[BaseException] = [error]
    while queue:
        current = queue.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        nested = [getattr(current, "reason", None), current.__cause__, current.__context__,
                  *getattr(current, "args", ())]
        queue.extend(item for item in nested if isinstance(item, BaseException))


def _trouble(kind: str, message: str) -> ConnectionTrouble:
    code = EXIT_NEGATIVE if kind in RETRYABLE else EXIT_ENVIRONMENT
    return ConnectionTrouble(message, kind, retryable=kind in RETRYABLE, exit_code=code)


def message_for(kind: str, host: str, proxy: ProxyChoice, detail: str = "") -> str:
    """The plain-words explanation and likely fix for one kind of problem."""
    via = proxy.shown_url
    messages = {
        NO_NETWORK: "This computer does not seem to be connected to a network (no network). "
                    "Check the cable or Wi-Fi, then try again, or choose 'Send when online' "
                    "and PSN Desktop will send the pack by itself once it can.",
        DNS: f"The upload server's name '{host}' could not be found (DNS). Check the upload "
             "address in Settings for typing mistakes. If it is right, this network may not "
             "be able to look names up at the moment, or may block this one: try again "
             "later, or ask your IT support.",
        PROXY_LOGIN: f"Your network's proxy ({via}) asked for a login (proxy login). Ask your "
                     "IT support to let PSN Desktop reach the upload address through the "
                     "proxy without a login, or to give you a proxy that does not need one.",
        PROXY_DOWN: f"The proxy {via} could not be reached. Check the proxy in PSN Desktop's "
                    "settings (or Windows' proxy settings), or ask your IT support whether it "
                    "has changed.",
        UNTRUSTED: f"The certificate presented for '{host}' is not trusted by this computer "
                   "(untrusted certificate), so nothing was sent. If your organisation's "
                   "network inspects encrypted traffic, ask your IT support for its root "
                   "certificate and add it in Settings. Otherwise do not send: someone may "
                   "be intercepting the connection.",
        EXPIRED: f"The certificate presented for '{host}' has expired or is not valid yet "
                 "(certificate date). Check this computer's date and time; if they are right, "
                 "tell whoever runs the upload server.",
        WRONG_NAME: f"The certificate presented does not belong to '{host}' (wrong name), so "
                    "nothing was sent. Check the upload address; if it is right, a proxy may "
                    "be intercepting the connection: ask your IT support.",
        TLS: f"A secure connection to '{host}' could not be set up ({detail or 'TLS'}). A "
             "proxy or firewall may be interfering, or the server may be out of date. Ask "
             "your IT support.",
        REFUSED: f"The upload server at '{host}' did not accept the connection (server down). "
                 "Check the upload address and its port; if they are right, the server may be "
                 "down: try again later, or tell whoever runs it.",
        TIMEOUT: f"The upload server at '{host}' did not answer in time (the network is slow "
                 "or the server is not responding). Try again later.",
        DROPPED: f"The connection to '{host}' was cut part-way (connection dropped). PSN "
                 "Desktop carries on from where it stopped.",
        SERVER_ERROR: f"The upload server at '{host}' had a problem of its own ({detail}). "
                      "This is on the server's side: try again later, or tell whoever runs "
                      "it if it goes on.",
    }
    return messages[kind]


def kind_of(error: BaseException, proxy: ProxyChoice) -> tuple[str, str]:
    """(kind, detail) for a failed request; the detail is short technical text or ''."""
    causes = list(_causes(error))
    for cause in causes:
        if isinstance(cause, ssl.SSLCertVerificationError):
            code = getattr(cause, "verify_code", 0)
            text = (getattr(cause, "verify_message", "") or str(cause)).lower()
            if code in _EXPIRED_CODES or "expired" in text or "not yet valid" in text:
                return EXPIRED, text
            if code in _NAME_CODES or "hostname" in text or "doesn't match" in text:
                return WRONG_NAME, text
            return UNTRUSTED, text
    through_proxy = not proxy.direct and any(isinstance(c, ProxyError) for c in causes)
    for cause in causes:
        text = str(cause)
        if "407" in text and "proxy" in text.lower():
            return PROXY_LOGIN, ""
    for cause in causes:
        if isinstance(cause, socket.gaierror | NameResolutionError):
            if through_proxy:
                return PROXY_DOWN, ""
            if getattr(cause, "errno", None) == _EAI_AGAIN or "temporary failure" in str(
                    cause).lower():
                return NO_NETWORK, ""
            return DNS, ""
    for cause in causes:
        number = getattr(cause, "errno", None)
        if isinstance(cause, OSError) and number in _NO_NETWORK_ERRNOS:
            return NO_NETWORK, ""
        if isinstance(cause, ConnectionRefusedError):
            return (PROXY_DOWN if through_proxy else REFUSED), ""
    if any(isinstance(c, requests.Timeout | socket.timeout | TimeoutError) for c in causes):
        return TIMEOUT, ""
    for cause in causes:
        if isinstance(cause, ssl.SSLError) and not isinstance(cause, ssl.SSLEOFError):
            reason = getattr(cause, "reason", "") or ""
            return TLS, str(reason or cause)[:120]
    return DROPPED, ""


def classify(error: BaseException, proxy: ProxyChoice, host: str = "") -> ConnectionTrouble:
    if not host:
        request = getattr(error, "request", None)
        url = getattr(request, "url", "") or ""
        from psn_desktop.submit.endpoint import host_of

        host = host_of(url) if url else "the server"
    kind, detail = kind_of(error, proxy)
    return _trouble(kind, message_for(kind, host, proxy, detail))


def check_status(response: requests.Response, proxy: ProxyChoice, *, expected: set[int],
                 action: str) -> None:
    """Raise the right error for an unexpected answer; ``action`` says what was being done."""
    status = response.status_code
    if status in expected:
        return
    from psn_desktop.submit.endpoint import host_of

    host = host_of(response.url or "") or "the server"
    if status in (401, 403):
        raise ServerRefused(
            f"The upload server at '{host}' refused the upload token (HTTP {status}) while "
            f"{action}. Check with whoever receives your pack that you have the right token, "
            "then save it for this workspace in Credentials (Upload token) and try again.",
            status)
    if status == 407:
        raise _trouble(PROXY_LOGIN, message_for(PROXY_LOGIN, host, proxy))
    if status == 413:
        raise ServerRefused(
            f"The upload server at '{host}' says the pack is too large for it (HTTP 413). "
            "Ask whoever receives your pack to raise their limit, or hand the pack over "
            "another way (it is saved on this computer).", status)
    if status == 429 or status >= 500:
        detail = f"HTTP {status} {response.reason or ''}".strip()
        raise _trouble(SERVER_ERROR, message_for(SERVER_ERROR, host, proxy, detail))
    if status in (404, 405) and action == "starting the upload":
        raise ServerRefused(
            f"There is no tus upload service at {response.url} (HTTP {status}). Check the "
            "upload address with whoever receives your pack.", status)
    raise ServerRefused(
        f"The upload server at '{host}' refused the request while {action} (HTTP {status} "
        f"{response.reason or ''}). Check the upload address with whoever receives your "
        "pack; if it is right, tell them this message.", status)
