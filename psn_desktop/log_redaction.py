"""A second line of defence: no log record ever carries a secret the app has handled.

Secrets are never logged on purpose, but a future ``log.debug("%s", settings)`` or an
exception whose message quotes a request could leak one. So every secret value this
process stores, reads or is given by the user is remembered here (in memory only), and
every log record is scrubbed of those values before any handler sees it: its message, its
arguments, its exception text, its stack and its extra fields. Scrubbing happens in the
record factory, so it covers every logger and every handler, including ones added later by
libraries, as soon as the first secret is remembered; :class:`SecretRedactingFilter` does
the same for a single handler (it also catches ``extra=`` fields, added after the factory).

All values are replaced in one pass, so a marker put in is never scrubbed again. A value
shorter than :data:`SHORT` characters is only scrubbed where it stands as a word of its own:
anywhere else a three-letter password would turn every line of the log into noise, while as
a word (``password=abc``) it is still caught.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import traceback
from collections.abc import Callable
from typing import Any

REDACTED = "[redacted]"
SHORT = 6

_previous_factory: Callable[..., logging.LogRecord] | None = None
_install_lock = threading.Lock()


def _forms(value: str) -> set[str]:
    """The value as it could appear in text: as is, repr-escaped and JSON-escaped."""
    forms = {value}
    forms.add(value.encode("unicode_escape", "backslashreplace").decode("ascii"))
    forms.add(json.dumps(value)[1:-1])
    forms.add(json.dumps(value, ensure_ascii=False)[1:-1])
    return {form for form in forms if form}


class Redactor:
    """The values to scrub, and the one pattern that finds any of them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: set[str] = set()
        self._pattern: re.Pattern[str] | None = None

    def protect(self, *values: str) -> bool:
        """Remember values (and their escaped forms); True if any was new."""
        new = {form for value in values if value for form in _forms(value)}
        with self._lock:
            if new <= self._values:
                return False
            self._values |= new
            parts = [re.escape(v) if len(v) >= SHORT else rf"(?<!\w){re.escape(v)}(?!\w)"
                     for v in sorted(self._values, key=len, reverse=True)]
            self._pattern = re.compile("|".join(parts))
        return True

    @property
    def active(self) -> bool:
        return self._pattern is not None

    def redact(self, text: str) -> str:
        pattern = self._pattern
        return pattern.sub(REDACTED, text) if pattern is not None else text


_default = Redactor()


def protect(*values: str) -> None:
    """Remember values to scrub from every log record from now on (and start scrubbing)."""
    if _default.protect(*values):
        install()


def redact(text: str) -> str:
    return _default.redact(text)


def redact_record(record: logging.LogRecord) -> None:
    """Scrub one record in place: message (with its arguments), exception, stack, extras."""
    if not _default.active:
        return
    try:
        message = record.getMessage()
    except Exception:  # a bad format string; logging reports it later, without the args
        message = f"{record.msg} {record.args!r}"
    record.msg = redact(message)
    record.args = None
    if record.exc_info and record.exc_info[0] is not None:
        formatted = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        record.exc_text = redact(formatted)
    elif record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    for name, value in list(vars(record).items()):  # fields given through ``extra=``
        if isinstance(value, str) and name not in ("msg", "exc_text", "stack_info"):
            setattr(record, name, redact(value))


class SecretRedactingFilter(logging.Filter):
    """For a handler: scrub each record it receives (it never drops one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


def _factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    assert _previous_factory is not None
    record = _previous_factory(*args, **kwargs)
    redact_record(record)
    return record


def install() -> None:
    """Scrub every record as it is made (idempotent)."""
    global _previous_factory
    with _install_lock:
        current = logging.getLogRecordFactory()
        if current is _factory:
            return
        _previous_factory = current
        logging.setLogRecordFactory(_factory)
